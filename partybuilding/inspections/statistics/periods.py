"""The reporting periods of the statistical forms (monthly, Q1–Q4, 6 months, 9 months, year,
term) and a free range, each with the period it is compared with: the same period last year,
or the previous term for a term."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.dates import add_years

QUARTER_NAMES = ("I", "II", "III", "IV")
TERM_YEARS = 5  # a Party congress term (Charter Art. 13): five years
FIRST_TERM = 2020  # the terms run 2020–2025, 2025–2030…


class ReportPeriod(models.TextChoices):
    MONTH = "month", gettext_lazy("Month")
    QUARTER = "quarter", gettext_lazy("Quarter")
    HALF = "half", gettext_lazy("6 months")
    NINE = "nine", gettext_lazy("9 months")
    YEAR = "year", gettext_lazy("Year")
    TERM = "term", gettext_lazy("Term (5 years)")
    RANGE = "range", gettext_lazy("From … to …")


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # included
    number: int = 0  # the month or the quarter

    @property
    def year(self) -> int:
        return self.start.year

    def label(self) -> str:
        """The period as a report names it: "quarter I/2026", "6 months of 2026", "term 2020–2025"."""
        year = str(self.year)
        if self.kind == ReportPeriod.MONTH:
            return _("month %(month)s/%(year)s") % {"month": f"{self.number:02d}", "year": year}
        if self.kind == ReportPeriod.QUARTER:
            return _("quarter %(quarter)s/%(year)s") % {"quarter": QUARTER_NAMES[self.number - 1], "year": year}
        if self.kind == ReportPeriod.HALF:
            return _("the first 6 months of %(year)s") % {"year": year}
        if self.kind == ReportPeriod.NINE:
            return _("the first 9 months of %(year)s") % {"year": year}
        if self.kind == ReportPeriod.YEAR:
            return _("the year %(year)s") % {"year": year}
        if self.kind == ReportPeriod.TERM:
            return _("the term %(first)s–%(last)s") % {"first": year, "last": str(self.year + TERM_YEARS)}
        return _("%(start)s to %(end)s") % {"start": _day(self.start), "end": _day(self.end)}

    def span(self) -> str:
        return f"{_day(self.start)} – {_day(self.end)}"

    def previous(self) -> Period:
        """What the period is compared with: the same period last year; the previous term."""
        if self.kind == ReportPeriod.TERM:
            return term(self.year - TERM_YEARS)
        # a range ending on 29 February ends on the 28th a year before (core.dates' convention)
        return Period(self.kind, add_years(self.start, -1), add_years(self.end, -1), self.number)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def month(year: int, number: int) -> Period:
    return Period(ReportPeriod.MONTH, dt.date(year, number, 1), _month_end(year, number), number)


def quarter(year: int, number: int) -> Period:
    first = 3 * (number - 1) + 1
    return Period(ReportPeriod.QUARTER, dt.date(year, first, 1), _month_end(year, first + 2), number)


def months_from_january(kind: str, year: int, months: int) -> Period:
    return Period(kind, dt.date(year, 1, 1), _month_end(year, months))


def term(first_year: int) -> Period:
    """A term counted in whole calendar years: 2020–2025 is 01/01/2020 – 31/12/2024 (the
    congresses' own dates differ by province; a free range gives them exactly)."""
    first_year -= (first_year - FIRST_TERM) % TERM_YEARS
    return Period(ReportPeriod.TERM, dt.date(first_year, 1, 1), dt.date(first_year + TERM_YEARS - 1, 12, 31))


def term_of(day: dt.date) -> Period:
    return term(day.year)


def period_of(kind: str, *, year: int, number: int = 1, start: dt.date | None = None, end: dt.date | None = None) -> Period:
    """The period a picker or the API asks for (its inputs already checked)."""
    if kind == ReportPeriod.MONTH:
        return month(year, number)
    if kind == ReportPeriod.QUARTER:
        return quarter(year, number)
    if kind == ReportPeriod.HALF:
        return months_from_january(kind, year, 6)
    if kind == ReportPeriod.NINE:
        return months_from_january(kind, year, 9)
    if kind == ReportPeriod.TERM:
        return term(year)
    if kind == ReportPeriod.RANGE and start is not None and end is not None:
        return Period(kind, start, end)
    return Period(ReportPeriod.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))
