"""A member's timeline through the API, and recording its events: the same steps as the pages."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.
import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from partybuilding.core.api_docs import gettext_lazy, one_of
from partybuilding.core.api_types import Count, Day, Id, Version, documented
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, organization_or_404

from ..choices import RemovalReason
from ..models import MemberEvent
from ..records.api import MemberOut
from ..records.selectors import member_or_404
from .services import LIFECYCLE

router = Router(tags=["members"])


class MemberEventOut(Schema):
    kind: str
    date: dt.date
    organization_id: int
    to_organization_id: int | None
    outside_party: str
    decision_number: str
    decision_date: dt.date | None
    reason: str


class MemberEventIn(Schema):
    kind: Literal[tuple(LIFECYCLE.steps)] = Field(description=one_of(LIFECYCLE.steps))  # type: ignore[valid-type]
    date: Day | None = None
    decision_number: str = Field("", max_length=64)
    decision_date: Day | None = None
    decided_by: str = Field("", max_length=255)
    note: str = Field("", max_length=2000)
    to_organization_id: Id | None = None
    outside: str = Field("", max_length=255)
    reason: Literal[""] | RemovalReason = Field("", description=gettext_lazy("Removals: why"))
    votes_for: Count | None = None
    official_members: Count | None = None
    version: Version | None = None
    submission: uuid.UUID | None = None

    def params(self, request: HttpRequest) -> dict[str, Any]:
        """The step's parameters, as the page's form gives them."""
        decision = Decision(number=self.decision_number, date=self.decision_date, decided_by=self.decided_by, note=self.note)
        target = organization_or_404(request.user, self.to_organization_id, Action.MANAGE_MEMBERS) if self.to_organization_id else None
        return {
            "date": self.date, "decision": decision, "to_organization": target, "outside": self.outside, "reason": self.reason,
            "votes_for": self.votes_for, "official_members": self.official_members,
        }  # fmt: skip


@router.get(
    "/{int:member_id}/events", response=documented(list[MemberEventOut], 403, 404, 422), summary=gettext_lazy("The member's timeline")
)
def get_events(request: HttpRequest, member_id: Id) -> Any:
    return MemberEvent.objects.filter(member=member_or_404(request.user, member_id)).order_by("date", "id")


@router.post(
    "/{int:member_id}/events", response=documented(MemberOut, 400, 403, 404, 409, 422), summary=gettext_lazy("Record a lifecycle event")
)
def record_event(request: HttpRequest, member_id: Id, payload: MemberEventIn) -> Any:
    member = member_or_404(request.user, member_id, Action.MANAGE_MEMBERS)
    params = payload.params(request)
    return LIFECYCLE.run(
        payload.kind, actor=request.user, obj=member, expected_version=payload.version, submission=payload.submission, **params
    )
