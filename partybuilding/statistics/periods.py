"""The periods a report covers: a year, the first 6 or 9 months, a quarter, a month, any
range of dates, or a committee's term; and the same period one year earlier."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.dates import add_years
from partybuilding.core.sheets import parse_date

KINDS = {
    "year": gettext_lazy("Year"),
    "half": gettext_lazy("First 6 months"),
    "nine": gettext_lazy("First 9 months"),
    "quarter": gettext_lazy("Quarter"),
    "month": gettext_lazy("Month"),
    "term": gettext_lazy("Term"),
    "range": gettext_lazy("Dates"),
    "day": gettext_lazy("On a day"),  # a stock as of one day (for flows: that day's events)
}
FIRST_YEAR, LAST_YEAR = 1930, 2100


class PeriodError(ValueError):
    pass


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day(text: str | None) -> dt.date | None:
    try:
        return parse_date(text or "")
    except (ValueError, OverflowError):
        return None


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        y = self.start.year
        if self.kind == "year":
            return _("Year %(year)d") % {"year": y}
        if self.kind == "half":
            return _("First 6 months of %(year)d") % {"year": y}
        if self.kind == "nine":
            return _("First 9 months of %(year)d") % {"year": y}
        if self.kind == "quarter":
            return _("Quarter %(q)d of %(year)d") % {"q": (self.start.month - 1) // 3 + 1, "year": y}
        if self.kind == "month":
            return _("Month %(m)02d/%(year)d") % {"m": self.start.month, "year": y}
        if self.kind == "term":
            return _("Term %(first)d–%(last)d") % {"first": y, "last": self.end.year}
        if self.kind == "day":
            return _("As of %(day)s") % {"day": f"{self.end:%d/%m/%Y}"}
        return _("From %(start)s to %(end)s") % {"start": f"{self.start:%d/%m/%Y}", "end": f"{self.end:%d/%m/%Y}"}

    def previous(self) -> Period:
        """The same period last year (a term: the previous term of the same length)."""
        if self.kind in ("range", "day"):
            return Period(self.kind, add_years(self.start, -1), add_years(self.end, -1))
        years = self.end.year - self.start.year + 1 if self.kind == "term" else 1
        return Period(self.kind, add_years(self.start, -years), _last_day(self.end.year - years, self.end.month))

    def stock_day(self, today: dt.date) -> dt.date:
        """The day a stock is counted on: the period's last day, or today while it runs."""
        return min(self.end, today)

    def query(self) -> dict[str, str]:
        """The query-string parameters that give this period back."""
        if self.kind == "range":
            return {"period": "range", "from": f"{self.start:%d/%m/%Y}", "to": f"{self.end:%d/%m/%Y}"}
        if self.kind == "day":
            return {"period": "day", "on": f"{self.end:%d/%m/%Y}"}
        params = {"period": self.kind, "year": str(self.start.year)}
        if self.kind == "quarter":
            params["quarter"] = str((self.start.month - 1) // 3 + 1)
        if self.kind == "month":
            params["month"] = str(self.start.month)
        if self.kind == "term":
            params["to_year"] = str(self.end.year)
        return params


def _int(params: Any, name: str, low: int, high: int, default: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise PeriodError(_("“%(name)s” must be a whole number.") % {"name": name}) from None
    if not low <= value <= high:
        raise PeriodError(_("“%(name)s” must be between %(low)d and %(high)d.") % {"name": name, "low": low, "high": high})
    return value


def period_of(params: Any, today: dt.date) -> Period:
    """The period the query asks for (`period`=year|half|nine|quarter|month|term|range|day with
    `year`, `quarter`, `month`, `to_year`, `from`/`to`, `on`); by default the current year."""
    kind = params.get("period") or "year"
    if kind not in KINDS:
        raise PeriodError(_("Unknown period “%(kind)s”.") % {"kind": kind})
    if kind == "day":
        on = _day(params.get("on")) or today
        if not FIRST_YEAR <= on.year <= LAST_YEAR:
            raise PeriodError(_("The period must lie between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR})
        return Period(kind, on, on)
    if kind == "range":
        start, end = _day(params.get("from")), _day(params.get("to"))
        if start is None or end is None:
            raise PeriodError(_("Give the first and the last day of the period (dd/mm/yyyy)."))
        if end < start:
            raise PeriodError(_("The period ends before it starts."))
        if not (start.year >= FIRST_YEAR and end.year <= LAST_YEAR):
            raise PeriodError(_("The period must lie between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR})
        return Period(kind, start, end)
    year = _int(params, "year", FIRST_YEAR, LAST_YEAR, today.year)
    if kind == "year":
        return Period(kind, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if kind == "half":
        return Period(kind, dt.date(year, 1, 1), dt.date(year, 6, 30))
    if kind == "nine":
        return Period(kind, dt.date(year, 1, 1), dt.date(year, 9, 30))
    if kind == "quarter":
        q = _int(params, "quarter", 1, 4, (today.month - 1) // 3 + 1)
        return Period(kind, dt.date(year, 3 * q - 2, 1), _last_day(year, 3 * q))
    if kind == "month":
        m = _int(params, "month", 1, 12, today.month)
        return Period(kind, dt.date(year, m, 1), _last_day(year, m))
    last = _int(params, "to_year", year + 1, min(year + 10, LAST_YEAR), year + 4)
    return Period(kind, dt.date(year, 1, 1), dt.date(last, 12, 31))
