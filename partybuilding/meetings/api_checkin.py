"""Check-in through the API: a member checks in with the scanned code or asks for leave;
the secretary reads the arrivals and sends the marks a phone recorded offline (the same
services as the pages)."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from pydantic import AfterValidator

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import FIRST_YEAR, LAST_YEAR, NOT_BLANK, Id, documented
from partybuilding.core.scope import Action

from . import roster, selectors, services
from .choices import Presence
from .models import Attendance, Meeting
from .services.checkin import MAX_MARKS, MarkIn

router = Router(tags=["meetings"])


def _in_years(moment: dt.datetime) -> dt.datetime:
    """A device's time, aware (a time without offset is the server's local time), within the
    years the system records."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if not FIRST_YEAR < moment.year < LAST_YEAR:
        raise ValueError(f"a time between {FIRST_YEAR} and {LAST_YEAR}")
    return moment


DeviceTime = Annotated[dt.datetime, AfterValidator(_in_years)]


class CheckinIn(Schema):
    code: str = Field(max_length=200, pattern=NOT_BLANK, description=gettext_lazy("The code read from the meeting's QR code"))


class CheckinOut(Schema):
    meeting_id: int
    member_id: int
    presence: str
    arrived_at: dt.datetime | None = Field(description=gettext_lazy("When the member checked in"))
    late: bool = Field(description=gettext_lazy("Whether the member arrived after the grace period"))


class ArrivalOut(Schema):
    member_id: int
    full_name: str
    presence: str
    reason: str
    late: bool = Field(description=gettext_lazy("Whether the member arrived after the grace period"))
    arrived_at: dt.datetime | None = Field(description=gettext_lazy("When the member checked in by QR code"))
    marked_at: dt.datetime | None = Field(description=gettext_lazy("When the mark that counts was made"))
    via: str = Field(description=gettext_lazy("How the member was marked: QR, a phone's label, or empty for the attendance form"))


class WaitingOut(Schema):
    member_id: int
    full_name: str
    leave_reason: str = Field(description=gettext_lazy("The reason of the member's leave request, if they asked"))


class ArrivalsOut(Schema):
    meeting_id: int
    expected_count: int = Field(description=gettext_lazy("Members required at the meeting"))
    present_count: int = Field(description=gettext_lazy("Members marked present"))
    late_count: int = Field(description=gettext_lazy("Members present who arrived late"))
    arrivals: list[ArrivalOut] = Field(description=gettext_lazy("The members marked so far, the latest first"))
    waiting: list[WaitingOut] = Field(description=gettext_lazy("The required members not marked yet"))
    open_conflicts: int = Field(description=gettext_lazy("Members marked differently from two places, not settled yet"))
    version: int


class LeaveIn(Schema):
    reason: str = Field(max_length=255, pattern=NOT_BLANK, description=gettext_lazy("Why the member cannot attend"))


class LeaveOut(Schema):
    meeting_id: int
    member_id: int
    reason: str
    requested_at: dt.datetime = Field(description=gettext_lazy("When the leave was asked"))


class MarkBody(Schema):
    client_id: uuid.UUID = Field(description=gettext_lazy("The phone's id for this mark: a mark sent twice is applied once"))
    member_id: Id
    presence: Presence
    reason: str = Field("", max_length=255, description=gettext_lazy("The reason of an absence with reason"))
    marked_at: DeviceTime = Field(description=gettext_lazy("When the mark was made, by the phone's clock (ISO 8601)"))
    device: str = Field(max_length=100, pattern=NOT_BLANK, description=gettext_lazy("The phone's label, shown with a conflict"))


class MarksIn(Schema):
    marks: list[MarkBody] = Field(max_length=MAX_MARKS, description=gettext_lazy("The marks recorded on the phone (at most 500)"))


class MarkResultOut(Schema):
    client_id: uuid.UUID = Field(description=gettext_lazy("The phone's id for the mark"))
    status: Literal["applied", "duplicate", "conflict", "refused"] = Field(
        description=gettext_lazy(
            "applied; duplicate (sent before, applied once); conflict (marked otherwise elsewhere: the later mark counts); refused"
        )
    )
    presence: str = Field(description=gettext_lazy("The member's presence now (empty when not marked)"))
    message: str = Field(description=gettext_lazy("Why, for a refused or conflicting mark, in your language"))


class MarksOut(Schema):
    results: list[MarkResultOut] = Field(description=gettext_lazy("One result per mark, in the order sent"))
    version: int = Field(description=gettext_lazy("The meeting's version after the marks"))


@router.get(
    "/{meeting_id}/arrivals",
    response=documented(ArrivalsOut, 403, 404, 422),
    summary=gettext_lazy("A meeting's arrivals and the members not marked yet (for its secretary)"),
)
def arrivals(request: HttpRequest, meeting_id: Id) -> Any:
    meeting = selectors.meeting_or_404(request.user, meeting_id, Action.MANAGE_MEMBERS)
    rows = selectors.arrivals(meeting)
    marked = {a.member_id for a in rows}
    leave = {r.member_id: r.reason for r in selectors.leave_requests(meeting)}
    expected = [e for e in roster.expected(meeting.organization, meeting.kind, meeting.date) if e.required]
    present = [a for a in rows if a.presence == Presence.PRESENT]
    return {
        "meeting_id": meeting.pk,
        "expected_count": len(expected),
        "present_count": len(present),
        "late_count": sum(1 for a in present if a.late),
        "arrivals": [_arrival(a) for a in rows],
        "waiting": [
            {"member_id": e.member.pk, "full_name": e.member.full_name, "leave_reason": leave.get(e.member.pk, "")}
            for e in expected
            if e.member.pk not in marked
        ],
        "open_conflicts": len(selectors.open_conflicts(meeting)),
        "version": meeting.version,
    }


def _arrival(a: Attendance) -> dict[str, Any]:
    return {
        "member_id": a.member_id,
        "full_name": a.member.full_name,
        "presence": a.presence,
        "reason": a.reason,
        "late": a.late,
        "arrived_at": a.arrived_at,
        "marked_at": a.marked_at,
        "via": a.marked_via,
    }


@router.post(
    "/{meeting_id}/leave",
    response=documented(LeaveOut, 400, 404, 422),
    summary=gettext_lazy("Ask for leave from a meeting of your own cell, before it starts"),
)
def ask_leave(request: HttpRequest, meeting_id: Id, payload: LeaveIn) -> Any:
    member = selectors.own_cell_member(request.user)
    meeting = Meeting.objects.select_related("organization").filter(pk=meeting_id).first()
    if member is None or meeting is None or meeting.organization_id != member.organization_id:
        raise Http404
    leave = services.leave_request(actor=request.user, meeting=meeting, member=member, reason=payload.reason)
    return {"meeting_id": meeting.pk, "member_id": member.pk, "reason": leave.reason, "requested_at": leave.requested_at}


@router.post(
    "/{meeting_id}/attendance/marks",
    response=documented(MarksOut, 400, 403, 404, 422),
    summary=gettext_lazy(
        "Send the attendance marks a phone recorded, perhaps offline: each applied once; "
        "two different marks of a member, the later counts and the other is kept for the secretary"
    ),
)
def send_marks(request: HttpRequest, meeting_id: Id, payload: MarksIn) -> Any:
    meeting = selectors.meeting_or_404(request.user, meeting_id, Action.MANAGE_MEMBERS)
    marks = [MarkIn(m.client_id, m.member_id, m.presence, m.reason, m.marked_at, m.device.strip()) for m in payload.marks]
    results = services.marks_sync(actor=request.user, meeting=meeting, marks=marks)
    meeting.refresh_from_db(fields=["version"])
    return {
        "results": [{"client_id": r.client_id, "status": r.status, "presence": r.presence, "message": r.message} for r in results],
        "version": meeting.version,
    }
