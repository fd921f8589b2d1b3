"""Members through the API: the same scope, filters and services as the pages."""

# No `from __future__ import annotations` here: django-ninja resolves the query schema
# of list_members from the real annotation at import time.
import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import create_model

from partybuilding.core.scope import Action, organization_or_404

from .. import personal
from . import selectors, services

router = Router(tags=["members"])


class MemberOut(Schema):
    """The record without personal identifiers (citizen ID and phone are shown on the page only)."""

    id: int
    full_name: str
    family_name: str
    middle_name: str
    given_name: str
    gender: str
    date_of_birth: dt.date
    ethnicity: str
    religion: str
    organization_id: int
    status: str
    admission_date: dt.date
    official_date: dt.date | None
    card_number: str | None
    exempt_since: dt.date | None
    version: int


class MemberFilters(Schema):
    q: str = Field("", description="Name (diacritics ignored) or card number")
    within: int | None = Field(None, description="An organization: its whole subtree")
    status: str = Field("", description="probationary, official, … ; empty: those in the list")
    gender: str = ""
    on: dt.date | None = Field(None, description="Members on this date (with `within`)")


class PersonalIn(create_model("PersonalFields", __base__=Schema, **personal.field_types())):  # type: ignore[misc]
    """The personal fields, as `personal.PersonalData` declares them."""

    def data(self) -> personal.PersonalData:
        return personal.PersonalData(**self.dict(include=set(personal.FIELDS)))


class MemberIn(PersonalIn):
    organization_id: int
    admission_date: dt.date
    official_date: dt.date | None = None
    card_number: str | None = None
    submission: uuid.UUID | None = None


@router.get(
    "",
    response=list[MemberOut],
    summary="Members in your scope, sorted as Vietnamese lists are; a search by name lists its best matches first",
)
@paginate(PageNumberPagination)
def list_members(request: HttpRequest, filters: Query[MemberFilters]) -> Any:
    within = organization_or_404(request.user, filters.within) if filters.within is not None else None
    members = selectors.member_list(request.user, within, filters.dict(), timezone.localdate())
    if filters.q:  # the best matches first, as the list page shows them
        found = selectors.ranked_search(members, filters.q)[: selectors.SEARCH_LIMIT]
        rows = members.in_bulk(found)
        return [rows[pk] for pk in found]
    return members


@router.get("/dashboard/{org_id}", summary="Member figures of an organization's subtree")
def dashboard(request: HttpRequest, org_id: int) -> dict[str, Any]:
    org = organization_or_404(request.user, org_id, Action.VIEW_MEMBERS)
    figures = selectors.dashboard(org, timezone.localdate())
    figures.pop("totals")
    return {k: [{"label": f.label, "value": f.value} for f in v] if isinstance(v, list) else v for k, v in figures.items()}


@router.get("/{int:member_id}", response=MemberOut, summary="A member's record (the reading is audited, as on the page)")
def get_member(request: HttpRequest, member_id: int) -> Any:
    return selectors.read_record(request.user, member_id)


@router.post("", response={201: MemberOut}, summary="Enter a member's record")
def create_member(request: HttpRequest, payload: MemberIn) -> Any:
    member = services.member_register(
        actor=request.user,
        organization=organization_or_404(request.user, payload.organization_id, Action.MANAGE_MEMBERS),
        data=payload.data(),
        admission_date=payload.admission_date,
        official_date=payload.official_date,
        card_number=payload.card_number,
        submission=payload.submission,
    )
    return 201, member
