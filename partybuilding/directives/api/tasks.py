"""Tasks through the API: the list (filters as the page), a task given, its detail, its steps,
its split down (a large one as a background job) and an organization's overview."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.jobs import start
from partybuilding.core.scope import Action, organization_or_404, require, visible_or_404
from partybuilding.inspections.models import Case
from partybuilding.meetings.models import Meeting
from partybuilding.members.models import Member

from ..jobs import split_params
from ..models import Document
from ..selectors import tasks as selectors
from ..services import distribute
from ..services.tasks import TASK, task_create
from .router import router
from .tasks_schemas import (
    DirectiveOrgId,
    DirectiveOverviewOut,
    DirectiveSplitJobOut,
    DirectiveTaskDetailOut,
    DirectiveTaskFilters,
    DirectiveTaskId,
    DirectiveTaskIn,
    DirectiveTaskOut,
    DirectiveTaskSplitIn,
    DirectiveTaskStepIn,
    DirectiveTaskStepKind,
)


@router.get("/tasks", response=documented(list[DirectiveTaskOut], 403, 404, 422), summary=gettext_lazy("Tasks in scope"))
@paginate(Pages)
def list_tasks(request: HttpRequest, filters: Query[DirectiveTaskFilters]) -> Any:
    scope = organization_or_404(request.user, filters.within) if filters.within is not None else None
    given = filters.dict()
    if filters.organization is not None:
        given["organization"] = organization_or_404(request.user, filters.organization)
    rows = selectors.filtered_tasks(selectors.tasks_in(request.user, scope), given, timezone.localdate(), scope)
    return rows.order_by("deadline", "pk")


def _source(request: HttpRequest, payload: DirectiveTaskIn) -> dict[str, Any]:
    user = request.user
    if payload.document_id is not None:
        return {"document": visible_or_404(Document.objects.select_related("organization"), user, payload.document_id)}
    if payload.meeting_id is not None:
        return {"meeting": visible_or_404(Meeting, user, payload.meeting_id, Action.VIEW_MEMBERS)}
    if payload.case_id is not None:
        return {"case": visible_or_404(Case, user, payload.case_id, Action.INSPECT)}
    raise Http404


@router.post("/tasks", response=documented({201: DirectiveTaskDetailOut}, 400, 403, 404, 422), summary=gettext_lazy("Give a task"))
def create_task(request: HttpRequest, payload: DirectiveTaskIn) -> Any:
    given = _source(request, payload)
    require(request.user, Action.DIRECT, next(iter(given.values())).organization)
    organization = organization_or_404(request.user, payload.organization_id)
    member = None
    if payload.responsible_member_id is not None:
        member = Member.objects.visible_to(request.user, Action.VIEW_MEMBERS).filter(pk=payload.responsible_member_id).first()
        if member is None:
            raise Http404
    task = task_create(
        actor=request.user,
        work=payload.work,
        organization=organization,
        responsible_person=payload.responsible_person,
        responsible_member=member,
        deadline=payload.deadline,
        working_days=payload.working_days,
        expected_result=payload.expected_result,
        **given,
    )
    return 201, selectors.task_or_404(request.user, task.pk)


@router.get("/tasks/{task_id}", response=documented(DirectiveTaskDetailOut, 403, 404, 422), summary=gettext_lazy("A task with its steps"))
def get_task(request: HttpRequest, task_id: DirectiveTaskId) -> Any:
    return selectors.task_or_404(request.user, task_id)


@router.post(
    "/tasks/{task_id}/steps/{kind}",
    response=documented(DirectiveTaskDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Record a step of a task: progress, done, cancel or reopen"),
)
def record_task_step(request: HttpRequest, task_id: DirectiveTaskId, kind: DirectiveTaskStepKind, payload: DirectiveTaskStepIn) -> Any:
    task = selectors.task_or_404(request.user, task_id)
    if not selectors.may_act(request.user, task, kind):
        raise PermissionDenied
    p = payload
    TASK.run(
        kind,
        actor=request.user,
        obj=task,
        expected_version=p.version,
        submission=p.submission,
        date=p.date,
        progress=p.progress,
        note=p.note,
        result=p.result,
        reason=p.reason,
    )
    return selectors.task_or_404(request.user, task_id)


@router.post(
    "/tasks/{task_id}/split",
    response=documented({200: DirectiveTaskDetailOut, 202: DirectiveSplitJobOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Split a task down: a few organizations at once, a kind of organization as a background job"),
)
def split_task(request: HttpRequest, task_id: DirectiveTaskId, payload: DirectiveTaskSplitIn) -> Any:
    task = selectors.task_or_404(request.user, task_id, Action.DIRECT)
    if payload.kind:
        params = split_params(task, ids=[], kind=payload.kind, deadline=payload.deadline, responsible_person=payload.responsible_person)
        job = start("directives.split", user=request.user, org_path=task.org_path, params=params)
        return 202, {"job_id": job.pk, "status": job.status}
    orgs = distribute.organizations_below(task.organization, ids=payload.organization_ids)
    distribute.task_split(
        actor=request.user, task=task, organizations=orgs, deadline=payload.deadline, responsible_person=payload.responsible_person
    )
    return 200, selectors.task_or_404(request.user, task_id)


def _figures(row: selectors.OverviewRow) -> dict[str, Any]:
    f = row.figures
    return {
        "organization_id": row.organization.pk,
        "name": row.organization.name,
        "open": f.open,
        "overdue": f.overdue,
        "due_soon": f.due_soon,
        "done_on_time": f.done_on_time,
        "done_late": f.done_late,
        "cancelled": f.cancelled,
        "percent_done": f.percent_done,
        "percent_on_time": f.percent_on_time,
        "green": f.green,
        "light": f.light,
    }


@router.get(
    "/overview/{org_id}",
    response=documented(DirectiveOverviewOut, 403, 404, 422),
    summary=gettext_lazy("The tasks' figures of an organization and of each one right below it"),
)
def task_overview(request: HttpRequest, org_id: DirectiveOrgId) -> Any:
    org = organization_or_404(request.user, org_id)
    whole, children = selectors.overview(org, timezone.localdate())
    return {"whole": _figures(whole), "children": [_figures(row) for row in children]}
