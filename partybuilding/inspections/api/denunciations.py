"""Denunciations and petitions through the API: the same selectors, services and the same
rule of who reads who denounced (`selectors.identity_for`) as the pages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query
from ninja.pagination import paginate

from partybuilding.accounts.models import User
from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, organization_or_404, require, visible_or_404
from partybuilding.members.models import Member

from ..models import Case, Denunciation, Discipline
from ..selectors import denunciations as selectors
from ..services import denunciations as services
from .denunciations_schemas import (
    STEP_DOC,
    DenunciationDetailOut,
    DenunciationFilters,
    DenunciationHandlerIn,
    DenunciationHandlerOut,
    DenunciationId,
    DenunciationIn,
    DenunciationOut,
    DenunciationStepIn,
    DenunciationStepOut,
    HandlerReleaseIn,
    StepName,
    UserId,
)
from .router import router


def _detail(request: HttpRequest, d: Denunciation) -> dict[str, Any]:
    """The denunciation, with who denounced for a current handler alone (audited)."""
    out = DenunciationOut.from_orm(d).dict()
    return {**out, "denouncer": selectors.identity_for(request.user, d, read_in="api")}


@router.get(
    "/denunciations",
    response=documented(list[DenunciationOut], 403, 404, 422),
    summary=gettext_lazy("Denunciations and petitions of your scope"),
)
@paginate(Pages)
def list_denunciations(request: HttpRequest, filters: Query[DenunciationFilters]) -> Any:
    scope = None
    if filters.within is not None:
        scope = organization_or_404(request.user, filters.within)
        require(request.user, Action.INSPECT, scope)
    rows = selectors.in_scope(request.user, scope)
    chosen = {name: getattr(filters, name) for name in ("kind", "status", "channel", "year")}
    return selectors.filtered(rows, chosen, timezone.localdate()).order_by("-received_on", "-pk")


@router.post(
    "/denunciations",
    response=documented({201: DenunciationDetailOut}, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Record a denunciation, petition or complaint (its recorder becomes its first handler)"),
)
def record_denunciation(request: HttpRequest, payload: DenunciationIn) -> Any:
    org = organization_or_404(request.user, payload.organization_id, Action.INSPECT)
    data = payload.dict()
    member_id, subject_org_id, repeat_id = data.pop("subject_member_id"), data.pop("subject_organization_id"), data.pop("repeat_of_id")
    data.pop("organization_id")
    member = visible_or_404(Member, request.user, member_id) if member_id else None
    subject_org = organization_or_404(request.user, subject_org_id) if subject_org_id else None
    repeat_of = visible_or_404(Denunciation, request.user, repeat_id) if repeat_id else None
    d = services.denunciation_record(
        actor=request.user, organization=org, subject_member=member, subject_organization=subject_org, repeat_of=repeat_of, **data
    )
    return 201, _detail(request, d)


@router.get(
    "/denunciations/{denunciation_id}",
    response=documented(DenunciationDetailOut, 404, 422),
    summary=gettext_lazy("A denunciation (who denounced: for its handlers only)"),
)
def get_denunciation(request: HttpRequest, denunciation_id: DenunciationId) -> Any:
    return _detail(request, selectors.denunciation_or_404(request.user, denunciation_id, Action.INSPECT))


@router.get(
    "/denunciations/{denunciation_id}/steps",
    response=documented(list[DenunciationStepOut], 404, 422),
    summary=gettext_lazy("A denunciation's history"),
)
def list_steps(request: HttpRequest, denunciation_id: DenunciationId) -> Any:
    return list(selectors.steps_of(selectors.denunciation_or_404(request.user, denunciation_id, Action.INSPECT)))


@router.post(
    "/denunciations/{denunciation_id}/steps/{kind}",
    response=documented(DenunciationOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Record a step: not processed, accepted, extended, concluded, notified"),
    description=STEP_DOC,
)
def record_step(request: HttpRequest, denunciation_id: DenunciationId, kind: StepName, payload: DenunciationStepIn) -> Any:
    d = selectors.denunciation_or_404(request.user, denunciation_id, Action.INSPECT)
    data = payload.dict()
    params: dict[str, Any] = {"date": data["date"]}
    if kind == "not_processed":
        params["reason"] = data["reason"]
    elif kind == "extend":
        params["days"] = data["days"]
    elif kind == "conclude":
        params.update(
            finding=data["finding"],
            conclusion=data["conclusion"],
            decision=Decision(data["decision_number"], data["decision_date"]),
            case=visible_or_404(Case, request.user, data["case_id"]) if data["case_id"] else None,
            discipline=visible_or_404(Discipline, request.user, data["discipline_id"]) if data["discipline_id"] else None,
        )
    return services.denunciation_step(
        kind, actor=request.user, denunciation=d, expected_version=data["version"], submission=data["submission"], **params
    )


@router.get(
    "/denunciations/{denunciation_id}/handlers",
    response=documented(list[DenunciationHandlerOut], 404, 422),
    summary=gettext_lazy("A denunciation's handlers"),
)
def list_handlers(request: HttpRequest, denunciation_id: DenunciationId) -> Any:
    d = selectors.denunciation_or_404(request.user, denunciation_id, Action.INSPECT)
    return list(d.handlers.select_related("user").order_by("assigned_on", "pk"))


@router.post(
    "/denunciations/{denunciation_id}/handlers",
    response=documented({201: DenunciationHandlerOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Assign a handler (never the subject of the denunciation)"),
)
def assign_handler(request: HttpRequest, denunciation_id: DenunciationId, payload: DenunciationHandlerIn) -> Any:
    d = selectors.denunciation_or_404(request.user, denunciation_id, Action.INSPECT)
    user = User.objects.filter(pk=payload.user_id).first()
    if user is None:
        raise Http404
    return 201, services.handler_assign(actor=request.user, denunciation=d, user=user, date=payload.date)


@router.post(
    "/denunciations/{denunciation_id}/handlers/{user_id}/release",
    response=documented(DenunciationHandlerOut, 400, 403, 404, 422),
    summary=gettext_lazy("Release a handler: they no longer read who denounced"),
)
def release_handler(request: HttpRequest, denunciation_id: DenunciationId, user_id: UserId, payload: HandlerReleaseIn) -> Any:
    d = selectors.denunciation_or_404(request.user, denunciation_id, Action.INSPECT)
    handler = get_object_or_404(d.handlers.filter(released_on__isnull=True), user_id=user_id)
    return services.handler_release(actor=request.user, handler=handler, date=payload.date)
