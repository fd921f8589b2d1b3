"""The demo's meetings: bulk-written, audited, and showing what is missing."""

from __future__ import annotations

import datetime as dt

import pytest

from partybuilding.core.audit import audit_verify
from partybuilding.demo import meetings as demo_meetings
from partybuilding.meetings import missing
from partybuilding.meetings.choices import MeetingStatus
from partybuilding.meetings.models import Attendance, Meeting

from .conftest import Tree
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def test_the_demo_meetings_are_scored_audited_and_leave_something_missing(tree: Tree) -> None:
    for cell in (tree.X1, tree.X2, tree.Y1):
        for _ in range(4):
            make_member(cell)
    today = dt.date(2026, 12, 20)
    count = demo_meetings.load(today, months=3, seed=7)
    assert count == Meeting.objects.count() > 0
    closed = Meeting.objects.filter(status=MeetingStatus.CLOSED)
    assert closed.exists() and not closed.filter(score__isnull=True).exists()
    assert all(m.month == m.date.replace(day=1) for m in Meeting.objects.all())
    assert Attendance.objects.count() > 0
    assert audit_verify().broken_at is None
    flagged = list(missing.members_absent_unexcused(tree.P, 2026, today))
    assert flagged and all(row["months"] >= 3 for row in flagged)
