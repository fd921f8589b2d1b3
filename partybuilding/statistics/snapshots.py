"""Snapshots of the member counters on past days, for the large nodes of the tree.

Today's stocks come from the subtree counters the services keep; a past day's would have to
be counted from millions of membership periods. For the days reports ask for again and again
(the ends of months, quarters and years) a background job counts once, in one pass over the
memberships valid that day, the same keys as `members.counters.keys_of`, rolls them up the
tree as it stands, and keeps them for the nodes with at least `STATISTICS_SNAPSHOT_MIN_MEMBERS`
members (the country, the provinces, the largest committees): smaller nodes are counted from
the records fast enough.

A snapshot is used only while it is fresh: once an event dated on or before its day is
recorded after it was taken (a late death, a backdated transfer) or the tree changes, the
figures are counted from the records again until the job takes it anew (`manage.py
statistics_snapshots`, nightly). Corrections of personal facts that record no event (a degree
entered later) reach a snapshot when it is taken again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partybuilding.core.bulk import Progress
from partybuilding.members import counters
from partybuilding.members.choices import IN_LIST, EventKind
from partybuilding.members.models import Member, MemberEvent, Membership
from partybuilding.organizations import totals
from partybuilding.organizations.models import Organization, OrganizationEvent

from .models import Snapshot

CHUNK = 20000
FACTS = [f for f in counters.VALUES if f not in ("org_path", "status", "exempt_since")]
# Beyond the live counters' keys, a snapshot counts the members by month of admission: the
# Party-age bands of form 3 cut 1975 at 30/04, which whole years cannot answer.
ADMITTED_MONTH = "m.admitted_month."


def min_members() -> int:
    return int(getattr(settings, "STATISTICS_SNAPSHOT_MIN_MEMBERS", 20000))


def _exempt_on(day: dt.date) -> set[int]:
    """Members exempted on the day: their last exemption event on or before it is an exemption
    (a record without such events: exempted since a day on or before it)."""
    last: dict[int, str] = {}
    kinds = (EventKind.EXEMPTED, EventKind.EXEMPTION_LIFTED)
    events = MemberEvent.objects.filter(kind__in=kinds, date__lte=day).order_by("member_id", "date", "pk")
    for member_id, kind in events.values_list("member_id", "kind").iterator(chunk_size=CHUNK):
        last[member_id] = kind
    with_events = set(MemberEvent.objects.filter(kind__in=kinds).values_list("member_id", flat=True).distinct())
    only_recorded = Member.objects.filter(exempt_since__lte=day).exclude(pk__in=with_events).values_list("pk", flat=True)
    return {m for m, kind in last.items() if kind == EventKind.EXEMPTED} | set(only_recorded)


def count_day(day: dt.date, progress: Progress | None = None) -> dict[str, dict[str, int]]:
    """The counters' keys of the members in the list on `day`, per organization path (of the
    tree as it stands now)."""
    exempt = _exempt_on(day)
    valid = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    rows = Membership.objects.filter(valid, status__in=IN_LIST)
    total = rows.count()
    names = ["member_id", "organization__path", "status", *(f"member__{f}" for f in FACTS)]
    per_node: dict[str, dict[str, int]] = {}
    for done, values in enumerate(rows.values_list(*names).iterator(chunk_size=CHUNK), start=1):
        member_id, path, status, *facts = values
        member = dict(zip(FACTS, facts, strict=True))
        member.update(org_path=path, status=status, exempt_since=day if member_id in exempt else None)
        node = per_node.setdefault(path, {})
        for key in counters.keys_of(member):
            node[key] = node.get(key, 0) + 1
        month = f"{ADMITTED_MONTH}{member['admission_date']:%Y-%m}"
        node[month] = node.get(month, 0) + 1
        if progress is not None and done % CHUNK == 0:
            progress("counting", done, total)
    return per_node


def take(day: dt.date, *, progress: Progress | None = None, at_least: int | None = None) -> int:
    """Count the day and keep the snapshot of every node with at least `at_least` members
    (and of the top of the tree); returns how many nodes were kept."""
    floor = min_members() if at_least is None else at_least
    taken_at = timezone.now()
    per_node = count_day(day, progress)
    id_by_path = dict(Organization.objects.values_list("path", "id"))
    rolled: dict[int, dict[str, int]] = {}
    for (org_id, key), n in totals.roll_up(per_node, id_by_path).items():
        rolled.setdefault(org_id, {})[key] = n
    tops = set(Organization.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    kept = {org_id: keys for org_id, keys in rolled.items() if keys.get("m.all", 0) >= floor or org_id in tops}
    with transaction.atomic():
        Snapshot.objects.filter(day=day).delete()
        Snapshot.objects.bulk_create([Snapshot(organization_id=o, day=day, values=v, taken_at=taken_at) for o, v in kept.items()])
    return len(kept)


def fresh(org: Organization, day: dt.date) -> dict[str, int] | None:
    """The node's counters on the day, if a snapshot holds them and nothing it counted changed since."""
    snapshot = Snapshot.objects.filter(organization=org, day=day).first()
    if snapshot is None:
        return None
    if MemberEvent.objects.filter(recorded_at__gt=snapshot.taken_at, date__lte=day).exists():
        return None
    if OrganizationEvent.objects.filter(recorded_at__gt=snapshot.taken_at).exists():
        return None
    return dict(snapshot.values)


def stale_days(days: Iterable[dt.date]) -> list[dt.date]:
    """Of the days given, those without a snapshot or with one an event recorded since made stale."""
    found = []
    for day in days:
        taken = Snapshot.objects.filter(day=day).order_by("taken_at").values_list("taken_at", flat=True).first()
        late = taken is not None and (
            MemberEvent.objects.filter(recorded_at__gt=taken, date__lte=day).exists()
            or OrganizationEvent.objects.filter(recorded_at__gt=taken).exists()
        )
        if taken is None or late:
            found.append(day)
    return found


def month_ends(today: dt.date, months: int = 24) -> list[dt.date]:
    """The last days of the `months` months before today's, newest first."""
    days, day = [], today.replace(day=1) - dt.timedelta(days=1)
    for _ in range(months):
        days.append(day)
        day = day.replace(day=1) - dt.timedelta(days=1)
    return days
