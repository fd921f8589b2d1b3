"""Meetings through the API: the same scope, services and selectors as the pages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Day, Id, Pages, Version, documented
from partybuilding.core.scope import Action, organization_or_404, require

from . import api_checkin, missing, selectors, services
from . import checkin as checkin_clock
from .choices import MeetingKind, MeetingStatus, Presence
from .services import AttendanceIn

router = Router(tags=["meetings"])

# A time of day on the meeting's local clock, with no UTC offset (JSON Schema's "time" needs one).
LocalTime = Annotated[
    dt.time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$",
            "maxLength": 15,
            "description": gettext_lazy("HH:MM:SS, local time"),
        }
    ),
]


class MeetingOut(Schema):
    id: int
    organization_id: int
    kind: str
    status: str
    date: dt.date
    title: str
    starts_at: LocalTime | None
    ends_at: LocalTime | None = Field(description=gettext_lazy("The planned end (with the start, the check-in window)"))
    duration_minutes: int | None
    score: int | None
    level: str
    version: int


class AttendanceOut(Schema):
    member_id: int
    full_name: str
    required: bool
    presence: str
    reason: str
    contributions: int


class ItemOut(Schema):
    title: str
    votes_for: int
    votes_against: int
    votes_abstain: int


class MeetingDetailOut(MeetingOut):
    place: str
    chair_id: int | None
    secretary_id: int | None
    agenda: str
    discussion: str
    resolution: str
    attendance: list[AttendanceOut]
    items: list[ItemOut]


class MeetingFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: its whole subtree"))
    kind: Literal[""] | MeetingKind = ""
    status: Literal[""] | MeetingStatus = ""
    year: int | None = Field(None, ge=2000, le=2100)
    month: int | None = Field(None, ge=1, le=12)


class PlanIn(Schema):
    organization_id: Id
    kind: MeetingKind
    date: Day
    title: str = Field("", max_length=255)
    starts_at: LocalTime | None = Field(None, description=gettext_lazy("The planned start, HH:MM"))
    ends_at: LocalTime | None = Field(None, description=gettext_lazy("The planned end, HH:MM"))
    place: str = Field("", max_length=255)
    submission: uuid.UUID | None = None


class AttendanceEntryIn(Schema):
    member_id: Id
    presence: Presence
    reason: str = Field("", max_length=255)
    contributions: int = Field(0, ge=0, le=1000)


class AttendanceBody(Schema):
    entries: list[AttendanceEntryIn] = Field(max_length=10_000)
    version: Version | None = None


class PlanYearIn(Schema):
    organization_id: Id
    year: int = Field(..., ge=2000, le=2100)
    day: int = Field(5, ge=1, le=28)


class CloseIn(Schema):
    version: Version | None = None


class MissingOut(Schema):
    what: str = Field(description=gettext_lazy("regular, thematic or unexcused"))
    year: int
    month: int | None = None
    quarter: int | None = None
    count: int | None = Field(None, description=gettext_lazy("cells without the meeting (regular, thematic)"))
    cells: list[dict[str, Any]] | None = Field(None, description=gettext_lazy("id, code and name of each (regular, thematic)"))
    threshold: int | None = Field(None, description=gettext_lazy("unexcused absences that count (unexcused)"))
    members: list[dict[str, Any]] | None = Field(None, description=gettext_lazy("the members past the threshold (unexcused)"))


@router.get("", response=documented(list[MeetingOut], 404, 422), summary=gettext_lazy("Meetings in your scope"))
@paginate(Pages)
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]) -> Any:
    within = organization_or_404(request.user, filters.within) if filters.within else None
    return selectors.filtered(selectors.in_scope(request.user, within), filters.dict())


@router.post(
    "/plan-year",
    response=documented({201: list[MeetingOut]}, 400, 403, 404, 422),
    summary=gettext_lazy("Plan the year's meetings (months already planned are kept)"),
)
def plan_year(request: HttpRequest, payload: PlanYearIn) -> Any:
    org = organization_or_404(request.user, payload.organization_id)
    require(request.user, Action.MANAGE_MEMBERS, org)
    return 201, services.meetings_plan_year(actor=request.user, organization=org, year=payload.year, day=payload.day)


@router.get(
    "/missing/{org_id}",
    response=documented(MissingOut, 403, 404, 422),
    summary=gettext_lazy("What is missing in an organization's subtree"),
)
def missing_report(
    request: HttpRequest,
    org_id: Id,
    what: Literal["regular", "thematic", "unexcused"] = "regular",
    year: int | None = Query(None, ge=2000, le=2100),
    month: int | None = Query(None, ge=1, le=12),
    quarter: int | None = Query(None, ge=1, le=4),
    limit: int = Query(1000, ge=1, le=10_000),
) -> dict[str, Any]:
    org = organization_or_404(request.user, org_id)
    require(request.user, Action.VIEW_MEMBERS, org)
    today = timezone.localdate()
    year = year or today.year
    if what == "unexcused":
        rows = list(missing.members_absent_unexcused(org, year, today)[:limit])
        return {"what": what, "year": year, "threshold": missing.unexcused_threshold(year, today), "members": rows}
    if what == "thematic":
        quarter = quarter or missing.quarter_of(today)
        cells = missing.cells_without_thematic(org, year, quarter)
        period: dict[str, Any] = {"quarter": quarter}
    else:
        what, month = "regular", month or today.month
        cells = missing.cells_without_regular(org, year, month)
        period = {"month": month}
    found = list(cells.values("id", "code", "name")[: limit + 1])
    return {"what": what, "year": year, **period, "count": cells.count(), "cells": found[:limit]}


# Before "/{meeting_id}", which would take "check-in" for a meeting's id.
@router.post(
    "/check-in",
    response=documented(api_checkin.CheckinOut, 400, 422),
    summary=gettext_lazy("Check in at a meeting with the code of its QR code (a second check-in changes nothing)"),
)
def check_in(request: HttpRequest, payload: api_checkin.CheckinIn) -> Any:
    member = selectors.own_cell_member(request.user)
    row = services.checkin_scan(actor=request.user, member=member, code=payload.code, scanned_at=checkin_clock.now())
    return {
        "meeting_id": row.meeting_id,
        "member_id": row.member_id,
        "presence": row.presence,
        "arrived_at": row.arrived_at,
        "late": row.late,
    }


@router.get(
    "/{meeting_id}",
    response=documented(MeetingDetailOut, 403, 404, 422),
    summary=gettext_lazy("A meeting with its attendance, items and minutes"),
)
def get_meeting(request: HttpRequest, meeting_id: Id) -> Any:
    meeting = selectors.meeting_or_404(request.user, meeting_id)
    return _out(meeting)


def _out(meeting: Any) -> dict[str, Any]:
    attendance = meeting.attendance.select_related("member").order_by("member__sort_key", "member_id")
    data = MeetingOut.from_orm(meeting).dict()
    data.update(
        place=meeting.place,
        chair_id=meeting.chair_id,
        secretary_id=meeting.secretary_id,
        agenda=meeting.agenda,
        discussion=meeting.discussion,
        resolution=meeting.resolution,
        attendance=[
            {
                "member_id": a.member_id,
                "full_name": a.member.full_name,
                "required": a.required,
                "presence": a.presence,
                "reason": a.reason,
                "contributions": a.contributions,
            }
            for a in attendance
        ],
        items=list(meeting.items.values("title", "votes_for", "votes_against", "votes_abstain")),
    )
    return data


@router.post(
    "",
    response=documented({201: MeetingOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Plan a meeting (the same submission plans it once)"),
)
def plan_meeting(request: HttpRequest, payload: PlanIn) -> Any:
    org = organization_or_404(request.user, payload.organization_id)
    require(request.user, Action.MANAGE_MEMBERS, org)
    meeting = services.meeting_plan(
        actor=request.user,
        organization=org,
        kind=payload.kind,
        date=payload.date,
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        place=payload.place,
        submission=payload.submission,
    )
    return 201, meeting


@router.put(
    "/{meeting_id}/attendance",
    response=documented(MeetingDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Mark every expected member"),
)
def record_attendance(request: HttpRequest, meeting_id: Id, payload: AttendanceBody) -> Any:
    meeting = selectors.meeting_or_404(request.user, meeting_id, Action.MANAGE_MEMBERS)
    entries = [AttendanceIn(e.member_id, e.presence, e.reason, e.contributions) for e in payload.entries]
    services.attendance_record(actor=request.user, meeting=meeting, entries=entries, expected_version=payload.version)
    return _out(meeting)


@router.post(
    "/{meeting_id}/close",
    response=documented(MeetingOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Close the meeting: its record is frozen and scored"),
)
def close_meeting(request: HttpRequest, meeting_id: Id, payload: CloseIn) -> Any:
    meeting = selectors.meeting_or_404(request.user, meeting_id, Action.MANAGE_MEMBERS)
    return services.meeting_close(actor=request.user, meeting=meeting, expected_version=payload.version)


router.add_router("", api_checkin.router)  # a meeting's arrivals, leave requests and phones' marks
