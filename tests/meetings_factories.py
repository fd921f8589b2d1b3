"""Meetings for the tests, through the services as the pages make them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.meetings import services
from partybuilding.meetings.choices import MeetingKind, Presence
from partybuilding.meetings.models import Meeting, MeetingDocument
from partybuilding.meetings.services import AttendanceIn, Details, ItemIn
from partybuilding.members.choices import IN_LIST
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization


def full_details(day: dt.date, chair: Member | None = None, **overrides: Any) -> Details:
    values: dict[str, Any] = {
        "date": day,
        "starts_at": dt.time(19, 30),
        "duration_minutes": 120,
        "place": "Nhà văn hóa thôn",
        "title": "Sinh hoạt thường kỳ",
        "chair_id": chair.pk if chair else None,
        "agenda": "1. Kiểm điểm công tác tháng\n2. Phương hướng tháng tới",
        "discussion": "Các đảng viên đóng góp ý kiến.",
        "resolution": "Chi bộ thống nhất phương hướng tháng tới.",
    }
    values.update(overrides)
    return Details(**values)


def held_meeting(
    org: Organization,
    day: dt.date,
    presence: dict[Member, str],
    *,
    kind: str = MeetingKind.REGULAR,
    close: bool = True,
    contributions: int = 1,
    **details: Any,
) -> Meeting:
    """A meeting planned, recorded with every expected member marked, and (by default) closed."""
    meeting = services.meeting_plan(actor=None, organization=org, kind=kind, date=day)
    present = sum(1 for p in presence.values() if p == Presence.PRESENT)
    details.setdefault("items", (ItemIn("Thông qua nghị quyết tháng", present, 0, 0),))
    services.meeting_record(actor=None, meeting=meeting, details=full_details(day, **details))
    entries = [
        AttendanceIn(
            m.pk,
            p,
            "ốm" if p == Presence.EXCUSED else "",
            contributions if p == Presence.PRESENT else 0,
        )
        for m, p in presence.items()
    ]
    services.attendance_record(actor=None, meeting=meeting, entries=entries)
    if close:
        services.meeting_close(actor=None, meeting=meeting)
    return meeting


def meeting_with_a_file(org: Organization) -> MeetingDocument:
    """A meeting of `org` recorded with every member of its list present, still open, with
    its resolution attached as a file."""
    present = {m: Presence.PRESENT for m in Member.objects.filter(organization=org, status__in=IN_LIST)}
    meeting = held_meeting(org, dt.date(2026, 10, 1), present, close=False)
    return services.document_attach(actor=None, meeting=meeting, name="nghi-quyet.txt", content_type="text/plain", content=b"Nghi quyet")
