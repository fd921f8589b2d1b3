"""Rounds and members' ratings through the API, and a member's own ratings."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Id, Pages, Year, documented
from partybuilding.core.errors import ConcurrentEdit
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, organization_or_404, require
from partybuilding.core.text import search_key
from partybuilding.meetings.models import Meeting

from .. import selectors
from ..choices import BEFORE_DECISION
from ..models import MemberRating
from ..services import ratings as rating_services
from ..services.rounds import close_round, open_round
from .router import router
from .schemas import (
    MyRatingOut,
    RatingDetailOut,
    RatingFilters,
    RatingId,
    RatingOut,
    RatingStepIn,
    RoundId,
    RoundIn,
    RoundOpenedOut,
    RoundOut,
    TasksIn,
    VersionIn,
)

# --- rounds ------------------------------------------------------------------------------------


@router.get("/rounds", response=documented(list[RoundOut], 404, 422), summary=gettext_lazy("Assessment rounds of your scope"))
@paginate(Pages)
def list_rounds(request: HttpRequest, within: Id | None = None, year: Year | None = None) -> Any:
    if within is not None:
        rounds = selectors.rounds_for(request.user, organization_or_404(request.user, within))
    else:
        rounds = selectors.rounds_seen(request.user)
    return rounds.filter(year=year) if year else rounds


@router.post(
    "/rounds",
    response=documented({202: RoundOpenedOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Open a round: recorded now, its members and organizations listed by a background job"),
)
def open_a_round(request: HttpRequest, payload: RoundIn) -> Any:
    org = organization_or_404(request.user, payload.organization_id, Action.MANAGE_MEMBERS)
    round_, job = open_round(
        actor=request.user, organization=org, title=payload.title.strip(), period_kind=payload.period_kind, **payload.calendar()
    )
    round_.refresh_from_db()
    return 202, {"round": round_, "job_id": job.pk}


@router.get("/rounds/{round_id}", response=documented(RoundOut, 404, 422), summary=gettext_lazy("A round and its calendar"))
def get_round(request: HttpRequest, round_id: RoundId) -> Any:
    return selectors.round_or_404(request.user, round_id)


@router.post(
    "/rounds/{round_id}/close",
    response=documented(RoundOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Close a round: no step is recorded in it afterwards"),
)
def close_a_round(request: HttpRequest, round_id: RoundId, payload: VersionIn) -> Any:
    round_ = selectors.round_or_404(request.user, round_id)
    require(request.user, Action.MANAGE_MEMBERS, round_.organization)
    if payload.version is not None and payload.version != round_.version:
        raise ConcurrentEdit(round_)
    return close_round(actor=request.user, round_=round_)


# --- members' ratings --------------------------------------------------------------------------


@router.get(
    "/rounds/{round_id}/ratings",
    response=documented(list[RatingOut], 404, 422),
    summary=gettext_lazy("The members' ratings of a round that your scope covers"),
)
@paginate(Pages)
def list_ratings(request: HttpRequest, round_id: RoundId, filters: Query[RatingFilters]) -> Any:
    round_ = selectors.round_or_404(request.user, round_id)
    within = organization_or_404(request.user, filters.within) if filters.within is not None else None
    rows = selectors.ratings_in(round_, request.user, within)
    if filters.stage == "pending":
        rows = rows.filter(stage__in=BEFORE_DECISION)
    elif filters.stage:
        rows = rows.filter(stage=filters.stage)
    if filters.level:
        rows = rows.filter(level=filters.level)
    if key := search_key(filters.q):
        rows = rows.filter(member__name_search__contains=key)
    return rows.order_by("member__sort_key", "pk")


@router.get(
    "/ratings/{rating_id}",
    response=documented(RatingDetailOut, 404, 422),
    summary=gettext_lazy("A member's rating with every proposal beside the final level"),
)
def get_rating(request: HttpRequest, rating_id: RatingId) -> Any:
    return selectors.rating_or_404(request.user, rating_id)


def _refuse_step(user: Any, kind: str, rating: MemberRating) -> None:
    if not selectors.RATING_RIGHTS[kind](user, rating):
        who = {
            "self": _("The self-assessment is the member's, or their cell's officers'."),
            "decide": _("The decision belongs to the committee of the grassroots organization above the cell."),
        }.get(kind, _("The cell's proposals and vote belong to whoever manages the member's cell."))
        raise PermissionDenied(who)


def tasks_of(given: TasksIn | None) -> dict[str, int] | None:
    return {k: v for k, v in given.dict().items() if v is not None} if given else None


@router.post(
    "/ratings/{rating_id}/steps/{kind}",
    response=documented(RatingDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Record a step of a member's rating: self, propose, vote, decide or unrated"),
)
def record_rating_step(
    request: HttpRequest, rating_id: RatingId, kind: Literal["self", "propose", "vote", "decide", "unrated"], payload: RatingStepIn
) -> Any:
    rating = selectors.rating_or_404(request.user, rating_id)
    _refuse_step(request.user, kind, rating)
    meeting = None
    if payload.meeting_id is not None:
        meeting = Meeting.objects.visible_to(request.user, Action.VIEW_MEMBERS).filter(pk=payload.meeting_id).first()
        if meeting is None:
            raise Http404
    rating_services.RATING.run(
        kind,
        actor=request.user,
        obj=rating,
        expected_version=payload.version,
        submission=payload.submission,
        date=payload.date,
        level=payload.level,
        group=payload.group,
        score=payload.score,
        scores=payload.scores,
        tasks=tasks_of(payload.tasks),
        strengths=payload.strengths,
        weaknesses=payload.weaknesses,
        source=payload.source,
        meeting=meeting,
        votes_for=payload.votes_for,
        votes_present=payload.votes_present,
        decision=Decision(number=payload.decision_number, date=payload.decision_date),
        not_completed_reason=payload.not_completed_reason,
        quota_override=payload.quota_override,
        reason=payload.reason,
        note=payload.note,
    )
    return selectors.rating_or_404(request.user, rating_id)


@router.get("/me/ratings", response=documented(list[MyRatingOut], 422), summary=gettext_lazy("Your own ratings, year by year"))
def my_ratings(request: HttpRequest) -> Any:
    own = Q(member__user_id=request.user.pk) if request.user.pk is not None else Q(pk__in=[])
    return MemberRating.objects.filter(own).select_related("round").order_by("-year", "-round__period_end")
