"""Months as the dates of their first day."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def first_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def last_day(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def span(first: dt.date, last: dt.date) -> list[dt.date]:
    """The months from `first` to `last`, both included."""
    result, month = [], first_of(first)
    while month <= last:
        result.append(month)
        month = add(month, 1)
    return result


def count(first: dt.date, last: dt.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def parse(text: str) -> dt.date | None:
    """ "03/2026" (or 3-2026, 3.2026) as 1 March 2026; None when it is not a month."""
    match = _MONTH.match(text or "")
    if not match or not 1 <= int(match.group(1)) <= 12:
        return None
    return dt.date(int(match.group(2)), int(match.group(1)), 1)


def label(month: dt.date) -> str:
    return f"{month:%m/%Y}"
