"""Tasks "3 clear": a task given by a document, a meeting's resolution or an inspection
conclusion; its steps as a table (`TASK`): progress reported, done, cancelled, reopened; and
the roll-up of a task split down, whose state follows the tasks split from it. Every write
moves the task's count in the counters (`counters.task_changed`) in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Avg, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_record
from partybuilding.core.calendar import add_working_days
from partybuilding.core.errors import Refusal
from partybuilding.core.files import MAX_FILE_BYTES
from partybuilding.core.records import actor_user, day_text, record_event
from partybuilding.core.text import nfc, search_key
from partybuilding.core.workflow import History, Run, Step, Workflow
from partybuilding.inspections.choices import CaseStatus
from partybuilding.inspections.models import Case
from partybuilding.meetings.choices import MeetingStatus
from partybuilding.meetings.models import Meeting
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from ..choices import TaskSource, TaskState
from ..counters import task_changed, task_keys
from ..models import Document, Task, TaskStep

OPEN = (TaskState.NOT_STARTED, TaskState.IN_PROGRESS)
CLOSED = (TaskState.DONE, TaskState.CANCELLED)
EVIDENCE_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
EVIDENCE_SIGNATURES = {"application/pdf": b"%PDF", "image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG"}


def tasks_rule() -> str:
    return _("“3 clear” rule: clear work, clear person responsible, clear deadline")


def folded(work: str, person: str) -> str:
    return search_key(f"{work} {person}")


def task_view(task: Task) -> dict[str, Any]:
    return {
        "source": task.source,
        "document": task.document_id,
        "meeting": task.meeting_id,
        "case": task.case_id,
        "parent": task.parent_id,
        "assigned_by": task.assigned_by_id,
        "organization": task.organization_id,
        "work": task.work,
        "responsible_person": task.responsible_person,
        "responsible_member": task.responsible_member_id,
        "deadline": task.deadline.isoformat(),
        "expected_result": task.expected_result,
        "state": task.state,
        "progress": task.progress,
        "done_on": task.done_on.isoformat() if task.done_on else None,
        "split": task.split,
    }


# --- where a task comes from ---------------------------------------------------------------


def source_of(
    *, document: Document | None = None, meeting: Meeting | None = None, case: Case | None = None
) -> tuple[str, Organization, dt.date]:
    """The kind of source, the organization that assigns its tasks and the source's date; a
    meeting gives tasks once closed, an inspection once concluded."""
    if document is not None:
        return TaskSource.DOCUMENT, document.organization, document.date
    if meeting is not None:
        if meeting.status != MeetingStatus.CLOSED:
            raise Refusal(_("A meeting gives tasks once its minutes are closed."), rule=tasks_rule(), field="meeting")
        return TaskSource.MEETING, meeting.organization, meeting.date
    if case is not None:
        if case.status != CaseStatus.CONCLUDED or case.conclusion_date is None:
            raise Refusal(_("An inspection gives tasks once it is concluded."), rule=tasks_rule(), field="case")
        return TaskSource.CASE, case.organization, case.conclusion_date
    raise Refusal(_("Name the document, meeting or inspection that gives the task."), rule=tasks_rule(), field="source")


def deadline_from(start: dt.date, deadline: dt.date | None, working_days: int | None) -> dt.date:
    """A deadline given as a date, or as a number of working days from the source's date."""
    if working_days is not None:
        if working_days < 1:
            raise Refusal(_("Give at least one working day."), rule=tasks_rule(), field="working_days")
        return add_working_days(start, working_days)
    if deadline is None:
        raise Refusal(_("Give the deadline, as a date or as working days."), rule=tasks_rule(), field="deadline")
    if deadline < start:
        raise Refusal(
            _("The deadline comes on or after the source's date (%(date)s).") % {"date": day_text(start)},
            rule=tasks_rule(),
            field="deadline",
        )
    return deadline


def check_responsible(assigner: Organization, organization: Organization, member: Member | None) -> None:
    if not organization.path.startswith(assigner.path):
        raise Refusal(
            _("%(org)s is not %(assigner)s or an organization below it.") % {"org": organization.name, "assigner": assigner.name},
            rule=_("“3 clear” rule: a task is given to the assigning organization or one below it"),
            field="organization",
        )
    if member is not None and not member.org_path.startswith(organization.path):
        raise Refusal(
            _("%(member)s is not a member of %(org)s.") % {"member": member.full_name, "org": organization.name},
            rule=tasks_rule(),
            field="responsible_member",
        )


def task_create(
    *,
    actor: Any,
    work: str,
    organization: Organization,
    responsible_person: str,
    document: Document | None = None,
    meeting: Meeting | None = None,
    case: Case | None = None,
    responsible_member: Member | None = None,
    deadline: dt.date | None = None,
    working_days: int | None = None,
    expected_result: str = "",
) -> Task:
    """A task given by its source's organization: clear work, person and deadline."""
    source, assigner, start = source_of(document=document, meeting=meeting, case=case)
    work, person = nfc(work.strip()), nfc(responsible_person.strip())
    if not work:
        raise Refusal(_("Say what the work is."), rule=tasks_rule(), field="work")
    if not person and responsible_member is None:
        raise Refusal(_("Name the person responsible."), rule=tasks_rule(), field="responsible_person")
    person = person or responsible_member.full_name  # type: ignore[union-attr]
    check_responsible(assigner, organization, responsible_member)
    due = deadline_from(start, deadline, working_days)
    with transaction.atomic():
        task = Task.objects.create(
            source=source,
            document=document,
            meeting=meeting,
            case=case,
            assigned_by=assigner,
            assigner_path=assigner.path,
            organization=organization,
            org_path=organization.path,
            work=work,
            responsible_person=person,
            responsible_member=responsible_member,
            deadline=due,
            expected_result=nfc(expected_result.strip()),
            created_by=actor_user(actor),
            search_folded=folded(work, person),
        )
        task_changed(task.org_path, {}, task)
        audit_record(actor=actor, action="task.create", obj=task, after=task_view(task))
    return task


# --- the steps ------------------------------------------------------------------------------


def check_evidence(content_type: str, content: bytes) -> str:
    """A PDF, JPEG or PNG, not too large, whose first bytes say it is one; its extension."""
    if not content:
        raise Refusal(_("The file is empty."), rule=tasks_rule(), field="evidence_file")
    if len(content) > MAX_FILE_BYTES:
        raise Refusal(_("A file is at most 10 MB."), rule=tasks_rule(), field="evidence_file")
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    if declared not in EVIDENCE_TYPES or not content.startswith(EVIDENCE_SIGNATURES[declared]):
        raise Refusal(_("The evidence is a PDF, JPEG or PNG file."), rule=tasks_rule(), field="evidence_file")
    return EVIDENCE_TYPES[declared]


def _not_split(run: Run) -> None:
    if run.obj.split:
        raise Refusal(
            _("This task is carried out by the tasks split from it; report on those."),
            rule=_("“3 clear” rule: a task split down follows the tasks split from it"),
        )


def _text(run: Run, name: str, message: str) -> str:
    text = nfc((run[name] or "").strip())
    if not text:
        raise Refusal(message, rule=tasks_rule(), field=name)
    return text


def _evidence(run: Run) -> None:
    content = run["file_content"]
    if content is not None:
        extension = check_evidence(run["file_type"] or "", content)
        run.record["evidence_file"] = ContentFile(content, name=f"evidence-{run.obj.pk}{extension}")


def reported(run: Run) -> None:
    """Progress on the step's date: a percentage and what was done."""
    _not_split(run)
    percent = run["progress"]
    if percent is None or not 0 <= int(percent) <= 100:
        raise Refusal(_("Progress is a percentage from 0 to 100."), rule=tasks_rule(), field="progress")
    run.record.update(progress=int(percent), note=_text(run, "note", _("Say what was done.")))
    _evidence(run)
    run.changes["progress"] = int(percent)


def finished(run: Run) -> None:
    """Done on the step's date with the result achieved: on time up to the deadline, else late."""
    _not_split(run)
    result = _text(run, "result", _("Say what result was achieved."))
    run.record.update(progress=100, note=result)
    _evidence(run)
    run.changes.update(progress=100, done_on=run.day, result=result)


def cancelled(run: Run) -> None:
    reason = _text(run, "reason", _("Say why the task is cancelled."))
    run.record["note"] = reason
    run.changes["cancel_reason"] = reason
    run.audit["reason"] = reason


def reopened(run: Run) -> None:
    _not_split(run)
    run.record["note"] = _text(run, "reason", _("Say why the task is reopened."))
    run.changes.update(done_on=None, cancel_reason="")


def _move(run: Run, target: str) -> None:
    """The new state, the counters moved with it, and the task split above it rolled up."""
    task = run.obj
    before = task_keys(task)
    run.changes["state"] = target
    for name, value in run.changes.items():
        setattr(task, name, value)
    task.save(update_fields=[*run.changes, "updated_at"])
    task_changed(task.org_path, before, task)
    if target == TaskState.CANCELLED and task.split:
        cancel_below(task, run.day, run.actor, run.changes["cancel_reason"])
    roll_up(task.parent_id, run.actor)


TASK = Workflow(
    "task",
    model=Task,
    state="state",
    history=History(TaskStep, "task"),
    audit_view=task_view,
    move=_move,
    steps=[
        Step("progress", gettext_lazy("Report progress"), reported, OPEN, TaskState.IN_PROGRESS),
        Step("done", gettext_lazy("Done"), finished, OPEN, TaskState.DONE),
        Step("cancel", gettext_lazy("Cancel the task"), cancelled, OPEN, TaskState.CANCELLED),
        Step("reopen", gettext_lazy("Reopen"), reopened, CLOSED, TaskState.IN_PROGRESS),
    ],
)
# who takes which step: the responsible side reports; the assigning side cancels and reopens
RESPONSIBLE_STEPS = ("progress", "done")
ASSIGNER_STEPS = ("cancel", "reopen")


def cancel_below(task: Task, day: dt.date, actor: Any, reason: str) -> None:
    """A task cancelled above cancels the open tasks split from it, level by level."""
    from ..counters import totals

    per_path: dict[str, dict[str, int]] = {}
    parents = [task.pk]
    while parents:
        rows = list(Task.objects.select_for_update().filter(parent_id__in=parents, state__in=OPEN))
        for child in rows:
            before = task_keys(child)
            child.state, child.cancel_reason = TaskState.CANCELLED, reason
            after = task_keys(child)
            node = per_path.setdefault(child.org_path, {})
            for key in {*before, *after}:
                node[key] = node.get(key, 0) + after.get(key, 0) - before.get(key, 0)
        Task.objects.filter(pk__in=[c.pk for c in rows]).update(state=TaskState.CANCELLED, cancel_reason=reason)
        TaskStep.objects.bulk_create(TaskStep(task=c, kind="cancel", date=day, note=reason, recorded_by=actor_user(actor)) for c in rows)
        parents = [c.pk for c in rows if c.split]
    totals.add_many(per_path)


def roll_up(parent_id: int | None, actor: Any) -> None:
    """A task split down follows its children: done on the last child's date once every child
    is done or cancelled (at least one done); back in progress when a child opens again."""
    while parent_id is not None:
        parent = Task.objects.select_for_update().get(pk=parent_id)
        if parent.state == TaskState.CANCELLED:
            return
        children = Task.objects.filter(parent_id=parent.pk)
        closed = not children.filter(state__in=OPEN).exists()
        last_done = children.filter(state=TaskState.DONE).aggregate(last=Max("done_on"))["last"]
        average = children.exclude(state=TaskState.CANCELLED).aggregate(p=Avg("progress"))["p"] or 0
        before = task_view(parent)
        if closed and last_done is not None:
            parent.state, parent.done_on, parent.progress = TaskState.DONE, last_done, 100
            kind, day, note = "done", last_done, _("Every task split from it is closed.")
        elif parent.state == TaskState.DONE and not closed:
            parent.state, parent.done_on = TaskState.IN_PROGRESS, None
            kind, day, note = "reopen", None, _("A task split from it was reopened.")
        else:
            started = parent.state == TaskState.NOT_STARTED and children.exclude(state=TaskState.NOT_STARTED).exists()
            parent.state = TaskState.IN_PROGRESS if started else parent.state
            parent.progress = round(average)
            parent.save(update_fields=["state", "progress", "updated_at"])
            return
        if parent.state == TaskState.IN_PROGRESS:
            parent.progress = round(average)
        parent.version += 1
        parent.save(update_fields=["state", "done_on", "progress", "version", "updated_at"])
        record_event(TaskStep, actor=actor, task=parent, kind=kind, date=day or timezone.localdate(), note=note)
        audit_record(actor=actor, action=f"task.roll_up_{kind}", obj=parent, before=before, after=task_view(parent))
        parent_id = parent.parent_id
