"""Programmes and cases through the API: the same scope, selectors and services as the pages.
Reading and writing need the inspection action over the organization whose body acts."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, organization_or_404
from partybuilding.members.models import Member

from ..models import ProgrammeItem
from ..selectors import cases as selectors
from ..services import cases as case_services
from ..services import programmes as services
from .cases_schemas import (
    AdoptIn,
    CaseDetailOut,
    CaseFilters,
    CaseId,
    CaseIn,
    CaseOut,
    CaseStepIn,
    DropIn,
    ItemId,
    ItemIn,
    ProgrammeDetailOut,
    ProgrammeFilters,
    ProgrammeId,
    ProgrammeIn,
    ProgrammeOut,
    RemedyIn,
    ShortcomingId,
    ShortcomingIn,
    ShortcomingOut,
    StepKind,
)
from .router import router


def _within(request: HttpRequest, within: int | None) -> Any:
    return organization_or_404(request.user, within, Action.INSPECT) if within is not None else None


def _subject(request: HttpRequest, organization_id: int | None, member_id: int | None) -> dict[str, Any]:
    """The subject named by ids, among what the user sees (else 404)."""
    organization = organization_or_404(request.user, organization_id) if organization_id is not None else None
    member = None
    if member_id is not None:
        member = Member.objects.visible_to(request.user, Action.VIEW_MEMBERS).filter(pk=member_id).first()
        if member is None:
            raise Http404
    return {"subject_organization": organization, "subject_member": member}


# --- programmes --------------------------------------------------------------------------------


@router.get(
    "/programmes", response=documented(list[ProgrammeOut], 403, 404, 422), summary=gettext_lazy("Programmes of inspection and supervision")
)
@paginate(Pages)
def list_programmes(request: HttpRequest, filters: Query[ProgrammeFilters]) -> Any:
    rows = selectors.programmes_in(request.user, _within(request, filters.within))
    return selectors.filtered_programmes(rows, filters.dict()).order_by("-year", "org_path", "pk")


@router.post(
    "/programmes", response=documented({201: ProgrammeDetailOut}, 400, 403, 404, 422), summary=gettext_lazy("Create a draft programme")
)
def create_programme(request: HttpRequest, payload: ProgrammeIn) -> Any:
    org = organization_or_404(request.user, payload.organization_id, Action.INSPECT)
    return 201, services.programme_create(actor=request.user, organization=org, body=payload.body, year=payload.year, title=payload.title)


@router.get(
    "/programmes/{programme_id}", response=documented(ProgrammeDetailOut, 403, 404, 422), summary=gettext_lazy("A programme and its items")
)
def get_programme(request: HttpRequest, programme_id: ProgrammeId) -> Any:
    return selectors.programme_or_404(request.user, programme_id, Action.INSPECT)


@router.post(
    "/programmes/{programme_id}/items",
    response=documented({201: ProgrammeDetailOut}, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Add an item to a programme not yet adopted"),
)
def add_item(request: HttpRequest, programme_id: ProgrammeId, payload: ItemIn) -> Any:
    programme = selectors.programme_or_404(request.user, programme_id, Action.INSPECT)
    fields = payload.dict(exclude={"subject_organization_id", "subject_member_id"})
    services.programme_item_add(
        actor=request.user, programme=programme, **fields, **_subject(request, payload.subject_organization_id, payload.subject_member_id)
    )
    return 201, selectors.programme_or_404(request.user, programme_id)


def _item(request: HttpRequest, programme_id: int, item_id: int) -> ProgrammeItem:
    programme = selectors.programme_or_404(request.user, programme_id, Action.INSPECT)
    item = programme.items.filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


@router.delete(
    "/programmes/{programme_id}/items/{item_id}",
    response=documented(ProgrammeDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Remove an item from a programme not yet adopted"),
)
def delete_item(request: HttpRequest, programme_id: ProgrammeId, item_id: ItemId) -> Any:
    services.programme_item_remove(actor=request.user, item=_item(request, programme_id, item_id))
    return selectors.programme_or_404(request.user, programme_id)


@router.post(
    "/programmes/{programme_id}/adopt",
    response=documented(ProgrammeDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Adopt a programme by decision: its items are fixed afterwards"),
)
def adopt_programme(request: HttpRequest, programme_id: ProgrammeId, payload: AdoptIn) -> Any:
    programme = selectors.programme_or_404(request.user, programme_id, Action.INSPECT)
    decision = Decision(number=payload.decision_number, date=payload.decision_date, decided_by=payload.decided_by)
    services.programme_adopt(actor=request.user, programme=programme, decision=decision, expected_version=payload.version)
    return selectors.programme_or_404(request.user, programme_id)


@router.post(
    "/programmes/{programme_id}/items/{item_id}/case",
    response=documented({201: CaseDetailOut}, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Start the case of an adopted programme's item"),
)
def start_item_case(request: HttpRequest, programme_id: ProgrammeId, item_id: ItemId) -> Any:
    case = case_services.case_from_item(actor=request.user, item=_item(request, programme_id, item_id))
    return 201, selectors.case_or_404(request.user, case.pk)


# --- cases ---------------------------------------------------------------------------------------


@router.get("/cases", response=documented(list[CaseOut], 403, 404, 422), summary=gettext_lazy("Inspections and supervisions"))
@paginate(Pages)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> Any:
    rows = selectors.cases_in(request.user, _within(request, filters.within))
    return selectors.filtered_cases(rows, filters.dict(), timezone.localdate()).order_by("-status_since", "-pk")


@router.post(
    "/cases",
    response=documented({201: CaseDetailOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Record a planned case (e.g. an inspection on signs of violation)"),
)
def create_case(request: HttpRequest, payload: CaseIn) -> Any:
    org = organization_or_404(request.user, payload.organization_id, Action.INSPECT)
    case = case_services.case_create(
        actor=request.user,
        organization=org,
        body=payload.body,
        kind=payload.kind,
        subject_kind=payload.subject_kind,
        contents=payload.contents,
        content_note=payload.content_note,
        **_subject(request, payload.subject_organization_id, payload.subject_member_id),
    )
    return 201, selectors.case_or_404(request.user, case.pk)


@router.get(
    "/cases/{case_id}", response=documented(CaseDetailOut, 403, 404, 422), summary=gettext_lazy("A case with its steps and shortcomings")
)
def get_case(request: HttpRequest, case_id: CaseId) -> Any:
    return selectors.case_or_404(request.user, case_id, Action.INSPECT)


@router.post(
    "/cases/{case_id}/steps/{kind}",
    response=documented(CaseDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Record a step of a case: open, self_report, findings, conclude or cancel"),
)
def record_case_step(request: HttpRequest, case_id: CaseId, kind: StepKind, payload: CaseStepIn) -> Any:
    case = selectors.case_or_404(request.user, case_id, Action.INSPECT)
    p = payload
    params: dict[str, Any] = {
        "date": p.date,
        "team": p.team,
        "period_from": p.period_from,
        "period_to": p.period_to,
        "text": p.text,
        "conclusion_number": p.conclusion_number,
        "conclusion_date": p.conclusion_date,
        "conclusion": p.conclusion,
        "result": p.result,
        "discipline_required": p.discipline_required,
        "reason": p.reason,
    }
    if kind == "open":
        params["decision"] = Decision(number=p.decision_number, date=p.decision_date, decided_by=p.decided_by)
    case_services.CASE.run(kind, actor=request.user, obj=case, expected_version=p.version, submission=p.submission, **params)
    return selectors.case_or_404(request.user, case_id)


@router.post(
    "/cases/{case_id}/shortcomings",
    response=documented({201: ShortcomingOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Add a shortcoming to remedy to a concluded case"),
)
def add_shortcoming(request: HttpRequest, case_id: CaseId, payload: ShortcomingIn) -> Any:
    case = selectors.case_or_404(request.user, case_id, Action.INSPECT)
    row = case_services.shortcoming_add(
        actor=request.user, case=case, description=payload.description, responsible=payload.responsible, deadline=payload.deadline
    )
    return 201, row


@router.post(
    "/shortcomings/{shortcoming_id}/remedy",
    response=documented(ShortcomingOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Record that a shortcoming was remedied, with its evidence"),
)
def remedy_shortcoming(request: HttpRequest, shortcoming_id: ShortcomingId, payload: RemedyIn) -> Any:
    row = selectors.shortcoming_or_404(request.user, shortcoming_id, Action.INSPECT)
    return case_services.shortcoming_remedy(
        actor=request.user, shortcoming=row, date=payload.date, evidence=payload.evidence, expected_version=payload.version
    )


@router.post(
    "/shortcomings/{shortcoming_id}/drop",
    response=documented(ShortcomingOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Close a shortcoming that no longer applies, with the reason"),
)
def drop_shortcoming(request: HttpRequest, shortcoming_id: ShortcomingId, payload: DropIn) -> Any:
    row = selectors.shortcoming_or_404(request.user, shortcoming_id, Action.INSPECT)
    return case_services.shortcoming_drop(
        actor=request.user, shortcoming=row, date=payload.date, reason=payload.reason, expected_version=payload.version
    )
