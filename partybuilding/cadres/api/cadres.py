"""Cadre records through the API: the list of a scope, a record (its reading audited), one
created from a member record or for a person outside them, its edit and refresh, the
standards it lacks for a post, and its profile sheet (PDF, audited)."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.scope import Action, organization_or_404
from partybuilding.members.records.selectors import member_or_404

from .. import cv
from ..models import Cadre
from ..selectors import cadres as selectors
from ..selectors import standards
from ..services import cadres as services
from ..services.cadres import CADRE_FIELDS
from .positions import holding_out, within
from .records_schemas import (
    CadreDetailOut,
    CadreEditIn,
    CadreFilters,
    CadreFromMemberIn,
    CadreGapFilters,
    CadreGapOut,
    CadreId,
    CadreOut,
    CadrePersonIn,
    CadreVersionIn,
    PositionId,
)
from .router import router
from .training import training_out


def _detail(cadre: Cadre) -> dict[str, Any]:
    return {
        **{name: getattr(cadre, name) for name in CadreOut.model_fields},
        "holdings": [holding_out(h) for h in selectors.cadre_holdings(cadre)],
        "trainings": [training_out(t) for t in selectors.cadre_courses(cadre)],
    }


def _facts(payload: Any) -> dict[str, Any]:
    return {name: getattr(payload, name) for name in CADRE_FIELDS}


@router.get("/records", response=documented(list[CadreOut], 403, 404, 422), summary=gettext_lazy("Cadre records of a scope"))
@paginate(Pages)
def list_cadres(request: HttpRequest, filters: Query[CadreFilters]) -> Any:
    rows = selectors.cadres_in(request.user, within(request, filters.within))
    values = filters.dict()
    values["managed_by"] = values.pop("managed_by_id")
    return selectors.filtered_cadres(rows, values, timezone.localdate()).order_by("sort_key", "pk")


@router.post(
    "/records/from-member",
    response=documented({201: CadreDetailOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Create a cadre record from a member record (one per member)"),
)
def create_from_member(request: HttpRequest, payload: CadreFromMemberIn) -> Any:
    manager = organization_or_404(request.user, payload.managed_by_id, Action.MANAGE_CADRES)
    member = member_or_404(request.user, payload.member_id)
    cadre = services.cadre_from_member(actor=request.user, member=member, managed_by=manager, **_facts(payload))
    return 201, _detail(cadre)


@router.post(
    "/records/person",
    response=documented({201: CadreDetailOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Create the cadre record of a person outside the member records"),
)
def create_person(request: HttpRequest, payload: CadrePersonIn) -> Any:
    manager = organization_or_404(request.user, payload.managed_by_id, Action.MANAGE_CADRES)
    cadre = services.cadre_create_person(actor=request.user, managed_by=manager, data=payload.data(), **_facts(payload))
    return 201, _detail(cadre)


@router.get(
    "/records/{cadre_id}", response=documented(CadreDetailOut, 404, 422), summary=gettext_lazy("A cadre record (its reading is audited)")
)
def get_cadre(request: HttpRequest, cadre_id: CadreId) -> Any:
    return _detail(selectors.read_cadre(request.user, cadre_id))


@router.put(
    "/records/{cadre_id}",
    response=documented(CadreDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Edit a cadre record: its facts, its manager, and a non-member's personal fields"),
)
def edit_cadre(request: HttpRequest, cadre_id: CadreId, payload: CadreEditIn) -> Any:
    cadre = selectors.cadre_or_404(request.user, cadre_id, Action.MANAGE_CADRES)
    manager = organization_or_404(request.user, payload.managed_by_id, Action.MANAGE_CADRES)
    data = payload.personal.data() if payload.personal is not None else None
    services.cadre_edit(actor=request.user, cadre=cadre, managed_by=manager, data=data, expected_version=payload.version, **_facts(payload))  # fmt: skip
    return _detail(cadre)


@router.post(
    "/records/{cadre_id}/refresh",
    response=documented(CadreDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Copy the member record's personal fields again"),
)
def refresh_cadre(request: HttpRequest, cadre_id: CadreId, payload: CadreVersionIn) -> Any:
    cadre = selectors.cadre_or_404(request.user, cadre_id, Action.MANAGE_CADRES)
    services.cadre_refresh(actor=request.user, cadre=cadre, expected_version=payload.version)
    return _detail(cadre)


@router.get(
    "/records/{cadre_id}/standards/{position_id}",
    response=documented(CadreGapOut, 404, 422),
    summary=gettext_lazy("The standards of a post a cadre does not meet"),
)
def standards_gap(request: HttpRequest, cadre_id: CadreId, position_id: PositionId, filters: Query[CadreGapFilters]) -> Any:
    cadre = selectors.cadre_or_404(request.user, cadre_id)
    position = selectors.position_or_404(request.user, position_id)
    on = filters.on or timezone.localdate()
    missing = standards.lacks(cadre, position, on)
    return {"cadre_id": cadre.pk, "position_id": position.pk, "on": on, "standards": standards.standards_of(position, on), "missing": missing}  # fmt: skip


@router.get(
    "/records/{cadre_id}/profile.pdf",
    response=documented({200: None}, 404, 422),
    summary=gettext_lazy("The cadre's profile sheet, form 2C (PDF; the download is audited)"),
)
def profile_pdf(request: HttpRequest, cadre_id: CadreId) -> Any:
    cadre = selectors.read_cadre(request.user, cadre_id, purpose="export_pdf")
    response: HttpResponse = cv.cv_response(request, cadre)
    return response
