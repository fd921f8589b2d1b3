"""The shapes of the tasks' API, with their documentation in both languages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
import uuid
from typing import Annotated, Literal

from ninja import Field, Path, Schema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, NOT_BLANK, Day, Id, Version

from ..choices import TaskStatus
from ..selectors import tasks as task_selectors

DirectiveTaskId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The task's id"))]
DirectiveOrgId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The organization's id"))]
DirectiveTaskStepKind = Literal["progress", "done", "cancel", "reopen"]
DirectiveTaskStatusFilter = Literal["not_started", "in_progress", "done_on_time", "done_late", "overdue", "cancelled", "due_soon"]
TEXT = 4000


class DirectiveTaskIn(Schema):
    document_id: Id | None = Field(None, description=gettext_lazy("The document giving the task"))
    meeting_id: Id | None = Field(None, description=gettext_lazy("The closed meeting whose resolution gives the task"))
    case_id: Id | None = Field(None, description=gettext_lazy("The concluded inspection giving the task"))
    work: str = Field(min_length=1, max_length=TEXT, pattern=NOT_BLANK, description=gettext_lazy("The work to do"))
    organization_id: Id = Field(description=gettext_lazy("The responsible organization: the assigning one or one below it"))
    responsible_person: str = Field("", max_length=255, description=gettext_lazy("The person responsible, in words"))
    responsible_member_id: Id | None = Field(None, description=gettext_lazy("The member responsible, who sees the task"))
    deadline: Day | None = Field(None, description=gettext_lazy("The deadline (or give working_days)"))
    working_days: int | None = Field(None, ge=1, le=400, description=gettext_lazy("The deadline in working days from the source's date"))
    expected_result: str = Field("", max_length=TEXT, description=gettext_lazy("The result expected"))


class DirectiveTaskStepIn(Schema):
    date: Day = Field(description=gettext_lazy("The step's date"))
    progress: int | None = Field(None, ge=0, le=100, description=gettext_lazy("Progress in percent (progress)"))
    note: str = Field("", max_length=TEXT, description=gettext_lazy("What was done (progress)"))
    result: str = Field("", max_length=TEXT, description=gettext_lazy("The result achieved (done)"))
    reason: str = Field("", max_length=TEXT, description=gettext_lazy("Why (cancel, reopen)"))
    version: Version | None = None
    submission: uuid.UUID | None = Field(None, description=gettext_lazy("An id of this submission: sent twice, recorded once"))


class DirectiveTaskSplitIn(Schema):
    organization_ids: list[Id] = Field([], max_length=500, description=gettext_lazy("The organizations below to split to"))
    kind: str = Field("", max_length=32, description=gettext_lazy("Or: every organization of this kind below (a background job)"))
    deadline: Day | None = Field(None, description=gettext_lazy("The children's deadline: the task's own or earlier"))
    responsible_person: str = Field("", max_length=255, description=gettext_lazy("The person responsible in each organization"))


class DirectiveTaskFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: the tasks of its subtree"))
    status: DirectiveTaskStatusFilter | None = Field(None, description=gettext_lazy("The status shown today, or due_soon"))
    document: Id | None = Field(None, description=gettext_lazy("The source document"))
    organization: Id | None = Field(None, description=gettext_lazy("The responsible organization"))
    parent: Id | None = Field(None, description=gettext_lazy("The task they were split from"))
    direction: Literal["by_us", "to_us"] | None = Field(None, description=gettext_lazy("Assigned by or to the organization within"))
    deadline_from: Day | None = Field(None, description=gettext_lazy("Deadlines from this day"))
    deadline_to: Day | None = Field(None, description=gettext_lazy("Deadlines up to this day"))
    q: str = Field("", max_length=100, description=gettext_lazy("Words of the work or of the person, accents optional"))


class DirectiveTaskOut(Schema):
    id: int
    source: str = Field(description=gettext_lazy("document, meeting, case or parent"))
    document_id: int | None
    meeting_id: int | None
    case_id: int | None
    parent_id: int | None = Field(description=gettext_lazy("The task it was split from"))
    assigned_by_id: int = Field(description=gettext_lazy("The assigning organization"))
    organization_id: int
    work: str
    responsible_person: str
    responsible_member_id: int | None
    deadline: dt.date
    expected_result: str
    state: str = Field(description=gettext_lazy("not_started, in_progress, done or cancelled"))
    status: TaskStatus = Field(description=gettext_lazy("The status shown today (overdue, done on time or late…)"))
    progress: int
    done_on: dt.date | None
    result: str
    split: bool = Field(description=gettext_lazy("Carried out by the tasks split from it"))
    version: int

    @staticmethod
    def resolve_status(obj: object) -> str:
        from django.utils import timezone

        return obj.status_on(timezone.localdate())  # type: ignore[attr-defined]


class DirectiveTaskStepOut(Schema):
    id: int
    kind: str = Field(description=gettext_lazy("progress, done, cancel, reopen or split"))
    date: dt.date
    progress: int | None
    note: str
    has_evidence: bool = Field(description=gettext_lazy("An evidence file is attached"))

    @staticmethod
    def resolve_has_evidence(obj: object) -> bool:
        return bool(obj.evidence_file)  # type: ignore[attr-defined]


class DirectiveTaskDetailOut(DirectiveTaskOut):
    steps: list[DirectiveTaskStepOut]
    children: list[DirectiveTaskOut] = Field(
        description=gettext_lazy("The first tasks split from it (the list with parent= gives them all)")
    )
    children_count: int = Field(description=gettext_lazy("How many tasks were split from it"))

    @staticmethod
    def resolve_steps(obj: object) -> list[object]:
        return list(obj.steps.order_by("date", "pk"))  # type: ignore[attr-defined]

    @staticmethod
    def resolve_children(obj: object) -> list[object]:
        return list(obj.children.order_by("org_path", "pk")[: task_selectors.CHILDREN_SHOWN])  # type: ignore[attr-defined]

    @staticmethod
    def resolve_children_count(obj: object) -> int:
        return obj.children.count()  # type: ignore[attr-defined]


class DirectiveSplitJobOut(Schema):
    job_id: int = Field(description=gettext_lazy("The background job splitting the task"))
    status: str = Field(description=gettext_lazy("The job's status"))


class DirectiveFiguresOut(Schema):
    organization_id: int
    name: str
    open: int
    overdue: int
    due_soon: int
    done_on_time: int
    done_late: int
    cancelled: int
    percent_done: float | None
    percent_on_time: float | None
    green: bool = Field(description=gettext_lazy("Every task done, all on time"))
    light: str = Field(
        description=gettext_lazy("red (tasks overdue), green (every task done on time), amber (on the way) or none (no task)")
    )


class DirectiveOverviewOut(Schema):
    whole: DirectiveFiguresOut
    children: list[DirectiveFiguresOut]
