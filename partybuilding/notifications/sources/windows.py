"""The two ways a deadline is announced, shared by the handlers' kinds (admissions,
transfers, appeals, denunciations): `days` before it, and `days` after it once missed.

Each notice belongs to a day computed from the deadline (its idempotence key), so a daily
run finding the same deadline again adds nothing, and a run missed on that day still
announces it at the next run within the window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# A missed deadline is announced once, at the first run within this many days of its day.
OVERDUE_CATCH_UP_DAYS = 30


@dataclass(frozen=True)
class Window:
    """The deadlines a run of `day` looks at (`first`..`last`), and the day a notice of a
    deadline belongs to."""

    first: dt.date
    last: dt.date
    shift: int  # the notice's day is the deadline plus this many days

    def holds(self, deadline: dt.date | None) -> bool:
        return deadline is not None and self.first <= deadline <= self.last

    def notice_day(self, deadline: dt.date) -> dt.date:
        return deadline + dt.timedelta(days=self.shift)


def soon(day: dt.date, days: int) -> Window:
    """Deadlines from today to `days` ahead; each notice belongs to `days` before its deadline."""
    return Window(day, day + dt.timedelta(days=days), -days)


def overdue(day: dt.date, days: int) -> Window:
    """Deadlines missed at least `days` ago (one at least: the deadline's own day is still in
    time); each notice belongs to `days` after its deadline."""
    after = max(days, 1)
    last = day - dt.timedelta(days=after)
    return Window(last - dt.timedelta(days=OVERDUE_CATCH_UP_DAYS), last, after)
