"""Disciplines, suspensions and appeals through the API: the same scope, selectors and
services as the pages. Reading a discipline or a suspension needs the members' view where it
was decided or where its subject is; recording one, the inspection action over the deciding
organization (a Party cell's own decision: also its members' management). Appeals are read and
settled with the inspection action."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, organization_or_404, require
from partybuilding.members.models import Member

from ..models import Appeal, Case, Discipline, Suspension
from ..selectors import disciplines as selectors
from ..services import appeals as appeal_services
from ..services import disciplines as services
from ..services.suspensions import suspension_lift, suspension_record
from ..timelimits import expires_on
from .disciplines_schemas import (
    AppealDetailOut,
    AppealFilters,
    AppealId,
    AppealIn,
    AppealOut,
    AppealStepIn,
    AppealStepKind,
    DisciplineDetailOut,
    DisciplineFilters,
    DisciplineId,
    DisciplineIn,
    DisciplineOut,
    DisciplineStepIn,
    DisciplineStepKind,
    DisciplineStepOut,
    LiftIn,
    SuspensionId,
    SuspensionIn,
    SuspensionOut,
)
from .router import router


def _scope(request: HttpRequest, within: int | None, action: Action) -> Any:
    """The organization a list is of (`within`), or None: whatever the user sees."""
    return organization_or_404(request.user, within, action) if within is not None else None


def _member(request: HttpRequest, pk: int | None) -> Member | None:
    if pk is None:
        return None
    member = Member.objects.visible_to(request.user, Action.VIEW_MEMBERS).filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def _detail(discipline: Discipline) -> dict[str, Any]:
    out = DisciplineOut.from_orm(discipline).dict()
    steps = [DisciplineStepOut.from_orm(s).dict() for s in discipline.steps.order_by("date", "pk")]
    return {**out, "time_limit_ends_on": expires_on(discipline), "steps": steps}


def _appeal_detail(appeal: Appeal) -> dict[str, Any]:
    return {
        **AppealOut.from_orm(appeal).dict(),
        "steps": [DisciplineStepOut.from_orm(s).dict() for s in appeal.steps.order_by("date", "pk")],
    }


# --- disciplines ------------------------------------------------------------------------


@router.get("/disciplines", response=documented(list[DisciplineOut], 403, 404, 422), summary=gettext_lazy("Disciplines"))
@paginate(Pages)
def list_disciplines(request: HttpRequest, filters: Query[DisciplineFilters]) -> Any:
    scope = _scope(request, filters.within, Action.VIEW_MEMBERS)
    return selectors.discipline_rows(request.user, scope, filters.dict(), timezone.localdate())


@router.post(
    "/disciplines",
    response=documented({201: DisciplineDetailOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Propose a discipline (with its decision: one decided earlier)"),
)
def create_discipline(request: HttpRequest, payload: DisciplineIn) -> Any:
    p = payload
    org = organization_or_404(request.user, p.organization_id)
    selectors.require_record(request.user, org, p.body)
    case = None
    if p.case_id is not None:
        case = Case.objects.visible_to(request.user).filter(pk=p.case_id).first()
        if case is None:
            raise Http404
    params: dict[str, Any] = {
        "organization": org, "body": p.body, "member": _member(request, p.member_id),
        "subject_organization": organization_or_404(request.user, p.subject_organization_id) if p.subject_organization_id else None,
        "contents": p.contents, "violation": p.violation, "violation_date": p.violation_date, "new_violation_date": p.new_violation_date,
        "no_limit_matter": p.no_limit_matter, "proposed_form": p.proposed_form, "proposed_by": p.proposed_by, "case": case,
        "submission": p.submission,
    }  # fmt: skip
    if p.decision_number:
        decision = Decision(number=p.decision_number, date=p.decision_date, decided_by=p.decided_by)
        if p.proposed_on:
            params["proposed_on"] = p.proposed_on
        found = services.discipline_record(
            actor=request.user, decision=decision, concluded_on=p.concluded_on, notice_to=p.notice_to, **params
        )
    else:
        found = services.discipline_propose(actor=request.user, proposed_on=p.proposed_on or timezone.localdate(), **params)
    return 201, _detail(found)


@router.get(
    "/disciplines/{discipline_id}",
    response=documented(DisciplineDetailOut, 403, 404, 422),
    summary=gettext_lazy("A discipline with its steps"),
)
def get_discipline(request: HttpRequest, discipline_id: DisciplineId) -> Any:
    return _detail(selectors.discipline_or_404(request.user, discipline_id))


@router.get(
    "/disciplines/{discipline_id}/steps",
    response=documented(list[DisciplineStepOut], 403, 404, 422),
    summary=gettext_lazy("A discipline's steps"),
)
def list_discipline_steps(request: HttpRequest, discipline_id: DisciplineId) -> Any:
    return selectors.discipline_or_404(request.user, discipline_id).steps.order_by("date", "pk")


@router.post(
    "/disciplines/{discipline_id}/steps/{kind}",
    response=documented(DisciplineDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy(
        "Record a step of a discipline: decide, out_of_time, not_disciplined, received, notice, response, restore or apology"
    ),
)
def record_discipline_step(request: HttpRequest, discipline_id: DisciplineId, kind: DisciplineStepKind, payload: DisciplineStepIn) -> Any:
    discipline = selectors.discipline_or_404(request.user, discipline_id)
    selectors.require_record(request.user, discipline.organization, discipline.body)
    p = payload
    params: dict[str, Any] = {
        "date": p.date,
        "form": p.form,
        "concluded_on": p.concluded_on,
        "notice_to": p.notice_to,
        "response": p.response,
        "note": p.note,
    }
    if kind in ("decide", "not_disciplined"):
        params["decision"] = Decision(number=p.decision_number, date=p.decision_date, decided_by=p.decided_by, note=p.note)
    services.DISCIPLINE.run(kind, actor=request.user, obj=discipline, expected_version=p.version, submission=p.submission, **params)
    return _detail(selectors.discipline_or_404(request.user, discipline_id))


# --- suspensions ------------------------------------------------------------------------


@router.post(
    "/suspensions", response=documented({201: SuspensionOut}, 400, 403, 404, 422), summary=gettext_lazy("Suspend a member's Party activity")
)
def create_suspension(request: HttpRequest, payload: SuspensionIn) -> Any:
    p = payload
    org = organization_or_404(request.user, p.organization_id)
    selectors.require_record(request.user, org, p.body)
    member = _member(request, p.member_id)
    assert member is not None
    decision = Decision(number=p.decision_number, date=p.decision_date, decided_by=p.decided_by)
    found = suspension_record(
        actor=request.user,
        organization=org,
        body=p.body,
        member=member,
        reason=p.reason,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        decision=decision,
    )
    return 201, found


@router.post(
    "/suspensions/{suspension_id}/lift",
    response=documented(SuspensionOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Lift a suspension early"),
)
def lift_suspension(request: HttpRequest, suspension_id: SuspensionId, payload: LiftIn) -> Any:
    suspension: Suspension = selectors.suspension_or_404(request.user, suspension_id)
    selectors.require_record(request.user, suspension.organization, suspension.body)
    return suspension_lift(actor=request.user, suspension=suspension, date=payload.date, expected_version=payload.version)


# --- appeals ----------------------------------------------------------------------------


@router.get("/appeals", response=documented(list[AppealOut], 403, 404, 422), summary=gettext_lazy("Appeals against disciplines"))
@paginate(Pages)
def list_appeals(request: HttpRequest, filters: Query[AppealFilters]) -> QuerySet[Appeal]:
    scope = _scope(request, filters.within, Action.INSPECT)
    return selectors.appeal_rows(request.user, scope, filters.dict(), timezone.localdate())


@router.post(
    "/appeals", response=documented({201: AppealDetailOut}, 400, 403, 404, 422), summary=gettext_lazy("File an appeal against a discipline")
)
def file_appeal(request: HttpRequest, payload: AppealIn) -> Any:
    discipline = selectors.discipline_or_404(request.user, payload.discipline_id)
    settling = discipline.organization.parent
    if settling is None:
        raise Http404
    require(request.user, Action.INSPECT, settling)
    found = appeal_services.appeal_file(
        actor=request.user, discipline=discipline, filed_on=payload.filed_on, body=payload.body, grounds=list(payload.grounds),
        content=payload.content, submission=payload.submission,
    )  # fmt: skip
    return 201, _appeal_detail(found)


@router.get("/appeals/{appeal_id}", response=documented(AppealDetailOut, 403, 404, 422), summary=gettext_lazy("An appeal with its steps"))
def get_appeal(request: HttpRequest, appeal_id: AppealId) -> Any:
    return _appeal_detail(selectors.appeal_or_404(request.user, appeal_id))


@router.get(
    "/appeals/{appeal_id}/steps", response=documented(list[DisciplineStepOut], 403, 404, 422), summary=gettext_lazy("An appeal's steps")
)
def list_appeal_steps(request: HttpRequest, appeal_id: AppealId) -> Any:
    return selectors.appeal_or_404(request.user, appeal_id).steps.order_by("date", "pk")


@router.post(
    "/appeals/{appeal_id}/steps/{kind}",
    response=documented(AppealDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Record a step of an appeal: not_accepted or settle"),
)
def record_appeal_step(request: HttpRequest, appeal_id: AppealId, kind: AppealStepKind, payload: AppealStepIn) -> Any:
    appeal = selectors.appeal_or_404(request.user, appeal_id)
    require(request.user, Action.INSPECT, appeal.organization)
    p = payload
    params: dict[str, Any] = {
        "date": p.date,
        "reason": p.reason,
        "outcome": p.outcome,
        "new_form": p.new_form,
        "change_reason": p.change_reason,
    }
    if kind == "settle":
        params["decision"] = Decision(number=p.decision_number, date=p.decision_date, decided_by=p.decided_by)
    appeal_services.APPEAL.run(kind, actor=request.user, obj=appeal, expected_version=p.version, submission=p.submission, **params)
    return _appeal_detail(selectors.appeal_or_404(request.user, appeal_id))
