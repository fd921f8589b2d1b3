"""Reads of the rewards: one reward, a member's or an organization's, and the rewards of a
scope that the list, its Excel copy and the API share."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from partybuilding.core.scope import Action, visible_or_404
from partybuilding.core.text import search_key
from partybuilding.organizations.models import Organization

from ..cards.selectors import year_q
from ..choices import RewardForm
from ..models import Member, Reward
from ..records.selectors import search

WHO = ("organizations", "members")  # the list's filter: rewards of organizations, or of members


def with_related(rows: QuerySet[Reward]) -> QuerySet[Reward]:
    return rows.select_related("organization", "organization__parent", "member")


def reward_or_404(user: Any, pk: Any, action: Action | None = None) -> Reward:
    """A reward of the user's scope (404 otherwise); with `action`, one they may act on (403 otherwise)."""
    found: Reward = visible_or_404(with_related(Reward.objects.all()), user, pk, action)
    return found


def rewards_of_member(member: Member) -> QuerySet[Reward]:
    return member.rewards.select_related("organization").order_by("-awarded_on", "-pk")


def rewards_of_organization(org: Organization) -> QuerySet[Reward]:
    """The rewards given to the organization itself (its members' are on their records)."""
    return org.rewards.filter(member__isnull=True).order_by("-awarded_on", "-pk")


def filtered(user: Any, within: Organization | None, filters: dict[str, Any]) -> QuerySet[Reward]:
    """The rewards of the user's scope (or `within`'s subtree) that the filters describe; a
    search finds a member by the start of their name or an organization by a word of its
    name (diacritics ignored), or a decision number."""
    rows = Reward.objects.visible_to(user)
    if within is not None:
        rows = rows.within(within)
    if filters.get("year"):
        rows = rows.filter(year_q("awarded_on", filters["year"]))
    if filters.get("form"):
        rows = rows.filter(form=filters["form"])
    if filters.get("who") == "organizations":
        rows = rows.filter(member__isnull=True)
    elif filters.get("who") == "members":
        rows = rows.filter(member__isnull=False)
    text = (filters.get("q") or "").strip()
    if text:
        key = search_key(text)
        rows = rows.filter(
            Q(member__in=search(Member.objects.all(), text).values("pk"))
            | Q(member__isnull=True, organization__name_search__contains=key)
            | Q(decision_number__iexact=text)
        )
    return with_related(rows).order_by("-awarded_on", "-pk")


def counts(rows: QuerySet[Reward]) -> list[tuple[str, int, int]]:
    """Each form of reward with how many of the rows went to organizations and to members (one query)."""
    found = rows.order_by().aggregate(
        **{f"{form}_orgs": Count("pk", filter=Q(form=form, member__isnull=True)) for form in RewardForm.values},
        **{f"{form}_members": Count("pk", filter=Q(form=form, member__isnull=False)) for form in RewardForm.values},
    )
    return [(str(label), found[f"{value}_orgs"], found[f"{value}_members"]) for value, label in RewardForm.choices]
