from __future__ import annotations

import datetime as dt
import io
import uuid

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partybuilding.core import exporting
from partybuilding.core.models import AuditEntry
from partybuilding.members.choices import EventKind, MemberStatus
from partybuilding.members.models import Member, MemberEvent

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def event_data(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "date": "15/09/2025",
        "decision_number": "3-QĐ/ĐU",
        "decision_date": "12/09/2025",
        "submission": str(uuid.uuid4()),
    }
    data.update(extra)
    return data


def test_the_list_is_sorted_as_vietnamese_lists_are_and_searchable(tree: Tree, people: Personas) -> None:
    make_member(tree.X1, family_name="Trần", middle_name="Văn", given_name="Bình")
    make_member(tree.X1, family_name="Nguyễn", middle_name="Thị", given_name="Ánh")
    make_member(tree.Y1, family_name="Lê", middle_name="Văn", given_name="An")
    client = client_for(people.commune_officer)
    page = client.get("/members/").content.decode()
    assert page.index("Nguyễn Thị Ánh") < page.index("Trần Văn Bình")
    assert "Lê Văn An" not in page  # another commune
    page = client.get("/members/", {"q": "nguyen thi anh"}).content.decode()
    assert "Nguyễn Thị Ánh" in page and "Trần Văn Bình" not in page


def test_a_search_with_more_matches_than_it_lists_says_so(tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    from partybuilding.members.records import selectors

    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 2)
    for given in ("An", "Anh", "Ánh"):
        make_member(tree.X1, family_name="Trần", middle_name="Văn", given_name=given)
    client = client_for(people.commune_officer)
    page = client.get("/members/", {"q": "tran van"}).content.decode()
    assert "More than 2 members match" in page
    assert page.count("Trần Văn") == 2
    page = client.get("/members/", {"q": "tran van anh"}).content.decode()
    assert "More than" not in page and "2 members" in page


def test_filters_narrow_the_list(tree: Tree, people: Personas) -> None:
    make_member(tree.X1, given_name="Thủy", gender="F", ethnicity="02", date_of_birth=dt.date(1995, 1, 1))
    make_member(tree.X1, given_name="Hùng", gender="M", date_of_birth=dt.date(1960, 1, 1))
    client = client_for(people.commune_officer)
    assert "Thủy" in client.get("/members/", {"gender": "F"}).content.decode()
    assert "Hùng" not in client.get("/members/", {"gender": "F"}).content.decode()
    assert "Thủy" in client.get("/members/", {"ethnicity": "minority"}).content.decode()
    page = client.get("/members/", {"age": "61-70"}).content.decode()
    assert "Hùng" in page and "Thủy" not in page


def test_the_list_issues_a_bounded_number_of_queries(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    make_member(tree.X1)
    with CaptureQueriesContext(connection) as few:
        client.get("/members/")
    for _ in range(15):
        make_member(tree.X2)
    with CaptureQueriesContext(connection) as many:
        client.get("/members/")
    assert len(many) == len(few)


def test_the_list_of_an_organization_on_a_past_date(tree: Tree, people: Personas) -> None:
    make_member(tree.X1, given_name="Xưa", admitted=dt.date(2015, 1, 5), official=dt.date(2016, 1, 5))
    make_member(tree.X1, given_name="Mới", admitted=dt.date(2025, 8, 1), official=None)
    page = client_for(people.commune_officer).get("/members/", {"within": tree.X1.pk, "on": "01/06/2020"}).content.decode()
    assert "Xưa" in page and "Mới" not in page
    assert "as of 01/06/2020" in page


def test_the_export_holds_the_filtered_list(tree: Tree, people: Personas) -> None:
    make_member(tree.X1, family_name="Phạm", middle_name="Thị", given_name="Lan", date_of_birth=dt.date(1970, 2, 3))
    response = client_for(people.commune_officer).get("/members/export.xlsx", {"q": "pham thi lan"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[1][0] == "Phạm Thị Lan"
    assert rows[1][2].strftime("%d/%m/%Y") == "03/02/1970"


def test_a_long_export_is_a_background_job_with_its_progress_and_file(
    tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partybuilding.members.records import exports

    monkeypatch.setattr(exporting, "AT_ONCE_ROWS", 2)
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 1)
    for given in ("An", "Bình", "Cúc"):
        make_member(tree.X1, family_name="Lê", middle_name="Văn", given_name=given)
    make_member(tree.Y1, family_name="Lê", middle_name="Văn", given_name="Dũng")  # another commune
    client = client_for(people.commune_officer)
    response = client.get("/members/export.xlsx", {"q": "le van"})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    page = client.get(response["Location"]).content.decode()
    assert "Member list export" in page and "members.xlsx" in page
    job_id = int(response["Location"].split("/")[2])
    download = client.get(f"/jobs/{job_id}/download/")
    assert download["Content-Disposition"].startswith("attachment") and "no-store" in download["Cache-Control"]
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == ["Lê Văn An", "Lê Văn Bình", "Lê Văn Cúc"]
    assert client_for(people.outsider).get(f"/jobs/{job_id}/download/").status_code == 404


def test_the_citizen_id_search_uses_post_and_opens_the_record(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, citizen_id="001099000123")
    client = client_for(people.commune_officer)
    response = client.post("/members/find/", {"citizen_id": "001099000123"})
    assert response["Location"] == f"/members/{member.pk}/"
    assert client.get("/members/find/", {"citizen_id": "001099000123"}).status_code == 405
    assert client_for(people.outsider).post("/members/find/", {"citizen_id": "001099000123"})["Location"] == "/members/"


def test_reading_a_record_is_audited(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    client_for(people.viewer).get(f"/members/{member.pk}/")
    entry = AuditEntry.objects.filter(action="member.view", object_id=str(member.pk)).last()
    assert entry.actor_name == "xem"


def test_the_record_page_issues_a_bounded_number_of_queries(tree: Tree, people: Personas) -> None:
    from partybuilding.core.records import Decision
    from partybuilding.members.lifecycle.services import member_exempt, member_exemption_lift

    member = make_member(tree.X1)
    client = client_for(people.cell_secretary)
    with CaptureQueriesContext(connection) as short_history:
        client.get(f"/members/{member.pk}/")
    for day in range(1, 11):
        member.refresh_from_db()
        member_exempt(actor=None, member=member, date=dt.date(2025, 1, day * 2), decision=Decision("1", dt.date(2025, 1, 1)))
        member.refresh_from_db()
        member_exemption_lift(actor=None, member=member, date=dt.date(2025, 1, day * 2 + 1), decision=Decision("1", dt.date(2025, 1, 1)))
    with CaptureQueriesContext(connection) as long_history:
        page = client.get(f"/members/{member.pk}/").content.decode()
    assert page.count("Exemption lifted") == 10
    assert len(long_history) == len(short_history)


def test_the_secretary_records_an_event_and_a_double_submit_counts_once(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    client = client_for(people.cell_secretary)
    data = event_data(version=member.version)
    assert client.post(f"/members/{member.pk}/exempt/", data).status_code == 302
    page = client.post(f"/members/{member.pk}/exempt/", {**data, "version": member.version + 1}).content.decode()
    assert "already submitted" in page or "already exempted" in page
    assert MemberEvent.objects.filter(member=member, kind=EventKind.EXEMPTED).count() == 1


def test_a_refused_event_explains_the_rule(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, admitted=dt.date(2025, 1, 10), official=None)
    page = (
        client_for(people.cell_secretary)
        .post(f"/members/{member.pk}/recognize/", event_data(decision_date="09/01/2026", version=member.version))
        .content.decode()
    )
    assert "before the 12 months of probation ended on 10/01/2026" in page
    assert Member.objects.get(pk=member.pk).status == MemberStatus.PROBATIONARY


def test_a_transfer_through_the_form(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    client = client_for(people.commune_officer)
    assert client.post(f"/members/{member.pk}/transfer/", event_data(to_organization="X2", version=member.version)).status_code == 302
    assert Member.objects.get(pk=member.pk).organization == tree.X2
    page = client.post(
        f"/members/{member.pk}/transfer/", event_data(date="16/09/2025", to_organization="Y1", version=member.version + 1)
    ).content.decode()
    assert "No organization with code Y1 is within your scope" in page


def test_entering_a_new_member_through_the_form(tree: Tree, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    client.post("/accounts/scope/", {"organization": tree.X1.pk})
    form = {
        "organization": "X1", "family_name": "Hoàng", "middle_name": "Thị", "given_name": "Mai", "gender": "F", "date_of_birth": "02/03/1990",
        "ethnicity": "01", "religion": "none", "education": "upper_secondary", "qualification": "bachelor", "theory": "elementary",
        "occupation": "public_employee", "admission_date": "19/05/2025", "submission": str(uuid.uuid4()),
    }  # fmt: skip
    response = client.post("/members/new/", form)
    assert response.status_code == 302
    member = Member.objects.get(given_name="Mai")
    assert member.status == MemberStatus.PROBATIONARY and member.organization == tree.X1
    page = client.post("/members/new/", {**form, "date_of_birth": "20/05/2007", "submission": str(uuid.uuid4())}).content.decode()
    assert "17 years 11 months" in page


def test_a_member_sees_their_own_record_only(tree: Tree, people: Personas) -> None:
    own = make_member(tree.X1, given_name="Chính")
    other = make_member(tree.X1, given_name="Khác")
    own.user = people.member
    own.save(update_fields=["user"])
    client = client_for(people.member)
    page = client.get("/members/me/").content.decode()
    assert own.full_name in page and "Timeline" in page
    assert client.get(f"/members/{other.pk}/").status_code == 404
    assert "Khác" not in client.get("/members/").content.decode()


def test_the_record_page_speaks_vietnamese(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    page = client_for(people.cell_secretary, "vi").get(f"/members/{member.pk}/").content.decode()
    assert "Ngày sinh" in page and "17/05/1980" in page


def test_identifiers_are_hidden_from_error_reports(tree: Tree, people: Personas) -> None:
    from django.test import RequestFactory
    from django.views.debug import SafeExceptionReporterFilter

    from partybuilding.members.records import views as records

    member = make_member(tree.X1, citizen_id="001099000123")
    request = RequestFactory().post("/members/find/", {"citizen_id": "001099000123"})
    request.user = people.commune_officer
    assert records.member_find_by_citizen_id(request)["Location"] == f"/members/{member.pk}/"
    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleaned["citizen_id"] != "001099000123"
