"""Rotations, transfers and the periodic change of post through the API: the same scope,
selectors and services as the pages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, organization_or_404, visible_or_404

from ..models import Cadre, Position
from ..selectors import moves as selectors
from ..services import moves as services
from .moves_schemas import (
    CadreMoveFields,
    CadreMoveFilters,
    CadreMoveId,
    CadreMoveIn,
    CadreMoveOut,
    CadreMoveUpdateIn,
    CadrePeriodicDueOut,
    CadrePeriodicFilters,
)
from .router import router


def _within(request: HttpRequest, within: int | None) -> Any:
    return organization_or_404(request.user, within, Action.VIEW_CADRES) if within is not None else None


def _fields(request: HttpRequest, p: CadreMoveFields) -> dict[str, Any]:
    """The move's fields, its cadre and posts among those the user reads (else 404)."""
    post = lambda pk: visible_or_404(Position, request.user, pk) if pk is not None else None  # noqa: E731
    return {
        "kind": p.kind,
        "cadre": visible_or_404(Cadre, request.user, p.cadre_id),
        "from_position": post(p.from_position_id),
        "from_text": p.from_text,
        "to_position": post(p.to_position_id),
        "to_text": p.to_text,
        "direction": p.direction,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "purpose": p.purpose,
        "additional_post": p.additional_post,
        "decision": Decision(number=p.decision_number, date=p.decision_date, decided_by=p.decided_by),
    }


@router.get(
    "/moves",
    response=documented(list[CadreMoveOut], 403, 404, 422),
    summary=gettext_lazy("Rotations, transfers and periodic changes of post"),
)
@paginate(Pages)
def list_moves(request: HttpRequest, filters: Query[CadreMoveFilters]) -> Any:
    rows = selectors.moves_in(request.user, _within(request, filters.within))
    return selectors.filtered_moves(rows, filters.dict()).order_by("-starts_on", "-pk")


@router.post(
    "/moves",
    response=documented({201: CadreMoveOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Record a rotation, a transfer or a periodic change of post"),
)
def create_move(request: HttpRequest, payload: CadreMoveIn) -> Any:
    org = organization_or_404(request.user, payload.organization_id, Action.MANAGE_CADRES)
    move = services.move_create(actor=request.user, organization=org, takes_up=payload.takes_up, **_fields(request, payload))
    return 201, selectors.move_or_404(request.user, move.pk)


@router.get("/moves/{move_id}", response=documented(CadreMoveOut, 403, 404, 422), summary=gettext_lazy("A move"))
def get_move(request: HttpRequest, move_id: CadreMoveId) -> Any:
    return selectors.move_or_404(request.user, move_id)


@router.put(
    "/moves/{move_id}", response=documented(CadreMoveOut, 400, 403, 404, 409, 422), summary=gettext_lazy("Correct a move (its version)")
)
def update_move(request: HttpRequest, move_id: CadreMoveId, payload: CadreMoveUpdateIn) -> Any:
    move = selectors.move_or_404(request.user, move_id, Action.MANAGE_CADRES)
    services.move_update(actor=request.user, move=move, expected_version=payload.version, **_fields(request, payload))
    return selectors.move_or_404(request.user, move_id)


@router.get(
    "/periodic-change-due",
    response=documented(list[CadrePeriodicDueOut], 403, 404, 422),
    summary=gettext_lazy("Cadres in posts prone to corruption due for a periodic change of post"),
)
@paginate(Pages)
def list_periodic_due(request: HttpRequest, filters: Query[CadrePeriodicFilters]) -> Any:
    return selectors.periodic_due(request.user, _within(request, filters.within), timezone.localdate(), filters.dict())
