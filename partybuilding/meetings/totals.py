"""The meeting-quality counters kept in the subtree totals ("mq." keys), per organization
and month: how many meetings were closed and scored, and the sum of their scores. They
change in the same transaction as the meeting (closing, amending), so the chart of a
province's or the country's quality by month reads 24 rows whatever the number of
meetings; `manage.py totals_check` recounts them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Sum

from partybuilding.organizations import totals

from .choices import MeetingStatus

PREFIX = "mq."


def key(month: dt.date, name: str) -> str:
    return f"{PREFIX}{month:%Y%m}.{name}"


def keys_of(meeting: Any) -> dict[str, int]:
    """What a meeting adds to its organization's counters: nothing until it is closed and scored."""
    if meeting.status != MeetingStatus.CLOSED or meeting.score is None:
        return {}
    return {key(meeting.month, "scored"): 1, key(meeting.month, "points"): meeting.score}


def change(path: str, before: dict[str, int], after: dict[str, int]) -> None:
    """Move the counters of a meeting from what it counted `before` to what it counts now."""
    deltas = {k: after.get(k, 0) - before.get(k, 0) for k in {*before, *after}}
    totals.add(path, deltas)


def per_node(rows: Iterable[Any]) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = {}
    for row in rows:
        node = result.setdefault(str(row["org_path"]), {})
        node[key(row["month"], "scored")] = int(row["scored"])
        node[key(row["month"], "points")] = int(row["points"] or 0)
    return result


@totals.recounts(PREFIX)
def recount(id_by_path: dict[str, int]) -> totals.Counts:
    """Every "mq." key recounted from the meetings (for `manage.py totals_check`)."""
    from .models import Meeting

    rows = (
        Meeting.objects.filter(status=MeetingStatus.CLOSED, score__isnull=False)
        .values("org_path", "month")
        .annotate(scored=Count("pk"), points=Sum("score"))
        .order_by()
        .iterator(chunk_size=20000)
    )
    return totals.roll_up(per_node(rows), id_by_path)
