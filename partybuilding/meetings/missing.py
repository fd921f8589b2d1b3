"""What is missing in a scope: cells without their regular meeting in a month, cells
without a thematic meeting in a quarter, members absent without reason in enough months
of a year to be proposed for removal. Each list is one anti-join or one grouped query over
the scope's path range, whatever the number of cells: the dashboard's attention list reads
their counts, the report pages them."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from partybuilding.core import paths
from partybuilding.core.attention import Item, link, register
from partybuilding.core.rules import rule_value
from partybuilding.organizations.models import Organization

from .choices import CELL_KINDS, HELD, MeetingKind, Presence
from .models import Attendance, Meeting


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 3 * quarter - 2, 1), month_bounds(year, 3 * quarter)[1]


def previous_quarter(day: dt.date) -> tuple[int, int]:
    quarter = quarter_of(day) - 1
    return (day.year, quarter) if quarter else (day.year - 1, 4)


def _cells(scope: Organization, start: dt.date, end: dt.date) -> QuerySet[Organization]:
    """The scope's cells that existed during the period (dissolved since or not)."""
    return Organization.objects.filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=start), paths.subtree_q(scope.path), kind__in=CELL_KINDS, founded_on__lte=end
    ).order_by("path")


def _held(scope: Organization, kind: str, months: list[dt.date]) -> QuerySet[Meeting]:
    """Held meetings of the scope's cells in the months (the path range lets the database
    read only the scope's entries of the month index)."""
    return Meeting.objects.filter(
        paths.subtree_q(scope.path, "org_path"), organization=OuterRef("pk"), kind=kind, status__in=HELD, month__in=months
    )


def _months_of(start: dt.date, end: dt.date) -> list[dt.date]:
    return [dt.date(start.year, m, 1) for m in range(start.month, end.month + 1)]


def cells_without_regular(scope: Organization, year: int, month: int) -> QuerySet[Organization]:
    start, end = month_bounds(year, month)
    return _cells(scope, start, end).filter(~Exists(_held(scope, MeetingKind.REGULAR, [start])))


def thematic_needed(year: int, quarter: int) -> int:
    return int(rule_value("meeting.thematic_min_per_quarter", quarter_bounds(year, quarter)[1]))


def cells_without_thematic(scope: Organization, year: int, quarter: int) -> QuerySet[Organization]:
    """Cells that held fewer thematic meetings in the quarter than the rule asks."""
    start, end = quarter_bounds(year, quarter)
    needed = thematic_needed(year, quarter)
    if needed <= 1:
        return _cells(scope, start, end).filter(~Exists(_held(scope, MeetingKind.THEMATIC, _months_of(start, end))))
    held = _held(scope, MeetingKind.THEMATIC, _months_of(start, end)).order_by().values("organization").annotate(n=Count("pk")).values("n")
    counted = Coalesce(Subquery(held, output_field=IntegerField()), Value(0))
    return _cells(scope, start, end).annotate(thematic=counted).filter(thematic__lt=needed)


def unexcused_threshold(year: int, today: dt.date) -> int:
    """The removal rule in force at the end of the year (or today, in the current year)."""
    return int(rule_value("removal.unexcused_months_per_year", min(dt.date(year, 12, 31), today)))


def months_absent_unexcused(scope: Organization, year: int) -> QuerySet[Any]:
    """(member_id, months): members required at meetings of the scope and absent without
    reason, with the number of months of the calendar year they were, most first."""
    # Attendance exists only for held meetings: no need to visit them.
    rows = Attendance.objects.filter(
        paths.subtree_q(scope.path, "org_path"),
        month__gte=dt.date(year, 1, 1),
        month__lte=dt.date(year, 12, 1),
        presence=Presence.UNEXCUSED,
        required=True,
    )
    grouped = rows.order_by().values("member_id").annotate(months=Count("month", distinct=True))
    return grouped.order_by("-months", "member_id")


def members_absent_unexcused(scope: Organization, year: int, today: dt.date) -> QuerySet[Any]:
    """Those of `months_absent_unexcused` at the removal rule's number of months or more."""
    return months_absent_unexcused(scope, year).filter(months__gte=unexcused_threshold(year, today))


@register
def attention_items(scope: Organization, today: dt.date, user: Any) -> list[Item]:
    """Three counts for the dashboard (three queries, any scope)."""
    year, quarter = previous_quarter(today)
    within = scope.pk
    return [
        Item(
            _("Cells without a regular meeting in %(month)s") % {"month": today.strftime("%m/%Y")},
            cells_without_regular(scope, today.year, today.month).count(),
            _("Cells meet every month (Party Charter, Art. 24)."),
            link("meeting_missing", what="regular", year=today.year, month=today.month, within=within),
        ),
        Item(
            _("Cells without a thematic meeting in quarter %(quarter)d/%(year)d") % {"quarter": quarter, "year": year},
            cells_without_thematic(scope, year, quarter).count(),
            _("A thematic meeting at least once a quarter (HD 12-HD/BTCTW)."),
            link("meeting_missing", what="thematic", year=year, quarter=quarter, within=within),
        ),
        Item(
            _("Members absent without reason in %(n)d months of %(year)d")
            % {"n": unexcused_threshold(today.year, today), "year": today.year},
            members_absent_unexcused(scope, today.year, today).count(),
            _("To be considered for removal from the list (QĐ 24 §8.1)."),
            link("meeting_missing", what="unexcused", year=today.year, within=within),
        ),
    ]
