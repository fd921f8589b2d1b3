"""Tasks due soon and overdue, to whoever is responsible; study not yet done, to the member."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuilding.directives.choices import CampaignStatus, TaskState
from partybuilding.directives.models import StudyAssignment, Task

from ..choices import NoticeKind
from ..recipients import HANDLERS, member_recipient, officers_of
from . import Area, Found, source

OPEN_STATES = (TaskState.NOT_STARTED, TaskState.IN_PROGRESS)
# An overdue task is announced once, at the first run in this many days after it fell due.
OVERDUE_CATCH_UP_DAYS = 30


def _task_notices(tasks: list[Task], day_of: Any) -> Iterator[Found]:
    """To the member responsible (as their user when they have one), else to the officers
    of the organization responsible."""
    officers = officers_of({(t.organization_id, t.org_path) for t in tasks if t.responsible_member is None}, HANDLERS)
    for task in tasks:
        params = {"task": task.pk, "work": task.work[:300], "deadline": task.deadline.isoformat(), "organization": task.organization.name}
        link = reverse("directive_task", args=[task.pk])
        person = task.responsible_member
        if person is not None:
            recipients = [member_recipient(person.pk, person.user_id, person.organization_id, person.org_path)]
        else:
            recipients = officers.get(task.organization_id, [])
        for recipient in recipients:
            yield Found(f"task:{task.pk}", day_of(task), recipient, params, link, task.work[:200])


def _open_tasks(area: Area, first: dt.date, last: dt.date) -> list[Task]:
    rows = Task.objects.filter(area.q(), state__in=OPEN_STATES, split=False, deadline__gte=first, deadline__lte=last)
    return list(rows.select_related("organization", "responsible_member").order_by("deadline", "pk"))


@source(NoticeKind.TASK_DUE_SOON, default_days=3, days_meaning=_("days before the deadline"))
def due_soon(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Open tasks whose deadline is within `days` (a task split down is done by its parts)."""
    tasks = _open_tasks(area, day, day + dt.timedelta(days=days))
    yield from _task_notices(tasks, lambda t: t.deadline - dt.timedelta(days=days))


@source(NoticeKind.TASK_OVERDUE, default_days=1, days_meaning=_("days after the deadline"))
def overdue(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Open tasks `days` past their deadline, once each."""
    last = day - dt.timedelta(days=max(days, 1))
    tasks = _open_tasks(area, last - dt.timedelta(days=OVERDUE_CATCH_UP_DAYS), last)
    yield from _task_notices(tasks, lambda t: t.deadline + dt.timedelta(days=max(days, 1)))


@source(NoticeKind.STUDY_NOT_DONE, default_days=7, days_meaning=_("days before the campaign's deadline"))
def study_not_done(day: dt.date, days: int, area: Area) -> Iterator[Found]:
    """Members who have not yet studied an open campaign whose deadline is within `days`."""
    rows = StudyAssignment.objects.filter(
        area.q("member_path"),
        done=False,
        campaign__status=CampaignStatus.OPEN,
        campaign__deadline__gte=day,
        campaign__deadline__lte=day + dt.timedelta(days=days),
    ).select_related("campaign", "member")
    link = reverse("directive_my_study")
    for assignment in rows.order_by("campaign_id", "member_id").iterator(chunk_size=2000):
        campaign, member = assignment.campaign, assignment.member
        recipient = member_recipient(member.pk, member.user_id, member.organization_id, member.org_path)
        params = {"campaign": campaign.pk, "title": campaign.title[:300], "deadline": campaign.deadline.isoformat()}
        yield Found(f"study:{campaign.pk}", campaign.deadline - dt.timedelta(days=days), recipient, params, link, campaign.title[:200])
