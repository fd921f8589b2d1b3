"""The figures imported as reported, read as sets: one set per node, form and period (what one
import wrote), named by the id of its first figure.

A set's period is told back from its dates (a year, its first 6 or 9 months, a quarter, a
month, a term of whole years, or any other range), as the pages' period fields give it."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404

from partybuilding.accounts.models import User
from partybuilding.core.dates import add_years
from partybuilding.core.scope import Action, require, visible_or_404
from partybuilding.core.text import search_key
from partybuilding.organizations.models import Organization

from .definition import Definition, parse
from .engine import version_for
from .models import FormVersion, ReportedFigure
from .periods import Period


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_between(start: dt.date, end: dt.date) -> Period:
    """The period of the pages that runs from `start` to `end` (one day: figures as of that
    day; a range if no other kind does)."""
    if start == end:
        return Period("day", start, end)
    whole_years = start.month == 1 and start.day == 1 and (end.month, end.day) == (12, 31)
    if whole_years and end.year == start.year:
        return Period("year", start, end)
    if whole_years and end.year > start.year:
        return Period("term", start, end)
    if start.year == end.year and start.day == 1 and end == _month_end(end.year, end.month):
        months = end.month - start.month + 1
        if start.month == 1 and end.month in (6, 9):
            return Period("half" if end.month == 6 else "nine", start, end)
        if months == 3 and start.month in (1, 4, 7, 10):
            return Period("quarter", start, end)
        if months == 1:
            return Period("month", start, end)
    return Period("range", start, end)


def following(period: Period) -> Period:
    """The same period one year later (a term: the next term): the period whose comparison
    column reads the figures reported for `period`."""
    if period.kind == "term":
        years = period.end.year - period.start.year + 1
        return Period("term", add_years(period.start, years), dt.date(period.end.year + years, 12, 31))
    if period.kind in ("range", "day"):
        return Period(period.kind, add_years(period.start, 1), add_years(period.end, 1))
    return Period(period.kind, add_years(period.start, 1), _month_end(period.end.year + 1, period.end.month))


def plain_figure(value: Decimal | int | None) -> Decimal | int | None:
    """A figure as the pages show it: a whole number as an integer, an average with its decimals."""
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else value.quantize(Decimal("0.01")).normalize()


@dataclass(frozen=True)
class ReportedSet:
    """The figures one import wrote for a node, a form and a period."""

    id: int
    organization: Organization
    form_slug: str
    start: dt.date
    end: dt.date
    figures: int
    recorded_at: dt.datetime | None
    recorded_by: User | None
    file_name: str

    @property
    def period(self) -> Period:
        return period_between(self.start, self.end)

    @cached_property
    def version(self) -> FormVersion | None:
        """The form's version in force at the end of the period (the one the figures were read against)."""
        return version_for(self.form_slug, self.end)

    @cached_property
    def definition(self) -> Definition | None:
        return parse(self.version.definition) if self.version else None

    @property
    def form_code(self) -> str:
        return self.version.code if self.version else self.form_slug

    def rows(self) -> QuerySet[ReportedFigure]:
        return of_set(self.organization, self.form_slug, self.start, self.end)

    def __str__(self) -> str:
        return f"{self.form_code} — {self.organization.name} — {self.period.label}"


def of_set(org: Organization, slug: str, start: dt.date, end: dt.date) -> QuerySet[ReportedFigure]:
    return ReportedFigure.objects.filter(organization=org, form_slug=slug, start=start, end=end)


SET_FIELDS = ("organization", "form_slug", "start", "end")


def grouped(rows: QuerySet[ReportedFigure]) -> QuerySet[Any]:
    """The figures grouped into sets (dicts): id, node, form, dates, count, who and when."""
    return rows.values(*SET_FIELDS).annotate(
        set_id=Min("pk"),
        figure_count=Count("pk"),
        imported_at=Max("recorded_at"),
        imported_by=Max("recorded_by"),
        importer=Max("recorded_by__username"),
        file=Max("file_name"),
        organization_name=Max("organization__name"),
        organization_code=Max("organization__code"),
    )


def sets_in(user: Any, within: Organization | None, *, q: str = "", form: str = "", year: int | None = None) -> QuerySet[Any]:
    """The sets the user may read (within `within`'s subtree), filtered: a node's name or code
    (without diacritics), the form, the year the period starts in; newest period first."""
    rows = ReportedFigure.objects.visible_to(user)
    if within is not None:
        rows = rows.within(within)
    if q:
        rows = rows.filter(Q(organization__name_search__contains=search_key(q)) | Q(organization__code__iexact=q.strip()))
    if form:
        rows = rows.filter(form_slug=form)
    if year:
        rows = rows.filter(start__year=year)
    return grouped(rows).order_by("-start", "-end", "organization__path", "form_slug")


def as_sets(found: Any) -> list[ReportedSet]:
    """Grouped rows (a page of them) as sets, their nodes and importers read in two queries."""
    found = list(found)
    orgs = Organization.objects.in_bulk([row["organization"] for row in found])
    users = User.objects.in_bulk([row["imported_by"] for row in found if row["imported_by"]])
    return [
        ReportedSet(
            id=row["set_id"],
            organization=orgs[row["organization"]],
            form_slug=row["form_slug"],
            start=row["start"],
            end=row["end"],
            figures=row["figure_count"],
            recorded_at=row["imported_at"],
            recorded_by=users.get(row["imported_by"]),
            file_name=row["file"] or "",
        )
        for row in found
    ]


def set_of(org: Organization, slug: str, start: dt.date, end: dt.date) -> ReportedSet | None:
    """The set of a node, a form and a period, if one was imported."""
    found = grouped(of_set(org, slug, start, end)).order_by()
    sets = as_sets(found)
    return sets[0] if sets else None


def set_or_404(user: Any, pk: Any, action: Action | None = None) -> ReportedSet:
    """The set one of whose figures is `pk`, if the user may read it (else 404); with
    `action`, the user must be allowed it on the set's node (403)."""
    figure = visible_or_404(ReportedFigure.objects.select_related("organization"), user, pk)
    if action is not None:
        require(user, action, figure.organization)
    found = set_of(figure.organization, figure.form_slug, figure.start, figure.end)
    if found is None:  # removed meanwhile
        raise Http404
    return found
