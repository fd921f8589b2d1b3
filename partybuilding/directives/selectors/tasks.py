"""Reads of tasks: one task in scope, a scope's list with its filters, a member's own tasks,
the overview of an organization and of each organization below it (from the counters), a
document's tasks across the tree, and the attention lines (overdue, due soon)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from partybuilding.core import attention, paths
from partybuilding.core.api_types import MAX_ID
from partybuilding.core.calendar import add_working_days
from partybuilding.core.rules import rule_value
from partybuilding.core.scope import Action, can, visible_or_404
from partybuilding.core.text import search_key
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from ..choices import TaskState, TaskStatus
from ..counters import TaskFigures, task_figures
from ..models import Document, Task

OPEN = (TaskState.NOT_STARTED, TaskState.IN_PROGRESS)
DUE_SOON = "due_soon"


def soon_until(today: dt.date) -> dt.date:
    """The last deadline counted as "due soon" on `today` (the rule in force)."""
    return add_working_days(today, int(rule_value("directives.task_due_soon_working_days", on=today) or 0))


def task_or_404(user: Any, pk: Any, action: Action | None = None) -> Task:
    """A task in the user's scope, or one they are the member named responsible for."""
    rows = Task.objects.select_related("organization", "assigned_by", "document", "meeting", "case", "parent", "responsible_member")
    try:
        return visible_or_404(rows, user, pk, action)
    except Http404:
        user_id = getattr(user, "pk", None)
        own = rows.filter(pk=pk, responsible_member__user_id=user_id).first() if user_id is not None and 0 < _number(pk) <= MAX_ID else None
        if own is None:
            raise
        if action is not None:
            raise PermissionDenied from None
        return own


def _number(pk: Any) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        return 0


def may_act(user: Any, task: Task, step: str) -> bool:
    """Cancel and reopen: the assigning organization; progress and done: the responsible one,
    or the member named responsible."""
    if step in ("cancel", "reopen"):
        return can(user, Action.DIRECT, task.assigned_by)
    if can(user, Action.DIRECT, task.organization):
        return True
    member = task.responsible_member
    return member is not None and member.user_id is not None and member.user_id == getattr(user, "pk", None)


def tasks_in(user: Any, org: Organization | None) -> QuerySet[Task]:
    rows = Task.objects.visible_to(user)
    return rows.within(org) if org is not None else rows


def status_q(status: str, today: dt.date) -> Q:
    """The rows showing `status` on `today` (a split task is counted by its children)."""
    open_ = Q(state__in=OPEN)
    return {
        TaskStatus.NOT_STARTED: Q(state=TaskState.NOT_STARTED, deadline__gte=today),
        TaskStatus.IN_PROGRESS: Q(state=TaskState.IN_PROGRESS, deadline__gte=today),
        TaskStatus.DONE_ON_TIME: Q(state=TaskState.DONE, done_on__lte=F("deadline")),
        TaskStatus.DONE_LATE: Q(state=TaskState.DONE, done_on__gt=F("deadline")),
        TaskStatus.OVERDUE: open_ & Q(deadline__lt=today, split=False),
        TaskStatus.CANCELLED: Q(state=TaskState.CANCELLED),
        DUE_SOON: open_ & Q(deadline__gte=today, deadline__lte=soon_until(today), split=False),
    }.get(status, Q())


def filtered_tasks(rows: QuerySet[Task], filters: dict[str, Any], today: dt.date, scope: Organization | None) -> QuerySet[Task]:
    if filters.get("status"):
        rows = rows.filter(status_q(filters["status"], today))
    if filters.get("document"):
        rows = rows.filter(document_id=getattr(filters["document"], "pk", filters["document"]))
    if filters.get("organization"):
        rows = rows.filter(organization=filters["organization"])
    if filters.get("parent"):
        rows = rows.filter(parent_id=filters["parent"])
    if scope is not None and filters.get("direction") == "by_us":
        rows = rows.filter(assigned_by=scope)
    elif scope is not None and filters.get("direction") == "to_us":
        rows = rows.filter(organization=scope)
    if filters.get("deadline_from"):
        rows = rows.filter(deadline__gte=filters["deadline_from"])
    if filters.get("deadline_to"):
        rows = rows.filter(deadline__lte=filters["deadline_to"])
    if filters.get("q"):
        for word in search_key(filters["q"]).split():
            rows = rows.filter(search_folded__contains=word)
    return rows.select_related("organization", "assigned_by", "document")


CHILDREN_SHOWN = 50  # a task sent to thousands of cells shows the first ones, the list pages the rest


def with_status(tasks: Any, today: dt.date) -> list[Task]:
    """The tasks, each with its `status` on `today` and the days left (negative: late)."""
    found = list(tasks)
    for task in found:
        task.status = task.status_on(today)
        task.days_left = (task.deadline - today).days if task.state in OPEN else None
    return found


def tasks_of_member(member: Member, today: dt.date) -> list[Task]:
    """The open tasks a member is named responsible for, by deadline, with their status."""
    rows = Task.objects.filter(responsible_member=member, state__in=OPEN).select_related("organization").order_by("deadline", "pk")
    return with_status(rows, today)


def open_tasks_of(org: Organization, today: dt.date) -> list[Task]:
    """The open tasks an organization carries out itself (not split down), by deadline."""
    rows = Task.objects.filter(organization=org, state__in=OPEN, split=False).select_related("organization").order_by("deadline", "pk")
    return with_status(rows[:50], today)


# --- the overview, from the counters --------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    organization: Organization
    figures: TaskFigures


def overview(org: Organization, today: dt.date) -> tuple[OverviewRow, list[OverviewRow]]:
    """The figures of `org`'s subtree and of each organization right below it: one read of the
    counters, whatever the number of tasks."""
    children = list(Organization.objects.filter(parent=org).order_by("path"))
    figures = task_figures([org, *children], today, soon_until(today))
    return OverviewRow(org, figures[org.pk]), [OverviewRow(child, figures[child.pk]) for child in children]


# --- a document's tasks across the tree -----------------------------------------------------


@dataclass
class StatusCount:
    label: str
    counts: Counter[str]

    @property
    def total(self) -> int:
        return sum(n for status, n in self.counts.items() if status != TaskStatus.CANCELLED)

    @property
    def done(self) -> int:
        return self.counts[TaskStatus.DONE_ON_TIME] + self.counts[TaskStatus.DONE_LATE]

    @property
    def percent_done(self) -> float | None:
        return 100 * self.done / self.total if self.total else None

    def of(self, status: str) -> int:
        return self.counts[status]


def document_roll_up(document: Document, today: dt.date) -> tuple[StatusCount, list[StatusCount]]:
    """The document's tasks (split ones counted by their children) by status, in all and per
    organization right below the issuer's (grouped by path prefix)."""
    children = list(Organization.objects.filter(parent_id=document.organization_id).order_by("path"))
    whole = StatusCount(str(document.organization.name), Counter())
    per_child = {child.path: StatusCount(child.name, Counter()) for child in children}
    # counted in the database, per branch (the path's prefix of a child's length: a fixed width)
    branch = Substr("org_path", 1, len(document.org_path) + paths.SEGMENT)
    rows = Task.objects.filter(document=document, split=False).annotate(branch=branch, status=status_case(today))
    for found in rows.values("branch", "status").annotate(n=Count("pk")).order_by():
        whole.counts[found["status"]] += found["n"]
        if (row := per_child.get(found["branch"])) is not None:
            row.counts[found["status"]] += found["n"]
    return whole, [row for row in per_child.values() if row.counts]


def status_case(today: dt.date) -> Case:
    """`Task.status_on(today)` in SQL."""
    return Case(
        When(state=TaskState.DONE, done_on__lte=F("deadline"), then=Value(TaskStatus.DONE_ON_TIME.value)),
        When(state=TaskState.DONE, then=Value(TaskStatus.DONE_LATE.value)),
        When(state=TaskState.CANCELLED, then=Value(TaskStatus.CANCELLED.value)),
        When(deadline__lt=today, then=Value(TaskStatus.OVERDUE.value)),
        default=F("state"),
        output_field=CharField(),
    )


# --- the attention lines --------------------------------------------------------------------


@attention.register
def task_lines(scope: Any, today: dt.date, user: Any) -> list[attention.Item]:
    """Overdue tasks and tasks due soon in the scope: from the counters."""
    figures = task_figures([scope], today, soon_until(today))[scope.pk]
    return [
        attention.Item(
            str(_("Tasks past their deadline")), figures.overdue, url=attention.link("directive_tasks", within=scope.pk, status="overdue")
        ),
        attention.Item(str(_("Tasks due soon")), figures.due_soon, url=attention.link("directive_tasks", within=scope.pk, status=DUE_SOON)),
    ]
