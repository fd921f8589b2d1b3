"""The marks a secretary's phone records (offline) and sends later:
`POST /api/meetings/{id}/attendance/marks`, applied once each, two devices that disagree
settled by the later mark and shown to the secretary, marks refused with the reason."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from partybuilding.core.models import AuditEntry
from partybuilding.meetings import services
from partybuilding.meetings.choices import Presence
from partybuilding.meetings.models import Attendance, DeviceMark, LeaveRequest, MarkConflict, Meeting
from partybuilding.members.models import Member

from .conftest import Personas, Tree, client_for
from .meetings_factories import full_details
from .members_factories import make_member

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 5)


@dataclass
class Cell:
    meeting: Meeting
    members: list[Member]


@pytest.fixture
def cell(tree: Tree) -> Cell:
    members = [make_member(tree.X1, given_name=name) for name in ("An", "Bình", "Chi")]
    meeting = services.meeting_plan(
        actor=None, organization=tree.X1, kind="regular", date=DAY, starts_at=dt.time(19, 30), ends_at=dt.time(21, 30)
    )
    return Cell(meeting, members)


def mark(member: Member, presence: str, minute: int, device: str, reason: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "client_id": str(uuid.uuid4()),
        "member_id": member.pk,
        "presence": presence,
        "reason": reason,
        "marked_at": f"2026-11-05T19:{minute:02d}:00+07:00",
        "device": device,
        **extra,
    }


def send(client: Client, meeting: Meeting, marks: list[dict[str, Any]], **headers: Any) -> Any:
    return client.post(f"/api/meetings/{meeting.pk}/attendance/marks", {"marks": marks}, content_type="application/json", **headers)


def test_marks_sent_twice_are_applied_once(cell: Cell, people: Personas) -> None:
    a, b, c = cell.members
    marks = [
        mark(a, "present", 31, "Điện thoại bí thư"),
        mark(b, "excused", 32, "Điện thoại bí thư", "Ốm"),
        mark(c, "unexcused", 33, "Điện thoại bí thư"),
    ]
    phone = client_for(people.cell_secretary)
    first = send(phone, cell.meeting, marks)
    assert first.status_code == 200
    body = first.json()
    assert [(r["status"], r["presence"]) for r in body["results"]] == [
        ("applied", "present"),
        ("applied", "excused"),
        ("applied", "unexcused"),
    ]
    assert [r["client_id"] for r in body["results"]] == [m["client_id"] for m in marks]
    cell.meeting.refresh_from_db()
    assert cell.meeting.attendance_recorded and body["version"] == cell.meeting.version  # everyone marked: the attendance is recorded
    again = send(phone, cell.meeting, marks).json()
    assert [r["status"] for r in again["results"]] == ["duplicate"] * 3
    assert again["version"] == body["version"]  # nothing changed, so the version did not move
    assert [r["presence"] for r in again["results"]] == ["present", "excused", "unexcused"]
    assert DeviceMark.objects.filter(meeting=cell.meeting).count() == 3 and Attendance.objects.filter(meeting=cell.meeting).count() == 3
    assert AuditEntry.objects.filter(action="meeting.marks").count() == 1
    row = Attendance.objects.get(meeting=cell.meeting, member=b)
    assert (row.reason, row.marked_via, row.marked_by_id) == ("Ốm", "Điện thoại bí thư", people.cell_secretary.pk)


def test_two_devices_that_disagree_the_later_mark_counts_and_the_secretary_settles_it(cell: Cell, people: Personas) -> None:
    a = cell.members[0]
    phone = client_for(people.cell_secretary)
    assert send(phone, cell.meeting, [mark(a, "present", 40, "Máy A")]).json()["results"][0]["status"] == "applied"
    later = send(phone, cell.meeting, [mark(a, "unexcused", 45, "Máy B")]).json()["results"][0]
    assert (later["status"], later["presence"]) == ("conflict", "unexcused")  # B marked last: B counts
    assert "the later mark counts" in later["message"]
    older = send(phone, cell.meeting, [mark(a, "excused", 42, "Máy A", "Bận")]).json()["results"][0]
    assert (older["status"], older["presence"]) == ("conflict", "unexcused")  # sent last, but marked earlier
    assert Attendance.objects.get(meeting=cell.meeting, member=a).presence == Presence.UNEXCUSED
    conflicts = list(MarkConflict.objects.filter(meeting=cell.meeting).order_by("pk"))
    assert [(c.kept["via"], c.overruled["via"]) for c in conflicts] == [("Máy B", "Máy A"), ("Máy B", "Máy A")]
    page = phone.get(f"/meetings/{cell.meeting.pk}/").content.decode()
    assert 'data-testid="conflicts"' in page and "Máy A" in page and "Máy B" in page and "05/11/2026 19:45" in page
    settled = phone.post(f"/meetings/conflicts/{conflicts[0].pk}/settle/", {"keep": "overruled"})
    assert settled.status_code == 302
    assert Attendance.objects.get(meeting=cell.meeting, member=a).presence == Presence.PRESENT
    phone.post(f"/meetings/conflicts/{conflicts[1].pk}/settle/", {"keep": "kept"})
    assert Attendance.objects.get(meeting=cell.meeting, member=a).presence == Presence.UNEXCUSED
    assert 'data-testid="conflicts"' not in phone.get(f"/meetings/{cell.meeting.pk}/").content.decode()


def test_the_same_device_changing_its_mind_is_no_conflict(cell: Cell, people: Personas) -> None:
    a = cell.members[0]
    phone = client_for(people.cell_secretary)
    send(phone, cell.meeting, [mark(a, "unexcused", 35, "Máy A"), mark(a, "present", 50, "Máy A")])
    assert Attendance.objects.get(meeting=cell.meeting, member=a).presence == Presence.PRESENT
    assert not MarkConflict.objects.exists()


def test_marks_that_cannot_be_applied_are_refused_with_the_reason(cell: Cell, people: Personas, tree: Tree) -> None:
    stranger = make_member(tree.X2)
    a, b, _c = cell.members
    marks = [
        mark(stranger, "present", 31, "Máy A"),
        mark(a, "excused", 32, "Máy A"),  # no reason
        {**mark(b, "present", 33, "Máy A"), "marked_at": "2099-01-01T08:00:00+07:00"},  # a phone's clock far ahead
    ]
    results = send(client_for(people.cell_secretary), cell.meeting, marks).json()["results"]
    assert [r["status"] for r in results] == ["refused"] * 3
    assert "not expected at this meeting" in results[0]["message"] and "Party Charter" in results[0]["message"]
    assert "write the reason" in results[1]["message"]
    assert "clock is ahead" in results[2]["message"]
    assert not Attendance.objects.filter(meeting=cell.meeting).exists() and not DeviceMark.objects.exists()


def test_an_absence_with_reason_takes_the_reason_of_the_leave_request(cell: Cell, people: Personas) -> None:
    a = cell.members[0]
    LeaveRequest.objects.create(meeting=cell.meeting, member=a, reason="Đi công tác", requested_at=cell.meeting.created_at)
    result = send(client_for(people.cell_secretary), cell.meeting, [mark(a, "excused", 31, "Máy A")]).json()["results"][0]
    assert result["status"] == "applied"
    assert Attendance.objects.get(meeting=cell.meeting, member=a).reason == "Đi công tác"


def test_a_closed_meeting_refuses_every_mark(cell: Cell, people: Personas) -> None:
    services.meeting_record(actor=None, meeting=cell.meeting, details=full_details(DAY))
    services.attendance_record(
        actor=None, meeting=cell.meeting, entries=[services.AttendanceIn(m.pk, Presence.PRESENT) for m in cell.members]
    )
    services.meeting_close(actor=None, meeting=cell.meeting)
    results = send(client_for(people.cell_secretary), cell.meeting, [mark(cell.members[0], "unexcused", 50, "Máy A")]).json()["results"]
    assert results[0]["status"] == "refused" and "closed" in results[0]["message"] and results[0]["presence"] == ""


def test_a_batch_is_at_most_500_marks_and_only_for_those_who_record_attendance(cell: Cell, people: Personas) -> None:
    too_many = [mark(cell.members[0], "present", 31, "Máy A") for _ in range(501)]
    assert send(client_for(people.cell_secretary), cell.meeting, too_many).status_code == 422
    one = [mark(cell.members[0], "present", 31, "Máy A")]
    assert send(client_for(people.viewer), cell.meeting, one).status_code == 403  # sees the meeting, does not record it
    assert send(client_for(people.outsider), cell.meeting, one).status_code == 404
    assert send(client_for(people.member), cell.meeting, one).status_code == 404


def test_a_page_script_sends_marks_with_the_session_and_the_csrf_header(cell: Cell, people: Personas) -> None:
    browser = client_for(people.cell_secretary)
    browser.handler.enforce_csrf_checks = True
    browser.get(f"/meetings/{cell.meeting.pk}/")  # the page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    one = [mark(cell.members[0], "present", 31, "Máy A")]
    without = send(browser, cell.meeting, one)
    assert without.status_code == 403 and without.json()["detail"] == "CSRF check Failed"
    with_header = send(browser, cell.meeting, one, HTTP_X_CSRFTOKEN=token)
    assert with_header.status_code == 200 and with_header.json()["results"][0]["status"] == "applied"
