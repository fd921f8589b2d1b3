"""A task split down to the organizations below the one responsible, and a document sent down
to every organization of a kind below its issuer with its task. Thousands of organizations (a
province's cells) are one background job (`jobs.py`): rows written in chunks, counted at once,
all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.bulk import Progress, no_progress
from partybuilding.core.errors import Refusal
from partybuilding.core.records import actor_user, day_text, record_event
from partybuilding.core.text import nfc
from partybuilding.organizations.models import Organization

from ..choices import TaskSource, TaskState
from ..counters import task_changed, task_keys, tasks_added
from ..models import Document, Recipient, Task, TaskStep
from .tasks import OPEN, deadline_from, folded, task_view, tasks_rule

CHUNK = 1000
INLINE_AT_MOST = 200  # more organizations than this: a background job


def organizations_below(org: Organization, *, ids: Iterable[int] = (), kind: str = "") -> list[Organization]:
    """The active organizations strictly below `org` that are chosen, or all of a kind."""
    rows = Organization.objects.active().descendants(org).exclude(pk=org.pk)
    if kind:
        return list(rows.filter(kind=kind).order_by("path"))
    wanted = set(ids)
    found = list(rows.filter(pk__in=wanted).order_by("path"))
    if len(found) != len(wanted):
        raise Refusal(
            _("Tasks are split to organizations below %(org)s only.") % {"org": org.name},
            rule=_("“3 clear” rule: a task is split down to the organizations below"),
            field="organizations",
        )
    return found


def _write(tasks: list[Task], progress: Progress, phase: str) -> None:
    for start in range(0, len(tasks), CHUNK):
        Task.objects.bulk_create(tasks[start : start + CHUNK])
        progress(phase, min(start + CHUNK, len(tasks)), len(tasks))
    tasks_added(tasks)


def task_split(
    *,
    actor: Any,
    task: Task,
    organizations: list[Organization],
    deadline: dt.date | None = None,
    responsible_person: str = "",
    progress: Progress = no_progress,
) -> Task:
    """The task split to `organizations` (below its own): each gets the same work, result
    expected and source, by the parent's deadline or an earlier one; the parent's count moves
    to them."""
    if not organizations:
        raise Refusal(_("Choose the organizations to split the task to."), rule=tasks_rule(), field="organizations")
    due = task.deadline if deadline is None else deadline
    if due > task.deadline:
        raise Refusal(
            _("A task split down is due by the task's own deadline (%(date)s) or earlier.") % {"date": day_text(task.deadline)},
            rule=_("“3 clear” rule: a task split down is due no later than the task above"),
            field="deadline",
        )
    person = nfc(responsible_person.strip())
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.state not in OPEN:
            raise Refusal(_("Only an open task is split down."), rule=tasks_rule())
        taken = set(Task.objects.filter(parent=task).values_list("organization_id", flat=True))
        for org in organizations:
            if not org.path.startswith(task.org_path) or org.pk == task.organization_id:
                raise Refusal(
                    _("%(org)s is not below %(parent)s.") % {"org": org.name, "parent": task.organization.name},
                    rule=_("“3 clear” rule: a task is split down to the organizations below"),
                    field="organizations",
                )
        new = [org for org in organizations if org.pk not in taken]
        before_view, before = task_view(task), task_keys(task)
        task.split = True
        task.version += 1
        task.save(update_fields=["split", "version", "updated_at"])
        task_changed(task.org_path, before, task)
        children = [_child(task, org, due, person, actor) for org in new]
        _write(children, progress, "tasks")
        record_event(
            TaskStep,
            actor=actor,
            task=task,
            kind="split",
            date=timezone.localdate(),
            note=_("Split to %(n)s organizations.") % {"n": len(new)},
        )
        audit_record(actor=actor, action="task.split", obj=task, before=before_view, after={**task_view(task), "children": len(new)})
    return task


def _child(parent: Task, org: Organization, deadline: dt.date, person: str, actor: Any) -> Task:
    return Task(
        source=TaskSource.PARENT,
        document_id=parent.document_id,
        meeting_id=parent.meeting_id,
        case_id=parent.case_id,
        parent=parent,
        assigned_by_id=parent.organization_id,
        assigner_path=parent.org_path,
        organization=org,
        org_path=org.path,
        work=parent.work,
        responsible_person=person,
        deadline=deadline,
        expected_result=parent.expected_result,
        state=TaskState.NOT_STARTED,
        created_by=actor_user(actor),
        search_folded=folded(parent.work, person),
    )


def document_distribute(
    *,
    actor: Any,
    document: Document,
    kind: str,
    work: str,
    deadline: dt.date | None = None,
    working_days: int | None = None,
    expected_result: str = "",
    responsible_person: str = "",
    progress: Progress = no_progress,
) -> dict[str, int]:
    """The document sent down to every organization of `kind` below its issuer (a recipient
    each), each given the same task: all of it, or nothing."""
    work = nfc(work.strip())
    if not work:
        raise Refusal(_("Say what the work is."), rule=tasks_rule(), field="work")
    due = deadline_from(document.date, deadline, working_days)
    person = nfc(responsible_person.strip())
    organizations = organizations_below(document.organization, kind=kind)
    if not organizations:
        raise Refusal(_("No organization of this kind is below the issuer."), rule=tasks_rule(), field="kind")
    with transaction.atomic():
        progress("recipients", 0, len(organizations))
        known = set(Recipient.objects.filter(document=document).values_list("organization_id", flat=True))
        recipients = [Recipient(document=document, organization=o, org_path=o.path) for o in organizations if o.pk not in known]
        for start in range(0, len(recipients), CHUNK):
            Recipient.objects.bulk_create(recipients[start : start + CHUNK])
            progress("recipients", min(start + CHUNK, len(recipients)), len(recipients))
        tasks = [
            Task(
                source=TaskSource.DOCUMENT,
                document=document,
                assigned_by_id=document.organization_id,
                assigner_path=document.org_path,
                organization=org,
                org_path=org.path,
                work=work,
                responsible_person=person,
                deadline=due,
                expected_result=nfc(expected_result.strip()),
                created_by=actor_user(actor),
                search_folded=folded(work, person),
            )
            for org in organizations
        ]
        _write(tasks, progress, "tasks")
        counts = {"recipients": len(recipients), "tasks": len(tasks)}
        audit_record(actor=actor, action="document.distribute", obj=document, after={"kind": kind, "work": work, **counts})
    return counts
