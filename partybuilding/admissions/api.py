"""Admissions through the API: the same scope, services and selectors as the pages."""

# No `from __future__ import annotations` here: django-ninja resolves the query schema
# of list_candidates from the real annotation at import time.
import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, organization_or_404, require
from partybuilding.members.models import Member
from partybuilding.members.records.api import PersonalIn
from partybuilding.organizations.models import Organization

from . import selectors, services
from .checks import IntroducerIn, Votes
from .choices import FINAL, StepKind
from .models import AdmissionTarget, Candidate, CandidateStep
from .report import admission_report, lagging_units

router = Router(tags=["admissions"])


class CandidateOut(Schema):
    """Without personal identifiers (citizen ID and phone are shown on the page only)."""

    id: int
    full_name: str
    gender: str
    date_of_birth: dt.date
    organization_id: int
    stage: str
    stage_since: dt.date
    youth_union: bool
    certificate_date: dt.date | None
    decided_on: dt.date | None
    ceremony_on: dt.date | None
    probation_ends_on: dt.date | None
    member_id: int | None
    version: int


class StepOut(Schema):
    kind: str
    date: dt.date
    decision_number: str
    decision_date: dt.date | None
    decided_by: str
    votes_for: int | None
    votes_against: int | None
    present: int | None
    official_members: int | None
    note: str


class CandidateFilters(Schema):
    q: str = Field("", description="Name (diacritics ignored)")
    within: int | None = Field(None, description="An organization: its whole subtree")
    stage: str = Field("", description="A stage, 'all', or empty for those in the pipeline")


class CandidateIn(PersonalIn):
    organization_id: int
    recorded_on: dt.date
    note: str = ""
    submission: uuid.UUID | None = None


class IntroducerSchema(Schema):
    member_id: int | None = None
    known_since: dt.date | None = None
    youth_union_committee: bool = False


class StepIn(Schema):
    kind: str = Field(description=", ".join(k for k in StepKind if k != StepKind.RECORDED))
    date: dt.date | None = Field(None, description="the step's date (course: the certificate date)")
    certificate_number: str = ""
    introducers: list[IntroducerSchema] = []
    votes_for: int | None = None
    votes_against: int = 0
    present: int | None = None
    official_members: int | None = None
    age_exception: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    decided_by: str = ""
    card_number: str | None = None
    note: str = ""
    version: int | None = None
    submission: uuid.UUID | None = None


class TargetIn(Schema):
    year: int
    target: int | None = Field(description="null clears the target")


def _candidate(request: HttpRequest, pk: int) -> Candidate:
    candidate = Candidate.objects.visible_to(request.user).select_related("organization", "member").filter(pk=pk).first()
    if candidate is None:
        raise Http404
    return candidate


def _require(value: Any, field: str) -> Any:
    if value is None:
        raise Refusal(f"{field} is required", rule="records rule", field=field)
    return value


@router.get("/candidates", response=list[CandidateOut], summary="Candidates in your scope")
@paginate(PageNumberPagination)
def list_candidates(request: HttpRequest, filters: Query[CandidateFilters]) -> Any:
    candidates: QuerySet[Candidate] = Candidate.objects.visible_to(request.user)
    if filters.within is not None:
        candidates = selectors.in_scope(request.user, organization_or_404(request.user, filters.within))
    if not filters.stage:
        candidates = candidates.exclude(stage__in=FINAL)
    elif filters.stage != "all":
        candidates = candidates.filter(stage=filters.stage)
    if filters.q:
        candidates = selectors.search(candidates, filters.q)
    return candidates.order_by("sort_key", "pk")


@router.get("/candidates/{candidate_id}", response=CandidateOut)
def get_candidate(request: HttpRequest, candidate_id: int) -> Any:
    return _candidate(request, candidate_id)


@router.get("/candidates/{candidate_id}/steps", response=list[StepOut], summary="The candidate's timeline")
def get_steps(request: HttpRequest, candidate_id: int) -> Any:
    return CandidateStep.objects.filter(candidate=_candidate(request, candidate_id)).order_by("date", "id")


@router.post("/candidates", response={201: CandidateOut}, summary="Record an outstanding non-member")
def create_candidate(request: HttpRequest, payload: CandidateIn) -> Any:
    cell = organization_or_404(request.user, payload.organization_id)
    require(request.user, Action.MANAGE_MEMBERS, cell)
    data = PersonalIn(**payload.dict(include=set(PersonalIn.model_fields))).data()
    candidate = services.candidate_record(
        actor=request.user, organization=cell, data=data, recorded_on=payload.recorded_on, note=payload.note, submission=payload.submission
    )
    return 201, candidate


def _introducers(request: HttpRequest, payload: StepIn) -> list[IntroducerIn]:
    visible = Member.objects.visible_to(request.user)
    result = []
    for given in payload.introducers:
        member = visible.filter(pk=given.member_id).first() if given.member_id else None
        if given.member_id and member is None:
            raise Http404
        result.append(IntroducerIn(member=member, known_since=given.known_since, youth_union_committee=given.youth_union_committee))
    return result


@router.post("/candidates/{candidate_id}/steps", response=CandidateOut, summary="Record the next step")
def record_step(request: HttpRequest, candidate_id: int, payload: StepIn) -> Any:
    candidate = _candidate(request, candidate_id)
    require(request.user, Action.MANAGE_MEMBERS, candidate.organization)
    common: dict[str, Any] = {
        "actor": request.user,
        "candidate": candidate,
        "submission": payload.submission,
        "expected_version": payload.version,
    }
    decision = Decision(number=payload.decision_number, date=payload.decision_date, decided_by=payload.decided_by, note=payload.note)
    kind = payload.kind

    def votes() -> Votes:
        return Votes(
            votes_for=_require(payload.votes_for, "votes_for"),
            votes_against=payload.votes_against,
            present=_require(payload.present, "present"),
            official_members=_require(payload.official_members, "official_members"),
        )

    if kind == StepKind.DECISION:
        return services.candidate_decide(decision=decision, card_number=payload.card_number, **common)
    if kind == StepKind.RECOGNITION:
        return services.candidate_recognize(decision=decision, **common)
    day = _require(payload.date, "date")
    if kind == StepKind.COURSE:
        return services.candidate_course(certificate_date=day, certificate_number=payload.certificate_number, **common)
    if kind == StepKind.INTRODUCERS:
        return services.candidate_introduce(date=day, introducers=_introducers(request, payload), **common)
    if kind == StepKind.APPLICATION:
        return services.candidate_apply(date=day, note=payload.note, **common)
    if kind == StepKind.CELL_RESOLUTION:
        return services.candidate_cell_resolve(date=day, votes=votes(), age_exception=payload.age_exception, note=payload.note, **common)
    if kind == StepKind.CEREMONY:
        return services.candidate_ceremony(date=day, note=payload.note, **common)
    if kind == StepKind.CONSIDERATION:
        return services.candidate_consider(date=day, votes=votes(), note=payload.note, **common)
    if kind == StepKind.NOT_RECOGNIZED:
        return services.candidate_not_recognize(date=day, decision=decision, votes=votes(), **common)
    if kind == StepKind.WITHDRAWN:
        return services.candidate_withdraw(date=day, note=payload.note, **common)
    raise Refusal(f"unknown step kind {kind!r}", rule="records rule", field="kind")


def _org_with_members(request: HttpRequest, org_id: int) -> Organization:
    org = organization_or_404(request.user, org_id)
    require(request.user, Action.VIEW_MEMBERS, org)
    return org


@router.get("/board/{org_id}", summary="The pipeline board of an organization's subtree")
def board(request: HttpRequest, org_id: int, stuck_days: int = selectors.STUCK_AFTER_DAYS) -> dict[str, Any]:
    found = selectors.board(request.user, _org_with_members(request, org_id), timezone.localdate(), max(1, stuck_days))

    def due(items: list[selectors.Due]) -> list[dict[str, Any]]:
        return [{"candidate_id": d.candidate.pk, "full_name": d.candidate.full_name, "date": d.date, "overdue": d.overdue} for d in items]

    return {
        "counts": {stage: n for stage, _label, n in found.counts},
        "stuck": [{"candidate_id": c.pk, "full_name": c.full_name, "stage": c.stage, "since": c.stage_since} for c in found.stuck],
        "ceremonies": due(found.ceremonies),
        "probations_ending": due(found.probations_ending),
        "recognitions_overdue": due(found.recognitions_overdue),
    }


@router.get("/report/{org_id}", summary="Admitted / target and %, per subordinate organization, year on year")
def report(
    request: HttpRequest, org_id: int, from_year: int, to_year: int, flag_on: dt.date | None = None, below_percent: int = 10
) -> dict[str, Any]:
    scope = _org_with_members(request, org_id)
    if not 0 <= to_year - from_year <= 30:
        raise Refusal("from_year..to_year: at most 30 years, in order", rule="records rule", field="from_year")
    found = admission_report(scope, from_year, to_year)

    def figures(f: Any) -> dict[str, Any]:
        return {"admitted": f.admitted, "target": f.target, "percent": str(f.percent) if f.percent is not None else None, **f.breakdown}

    return {
        "year_on_year": found.year_on_year(),
        "total": {year: figures(f) for year, f in found.total.items()},
        "units": [
            {"organization_id": u.organization.pk, "name": u.organization.name, "years": {y: figures(f) for y, f in u.years.items()}}
            for u in found.units
        ],
        "lagging": [
            {"organization_id": u.organization.pk, "admitted": u.admitted, "target": u.target, "percent": str(u.percent)}
            for u in lagging_units(scope, flag_on or timezone.localdate(), below_percent)
        ],
    }


@router.get("/targets/{org_id}", summary="Targets of an organization and its subordinate organizations for a year")
def get_targets(request: HttpRequest, org_id: int, year: int) -> dict[str, Any]:
    org = organization_or_404(request.user, org_id)
    orgs = [org, *Organization.objects.filter(parent=org)]
    rows = AdmissionTarget.objects.filter(organization__in=orgs, year=year).values_list("organization_id", "target")
    return {"year": year, "targets": dict(rows)}


@router.put("/targets/{org_id}", summary="Set an organization's target (needs the right to manage members of its parent)")
def set_target(request: HttpRequest, org_id: int, payload: TargetIn) -> dict[str, Any]:
    org = organization_or_404(request.user, org_id)
    parent = org.parent
    if parent is None or not Organization.objects.visible_to(request.user).filter(pk=parent.pk).exists():
        # The target of a scope's own top is set above it: out of this user's reach.
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    require(request.user, Action.MANAGE_MEMBERS, parent)
    services.admission_target_set(actor=request.user, organization=org, year=payload.year, target=payload.target)
    return {"organization_id": org.pk, "year": payload.year, "target": payload.target}
