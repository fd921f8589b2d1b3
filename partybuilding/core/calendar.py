"""Vietnam's working-day calendar: weekends, public holidays (lunar Tết included, from the
`holidays` package) and government decisions that move days (CalendarDay rows)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=1)
def _exceptions() -> dict[dt.date, bool]:
    from .models import CalendarDay

    return dict(CalendarDay.objects.values_list("date", "is_working_day"))


@lru_cache(maxsize=1)
def _public_holidays() -> holidays.HolidayBase:
    return holidays.country_holidays("VN")


def clear_cache() -> None:
    _exceptions.cache_clear()


def is_working_day(day: dt.date) -> bool:
    moved = _exceptions().get(day)
    if moved is not None:
        return moved
    return bool(_public_holidays().is_working_day(day))


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The date `count` working days after `start` (before it, for a negative count)."""
    step = 1 if count >= 0 else -1
    day = start
    remaining = abs(count)
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + dt.timedelta(days=n)))
