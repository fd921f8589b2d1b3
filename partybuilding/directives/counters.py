"""The counters of tasks and study, kept in the write's own transaction at the responsible
organization (or the member's cell) and rolled up the tree (`organizations.totals`), so the
implementation overview of a province or of the country reads a few rows.

Keys:
- "tk.open.<deadline>"  tasks not done nor cancelled, by deadline (overdue and due-soon are
  read from the deadlines, so the counters never go stale as days pass);
- "tk.done_on_time", "tk.done_late", "tk.cancelled";
- "st.<campaign>.assigned", "st.<campaign>.done"  members who must study, and those done.

A task split down is counted by the tasks split from it, not itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from partybuilding.organizations import totals
from partybuilding.organizations.models import Organization, SubtreeTotal

from .choices import TaskState

TASKS = "tk."
STUDY = "st."


def task_keys(task: Any) -> dict[str, int]:
    """The keys a task adds to (nothing once it is split down)."""
    if task.split:
        return {}
    if task.state == TaskState.DONE:
        return {f"{TASKS}done_on_time" if task.done_on <= task.deadline else f"{TASKS}done_late": 1}
    if task.state == TaskState.CANCELLED:
        return {f"{TASKS}cancelled": 1}
    return {f"{TASKS}open.{task.deadline.isoformat()}": 1}


def task_changed(path: str, before: dict[str, int], task: Any) -> None:
    """Move a task's count from its keys `before` a write to its keys now (same transaction)."""
    after = task_keys(task)
    deltas = {key: after.get(key, 0) - before.get(key, 0) for key in {*before, *after}}
    totals.add(path, deltas)


def tasks_added(tasks: Iterable[Any]) -> None:
    """Count many new tasks at once (a document sent to every cell of a province)."""
    per_path: dict[str, dict[str, int]] = {}
    for task in tasks:
        node = per_path.setdefault(task.org_path, {})
        for key, n in task_keys(task).items():
            node[key] = node.get(key, 0) + n
    totals.add_many(per_path)


def assigned_key(campaign_id: int) -> str:
    return f"{STUDY}{campaign_id}.assigned"


def done_key(campaign_id: int) -> str:
    return f"{STUDY}{campaign_id}.done"


def study_keys(campaign_id: int, done: bool) -> dict[str, int]:
    return {assigned_key(campaign_id): 1, **({done_key(campaign_id): 1} if done else {})}


@dataclass(frozen=True)
class TaskFigures:
    """An organization's tasks (its whole subtree) on a day."""

    open: int
    overdue: int
    due_soon: int
    done_on_time: int
    done_late: int
    cancelled: int

    @property
    def counted(self) -> int:
        """Tasks that count towards the percentages (cancelled ones do not)."""
        return self.open + self.done_on_time + self.done_late

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def percent_done(self) -> float | None:
        return 100 * self.done / self.counted if self.counted else None

    @property
    def percent_on_time(self) -> float | None:
        return 100 * self.done_on_time / self.counted if self.counted else None

    @property
    def light(self) -> str:
        """How the overview shows the organization: red with anything overdue; green once every
        task is done, all on time; amber on the way (tasks open, or some done late); none
        without tasks."""
        if self.overdue:
            return "red"
        if not self.counted:
            return "none"
        return "green" if self.open == 0 and self.done_late == 0 else "amber"

    @property
    def green(self) -> bool:
        return self.light == "green"


def figures_of(values: dict[str, int], today: dt.date, soon_until: dt.date) -> TaskFigures:
    open_ = overdue = due_soon = 0
    for key, n in values.items():
        if not key.startswith(f"{TASKS}open."):
            continue
        deadline = dt.date.fromisoformat(key.removeprefix(f"{TASKS}open."))
        open_ += n
        if deadline < today:
            overdue += n
        elif deadline <= soon_until:
            due_soon += n
    return TaskFigures(
        open=open_,
        overdue=overdue,
        due_soon=due_soon,
        done_on_time=values.get(f"{TASKS}done_on_time", 0),
        done_late=values.get(f"{TASKS}done_late", 0),
        cancelled=values.get(f"{TASKS}cancelled", 0),
    )


def task_figures(orgs: Iterable[Organization], today: dt.date, soon_until: dt.date) -> dict[int, TaskFigures]:
    """The task figures of each organization (its subtree), in one read of the counters."""
    ids = [org.pk for org in orgs]
    values: dict[int, dict[str, int]] = {i: {} for i in ids}
    rows = SubtreeTotal.objects.filter(organization_id__in=ids, key__startswith=TASKS).exclude(value=0)
    for org_id, key, value in rows.values_list("organization_id", "key", "value"):
        values[org_id][key] = value
    return {i: figures_of(values[i], today, soon_until) for i in ids}


def study_figures(orgs: Iterable[Organization], campaign_id: int) -> dict[int, tuple[int, int]]:
    """(members who must study, members done) of each organization's subtree for a campaign."""
    ids = [org.pk for org in orgs]
    found: dict[int, tuple[int, int]] = {i: (0, 0) for i in ids}
    assigned, done = assigned_key(campaign_id), done_key(campaign_id)
    rows = SubtreeTotal.objects.filter(Q(key=assigned) | Q(key=done), organization_id__in=ids)
    for org_id, key, value in rows.values_list("organization_id", "key", "value"):
        a, d = found[org_id]
        found[org_id] = (value, d) if key == assigned else (a, value)
    return found


@totals.recounts(TASKS)
def recount_tasks(id_by_path: dict[str, int]) -> totals.Counts:
    """Every "tk." key recounted from the tasks (for `manage.py totals_check`)."""
    from .models import Task

    per_node: dict[str, dict[str, int]] = {}
    fields = ("org_path", "split", "state", "done_on", "deadline")
    for task in Task.objects.filter(split=False).only(*fields).iterator(chunk_size=20000):
        node = per_node.setdefault(task.org_path, {})
        for key, n in task_keys(task).items():
            node[key] = node.get(key, 0) + n
    return totals.roll_up(per_node, id_by_path)


@totals.recounts(STUDY)
def recount_study(id_by_path: dict[str, int]) -> totals.Counts:
    """Every "st." key recounted from the members who must study."""
    from .models import StudyAssignment

    per_node: dict[str, dict[str, int]] = {}
    rows = StudyAssignment.objects.values_list("member_path", "campaign_id", "done").iterator(chunk_size=20000)
    for path, campaign_id, done in rows:
        node = per_node.setdefault(path, {})
        for key, n in study_keys(campaign_id, done).items():
            node[key] = node.get(key, 0) + n
    return totals.roll_up(per_node, id_by_path)
