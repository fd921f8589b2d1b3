"""Organizations' ratings, the four-good model, the per-subordinate table and recorded
disciplines through the API."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Id, Pages, Year, documented
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, organization_or_404, require, visible_or_404
from partybuilding.meetings.models import Meeting
from partybuilding.organizations.models import Organization

from .. import reports, selectors
from ..models import FourGood, OrganizationRating
from ..services import organizations as org_services
from .rounds import tasks_of
from .router import router
from .schemas import (
    FourGoodAssessIn,
    FourGoodFilters,
    FourGoodIn,
    FourGoodOut,
    FourGoodRecognizeIn,
    OrganizationFilters,
    OrganizationRatingOut,
    OrganizationStepIn,
    OrgRatingId,
    RegistrationId,
    RoundId,
    TableOut,
    TableRowOut,
)

# --- organizations' ratings --------------------------------------------------------------------


@router.get(
    "/rounds/{round_id}/organizations",
    response=documented(list[OrganizationRatingOut], 404, 422),
    summary=gettext_lazy("The organizations' ratings of a round that your scope covers"),
)
@paginate(Pages)
def list_organization_ratings(request: HttpRequest, round_id: RoundId, filters: Query[OrganizationFilters]) -> Any:
    round_ = selectors.round_or_404(request.user, round_id)
    rows = OrganizationRating.objects.filter(round=round_).visible_to(request.user)
    if filters.within is not None:
        rows = rows.within(organization_or_404(request.user, filters.within))
    if filters.stage:
        rows = rows.filter(stage=filters.stage)
    if filters.level:
        rows = rows.filter(level=filters.level)
    return rows.order_by("org_path")


@router.get(
    "/organization-ratings/{org_rating_id}",
    response=documented(OrganizationRatingOut, 404, 422),
    summary=gettext_lazy("An organization's rating"),
)
def get_organization_rating(request: HttpRequest, org_rating_id: OrgRatingId) -> Any:
    return selectors.organization_rating_or_404(request.user, org_rating_id)


@router.post(
    "/organization-ratings/{org_rating_id}/steps/{kind}",
    response=documented(OrganizationRatingOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy(
        "Record an organization's self-assessment (self, by its own committee) or its rating (decide, by the committee one level up)"
    ),
)
def record_organization_step(
    request: HttpRequest, org_rating_id: OrgRatingId, kind: Literal["self", "decide"], payload: OrganizationStepIn
) -> Any:
    rating = selectors.organization_rating_or_404(request.user, org_rating_id)
    if kind == "self":
        require(request.user, Action.MANAGE_MEMBERS, rating.organization)
    elif not selectors.may_rate_organization(request.user, rating):
        raise PermissionDenied(_("An organization is rated by the committee one level up."))
    return org_services.ORG_RATING.run(
        kind,
        actor=request.user,
        obj=rating,
        expected_version=payload.version,
        date=payload.date,
        level=payload.level,
        score=payload.score,
        tasks=tasks_of(payload.tasks),
        report=payload.report,
        decision=Decision(number=payload.decision_number, date=payload.decision_date),
    )


# --- the four-good model -----------------------------------------------------------------------


def _four_good_or_404(user: Any, registration_id: int) -> FourGood:
    return visible_or_404(FourGood.objects.select_related("organization__parent"), user, registration_id)


@router.get("/four-good", response=documented(list[FourGoodOut], 404, 422), summary=gettext_lazy("Four-good registrations of your scope"))
@paginate(Pages)
def list_four_good(request: HttpRequest, filters: Query[FourGoodFilters]) -> Any:
    rows = FourGood.objects.visible_to(request.user)
    if filters.within is not None:
        rows = rows.within(organization_or_404(request.user, filters.within))
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.stage:
        rows = rows.filter(stage=filters.stage)
    return rows.order_by("-year", "organization__path")


@router.post(
    "/four-good",
    response=documented({201: FourGoodOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Register an organization for the four-good model, at one of its meetings of the year"),
)
def register_four_good(request: HttpRequest, payload: FourGoodIn) -> Any:
    org = organization_or_404(request.user, payload.organization_id, Action.MANAGE_MEMBERS)
    meeting = Meeting.objects.visible_to(request.user).filter(pk=payload.meeting_id).first()
    if meeting is None:
        raise Http404
    return 201, org_services.four_good_register(actor=request.user, organization=org, year=payload.year, meeting=meeting)


@router.post(
    "/four-good/{registration_id}/assess",
    response=documented(FourGoodOut, 400, 403, 404, 422),
    summary=gettext_lazy("The year-end assessment on the four criteria"),
)
def assess_four_good(request: HttpRequest, registration_id: RegistrationId, payload: FourGoodAssessIn) -> Any:
    registration = _four_good_or_404(request.user, registration_id)
    require(request.user, Action.MANAGE_MEMBERS, registration.organization)
    criteria = {str(criterion): met for criterion, met in payload.criteria.items()}
    return org_services.four_good_assess(actor=request.user, registration=registration, criteria=criteria, note=payload.note)


@router.post(
    "/four-good/{registration_id}/recognize",
    response=documented(FourGoodOut, 400, 403, 404, 422),
    summary=gettext_lazy("Recognize (or not) a four-good organization, by decision of the committee one level up"),
)
def recognize_four_good(request: HttpRequest, registration_id: RegistrationId, payload: FourGoodRecognizeIn) -> Any:
    registration = _four_good_or_404(request.user, registration_id)
    parent = registration.organization.parent
    if parent is None or not Organization.objects.visible_to(request.user).filter(pk=parent.pk).exists():
        raise PermissionDenied(_("The recognition is decided by the committee one level up."))
    require(request.user, Action.MANAGE_MEMBERS, parent)
    decision = Decision(number=payload.decision_number, date=payload.decision_date)
    return org_services.four_good_recognize(actor=request.user, registration=registration, decision=decision, recognized=payload.recognized)


# --- the per-subordinate table, from the counters -------------------------------------------


@router.get(
    "/table",
    response=documented(TableOut, 404, 422),
    summary=gettext_lazy("An organization's subordinate organizations, counted at each level of a year (read from counters)"),
)
def table(request: HttpRequest, within: Id, year: Year) -> Any:
    scope = organization_or_404(request.user, within)
    children = list(reports.subordinates(scope, year))
    lines, total = reports.table(scope, children, year)
    return {
        "year": year,
        "quota_percent": reports.quota_percent(year)[0],
        "total": TableRowOut.of(total),
        "rows": [TableRowOut.of(line) for line in lines],
    }
