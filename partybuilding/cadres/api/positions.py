"""Posts and posts held through the API: the same scope, selectors and services as the pages.
Reading needs "view cadres" over the managing organization; writing "manage cadres"."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.http import HttpRequest
from ninja import Query
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.scope import Action, organization_or_404, require

from ..models import Holding, Position
from ..selectors import cadres as selectors
from ..services import positions as services
from .records_schemas import (
    CadreActiveIn,
    CadreHoldingIn,
    CadreHoldingOut,
    CadreId,
    CadrePositionDetailOut,
    CadrePositionEditIn,
    CadrePositionFilters,
    CadrePositionIn,
    CadrePositionOut,
    PositionId,
)
from .router import router


def within(request: HttpRequest, pk: int | None, action: Action = Action.VIEW_CADRES) -> Any:
    """The organization a list is of (404 outside the scope, 403 without the action there);
    None: all the user reads."""
    if pk is None:
        return None
    org = organization_or_404(request.user, pk)
    require(request.user, action, org)
    return org


def holding_out(row: Holding) -> dict[str, Any]:
    fields = ("id", "cadre_id", "position_id", "started_on", "term_ends", "ended_on", "suspended_until")
    return {**{name: getattr(row, name) for name in fields}, "cadre_name": row.cadre.full_name}


def _detail(request: HttpRequest, position: Position) -> dict[str, Any]:
    return {
        **{name: getattr(position, name) for name in CadrePositionOut.model_fields},
        "holders": [holding_out(h) for h in selectors.holders_now(position)],
        "earlier_holders": [holding_out(h) for h in selectors.holders_before(position)],
        "planned_cadre_ids": [e.cadre_id for e in selectors.planned_for(request.user, position)],
    }


@router.get("/positions", response=documented(list[CadrePositionOut], 403, 404, 422), summary=gettext_lazy("Posts managed in a scope"))
@paginate(Pages)
def list_positions(request: HttpRequest, filters: Query[CadrePositionFilters]) -> Any:
    rows = selectors.positions_in(request.user, within(request, filters.within))
    values = filters.dict()
    values["managed_by"] = values.pop("managed_by_id")
    return selectors.filtered_positions(rows, values).order_by("manager_path", "grade", "name", "pk")


@router.post(
    "/positions",
    response=documented({201: CadrePositionDetailOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Create a post: its grade defaults from its title, its level from the managing organization"),
)
def create_position(request: HttpRequest, payload: CadrePositionIn) -> Any:
    org = organization_or_404(request.user, payload.organization_id, Action.MANAGE_CADRES)
    manager = organization_or_404(request.user, payload.managed_by_id, Action.MANAGE_CADRES) if payload.managed_by_id else org
    fields = payload.dict(exclude={"organization_id", "managed_by_id", "version"})
    position = services.position_create(actor=request.user, organization=org, managed_by=manager, **fields)
    return 201, _detail(request, position)


@router.get(
    "/positions/{position_id}",
    response=documented(CadrePositionDetailOut, 404, 422),
    summary=gettext_lazy("A post: who holds it now and before, who is planned for it"),
)
def get_position(request: HttpRequest, position_id: PositionId) -> Any:
    return _detail(request, selectors.position_or_404(request.user, position_id))


@router.put(
    "/positions/{position_id}",
    response=documented(CadrePositionDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Edit a post (its organization and manager stay)"),
)
def edit_position(request: HttpRequest, position_id: PositionId, payload: CadrePositionEditIn) -> Any:
    position = selectors.position_or_404(request.user, position_id, Action.MANAGE_CADRES)
    fields = payload.dict(exclude={"version"})
    services.position_edit(actor=request.user, position=position, expected_version=payload.version, **fields)
    return _detail(request, position)


@router.post(
    "/positions/{position_id}/active",
    response=documented(CadrePositionDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Take a post out of use, or put it back in use (a post is never deleted)"),
)
def set_position_active(request: HttpRequest, position_id: PositionId, payload: CadreActiveIn) -> Any:
    position = selectors.position_or_404(request.user, position_id, Action.MANAGE_CADRES)
    services.position_set_active(actor=request.user, position=position, active=payload.active, expected_version=payload.version)
    return _detail(request, position)


@router.post(
    "/records/{cadre_id}/holdings",
    response=documented({201: CadreHoldingOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Record a post a cadre holds or held, for the history"),
)
def create_holding(request: HttpRequest, cadre_id: CadreId, payload: CadreHoldingIn) -> Any:
    cadre = selectors.cadre_or_404(request.user, cadre_id, Action.MANAGE_CADRES)
    position = selectors.position_or_404(request.user, payload.position_id)
    holding = services.holding_record(
        actor=request.user,
        cadre=cadre,
        position=position,
        started_on=payload.started_on,
        term_ends=payload.term_ends,
        ended_on=payload.ended_on,
    )
    return 201, holding_out(holding)
