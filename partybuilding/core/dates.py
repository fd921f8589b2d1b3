"""Periods counted in whole years and months: the one arithmetic every rule uses (an age,
a Party age, a certificate's validity, a probation, a badge milestone, a dues exemption).

The convention is the Civil Code's (Bộ luật Dân sự 2015). Art. 147(2): a period counted
in days, weeks, months or years starts on the day after the given day. Art. 148(3): a
period counted in months ends at the end of the corresponding day of its last month; when
that month has no such day, at the end of its last day. Art. 148(4): a period counted in
years ends at the end of the corresponding day and month of its last year, and a year
being twelve months, 148(3) settles the missing day the same way.

So N years or months after a day is the same day N years or months later, or the last day
of that month when it has no such day: 29/02/2024 + 1 year = 28/02/2025, 31/01 + 1 month
= 28/02 (29/02 in a leap year). Someone born on 29/02/2008 is 18 on 28/02/2026, and a member
admitted on 29/02/1976 reaches 50 years of Party age on 28/02/2026. The period completes
on that day: a person is N years old on the day itself, and something valid for N years
is still valid on it and expired the day after.
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` months later (earlier for a negative number), or the last day
    of that month when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` years later (earlier for a negative number); 29/02 becomes 28/02
    in a year that has no 29/02."""
    return add_months(day, 12 * years)


def full_months(start: dt.date, day: dt.date) -> int:
    """Whole months from `start` to `day`: the largest N with add_months(start, N) <= day
    (negative when `day` comes first)."""
    months = (day.year - start.year) * 12 + day.month - start.month
    return months - 1 if add_months(start, months) > day else months


def full_years(start: dt.date, day: dt.date) -> int:
    """Whole years from `start` to `day` (an age, a Party age): the largest N with
    add_years(start, N) <= day."""
    return full_months(start, day) // 12


def years_and_months(start: dt.date, day: dt.date) -> tuple[int, int]:
    """Whole years, then the whole months left over ("17 years 11 months")."""
    return divmod(full_months(start, day), 12)


def latest_start(day: dt.date, *, years: int = 0, months: int = 0) -> dt.date:
    """The last start from which `years` and `months` are complete by `day`: whoever was
    born (admitted, certified) on or before it has reached them, whoever came later has not.
    It is the day that many months earlier, except when `day` is the last of its month:
    every later start in that month then ends on `day` too (29/02/2008 + 18 years =
    28/02/2026), so the last day of that month is the answer."""
    earlier = add_months(day, -(12 * years + months))
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return earlier.replace(day=calendar.monthrange(earlier.year, earlier.month)[1])
    return earlier
