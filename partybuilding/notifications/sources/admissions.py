"""Admission candidates' next deadline (the awareness certificate's validity until the cell's
resolution, the ceremony after the decision, the consideration of official status after
probation), to the officers of the candidate's cell: `days` before it and once missed.

The deadlines are the admissions app's own (`selectors.next_step`, the pipeline board's
"next step"), worked out in Python from the rules in force, over the open candidates of
the area (a few per cell)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuilding.admissions.choices import FINAL
from partybuilding.admissions.models import Candidate
from partybuilding.admissions.selectors import NextStep, next_step

from ..choices import NoticeKind
from ..recipients import HANDLERS, officers_of
from . import Area, Found, source, windows


def _steps(day: dt.date, area: Area, window: windows.Window) -> list[NextStep]:
    """The open candidates of the area whose next step's deadline falls in the window."""
    candidates = Candidate.objects.filter(area.q()).exclude(stage__in=FINAL).select_related("organization").order_by("org_path", "pk")
    steps = (next_step(candidate, day) for candidate in candidates.iterator(chunk_size=2000))
    return [step for step in steps if window.holds(step.deadline)]


def _notices(day: dt.date, area: Area, window: windows.Window) -> Iterator[Found]:
    steps = _steps(day, area, window)
    officers = officers_of({(s.candidate.organization_id, s.candidate.org_path) for s in steps}, HANDLERS)
    for step in steps:
        candidate, deadline = step.candidate, step.deadline
        assert deadline is not None  # the window holds only dated steps
        params = {
            "candidate": candidate.pk,
            "name": candidate.full_name,
            "stage": candidate.stage,  # the step is named in the reader's language (texts.py)
            "deadline": deadline.isoformat(),
            "organization": candidate.organization.name,
        }
        link = reverse("candidate_detail", args=[candidate.pk])
        # Each stage's deadline is announced on its own: the key names the stage.
        key = f"candidate:{candidate.pk}:{candidate.stage}"
        for recipient in officers.get(candidate.organization_id, []):
            yield Found(key, window.notice_day(deadline), recipient, params, link, candidate.full_name)


@source(NoticeKind.ADMISSION_DUE_SOON, default_days=7, days_meaning=_("days before the deadline"))
def admission_due_soon(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Candidates whose next step is due within `days`."""
    yield from _notices(day, area, windows.soon(day, days))


@source(NoticeKind.ADMISSION_OVERDUE, default_days=1, days_meaning=_("days after the deadline"))
def admission_overdue(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Candidates whose next step is `days` past its deadline, once each."""
    yield from _notices(day, area, windows.overdue(day, days))
