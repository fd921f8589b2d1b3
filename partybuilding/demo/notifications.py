"""The demo's notices: the daily run over the last month, as if cron had run it, so
that the bells of `dangvien` and `bithu` show the meetings, dues and tasks of their cell."""

from __future__ import annotations

import datetime as dt

from partybuilding.notifications.generation import notifications_run
from partybuilding.notifications.models import Notice

DAYS_BACK = 31  # a month: its dues day is among them


def load(today: dt.date) -> int:
    """Run each day of the last month up to today; the number of notices written."""
    for back in range(DAYS_BACK, -1, -1):
        notifications_run(day=today - dt.timedelta(days=back))
    return Notice.objects.count()
