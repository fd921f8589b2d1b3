"""Party cards through the API: the cards issued in the scope, and a card issued to a member."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.
import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Day, Id, Pages, Version, Year, documented
from partybuilding.core.audit import audit_export
from partybuilding.core.scope import Action, organization_or_404

from ..choices import CardIssueKind
from ..personal import masked
from ..records import exports
from ..records.api import full_ids_refusal, rows_on_page
from ..records.selectors import member_or_404
from . import selectors, services

router = Router(tags=["cards"])  # /api/members/cards
member_router = Router(tags=["cards"])  # /api/members/{member_id}/cards


class CardOut(Schema):
    id: int
    member_id: int
    full_name: str = Field(alias="member.full_name", description=gettext_lazy("The member's full name"))
    organization_id: int = Field(alias="member.organization_id", description=gettext_lazy("The member's organization"))
    kind: str = Field(description=gettext_lazy("first, lost (re-issued after a loss) or damaged (replaced)"))
    number: str = Field(description=gettext_lazy("The card's number (masked unless asked for in full)"))
    issued_on: dt.date = Field(description=gettext_lazy("The day the card was issued"))
    decision_number: str

    @staticmethod
    def resolve_number(obj: Any, context: Any) -> str:
        request = (context or {}).get("request")
        return obj.number if getattr(request, "full_ids", False) else masked(obj.number)


class CardFilters(Schema):
    q: str = Field("", max_length=150, description=gettext_lazy("A card number, or the start of the member's name (diacritics ignored)"))
    within: Id | None = Field(None, description=gettext_lazy("An organization: its whole subtree"))
    year: Year | None = Field(None, description=gettext_lazy("The year the cards were issued"))
    kind: Literal[""] | CardIssueKind = Field("", description=gettext_lazy("first, lost or damaged; empty: all"))
    full_ids: bool = Field(
        False, description=gettext_lazy("Card numbers in full, for those who manage the members of `within` (audited); masked otherwise")
    )


class CardIn(Schema):
    kind: CardIssueKind = Field(description=gettext_lazy("first, lost (re-issued after a loss) or damaged (replaced)"))
    number: str = Field(
        "",
        max_length=20,
        pattern=r"^(\d{6,20})?$",
        description=gettext_lazy("The card's number; empty for a card re-issued or replaced with the same number"),
    )
    issued_on: Day = Field(description=gettext_lazy("The day the card was issued"))
    decision_number: str = Field("", max_length=64)
    version: Version | None = None


@router.get(
    "",
    response=documented(list[CardOut], 403, 404, 422),
    summary=gettext_lazy("Party cards issued in your scope, the latest first"),
)
@paginate(Pages)
def list_cards(request: HttpRequest, filters: Query[CardFilters]) -> Any:
    within = organization_or_404(request.user, filters.within) if filters.within is not None else None
    if filters.full_ids and not exports.full_ids_allowed(request.user, within):
        raise HttpError(403, full_ids_refusal())
    found = selectors.filtered(request.user, within, filters.dict())
    if filters.full_ids:
        request.full_ids = True  # type: ignore[attr-defined]  # read by CardOut
        audit_export(actor=request.user, what="card_list_api", rows=rows_on_page(request, found.count()), within=within, full_ids=True)
    return found


@member_router.post(
    "/{int:member_id}/cards",
    response=documented({201: CardOut}, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Record a Party card issued to a member (its number becomes the record's card number)"),
)
def issue_card(request: HttpRequest, member_id: Id, payload: CardIn) -> Any:
    member = member_or_404(request.user, member_id, Action.MANAGE_MEMBERS)
    card = services.issue_card(
        actor=request.user,
        member=member,
        kind=payload.kind,
        number=payload.number,
        issued_on=payload.issued_on,
        decision_number=payload.decision_number,
        expected_version=payload.version,
    )
    request.full_ids = bool(payload.number)  # type: ignore[attr-defined]  # the number the caller gave, as given
    return 201, card
