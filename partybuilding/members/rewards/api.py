"""Rewards through the API: the rewards of the scope, a reward recorded for an organization or
a member, and an entry made by mistake deleted."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.
import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, Day, Id, Pages, Year, documented
from partybuilding.core.errors import Refusal
from partybuilding.core.scope import Action, organization_or_404

from ..choices import RewardForm
from ..records.selectors import member_or_404
from . import selectors, services

router = Router(tags=["rewards"])

RewardId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The reward's id"))]


class RewardOut(Schema):
    id: int
    organization_id: int = Field(description=gettext_lazy("The organization rewarded, or the member's organization on the award day"))
    member_id: int | None = Field(description=gettext_lazy("The member rewarded; empty for an organization's reward"))
    form: str = Field(description=gettext_lazy("banner, merit (certificate of merit) or commendation (certificate of commendation)"))
    awarded_on: dt.date = Field(description=gettext_lazy("The day the reward was given"))
    reason: str
    decision_number: str
    decision_date: dt.date | None
    decided_by: str


class RewardFilters(Schema):
    q: str = Field("", max_length=150, description=gettext_lazy("A member's name, a word of an organization's name, or a decision number"))
    within: Id | None = Field(None, description=gettext_lazy("An organization: its whole subtree"))
    year: Year | None = Field(None, description=gettext_lazy("The year of the award"))
    form: Literal[""] | RewardForm = Field("", description=gettext_lazy("banner, merit or commendation; empty: all"))
    who: Literal["", "organizations", "members"] = Field("", description=gettext_lazy("organizations, members; empty: both"))


class RewardIn(Schema):
    organization_id: Id | None = Field(None, description=gettext_lazy("The organization rewarded (or give member_id)"))
    member_id: Id | None = Field(None, description=gettext_lazy("The member rewarded (or give organization_id)"))
    form: RewardForm = Field(description=gettext_lazy("banner, merit (certificate of merit) or commendation (certificate of commendation)"))
    awarded_on: Day = Field(description=gettext_lazy("The day the reward was given"))
    reason: str = Field("", max_length=255)
    decision_number: str = Field("", max_length=64)
    decision_date: Day | None = None
    decided_by: str = Field("", max_length=255)


@router.get(
    "",
    response=documented(list[RewardOut], 403, 404, 422),
    summary=gettext_lazy("Rewards of Party organizations and members in your scope, the latest first"),
)
@paginate(Pages)
def list_rewards(request: HttpRequest, filters: Query[RewardFilters]) -> Any:
    within = organization_or_404(request.user, filters.within) if filters.within is not None else None
    return selectors.filtered(request.user, within, filters.dict())


@router.post(
    "",
    response=documented({201: RewardOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Record a reward given to a Party organization or to a member"),
)
def record_reward(request: HttpRequest, payload: RewardIn) -> Any:
    # Each id through the scope first: one outside it answers as a missing one would.
    member = member_or_404(request.user, payload.member_id, Action.MANAGE_MEMBERS) if payload.member_id is not None else None
    org = organization_or_404(request.user, payload.organization_id, Action.MANAGE_MEMBERS) if payload.organization_id is not None else None
    if (member is None) == (org is None):
        raise Refusal(_("A reward is given either to an organization or to a member."), rule=services.form_rule(), field="organization_id")
    fields = payload.dict(exclude={"organization_id", "member_id"})
    return 201, services.record_reward(actor=request.user, member=member, organization=org, **fields)


@router.delete(
    "/{reward_id}",
    response=documented({204: None}, 403, 404, 422),
    summary=gettext_lazy("Delete a reward entered by mistake (the audit log keeps what it said)"),
)
def delete_reward(request: HttpRequest, reward_id: RewardId) -> Any:
    services.reward_delete(actor=request.user, reward=selectors.reward_or_404(request.user, reward_id, Action.MANAGE_MEMBERS))
    return 204, None
