"""What other areas read of inspection work: the disciplines in force that were decided in a
period (the yearly assessment rates a member disciplined during its period "did not complete
tasks"; a discipline annulled on appeal no longer counts)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from partybuilding.core import paths

from .choices import DisciplineStatus
from .models import Discipline


def decided_between(start: dt.date, end: dt.date) -> QuerySet[Discipline]:
    """Disciplines decided from `start` to `end` (both included) and still in force."""
    return Discipline.objects.filter(status=DisciplineStatus.DECIDED, decision_date__gte=start, decision_date__lte=end)


def member_disciplined(member_id: int, start: dt.date, end: dt.date) -> bool:
    return decided_between(start, end).filter(member_id=member_id).exists()


def members_disciplined_within(path: str, start: dt.date, end: dt.date) -> int:
    """Members of the subtree at `path` disciplined in the period (by where they were then)."""
    rows = decided_between(start, end).filter(paths.subtree_q(path, "subject_path"), member__isnull=False)
    return rows.values("member_id").distinct().count()


def of_member(member_id: int) -> QuerySet[Discipline]:
    """A member's disciplines, decided or not, newest first."""
    return Discipline.objects.filter(Q(member_id=member_id)).order_by("-status_since", "-pk")
