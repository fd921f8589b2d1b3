"""Admissions through the API: the same scope, services and selectors as the pages."""

# No `from __future__ import annotations` here: django-ninja resolves the query schema
# of list_candidates from the real annotation at import time.
import datetime as dt
import uuid
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy, one_of
from partybuilding.core.api_types import MAX_DAYS, Count, Day, Id, Pages, Version, Year, documented
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, organization_or_404, require
from partybuilding.members.models import Member
from partybuilding.members.records.api import PersonalIn
from partybuilding.organizations.models import Organization

from . import selectors, services
from .checks import IntroducerIn, Votes
from .choices import Stage
from .models import AdmissionTarget, CandidateStep
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
    readmission: bool
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
    q: str = Field("", max_length=200, description=gettext_lazy("Name (diacritics ignored)"))
    within: Id | None = Field(None, description=gettext_lazy("An organization: its whole subtree"))
    stage: Literal["", "all"] | Stage = Field("", description=gettext_lazy("A stage, 'all', or empty for those in the pipeline"))


class CandidateIn(PersonalIn):
    organization_id: Id
    recorded_on: Day
    readmission: bool = Field(
        False, description=gettext_lazy("A former Party member admitted again (form 2 counts the member among the re-admitted)")
    )
    note: str = Field("", max_length=2000)
    submission: uuid.UUID | None = None


class IntroducerSchema(Schema):
    member_id: Id | None = None
    known_since: Day | None = None
    youth_union_committee: bool = False


class StepIn(Schema):
    kind: Literal[tuple(services.CANDIDATE.steps)] = Field(description=one_of(services.CANDIDATE.steps))  # type: ignore[valid-type]
    date: Day | None = Field(None, description=gettext_lazy("the step's date (course: the certificate date)"))
    certificate_number: str = Field("", max_length=64)
    introducers: list[IntroducerSchema] = Field([], max_length=10)
    votes_for: Count | None = None
    votes_against: Count = 0
    present: Count | None = None
    official_members: Count | None = None
    age_exception: str = Field("", max_length=255)
    decision_number: str = Field("", max_length=64)
    decision_date: Day | None = None
    decided_by: str = Field("", max_length=255)
    card_number: str | None = Field(None, max_length=20)
    note: str = Field("", max_length=2000)
    version: Version | None = None
    submission: uuid.UUID | None = None

    def params(self, introducers: list[IntroducerIn]) -> dict[str, Any]:
        """The step's parameters, as the page's form gives them (a course's date is its certificate's)."""
        counted = (self.votes_for, self.present, self.official_members)
        votes = None if None in counted else Votes(self.votes_for or 0, self.votes_against, self.present or 0, self.official_members or 0)
        decision = Decision(number=self.decision_number, date=self.decision_date, decided_by=self.decided_by, note=self.note)
        return {
            "date": self.date, "certificate_date": self.date, "certificate_number": self.certificate_number, "introducers": introducers,
            "votes": votes, "age_exception": self.age_exception, "decision": decision, "card_number": self.card_number, "note": self.note,
        }  # fmt: skip


class TargetIn(Schema):
    year: Year
    target: Count | None = Field(description=gettext_lazy("null clears the target"))


class AdmissionReportOut(Schema):
    year_on_year: list[str] = Field(description=gettext_lazy('"2025: 830/820, 101.22%" for each year'))
    total: dict[int, dict[str, Any]] = Field(description=gettext_lazy("admitted, target, percent and the breakdown, by year"))
    units: list[dict[str, Any]] = Field(description=gettext_lazy("the same figures for each subordinate organization"))
    lagging: list[dict[str, Any]] = Field(description=gettext_lazy("subordinate organizations below the percent of their target"))


class TargetOut(Schema):
    organization_id: int
    year: int
    target: int | None


class TargetsOut(Schema):
    year: int
    targets: dict[int, int] = Field(description=gettext_lazy("the target of each organization that has one, by its id"))


@router.get("/candidates", response=documented(list[CandidateOut], 404, 422), summary=gettext_lazy("Candidates in your scope"))
@paginate(Pages)
def list_candidates(request: HttpRequest, filters: Query[CandidateFilters]) -> Any:
    within = organization_or_404(request.user, filters.within) if filters.within is not None else None
    return selectors.candidate_list(request.user, within, filters.dict())


@router.get(
    "/candidates/{candidate_id}",
    response=documented(CandidateOut, 403, 404, 422),
    summary=gettext_lazy("A candidate's record and stage (the reading is audited)"),
)
def get_candidate(request: HttpRequest, candidate_id: Id) -> Any:
    return selectors.read_candidate(request.user, candidate_id)


@router.get(
    "/candidates/{candidate_id}/steps", response=documented(list[StepOut], 403, 404, 422), summary=gettext_lazy("The candidate's timeline")
)
def get_steps(request: HttpRequest, candidate_id: Id) -> Any:
    return CandidateStep.objects.filter(candidate=selectors.candidate_or_404(request.user, candidate_id)).order_by("date", "id")


@router.post(
    "/candidates", response=documented({201: CandidateOut}, 400, 403, 404, 422), summary=gettext_lazy("Record an outstanding non-member")
)
def create_candidate(request: HttpRequest, payload: CandidateIn) -> Any:
    cell = organization_or_404(request.user, payload.organization_id, Action.MANAGE_MEMBERS)
    candidate = services.candidate_record(
        actor=request.user,
        organization=cell,
        data=payload.data(),
        recorded_on=payload.recorded_on,
        readmission=payload.readmission,
        note=payload.note,
        submission=payload.submission,
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


@router.post(
    "/candidates/{candidate_id}/steps",
    response=documented(CandidateOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Record the next step"),
)
def record_step(request: HttpRequest, candidate_id: Id, payload: StepIn) -> Any:
    candidate = selectors.candidate_or_404(request.user, candidate_id, Action.MANAGE_MEMBERS)
    given = payload.params(_introducers(request, payload))
    return services.CANDIDATE.run(
        payload.kind, actor=request.user, obj=candidate, expected_version=payload.version, submission=payload.submission, **given
    )


@router.get(
    "/board/{org_id}",
    response=documented(dict[str, Any], 403, 404, 422),
    summary=gettext_lazy("The pipeline board of an organization's subtree"),
)
def board(request: HttpRequest, org_id: Id, stuck_days: int = Query(selectors.STUCK_AFTER_DAYS, ge=1, le=MAX_DAYS)) -> dict[str, Any]:
    found = selectors.board(request.user, organization_or_404(request.user, org_id, Action.VIEW_MEMBERS), timezone.localdate(), stuck_days)

    def due(items: list[selectors.Due]) -> list[dict[str, Any]]:
        return [{"candidate_id": d.candidate.pk, "full_name": d.candidate.full_name, "date": d.date, "overdue": d.overdue} for d in items]

    return {
        "counts": {stage: n for stage, _label, n in found.counts},
        "stuck": [{"candidate_id": c.pk, "full_name": c.full_name, "stage": c.stage, "since": c.stage_since} for c in found.stuck],
        "ceremonies": due(found.ceremonies),
        "probations_ending": due(found.probations_ending),
        "recognitions_overdue": due(found.recognitions_overdue),
    }


@router.get(
    "/report/{org_id}",
    response=documented(AdmissionReportOut, 403, 404, 422),
    summary=gettext_lazy("Admitted / target and %, per subordinate organization, year on year"),
)
def report(
    request: HttpRequest,
    org_id: Id,
    from_year: Year,
    to_year: Year,
    flag_on: Day | None = None,
    below_percent: int = Query(10, ge=0, le=100),
) -> dict[str, Any]:
    scope = organization_or_404(request.user, org_id, Action.VIEW_MEMBERS)
    if not 0 <= to_year - from_year <= 30:
        raise Refusal(_("A report covers at most 30 years, from_year to to_year in order."), rule=_("records rule"), field="from_year")
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


@router.get(
    "/targets/{org_id}",
    response=documented(TargetsOut, 404, 422),
    summary=gettext_lazy("Targets of an organization and its subordinate organizations for a year"),
)
def get_targets(request: HttpRequest, org_id: Id, year: Year) -> dict[str, Any]:
    org = organization_or_404(request.user, org_id)
    orgs = [org, *Organization.objects.filter(parent=org)]
    rows = AdmissionTarget.objects.filter(organization__in=orgs, year=year).values_list("organization_id", "target")
    return {"year": year, "targets": dict(rows)}


@router.put(
    "/targets/{org_id}",
    response=documented(TargetOut, 400, 403, 404, 422),
    summary=gettext_lazy("Set an organization's target (needs the right to manage members of its parent); the top of the tree has none"),
)
def set_target(request: HttpRequest, org_id: Id, payload: TargetIn) -> dict[str, Any]:
    org = organization_or_404(request.user, org_id)
    parent = org.parent
    if parent is not None:
        if not Organization.objects.visible_to(request.user).filter(pk=parent.pk).exists():
            raise PermissionDenied  # the target of a scope's own top is set above it, out of this user's reach
        require(request.user, Action.MANAGE_MEMBERS, parent)
    # The top of the tree has no level above to set its target: the service refuses it (422).
    services.admission_target_set(actor=request.user, organization=org, year=payload.year, target=payload.target)
    return {"organization_id": org.pk, "year": payload.year, "target": payload.target}
