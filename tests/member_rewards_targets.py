"""The rewards and Party cards of an organization that a route reaches (the permission matrix,
the scope crawl): made on first use in the test's transaction, found again afterwards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.members.cards.services import issue_card
from partybuilding.members.choices import CardIssueKind, RewardForm
from partybuilding.members.models import CardIssue, Member, Reward
from partybuilding.members.rewards.services import record_reward
from partybuilding.organizations.models import Organization

AWARDED = dt.date(2026, 5, 19)


def reward_in(org: Organization) -> Reward:
    """A certificate of commendation given to the organization itself (a cell may receive one)."""
    found = Reward.objects.filter(organization=org, member__isnull=True).order_by("pk").first()
    return found or record_reward(actor=None, organization=org, form=RewardForm.COMMENDATION, awarded_on=AWARDED)


def reward_of(member: Member) -> Reward:
    """A certificate of merit given to the member."""
    found = Reward.objects.filter(member=member).order_by("pk").first()
    return found or record_reward(actor=None, member=member, form=RewardForm.MERIT, awarded_on=AWARDED)


def card_of(member: Member) -> CardIssue:
    """The member's first card (numbered after the member's id: unique)."""
    found = CardIssue.objects.filter(member=member).order_by("pk").first()
    return found or issue_card(actor=None, member=member, kind=CardIssueKind.FIRST, number=f"{77000000 + member.pk}", issued_on=AWARDED)


def objects_of(cell: Organization, member: Member) -> dict[str, list[Any]]:
    """The scope crawl's objects: a reward of `cell`, and `member`'s reward and card."""
    card_of(member)
    return {"reward": [reward_in(cell), reward_of(member)]}
