"""The meeting pages as a cell secretary and a member use them."""

from __future__ import annotations

import datetime as dt
import subprocess
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partybuilding.meetings.choices import MeetingStatus, Presence
from partybuilding.meetings.models import Meeting, MeetingDocument
from partybuilding.meetings.services import document_attach, meeting_plan

from .conftest import Personas, Tree, client_for
from .meetings_factories import held_meeting
from .members_factories import make_member

pytestmark = pytest.mark.django_db

P, E, U = Presence.PRESENT, Presence.EXCUSED, Presence.UNEXCUSED


def attendance_post(meeting: Meeting, members: list[Any], presence: dict[int, str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"version": meeting.version}
    for m in members:
        data[f"p_{m.pk}"] = (presence or {}).get(m.pk, P)
        data[f"r_{m.pk}"] = "công tác" if data[f"p_{m.pk}"] == E else ""
        data[f"c_{m.pk}"] = 1 if data[f"p_{m.pk}"] == P else 0
    return data


def test_the_secretary_plans_records_and_closes_a_meeting(tree: Tree, people: Personas) -> None:
    members = [make_member(tree.X1, given_name=n) for n in ("An", "Bình", "Chi")]
    client = client_for(people.cell_secretary)
    submission = str(uuid.uuid4())
    form = {"kind": "regular", "date": "05/11/2026", "title": "Sinh hoạt tháng 11", "submission": submission}
    first = client.post(f"/meetings/plan/{tree.X1.pk}/", form)
    again = client.post(f"/meetings/plan/{tree.X1.pk}/", form)  # the same form sent twice
    assert first.status_code == again.status_code == 302
    meeting = Meeting.objects.get(organization=tree.X1)
    assert first["Location"] == again["Location"] == f"/meetings/{meeting.pk}/"

    record = {
        "version": meeting.version, "date": "05/11/2026", "starts_at": "19:30", "duration_minutes": 100, "place": "Nhà văn hóa",
        "title": "Sinh hoạt tháng 11", "chair": members[0].pk, "secretary": members[1].pk, "agenda": "Kiểm điểm",
        "discussion": "Ý kiến", "resolution": "Thống nhất", "items-TOTAL_FORMS": 2, "items-INITIAL_FORMS": 0,
        "items-0-title": "Nghị quyết tháng 11", "items-0-votes_for": 2, "items-0-votes_against": 0, "items-0-votes_abstain": 0,
        "items-1-title": "",
    }  # fmt: skip
    assert client.post(f"/meetings/{meeting.pk}/record/", record).status_code == 302
    meeting.refresh_from_db()
    page = client.get(f"/meetings/{meeting.pk}/attendance/")
    assert "Nguyễn Văn Chi" in page.content.decode()
    data = attendance_post(meeting, members, {members[2].pk: E})
    assert client.post(f"/meetings/{meeting.pk}/attendance/", data).status_code == 302
    meeting.refresh_from_db()
    assert client.post(f"/meetings/{meeting.pk}/close/", {"version": meeting.version}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    assert meeting.score is not None
    detail = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/members/?within={tree.X1.pk}" in detail  # the cell's member list
    assert "Amend the attendance" in detail


def test_an_edit_of_a_closed_meeting_asks_for_the_reason(tree: Tree, people: Personas) -> None:
    members = [make_member(tree.X1) for _ in range(2)]
    meeting = held_meeting(tree.X1, dt.date(2026, 10, 6), {m: P for m in members})
    client = client_for(people.cell_secretary)
    data = attendance_post(meeting, members, {members[0].pk: U})
    page = client.post(f"/meetings/{meeting.pk}/attendance/", data)
    assert page.status_code == 200
    assert "Reason for the amendment" in page.content.decode()
    data["amendment_reason"] = "Đồng chí vắng, ghi nhầm"
    data["p_" + str(members[1].pk)] = P
    response = client.post(f"/meetings/{meeting.pk}/attendance/", data)
    assert response.status_code == 200  # one vote too many for the single member now present
    assert "votes" in response.content.decode()


def test_the_attendance_screen_costs_the_same_for_a_large_cell(tree: Tree, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    counts = []
    members: list[Any] = []
    for n, size in enumerate((3, 40)):
        members += [make_member(tree.X1) for _ in range(size - len(members))]
        meeting = held_meeting(tree.X1, dt.date(2026, 9, 1 + n), {m: P for m in members}, close=False)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/meetings/{meeting.pk}/attendance/").status_code == 200
        counts.append(len(ctx))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts
    assert counts[0] <= 15


def test_the_minutes_are_a_pdf_with_the_attendance(tree: Tree, people: Personas, tmp_path: Any) -> None:
    members = [make_member(tree.X1, family_name="Trần", middle_name="Thị", given_name="Hằng"), make_member(tree.X1)]
    meeting = held_meeting(tree.X1, dt.date(2026, 10, 6), {members[0]: P, members[1]: E}, chair=members[0])
    response = client_for(people.cell_secretary).get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "BIÊN BẢN SINH HOẠT" in text
    assert "Chi bộ Thôn Đông" in text
    assert "Trần Thị Hằng" in text
    assert "Vắng có lý do" in text


def test_a_member_sees_the_coming_meetings_of_their_own_cell_and_their_files(tree: Tree, people: Personas) -> None:
    own = make_member(tree.X1, given_name="Mai")
    own.user = people.member
    own.save(update_fields=["user"])
    later = timezone.localdate() + dt.timedelta(days=10)
    coming = meeting_plan(actor=None, organization=tree.X1, kind="thematic", date=later, title="Học tập nghị quyết")
    elsewhere = meeting_plan(actor=None, organization=tree.X2, kind="regular", date=later, title="Chi bộ Thôn Tây họp")
    mine = document_attach(actor=None, meeting=coming, name="tai-lieu.pdf", content_type="application/pdf", content=b"%PDF-1.4 x")
    other = document_attach(actor=None, meeting=elsewhere, name="khac.pdf", content_type="application/pdf", content=b"%PDF-1.4 y")
    client = client_for(people.member)
    page = client.get("/meetings/mine/").content.decode()
    assert "Học tập nghị quyết" in page and "tai-lieu.pdf" in page
    assert "Chi bộ Thôn Tây họp" not in page
    assert client.get(f"/meetings/documents/{mine.pk}/").content == b"%PDF-1.4 x"
    assert client.get(f"/meetings/documents/{other.pk}/").status_code == 404
    assert client.get(f"/meetings/{coming.pk}/").status_code == 404  # the record with attendance is not theirs to read
    assert MeetingDocument.objects.count() == 2


def test_the_missing_report_pages_and_exports(tree: Tree, people: Personas) -> None:
    members = [make_member(tree.X1) for _ in range(2)]
    held_meeting(tree.X1, dt.date(2026, 3, 10), {m: P for m in members})
    client = client_for(people.provincial_officer)
    page = client.get(f"/meetings/missing/?within={tree.P.pk}&what=regular&year=2026&month=3").content.decode()
    assert "Chi bộ Thôn Tây" in page and "Chi bộ Ấp Một" in page and "Chi bộ Thôn Đông" not in page
    export = client.get(f"/meetings/missing.xlsx?within={tree.P.pk}&what=unexcused&year=2026")
    assert export.status_code == 200
    assert client.get(f"/meetings/missing/?within={tree.P.pk}&what=thematic&year=2026&quarter=1").status_code == 200


def test_a_provincial_officer_adds_a_scoring_scheme(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    later = (timezone.localdate() + dt.timedelta(days=40)).strftime("%d/%m/%Y")
    data = {"name": "Tiêu chí 2027", "effective_from": later, "good_min": 90, "fair_min": 70, "average_min": 50}
    for kind, points, threshold in (("attendance_rate", 40, 95), ("duration", 20, 90), ("contributions", 20, 4), ("minutes_complete", 20, 1), ("resolution_adopted", 0, 1)):  # fmt: skip
        data.update({f"{kind}_points": points, f"{kind}_threshold": threshold, f"{kind}_good": "on"})
    assert client.post(f"/meetings/schemes/new/{tree.P.pk}/", data).status_code == 302
    assert "Tiêu chí 2027" in client.get(f"/meetings/schemes/?within={tree.P.pk}").content.decode()
    assert client_for(people.viewer).get(f"/meetings/schemes/new/{tree.P.pk}/").status_code == 403
    assert client_for(people.cell_secretary).get(f"/meetings/schemes/new/{tree.P.pk}/").status_code == 404


def test_the_secretary_plans_the_year_from_the_list(tree: Tree, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    assert 'data-testid="plan-year"' in client.get(f"/meetings/?within={tree.X1.pk}").content.decode()
    for _ in range(2):  # a second click plans nothing more
        assert client.post(f"/meetings/plan-year/{tree.X1.pk}/", {"year": 2027, "day": 5}).status_code == 302
    assert Meeting.objects.filter(organization=tree.X1, date__year=2027).count() == 16
    assert client_for(people.viewer).post(f"/meetings/plan-year/{tree.X1.pk}/", {"year": 2027, "day": 5}).status_code == 403


def test_files_are_attached_until_the_meeting_is_closed(tree: Tree, people: Personas) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    members = [make_member(tree.X1) for _ in range(2)]
    meeting = held_meeting(tree.X1, dt.date(2026, 10, 6), {m: P for m in members}, close=False)
    client = client_for(people.cell_secretary)
    upload = SimpleUploadedFile("nghi-quyet.docx", b"noi dung", content_type="application/octet-stream")
    assert client.post(f"/meetings/{meeting.pk}/documents/", {"file": upload}).status_code == 302
    document = MeetingDocument.objects.get(meeting=meeting)
    assert client.get(f"/meetings/documents/{document.pk}/").content == b"noi dung"
    assert client_for(people.outsider).get(f"/meetings/documents/{document.pk}/").status_code == 404
    meeting.refresh_from_db()
    from partybuilding.meetings.services import meeting_close

    meeting_close(actor=None, meeting=meeting)
    late = SimpleUploadedFile("muon.pdf", b"x", content_type="application/pdf")
    response = client.post(f"/meetings/{meeting.pk}/documents/", {"file": late}, follow=True)
    assert "closed" in response.content.decode()
    assert MeetingDocument.objects.filter(meeting=meeting).count() == 1


def test_the_pages_read_in_vietnamese(tree: Tree, people: Personas) -> None:
    members = [make_member(tree.X1) for _ in range(2)]
    meeting = held_meeting(tree.X1, dt.date(2026, 10, 6), {members[0]: P, members[1]: U})
    client = client_for(people.cell_secretary, language="vi")
    assert "Vắng không có lý do" in client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Sinh hoạt thường kỳ hằng tháng" in client.get(f"/meetings/?within={tree.X1.pk}").content.decode()
    assert "Chi bộ chưa sinh hoạt thường kỳ" in client.get(f"/meetings/missing/?within={tree.X1.pk}").content.decode()
    assert "Điểm danh" in client.get(f"/meetings/{meeting.pk}/attendance/").content.decode()
    assert "Lý do đính chính" in client.get(f"/meetings/{meeting.pk}/record/").content.decode()
    assert "Tiêu chí chấm điểm" in client.get("/meetings/schemes/").content.decode()


def test_the_list_finds_a_cells_meetings_by_its_name_without_accents(tree: Tree, people: Personas) -> None:
    meeting_plan(actor=None, organization=tree.X1, kind="regular", date=dt.date(2026, 3, 5))  # Chi bộ Thôn Đông
    meeting_plan(actor=None, organization=tree.X2, kind="regular", date=dt.date(2026, 3, 6))  # Chi bộ Thôn Tây
    page = client_for(people.commune_officer).get("/meetings/?q=thon+dong").content.decode()
    assert "Chi bộ Thôn Đông" in page and "Chi bộ Thôn Tây" not in page
    assert "1 meeting" in page
