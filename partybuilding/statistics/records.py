"""The records behind each count of `conditions.COUNTS`, for a place and a period: a queryset
and the context its conditions compile in. The engine counts cells over it; the drill-down
lists the members or organizations of one cell from the same queryset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Coalesce, ExtractYear

from partybuilding.members.choices import IN_LIST, EventKind
from partybuilding.members.models import BadgeAward, CardIssue, Member, MemberEvent, Membership, Reward, Transfer
from partybuilding.organizations.models import Organization

from .conditions import WAYS_IN, WAYS_OUT, Context, _ways
from .places import Place

# An event names its organizations by their paths too (`MemberEvent.org_path`): a place's
# events of a period are then a range of the (path, date) indexes, not a join of every event.
EVENT_PATHS = {"organization__": ("org_path", "organization_id"), "to_organization__": ("to_org_path", "to_organization_id")}


def _on_event_paths(where: Callable[[str, str], Q]) -> Callable[[str], Q]:
    return lambda prefix: where(*EVENT_PATHS[prefix])


def _context(place: Place, start: dt.date, end: dt.date, day: dt.date, **extra: Any) -> Context:
    province = place.province()
    return Context(
        inside=place.inside, outside=place.outside,
        province=province.inside if province is not None and not province.everything else None,
        start=start, end=end, day=day, events_inside=_on_event_paths(place.within), **extra,
    )  # fmt: skip


def _event_context(place: Place, start: dt.date, end: dt.date, day: dt.date) -> Context:
    """The context of a count of events: the place's organizations by the events' path columns,
    the age in the year of the event."""
    province = place.province()
    return Context(
        inside=_on_event_paths(place.within), outside=_on_event_paths(place.not_within),
        province=_on_event_paths(province.within) if province is not None and not province.everything else None,
        start=start, end=end, day=day, events_inside=_on_event_paths(place.within),
        age=ExtractYear("date") - ExtractYear("member__date_of_birth"),
    )  # fmt: skip


def _age_on(day: dt.date, birth: str) -> Any:
    return Value(day.year, output_field=IntegerField()) - ExtractYear(birth)


def records(
    count: str, place: Place, start: dt.date, end: dt.date, day: dt.date, today: dt.date | None = None
) -> tuple[QuerySet[Any], Context]:
    """The records a count covers: on `day` for a stock, from `start` to `end` for a flow."""
    if count == "members" and day == today:
        # Today's members are the member rows themselves (their status and organization are
        # those of the periods open today): one range of the members' path index.
        listed: QuerySet[Any] = Member.objects.filter(place.within("org_path", "organization_id"), status__in=IN_LIST)
        return listed, _context(place, start, end, day, member="", age=_age_on(day, "date_of_birth"))
    if count == "members":
        valid = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        rows: QuerySet[Any] = Membership.objects.filter(valid, place.inside("organization__"), status__in=IN_LIST)
        return rows, _context(place, start, end, day, age=_age_on(day, "member__date_of_birth"))
    period = {"date__gte": start, "date__lte": end}
    if count == "admitted":
        ctx = _event_context(place, start, end, day)
        return MemberEvent.objects.filter(ctx.inside("organization__"), kind=EventKind.ADMITTED, **period), ctx
    if count in ("joined", "left"):
        ctx = _event_context(place, start, end, day)
        ways = _ways(WAYS_IN if count == "joined" else WAYS_OUT)(list(WAYS_IN if count == "joined" else WAYS_OUT), ctx)
        # Every way names an end inside the place: said first, so that the planner reads that
        # index range and checks the ways on its rows (one scan, not one per way).
        near = ctx.inside("organization__") | ctx.inside("to_organization__") if count == "joined" else ctx.inside("organization__")
        return MemberEvent.objects.filter(near, ways, **period), ctx
    if count == "organizations":
        existing = Q(founded_on__lte=day) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))
        return Organization.objects.filter(place.inside(""), existing), _context(
            place, start, end, day, member="", fields={"unit_type": "unit_type"}
        )
    if count == "badges":
        rows = BadgeAward.objects.filter(
            place.within("member__org_path", "member__organization_id"), award_date__gte=start, award_date__lte=end
        )
        return rows, _context(place, start, end, day, age=_age_on(end, "member__date_of_birth"))
    if count == "cards":
        rows = CardIssue.objects.filter(
            place.within("member__org_path", "member__organization_id"), issued_on__gte=start, issued_on__lte=end
        )
        return rows, _context(place, start, end, day, fields={"reason": "kind"}, age=_age_on(end, "member__date_of_birth"))
    if count == "rewards":
        rows = Reward.objects.filter(place.inside("organization__"), awarded_on__gte=start, awarded_on__lte=end)
        return rows, _context(place, start, end, day, fields={"kind": "organization__kind"})
    if count == "transfers":
        ctx = _context(place, start, end, day, fields={"transfer": "kind"}, age=_age_on(end, "member__date_of_birth"))
        across = place.inside("from_organization__") | place.inside("to_organization__")
        return Transfer.objects.annotate(on=Coalesce(F("letter_date"), F("status_date"))).filter(across, on__gte=start, on__lte=end), ctx
    raise ValueError(count)


def members_of(rows: QuerySet[Any]) -> QuerySet[Member]:
    """The members behind the counted records (each once), for the drill-down."""
    if rows.model is Member:
        return rows
    return Member.objects.filter(pk__in=rows.values("member_id"))


def organizations_of(rows: QuerySet[Any], count: str) -> QuerySet[Organization]:
    if count == "organizations":
        return Organization.objects.filter(pk__in=rows.values("pk"))
    return Organization.objects.filter(pk__in=rows.values("organization_id"))
