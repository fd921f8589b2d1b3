"""Party badges through the API: who is due on an award date, and recording an award."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.
import datetime as dt
from typing import Any

from django.db.models import DateField, F, Q, Value
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Day, Id, Pages, documented
from partybuilding.core.scope import Action, organization_or_404

from ..choices import BadgeCase
from ..models import BadgeAward, Member
from ..records.selectors import member_or_404
from . import selectors as badges
from . import services

router = Router(tags=["badges"])


class DueFilters(Schema):
    award_date: Day | None = Field(None, description=gettext_lazy("An award day (another date stands for the next award day after it)"))
    within: Id | None = Field(None, description=gettext_lazy("An organization: its whole subtree"))
    milestone: int | None = Field(None, ge=1, le=100, description=gettext_lazy("Only this badge (years)"))


class DueOut(Schema):
    member_id: int
    full_name: str
    organization_id: int
    admission_date: dt.date
    milestone: int
    award_date: dt.date


class AwardIn(Schema):
    member_id: Id
    years: int = Field(ge=1, le=100)
    award_date: Day
    case: BadgeCase = Field(BadgeCase.REGULAR, description=gettext_lazy("regular, seriously_ill, posthumous"))
    decision_number: str = Field("", max_length=64)


class AwardOut(Schema):
    id: int
    member_id: int
    years: int
    award_date: dt.date
    case: str
    decision_number: str


@router.get(
    "/due",
    response=documented(list[DueOut], 404, 422),
    summary=gettext_lazy("Official members who reach a badge by an award day and do not hold it"),
)
@paginate(Pages)
def badges_due(request: HttpRequest, filters: Query[DueFilters]) -> Any:
    award_date = badges.next_award_date(filters.award_date or timezone.localdate())
    members = Member.objects.visible_to(request.user)
    if filters.within is not None:
        members = members.within(organization_or_404(request.user, filters.within))
    due = badges.due(members, award_date)
    if filters.milestone:
        due = due.filter(Q(milestone=filters.milestone))
    # Paged in the database: only the rows of the page are read, never the whole list.
    return (
        due.order_by("admission_date", "pk")  # longest in the Party first: an index's order
        .annotate(member_id=F("pk"), award_date=Value(award_date, output_field=DateField()))
        .values("id", "member_id", "full_name", "organization_id", "admission_date", "milestone", "award_date")
    )


@router.get("/of/{member_id}", response=documented(list[AwardOut], 403, 404, 422), summary=gettext_lazy("The badges a member holds"))
def member_badges(request: HttpRequest, member_id: Id) -> Any:
    return BadgeAward.objects.filter(member=member_or_404(request.user, member_id)).order_by("years")


@router.post(
    "",
    response=documented({201: AwardOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Record a badge awarded (the rules in force on the award date are checked)"),
)
def award_badge(request: HttpRequest, payload: AwardIn) -> Any:
    member = member_or_404(request.user, payload.member_id, Action.MANAGE_MEMBERS)
    return 201, services.badge_award(actor=request.user, member=member, **payload.dict(exclude={"member_id"}))
