"""How tasks are carried out across the tree, one row per child organization of a scope
(and one for the tasks the scope carries out itself), summing to the scope's total.

Without a document the figures come from the counters (`counters.task_figures`); for one
document they are counted from its tasks, following the tasks split from them down the
tree: a task split down is counted by its children, as the counters do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from partybuilding.core import paths
from partybuilding.core.calendar import add_working_days
from partybuilding.core.rules import rule_value
from partybuilding.organizations.models import Organization

from ..choices import TaskStatus
from ..counters import TaskFigures, task_figures
from ..models import Document, Task

OPEN = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE)
NOTHING = TaskFigures(open=0, overdue=0, due_soon=0, done_on_time=0, done_late=0, cancelled=0)


def minus(a: TaskFigures, b: TaskFigures) -> TaskFigures:
    return TaskFigures(**{f.name: getattr(a, f.name) - getattr(b, f.name) for f in fields(TaskFigures)})


def plus(a: TaskFigures, b: TaskFigures) -> TaskFigures:
    return TaskFigures(**{f.name: getattr(a, f.name) + getattr(b, f.name) for f in fields(TaskFigures)})


@dataclass
class ImplementationRow:
    organization: Organization | None  # None: the tasks the scope carries out itself
    figures: TaskFigures

    @property
    def total(self) -> int:
        return self.figures.counted + self.figures.cancelled

    @property
    def open_in_time(self) -> int:
        """Not done, not cancelled and not past the deadline."""
        return self.figures.open - self.figures.overdue


@dataclass
class ImplementationReport:
    scope: Organization
    document: Document | None
    today: dt.date
    rows: list[ImplementationRow]
    whole: ImplementationRow


def soon_until(today: dt.date) -> dt.date:
    return add_working_days(today, rule_value("directives.task_due_soon_working_days", today))


def _children(scope: Organization, with_tasks: set[str]) -> list[Organization]:
    """The scope's active children, and those no longer active that still hold tasks."""
    rows = Organization.objects.filter(parent=scope).order_by("name", "code")
    return [org for org in rows if org.is_active or org.path in with_tasks]


def _child_path(scope: Organization, path: str) -> str:
    """The path of the scope's child whose subtree holds `path` ("" for the scope itself)."""
    return path[: len(scope.path) + paths.SEGMENT] if len(path) > len(scope.path) else ""


def _report(scope: Organization, document: Document | None, today: dt.date, per_child: dict[str, TaskFigures]) -> ImplementationReport:
    whole = NOTHING
    for figures in per_child.values():
        whole = plus(whole, figures)
    children = _children(scope, {p for p, f in per_child.items() if f != NOTHING})
    rows = [ImplementationRow(child, per_child.get(child.path, NOTHING)) for child in children]
    own = per_child.get("", NOTHING)
    if own != NOTHING or not rows:
        rows.insert(0, ImplementationRow(None, own))
    return ImplementationReport(scope, document, today, rows, ImplementationRow(scope, whole))


def overall(scope: Organization, today: dt.date) -> ImplementationReport:
    """Every task of the scope's subtree, from the counters."""
    children = list(Organization.objects.filter(parent=scope))
    found = task_figures([scope, *children], today, soon_until(today))
    per_child = {child.path: found[child.pk] for child in children}
    rest = NOTHING
    for figures in per_child.values():
        rest = plus(rest, figures)
    per_child[""] = minus(found[scope.pk], rest)
    return _report(scope, None, today, per_child)


def _leaves(document: Document, scope: Organization) -> list[Task]:
    """The tasks carrying out `document` in the scope's subtree: its own tasks and those
    split from them, level by level, each not split further."""
    leaves: list[Task] = []
    level = Task.objects.filter(document=document)
    while True:
        split: list[int] = []
        for task in level.only("pk", "org_path", "split", "state", "done_on", "deadline"):
            if task.split:
                split.append(task.pk)
            elif task.org_path.startswith(scope.path):
                leaves.append(task)
        if not split:
            return leaves
        # the children naming the document were in the first level already
        level = Task.objects.filter(parent_id__in=split).exclude(document=document)


def _figures(tasks: list[Task], today: dt.date, soon: dt.date) -> TaskFigures:
    statuses = [task.status_on(today) for task in tasks]
    open_ = [task for task, status in zip(tasks, statuses, strict=True) if status in OPEN]
    return TaskFigures(
        open=len(open_),
        overdue=statuses.count(TaskStatus.OVERDUE),
        due_soon=sum(1 for task in open_ if today <= task.deadline <= soon),
        done_on_time=statuses.count(TaskStatus.DONE_ON_TIME),
        done_late=statuses.count(TaskStatus.DONE_LATE),
        cancelled=statuses.count(TaskStatus.CANCELLED),
    )


def of_document(document: Document, scope: Organization, today: dt.date) -> ImplementationReport:
    """The document's tasks carried out in the scope's subtree, per child."""
    per_child: dict[str, list[Task]] = {}
    for task in _leaves(document, scope):
        per_child.setdefault(_child_path(scope, task.org_path), []).append(task)
    soon = soon_until(today)
    return _report(scope, document, today, {path: _figures(tasks, today, soon) for path, tasks in per_child.items()})
