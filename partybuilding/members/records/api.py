"""Members through the API: the same scope, filters and services as the pages."""

# No `from __future__ import annotations` here: django-ninja resolves the query schema
# of list_members from the real annotation at import time.
import datetime as dt
import uuid
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, cast

from django.db.models import Field as Field_
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import create_model

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Day, Id, Pages, Version, documented
from partybuilding.core.audit import audit_export
from partybuilding.core.listing import PagedRows
from partybuilding.core.scope import Action, organization_or_404

from .. import personal
from ..choices import AcademicTitle, Gender, MemberStatus, Occupation
from ..facts import FACT_FIELDS, MemberFacts
from ..models import Member
from ..personal import PersonalData, masked
from . import exports, selectors, services

router = Router(tags=["members"])


class MemberOut(Schema):
    """The record without personal identifiers (citizen ID and phone are shown on the page
    only); the card number masked unless asked for in full (`full_ids`, audited)."""

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
    education: str
    qualification: str
    theory: str
    occupation: str
    youth_union: bool
    academic_title: str
    readmitted: bool
    private_business_owner: bool
    married_to_foreigner: bool
    family_planning_violation: bool
    foreign_origin: bool
    version: int

    @staticmethod
    def resolve_card_number(obj: Any, context: Any) -> str | None:
        request = (context or {}).get("request")
        return obj.card_number if getattr(request, "full_ids", False) else masked(obj.card_number) or None


class MemberFilters(Schema):
    q: str = Field("", max_length=200, description=gettext_lazy("Name (diacritics ignored) or card number"))
    within: Id | None = Field(None, description=gettext_lazy("An organization: its whole subtree"))
    status: Literal["", "all"] | MemberStatus = Field(
        "", description=gettext_lazy("probationary, official, … ; empty: those in the list; all")
    )
    gender: Literal[""] | Gender = ""
    occupation: Literal[""] | Occupation = ""
    on: Day | None = Field(None, description=gettext_lazy("Members on this date (with `within`)"))
    full_ids: bool = Field(
        False, description=gettext_lazy("Card numbers in full, for those who manage the members of `within` (audited); masked otherwise")
    )


def _bounded(name: str, kind: Any, default: Any) -> tuple[Any, Any]:
    """A personal field as the record's column takes it: its choices, its length, a date in range."""
    column = cast(Field_, Member._meta.get_field(name))
    if kind is dt.date:
        return Day, default
    if column.choices and kind is str:
        return Literal[tuple(str(value) for value, _label in column.choices)], default
    if column.max_length and kind in (str, str | None):
        return kind, Field(default, max_length=column.max_length)
    return kind, default


class PersonalIn(
    create_model(  # type: ignore[misc]
        "PersonalFields", __base__=Schema, **{name: _bounded(name, *typed) for name, typed in personal.field_types().items()}
    )
):
    """The personal fields, as `personal.PersonalData` declares them and the record's columns hold them."""

    def data(self) -> personal.PersonalData:
        return personal.PersonalData(**self.dict(include=set(personal.FIELDS)))


# The titles as literal values (an enum class would become a schema component of its own).
if TYPE_CHECKING:
    AcademicTitleCode = str
else:
    AcademicTitleCode = Literal[tuple(AcademicTitle.values)]


class MemberFactsIn(PersonalIn):
    """The personal fields and what the official statistics count about the member (`facts.MemberFacts`)."""

    academic_title: AcademicTitleCode = AcademicTitle.NONE.value
    readmitted: bool = False
    private_business_owner: bool = False
    married_to_foreigner: bool = False
    family_planning_violation: bool = False
    foreign_origin: bool = False

    def facts(self) -> MemberFacts:
        return MemberFacts(**self.dict(include=set(FACT_FIELDS)))


class MemberIn(MemberFactsIn):
    organization_id: Id
    admission_date: Day
    official_date: Day | None = None
    card_number: str | None = Field(None, max_length=20)
    submission: uuid.UUID | None = None


def _optional(name: str, kind: Any, default: Any) -> tuple[Any, Any]:
    """A personal field a correction may leave out (None: not given), bounded as on entry."""
    bounded, _default = _bounded(name, kind, default)
    column = cast(Field_, Member._meta.get_field(name))
    limit = column.max_length if column.max_length and not column.choices and kind in (str, str | None) else None
    return bounded | None, Field(None, max_length=limit) if limit else None


class MemberCorrectionIn(
    create_model(  # type: ignore[misc]
        "MemberCorrectionFields", __base__=Schema, **{name: _optional(name, *typed) for name, typed in personal.field_types().items()}
    )
):
    """A correction of a member's record: only the fields given change (citizen ID, phone and
    card number are not read back by the API, so leaving them out keeps them)."""

    academic_title: AcademicTitleCode | None = None
    readmitted: bool | None = None
    private_business_owner: bool | None = None
    married_to_foreigner: bool | None = None
    family_planning_violation: bool | None = None
    foreign_origin: bool | None = None
    card_number: str | None = Field(
        None,
        max_length=20,
        pattern=r"^(\d{6,20})?$",
        description=gettext_lazy("The Party card number in full (6 to 20 digits; empty clears it)"),
    )
    version: Version | None = None

    def given(self) -> dict[str, Any]:
        return self.dict(exclude_none=True, exclude={"version"})


@router.get(
    "",
    response=documented(list[MemberOut], 403, 404, 422),
    summary=gettext_lazy("Members in your scope, sorted as Vietnamese lists are; a search by name lists its best matches first"),
)
@paginate(Pages)
def list_members(request: HttpRequest, filters: Query[MemberFilters]) -> Any:
    within = organization_or_404(request.user, filters.within) if filters.within is not None else None
    if filters.full_ids and not exports.full_ids_allowed(request.user, within):
        raise HttpError(403, full_ids_refusal())
    members = selectors.member_list(request.user, within, filters.dict(), timezone.localdate())
    if filters.q:  # the best matches first, as the list page shows them; only the page's rows are read
        ranked = selectors.ranked_search(members, filters.q)[: selectors.SEARCH_LIMIT]
        found = PagedRows(ranked, partial(in_order, members))
    else:  # counted from the subtree totals when the filters allow, as the list page is
        found = PagedRows(members, count=known_total(within, filters))
    if filters.full_ids:
        request.full_ids = True  # type: ignore[attr-defined]  # read by MemberOut
        audit_export(actor=request.user, what="member_list_api", rows=rows_on_page(request, len(found)), within=within, full_ids=True)
    return found


def known_total(within: Any, filters: MemberFilters) -> Any:
    """The list's length from the subtree totals when its filters allow (None: count the rows)."""
    return selectors.counted_total(within, filters.dict(exclude={"q", "within", "full_ids"})) if within is not None else None


def in_order(members: QuerySet[Member], ids: list[int]) -> list[Member]:
    rows = members.in_bulk(ids)
    return [rows[pk] for pk in ids]


def full_ids_refusal() -> str:
    return _(
        "Card numbers in full are listed only for those who manage the members of the organization given as `within` "
        "(personal data protection, Decree 13/2023/NĐ-CP)."
    )


def rows_on_page(request: HttpRequest, total: int) -> int:
    """How many rows of the list the page asked for holds (its audit entry counts what was sent)."""
    pages = Pages()
    try:
        page, size = (
            int(request.GET.get("page") or 1),
            pages._get_page_size(int(request.GET["page_size"]) if request.GET.get("page_size") else None),
        )
    except ValueError:
        return 0
    return max(0, min(size, total - (page - 1) * size))


@router.get(
    "/dashboard/{org_id}",
    response=documented(dict[str, Any], 403, 404, 422),
    summary=gettext_lazy("Member figures of an organization's subtree"),
)
def dashboard(request: HttpRequest, org_id: Id) -> dict[str, Any]:
    org = organization_or_404(request.user, org_id, Action.VIEW_MEMBERS)
    figures = selectors.dashboard(org, timezone.localdate())
    figures.pop("totals")
    return {k: [{"label": f.label, "value": f.value} for f in v] if isinstance(v, list) else v for k, v in figures.items()}


@router.get(
    "/{int:member_id}",
    response=documented(MemberOut, 403, 404, 422),
    summary=gettext_lazy("A member's record (the reading is audited, as on the page)"),
)
def get_member(request: HttpRequest, member_id: Id, full_ids: bool = False) -> Any:
    if not full_ids:
        return selectors.read_record(request.user, member_id)
    # The card number in full, as "Show in full" on the page: an audited reveal.
    request.full_ids = True  # type: ignore[attr-defined]  # read by MemberOut
    return selectors.read_record(request.user, member_id, purpose="reveal", fields=["card_number"])


@router.post("", response=documented({201: MemberOut}, 400, 403, 404, 422), summary=gettext_lazy("Enter a member's record"))
def create_member(request: HttpRequest, payload: MemberIn) -> Any:
    member = services.member_register(
        actor=request.user,
        organization=organization_or_404(request.user, payload.organization_id, Action.MANAGE_MEMBERS),
        data=payload.data(),
        admission_date=payload.admission_date,
        official_date=payload.official_date,
        card_number=payload.card_number,
        facts=payload.facts(),
        submission=payload.submission,
    )
    return 201, member


@router.patch(
    "/{int:member_id}",
    response=documented(MemberOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Correct a member's record: the fields given change, the others stay"),
)
def correct_member(request: HttpRequest, member_id: Id, payload: MemberCorrectionIn) -> Any:
    member = selectors.member_or_404(request.user, member_id, Action.MANAGE_MEMBERS)
    given = payload.given()
    data = PersonalData(**{**vars(PersonalData.of(member)), **{k: v for k, v in given.items() if k in personal.FIELDS}})
    return services.member_update(
        actor=request.user,
        member=member,
        data=data,
        facts=MemberFacts.of(member).changed(**given),
        card_number=given.get("card_number", member.card_number),
        expected_version=payload.version,
    )
