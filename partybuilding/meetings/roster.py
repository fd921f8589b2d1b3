"""Who is expected at a meeting: the cell's members on the day (a committee meeting: the
committee's members on the day); a member exempted from activities on that day is listed
as not required. Members staying temporarily in the cell take part in its activities and
are expected there; the cell's own members staying temporarily elsewhere are listed as not
required (their home cell still counts them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partybuilding.members.choices import IN_LIST, EventKind, TransferKind, TransferStatus
from partybuilding.members.committees.selectors import active_q
from partybuilding.members.models import CommitteeRole, Member, MemberEvent, Transfer
from partybuilding.members.records.selectors import members_on
from partybuilding.members.transfers.selectors import temporary_guests
from partybuilding.organizations.models import Organization

from .choices import COMMITTEE_MEETINGS


@dataclass(frozen=True)
class Expected:
    member: Member
    required: bool
    staying: bool = False  # here temporarily, from another organization or from outside
    away: bool = False  # one of the cell's members, staying temporarily elsewhere


def _exempted_on(member_ids: list[int], day: dt.date) -> set[int]:
    """Members whose last exemption event up to `day` is an exemption (one query)."""
    last: dict[int, str] = {}
    events = MemberEvent.objects.filter(
        member_id__in=member_ids, kind__in=[EventKind.EXEMPTED, EventKind.EXEMPTION_LIFTED], date__lte=day
    ).order_by("date", "id")
    for member_id, kind in events.values_list("member_id", "kind"):
        last[member_id] = kind
    return {member_id for member_id, kind in last.items() if kind == EventKind.EXEMPTED}


def _away_on(org: Organization, member_ids: list[int], day: dt.date) -> set[int]:
    """The organization's members staying temporarily elsewhere on `day` (one query)."""
    return set(
        Transfer.objects.filter(
            member_id__in=member_ids,
            from_organization=org,
            kind=TransferKind.TEMPORARY,
            status=TransferStatus.RECEIVED,
            status_date__lte=day,
        ).values_list("member_id", flat=True)
    )


def expected(org: Organization, kind: str, day: dt.date) -> list[Expected]:
    """At most four queries whatever the number of members, in the order of the member list
    (members staying here temporarily after the cell's own)."""
    if kind in COMMITTEE_MEETINGS:
        holders = CommitteeRole.objects.filter(active_q(day), term__organization=org).values("member_id")
        members = list(Member.objects.filter(pk__in=holders).order_by("sort_key", "pk"))
        exempted = _exempted_on([m.pk for m in members], day)
        return [Expected(m, m.pk not in exempted) for m in members]
    members = [m for m in members_on(org, day).order_by("sort_key", "pk") if m.status_then in IN_LIST]  # type: ignore[attr-defined]
    ids = [m.pk for m in members]
    exempted, away = _exempted_on(ids, day), _away_on(org, ids, day)
    own = set(ids)
    staying = [t.member for t in temporary_guests(org, day) if t.to_organization_id == org.pk and t.member_id not in own]
    listed = [Expected(m, m.pk not in exempted | away, away=m.pk in away) for m in members]
    return listed + [Expected(m, True, staying=True) for m in staying]
