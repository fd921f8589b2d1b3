"""Meeting check-in by QR code: the rotating code and its window, a member's scan (once,
late, refused with the rule), the secretary's live screen and hand marking, leave requests,
and the same through the API."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
import segno
from django.utils import timezone

from partybuilding.accounts.choices import Role
from partybuilding.core.errors import Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.meetings import checkin, services
from partybuilding.meetings.choices import MeetingStatus, Presence
from partybuilding.meetings.models import Attendance, LeaveRequest, MarkConflict, Meeting
from partybuilding.members.models import Member

from .conftest import Personas, Tree, client_for, make_user
from .meetings_factories import full_details
from .members_factories import make_member

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 5)  # a Thursday evening meeting, 19:30–21:30


def at(hour: int, minute: int, second: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 11, 5, hour, minute, second))


class Clock:
    """The check-in's clock, set by the test."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    found = Clock(at(19, 35))
    monkeypatch.setattr(checkin, "now", found)
    return found


@dataclass
class Cell:
    meeting: Meeting
    me: Member  # the member persona's own record
    others: list[Member]


@pytest.fixture
def cell(tree: Tree, people: Personas) -> Cell:
    me = make_member(tree.X1, family_name="Bùi", given_name="Mai")
    Member.objects.filter(pk=me.pk).update(user=people.member)
    others = [make_member(tree.X1) for _ in range(2)]
    meeting = services.meeting_plan(
        actor=None, organization=tree.X1, kind="regular", date=DAY, starts_at=dt.time(19, 30), ends_at=dt.time(21, 30)
    )
    return Cell(meeting, me, others)


def scan_url(meeting: Meeting, moment: dt.datetime) -> str:
    return f"/meetings/scan/{checkin.code_for(meeting, moment)}/"


# --- the code and its window -----------------------------------------------------------------


def test_the_code_changes_each_slot_and_is_good_for_its_slot_and_the_one_before(cell: Cell) -> None:
    shown = checkin.code_for(cell.meeting, at(19, 35, 0))
    assert checkin.code_for(cell.meeting, at(19, 35, 29)) == shown  # 30-second slots (the rule's value)
    assert checkin.code_for(cell.meeting, at(19, 35, 30)) != shown
    _meeting, slot = checkin.meeting_of(shown)
    assert checkin.check_code(cell.meeting, slot, at(19, 35, 59))  # the next slot still takes it
    with pytest.raises(Refusal, match="expired"):
        checkin.check_code(cell.meeting, slot, at(19, 36, 0))
    assert checkin.code_expires(cell.meeting, at(19, 35, 10)) == at(19, 36, 0)


def test_the_code_exists_only_inside_the_window_the_rules_give(cell: Cell) -> None:
    window = checkin.window_of(cell.meeting)
    assert window is not None
    assert (window.opens, window.late_from, window.closes) == (at(19, 0), at(19, 45), at(21, 30))
    assert checkin.code_for(cell.meeting, at(19, 0))
    for outside in (at(18, 59, 59), at(21, 30)):
        with pytest.raises(Refusal, match="open on 05/11/2026 from 19:00 to 21:30") as refused:
            checkin.code_for(cell.meeting, outside)
        assert "time window" in refused.value.rule


def test_a_meeting_without_its_times_has_no_code(tree: Tree) -> None:
    meeting = services.meeting_plan(actor=None, organization=tree.X1, kind="regular", date=DAY)
    with pytest.raises(Refusal, match="no planned start and end"):
        checkin.code_for(meeting, at(19, 35))


def test_a_meeting_cannot_end_before_it_starts(tree: Tree) -> None:
    with pytest.raises(Refusal, match="ends after it starts"):
        services.meeting_plan(actor=None, organization=tree.X1, kind="regular", date=DAY, starts_at=dt.time(19, 30), ends_at=dt.time(19, 0))


# --- a member scans ----------------------------------------------------------------------------


def test_a_member_who_scans_twice_is_marked_present_once(cell: Cell, people: Personas, clock: Clock) -> None:
    phone = client_for(people.member)
    url = scan_url(cell.meeting, clock.moment)
    first = phone.get(url)
    assert first.status_code == 200
    assert "Bùi" in first.content.decode() and "you are marked present" in first.content.decode()
    assert 'data-testid="scan-late"' not in first.content.decode()
    clock.moment = at(19, 35, 20)
    again = phone.get(url)
    assert "you are marked present" in again.content.decode()
    row = Attendance.objects.get(meeting=cell.meeting)
    assert (row.member_id, row.presence, row.arrived_at, row.late, row.marked_via) == (
        cell.me.pk,
        Presence.PRESENT,
        at(19, 35),
        False,
        "QR",
    )
    assert AuditEntry.objects.filter(action="meeting.checkin").count() == 1
    cell.meeting.refresh_from_db()
    assert cell.meeting.status == MeetingStatus.HELD and not cell.meeting.attendance_recorded  # the others are not marked yet
    detail = client_for(people.cell_secretary).get(f"/meetings/{cell.meeting.pk}/").content.decode()
    assert "2 required members are not marked yet" in detail


def test_a_member_arriving_after_the_grace_period_is_late(cell: Cell, people: Personas, clock: Clock) -> None:
    clock.moment = at(19, 45)
    page = client_for(people.member).get(scan_url(cell.meeting, clock.moment)).content.decode()
    assert 'data-testid="scan-late"' in page and "Arrived at 19:45" in page
    assert Attendance.objects.get(meeting=cell.meeting, member=cell.me).late


def test_a_member_signing_in_after_scanning_is_marked_at_the_time_of_the_scan(cell: Cell, people: Personas, clock: Clock) -> None:
    phone = client_for(None)
    url = scan_url(cell.meeting, clock.moment)
    to_login = phone.get(url)
    assert to_login.status_code == 302 and "/login" in to_login["Location"] and "next=" in to_login["Location"]
    clock.moment = at(19, 38)  # the code on the screen changed meanwhile
    phone.force_login(people.member)
    page = phone.get(url).content.decode()
    assert "you are marked present" in page
    assert Attendance.objects.get(meeting=cell.meeting, member=cell.me).arrived_at == at(19, 35)


@pytest.mark.parametrize(
    ("scanned", "shown_at", "refusal", "rule"),
    [
        pytest.param(
            at(18, 30), at(19, 0), "Check-in for this meeting is open on 05/11/2026 from 19:00 to 21:30", "time window", id="before"
        ),
        pytest.param(at(21, 31), at(21, 29), "Check-in for this meeting is open on", "time window", id="after"),
        pytest.param(at(19, 36, 30), at(19, 35), "This code has expired", "the one before", id="expired"),
    ],
)
def test_a_scan_outside_the_window_or_of_an_old_code_is_refused_with_its_rule(
    cell: Cell, people: Personas, clock: Clock, scanned: dt.datetime, shown_at: dt.datetime, refusal: str, rule: str
) -> None:
    url = scan_url(cell.meeting, shown_at)
    clock.moment = scanned
    page = client_for(people.member).get(url).content.decode()
    assert 'data-testid="scan-refused"' in page and refusal in page and rule in page
    assert not Attendance.objects.filter(meeting=cell.meeting).exists()


def test_a_member_of_another_cell_is_refused(cell: Cell, tree: Tree, clock: Clock) -> None:
    stranger = make_user("dangvien.x2", Role.MEMBER, tree.X2)
    Member.objects.filter(pk=make_member(tree.X2).pk).update(user=stranger)
    page = client_for(stranger).get(scan_url(cell.meeting, clock.moment)).content.decode()
    assert "is not expected at this meeting." in page and "Party Charter, Art. 24" in page
    assert not Attendance.objects.filter(meeting=cell.meeting).exists()


def test_a_login_without_a_member_record_is_told_to_ask_the_secretary(cell: Cell, people: Personas, clock: Clock) -> None:
    page = client_for(people.viewer).get(scan_url(cell.meeting, clock.moment)).content.decode()
    assert "not linked to a member record" in page


def test_a_closed_meeting_refuses_check_in(cell: Cell, people: Personas, clock: Clock) -> None:
    url = scan_url(cell.meeting, clock.moment)
    services.meeting_record(actor=None, meeting=cell.meeting, details=full_details(DAY, ends_at=dt.time(21, 30)))
    everyone = [cell.me, *cell.others]
    services.attendance_record(
        actor=None, meeting=cell.meeting, entries=[services.AttendanceIn(m.pk, Presence.UNEXCUSED) for m in everyone]
    )
    services.meeting_close(actor=None, meeting=cell.meeting)
    page = client_for(people.member).get(url).content.decode()
    assert "is closed" in page and "amendment" in page
    assert Attendance.objects.get(meeting=cell.meeting, member=cell.me).presence == Presence.UNEXCUSED


def test_a_forged_code_is_refused(people: Personas, clock: Clock) -> None:
    page = client_for(people.member).get("/meetings/scan/1.123:forged/").content.decode()
    assert "not a check-in code of this system" in page


# --- the secretary's screen ------------------------------------------------------------------


def test_the_secretary_shows_the_code_of_the_scan_url_and_sees_arrivals_live(cell: Cell, people: Personas, clock: Clock) -> None:
    secretary = client_for(people.cell_secretary)
    page = secretary.get(f"/meetings/{cell.meeting.pk}/check-in/").content.decode()
    url = "http://testserver" + scan_url(cell.meeting, clock.moment)
    drawn = segno.make(url, error="m").svg_inline(scale=8, border=4, dark="#000", light="#fff", svgclass="qr", omitsize=True)
    assert drawn.split(">", 1)[1] in page  # the QR code encodes the scan address of the moment
    assert 'viewBox="0 0 ' in page  # a phone's screen shrinks it whole
    assert "0 of 3 present" in page and 'hx-trigger="every 5s"' in page and "every 15s" in page
    assert "<script" not in page.split("<body", 1)[1]  # no inline script: htmx polls the fragments
    client_for(people.member).get(scan_url(cell.meeting, clock.moment))
    clock.moment = at(19, 50)
    arrivals = secretary.get(f"/meetings/{cell.meeting.pk}/check-in/?part=arrivals", HTTP_HX_REQUEST="true").content.decode()
    assert arrivals.startswith('<section id="arrivals"') and "<html" not in arrivals
    assert "1 of 3 present" in arrivals and "Bùi" in arrivals
    assert arrivals.count('data-member="') == 3  # the arrival, and the two members not marked yet
    code = secretary.get(f"/meetings/{cell.meeting.pk}/check-in/?part=code").content.decode()
    assert code.startswith('<div id="checkin-code"') and 'class="qr"' in code and "<html" not in code


def test_the_check_in_screen_says_when_it_opens(cell: Cell, people: Personas, clock: Clock) -> None:
    clock.moment = at(17, 0)
    page = client_for(people.cell_secretary).get(f"/meetings/{cell.meeting.pk}/check-in/").content.decode()
    assert 'data-testid="checkin-refused"' in page and "from 19:00 to 21:30" in page and 'data-testid="checkin-qr"' not in page


def test_a_plain_member_cannot_open_the_check_in_screen(cell: Cell, people: Personas, clock: Clock) -> None:
    assert client_for(people.member).get(f"/meetings/{cell.meeting.pk}/check-in/").status_code == 404


def test_a_late_arrival_is_counted_on_the_screen(cell: Cell, people: Personas, clock: Clock) -> None:
    clock.moment = at(19, 47)
    client_for(people.member).get(scan_url(cell.meeting, clock.moment))
    arrivals = client_for(people.cell_secretary).get(f"/meetings/{cell.meeting.pk}/check-in/?part=arrivals").content.decode()
    assert 'data-testid="late-count"' in arrivals and "1 arrived late" in arrivals


# --- hand marking and leave requests ---------------------------------------------------------------


def test_a_leave_request_before_the_meeting_pre_fills_absent_with_reason(cell: Cell, people: Personas, clock: Clock) -> None:
    clock.moment = at(12, 0)
    member = client_for(people.member)
    upcoming = services.meeting_plan(
        actor=None, organization=cell.meeting.organization, kind="thematic", date=timezone.localdate() + dt.timedelta(days=10)
    )
    mine = member.get("/meetings/mine/").content.decode()
    assert f'href="/meetings/{upcoming.pk}/leave/" data-testid="ask-leave"' in mine  # a member's own page offers it
    member.post(f"/meetings/{upcoming.pk}/leave/", {"reason": "Ốm"})
    assert 'data-testid="leave-asked"' in member.get("/meetings/mine/").content.decode()
    form = member.get(f"/meetings/{cell.meeting.pk}/leave/")
    assert form.status_code == 200
    sent = member.post(f"/meetings/{cell.meeting.pk}/leave/", {"reason": "Đi công tác"})
    assert sent.status_code == 302
    member.post(f"/meetings/{cell.meeting.pk}/leave/", {"reason": "Đi công tác"})  # a double click
    assert LeaveRequest.objects.filter(meeting=cell.meeting).count() == 1
    secretary = client_for(people.cell_secretary)
    detail = secretary.get(f"/meetings/{cell.meeting.pk}/").content.decode()
    assert 'data-testid="leave-requests"' in detail and "Đi công tác" in detail
    clock.moment = at(19, 35)
    # the member does not come; another one checks in
    other = make_user("dangvien.2", Role.MEMBER, cell.meeting.organization)
    Member.objects.filter(pk=cell.others[0].pk).update(user=other)
    client_for(other).get(scan_url(cell.meeting, clock.moment))
    attendance = secretary.get(f"/meetings/{cell.meeting.pk}/attendance/")
    fields = attendance.context["form"].initial
    assert (fields[f"p_{cell.me.pk}"], fields[f"r_{cell.me.pk}"]) == (Presence.EXCUSED, "Đi công tác")
    assert fields[f"p_{cell.others[0].pk}"] == Presence.PRESENT  # checked in
    assert fields[f"p_{cell.others[1].pk}"] == ""  # neither: chosen by hand


def test_the_secretary_marks_the_rest_by_hand_and_the_arrivals_are_kept(cell: Cell, people: Personas, clock: Clock) -> None:
    clock.moment = at(19, 50)
    client_for(people.member).get(scan_url(cell.meeting, clock.moment))
    cell.meeting.refresh_from_db()
    data = {"version": cell.meeting.version, f"p_{cell.me.pk}": Presence.PRESENT}
    data |= {f"p_{cell.others[0].pk}": Presence.EXCUSED, f"r_{cell.others[0].pk}": "Ốm", f"p_{cell.others[1].pk}": Presence.UNEXCUSED}
    saved = client_for(people.cell_secretary).post(f"/meetings/{cell.meeting.pk}/attendance/", data)
    assert saved.status_code == 302
    rows = {a.member_id: a for a in Attendance.objects.filter(meeting=cell.meeting)}
    assert (rows[cell.me.pk].arrived_at, rows[cell.me.pk].late) == (at(19, 50), True)
    assert rows[cell.others[1].pk].presence == Presence.UNEXCUSED and rows[cell.others[1].pk].marked_via == ""
    detail = client_for(people.cell_secretary).get(f"/meetings/{cell.meeting.pk}/").content.decode()
    assert "1 of 3 present" in detail and "late" in detail


def test_leave_is_asked_before_the_meeting_starts_and_only_in_ones_own_cell(cell: Cell, people: Personas, tree: Tree, clock: Clock) -> None:
    clock.moment = at(19, 31)
    late = client_for(people.member).post(f"/meetings/{cell.meeting.pk}/leave/", {"reason": "Bận"})
    assert late.status_code == 200 and "The meeting has started" in late.content.decode()
    elsewhere = services.meeting_plan(actor=None, organization=tree.X2, kind="regular", date=DAY)
    assert client_for(people.member).get(f"/meetings/{elsewhere.pk}/leave/").status_code == 404
    assert client_for(people.cell_secretary).get(f"/meetings/{cell.meeting.pk}/leave/").status_code == 404  # no member record


def test_the_plan_form_takes_the_times(tree: Tree, people: Personas) -> None:
    data = {
        "kind": "regular",
        "date": "05/11/2026",
        "starts_at": "19:30",
        "ends_at": "21:30",
        "place": "Nhà văn hóa",
        "submission": "6f1c1f4e-3a55-4a53-9f0e-111111111111",
    }
    response = client_for(people.cell_secretary).post(f"/meetings/plan/{tree.X1.pk}/", data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(submission="6f1c1f4e-3a55-4a53-9f0e-111111111111")
    assert (meeting.starts_at, meeting.ends_at, meeting.place) == (dt.time(19, 30), dt.time(21, 30), "Nhà văn hóa")
    refused = client_for(people.cell_secretary).post(
        f"/meetings/plan/{tree.X1.pk}/", {**data, "ends_at": "18:00", "submission": "6f1c1f4e-3a55-4a53-9f0e-222222222222"}
    )
    assert refused.status_code == 200 and "ends after it starts" in refused.content.decode()


# --- the API ---------------------------------------------------------------------------------


def test_the_api_checks_in_lists_arrivals_and_takes_a_leave_request(cell: Cell, people: Personas, tree: Tree, clock: Clock) -> None:
    code = checkin.code_for(cell.meeting, clock.moment)
    member = client_for(people.member)
    done = member.post("/api/meetings/check-in", {"code": code}, content_type="application/json")
    assert done.status_code == 200
    assert done.json() | {"arrived_at": None} == {
        "meeting_id": cell.meeting.pk,
        "member_id": cell.me.pk,
        "presence": "present",
        "arrived_at": None,
        "late": False,
    }
    again = member.post("/api/meetings/check-in", {"code": code}, content_type="application/json")
    assert again.status_code == 200 and Attendance.objects.filter(meeting=cell.meeting).count() == 1
    clock.moment = at(19, 40)
    expired = member.post("/api/meetings/check-in", {"code": code}, content_type="application/json")
    assert expired.status_code == 422 and "expired" in expired.json()["detail"] and expired.json()["rule"]
    arrivals = client_for(people.cell_secretary).get(f"/api/meetings/{cell.meeting.pk}/arrivals").json()
    assert (arrivals["present_count"], arrivals["expected_count"], len(arrivals["waiting"])) == (1, 3, 2)
    assert arrivals["arrivals"][0]["via"] == "QR"
    assert client_for(people.member).get(f"/api/meetings/{cell.meeting.pk}/arrivals").status_code == 404
    planned = services.meeting_plan(
        actor=None, organization=tree.X1, kind="thematic", date=dt.date(2026, 11, 20), starts_at=dt.time(8, 0), ends_at=dt.time(10, 0)
    )
    leave = member.post(f"/api/meetings/{planned.pk}/leave", {"reason": "Đi viện"}, content_type="application/json")
    assert leave.status_code == 200 and leave.json()["reason"] == "Đi viện"
    blank = member.post(f"/api/meetings/{planned.pk}/leave", {"reason": "  "}, content_type="application/json")
    assert blank.status_code == 422


def test_the_demo_has_a_meeting_today_whose_code_the_secretary_can_show(tree: Tree, people: Personas) -> None:
    from partybuilding.demo import meetings as demo_meetings

    Member.objects.filter(pk=make_member(tree.X1).pk).update(user=people.cell_secretary)  # the demo's "bithu"
    demo_meetings.load(timezone.localdate(), months=0)
    today = Meeting.objects.get(organization=tree.X1, date=timezone.localdate(), starts_at__isnull=False, ends_at__isnull=False)
    window = checkin.window_of(today)
    assert window is not None and window.contains(timezone.now())
    page = client_for(people.cell_secretary).get(f"/meetings/{today.pk}/check-in/").content.decode()
    assert 'data-testid="checkin-qr"' in page


def test_a_check_in_older_than_a_phones_mark_is_kept_for_the_secretary(cell: Cell, people: Personas, clock: Clock) -> None:
    """A phone (its clock a little ahead) marked the member absent after the moment they
    scan: the later mark counts, and the member is told the secretary will settle it."""
    phone = services.MarkIn(uuid.uuid4(), cell.me.pk, Presence.UNEXCUSED, "", at(19, 36), "Máy bí thư")
    services.marks_sync(actor=people.cell_secretary, meeting=cell.meeting, marks=[phone])
    page = client_for(people.member).get(scan_url(cell.meeting, clock.moment)).content.decode()
    assert 'data-testid="scan-overruled"' in page
    conflict = MarkConflict.objects.get(meeting=cell.meeting)
    assert (conflict.kept["via"], conflict.overruled["via"], conflict.overruled["presence"]) == ("Máy bí thư", "QR", "present")
