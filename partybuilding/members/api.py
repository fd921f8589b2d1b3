"""Members through the API: the same scope, filters and services as the pages."""

# No `from __future__ import annotations` here: django-ninja resolves the query schema
# of list_members from the real annotation at import time.
import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, organization_or_404, require
from partybuilding.organizations.models import Organization

from . import imports, selectors, services
from .choices import IN_LIST
from .models import Member, MemberEvent

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


class EventOut(Schema):
    kind: str
    date: dt.date
    organization_id: int
    to_organization_id: int | None
    outside_party: str
    decision_number: str
    decision_date: dt.date | None
    reason: str


class MemberFilters(Schema):
    q: str = Field("", description="Name (diacritics ignored) or card number")
    within: int | None = Field(None, description="An organization: its whole subtree")
    status: str = Field("", description="probationary, official, … ; empty: those in the list")
    gender: str = ""
    on: dt.date | None = Field(None, description="Members on this date (with `within`)")


class PersonalIn(Schema):
    family_name: str
    middle_name: str = ""
    given_name: str
    gender: str
    date_of_birth: dt.date
    ethnicity: str = "01"
    religion: str = "none"
    home_town: str = ""
    citizen_id: str | None = None
    phone: str = ""
    education: str = "upper_secondary"
    qualification: str = "none"
    theory: str = "none"
    occupation: str = "other"
    workplace: str = ""
    positions: str = ""
    youth_union: bool = False

    def data(self) -> services.PersonalData:
        return services.PersonalData(**self.dict())


class MemberIn(PersonalIn):
    organization_id: int
    admission_date: dt.date
    official_date: dt.date | None = None
    card_number: str | None = None
    submission: uuid.UUID | None = None


class EventIn(Schema):
    kind: str = Field(description="recognize, transfer, transfer_out, exempt, lift, remove, expel, leave, die")
    date: dt.date | None = None
    decision_number: str = ""
    decision_date: dt.date | None = None
    decided_by: str = ""
    note: str = ""
    to_organization_id: int | None = None
    outside: str = ""
    reason: str = ""
    votes_for: int | None = None
    official_members: int | None = None
    version: int | None = None
    submission: uuid.UUID | None = None


class ImportIssueOut(Schema):
    line: int
    column: str
    message: str
    rule: str


class ImportOut(Schema):
    rows: int
    imported: int
    issues: list[ImportIssueOut] = Field(description="Every refused row, with its line in the file and the reason")


def _member(request: HttpRequest, pk: int) -> Member:
    member = Member.objects.visible_to(request.user).filter(pk=pk).select_related("organization").first()
    if member is None:
        raise Http404
    return member


def _cell(request: HttpRequest, pk: int) -> Organization:
    org = organization_or_404(request.user, pk)
    require(request.user, Action.MANAGE_MEMBERS, org)
    return org


@router.get(
    "",
    response=list[MemberOut],
    summary="Members in your scope, sorted as Vietnamese lists are; a search by name lists its best matches first",
)
@paginate(PageNumberPagination)
def list_members(request: HttpRequest, filters: Query[MemberFilters]) -> Any:
    members: QuerySet[Member] = Member.objects.visible_to(request.user)
    if filters.within is not None:
        within = organization_or_404(request.user, filters.within)
        members = (
            selectors.members_on(within, filters.on).filter(pk__in=members.values("pk"))
            if filters.on
            else selectors.in_subtree(members, within)
        )
    if not filters.on:
        members = members.filter(status=filters.status) if filters.status else members.filter(status__in=IN_LIST)
    if filters.gender:
        members = members.filter(gender=filters.gender)
    if filters.q:  # the best matches first, as the list page shows them
        found = selectors.ranked_search(members, filters.q)[: selectors.SEARCH_LIMIT]
        rows = members.in_bulk(found)
        return [rows[pk] for pk in found]
    return members.order_by("sort_key", "pk")


@router.get("/dashboard/{org_id}", summary="Member figures of an organization's subtree")
def dashboard(request: HttpRequest, org_id: int) -> dict[str, Any]:
    org = organization_or_404(request.user, org_id)
    require(request.user, Action.VIEW_MEMBERS, org)
    figures = selectors.dashboard(org, timezone.localdate())
    figures.pop("totals")
    return {k: [{"label": f.label, "value": f.value} for f in v] if isinstance(v, list) else v for k, v in figures.items()}


@router.get("/{int:member_id}", response=MemberOut)
def get_member(request: HttpRequest, member_id: int) -> Any:
    return _member(request, member_id)


@router.get("/{int:member_id}/events", response=list[EventOut], summary="The member's timeline")
def get_events(request: HttpRequest, member_id: int) -> Any:
    return MemberEvent.objects.filter(member=_member(request, member_id)).order_by("date", "id")


@router.post("", response={201: MemberOut}, summary="Enter a member's record")
def create_member(request: HttpRequest, payload: MemberIn) -> Any:
    cell = _cell(request, payload.organization_id)
    member = services.member_register(
        actor=request.user,
        organization=cell,
        data=PersonalIn(**payload.dict(include=set(PersonalIn.model_fields))).data(),
        admission_date=payload.admission_date,
        official_date=payload.official_date,
        card_number=payload.card_number,
        submission=payload.submission,
    )
    return 201, member


@router.post(
    "/import",
    response={200: ImportOut, 422: ImportOut},
    summary="Import members from a file in the page's template: every row checked, all or nothing; dry_run only checks",
)
def import_members(request: HttpRequest, file: UploadedFile = File(...), dry_run: bool = Form(False)) -> Any:
    within = Organization.objects.visible_to(request.user, Action.MANAGE_MEMBERS)
    if not within.exists():
        raise PermissionDenied
    report = imports.import_file(file, within=within, actor=request.user, dry_run=dry_run)
    issues = [{"line": i.line, "column": i.column, "message": i.message, "rule": i.rule} for i in report.issues]
    return (200 if report.ok else 422), {"rows": report.rows, "imported": report.imported, "issues": issues}


@router.post("/{int:member_id}/events", response=MemberOut, summary="Record a lifecycle event")
def record_event(request: HttpRequest, member_id: int, payload: EventIn) -> Any:
    member = _member(request, member_id)
    require(request.user, Action.MANAGE_MEMBERS, member.organization)
    decision = Decision(number=payload.decision_number, date=payload.decision_date, decided_by=payload.decided_by, note=payload.note)
    common: dict[str, Any] = {
        "actor": request.user,
        "member": member,
        "submission": payload.submission,
        "expected_version": payload.version,
    }
    if payload.kind == "recognize":
        return services.member_recognize(decision=decision, **common)
    if payload.date is None:
        raise Refusal("date is required", rule="records rule", field="date")
    if payload.kind == "transfer":
        if payload.to_organization_id is None:
            raise Refusal("to_organization_id is required", rule="records rule", field="to_organization_id")
        return services.member_transfer(
            to_organization=_cell(request, payload.to_organization_id), date=payload.date, decision=decision, **common
        )
    if payload.kind == "transfer_out":
        return services.member_transfer_out(outside=payload.outside, date=payload.date, decision=decision, **common)
    if payload.kind == "remove":
        return services.member_remove(
            reason=payload.reason,
            votes_for=payload.votes_for,
            official_members=payload.official_members,
            date=payload.date,
            decision=decision,
            **common,
        )
    if payload.kind not in services.DATED_EVENTS:
        raise Refusal(f"unknown event kind {payload.kind!r}", rule="records rule", field="kind")
    return services.DATED_EVENTS[payload.kind](date=payload.date, decision=decision, **common)
