"""Who is expected at a meeting: the cell's members on the day (a committee meeting: the
committee's members on the day); a member exempted from activities on that day is listed
as not required."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partybuilding.members.choices import IN_LIST, EventKind
from partybuilding.members.committees import active_q
from partybuilding.members.models import CommitteeRole, Member, MemberEvent
from partybuilding.members.selectors import members_on
from partybuilding.organizations.models import Organization

from .choices import COMMITTEE_MEETINGS


@dataclass(frozen=True)
class Expected:
    member: Member
    required: bool


def _exempted_on(member_ids: list[int], day: dt.date) -> set[int]:
    """Members whose last exemption event up to `day` is an exemption (one query)."""
    last: dict[int, str] = {}
    events = MemberEvent.objects.filter(
        member_id__in=member_ids, kind__in=[EventKind.EXEMPTED, EventKind.EXEMPTION_LIFTED], date__lte=day
    ).order_by("date", "id")
    for member_id, kind in events.values_list("member_id", "kind"):
        last[member_id] = kind
    return {member_id for member_id, kind in last.items() if kind == EventKind.EXEMPTED}


def expected(org: Organization, kind: str, day: dt.date) -> list[Expected]:
    """Two queries whatever the number of members, in the order of the member list."""
    if kind in COMMITTEE_MEETINGS:
        holders = CommitteeRole.objects.filter(active_q(day), term__organization=org).values("member_id")
        members = list(Member.objects.filter(pk__in=holders).order_by("sort_key", "pk"))
    else:
        members = [m for m in members_on(org, day).order_by("sort_key", "pk") if m.status_then in IN_LIST]  # type: ignore[attr-defined]
    exempted = _exempted_on([m.pk for m in members], day)
    return [Expected(m, m.pk not in exempted) for m in members]
