"""Admission pages: the permission matrix of every page, a candidate recorded and moved on
through the forms, refusals shown in words, the board, the targets editor, the report
with its Excel and PDF exports."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partybuilding.admissions import selectors
from partybuilding.admissions.choices import Stage
from partybuilding.admissions.models import AdmissionTarget, Candidate
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from .admissions_factories import make_candidate, official_member, walk
from .conftest import MEMBER_READERS, MEMBER_WRITERS, SCOPES, Personas, Tree, client_for, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree: Tree, people: Personas) -> dict[str, Any]:
    """The small tree, its personas and a sibling province out of everyone's scope (as the matrix builds it)."""
    province = make_org(None, "Q", "Đảng bộ tỉnh Bên Cạnh", OrgKind.PROVINCE, dt.date(2000, 1, 1))
    grassroots = make_org(
        make_org(province, "QC", "Đảng bộ xã Bên Cạnh", OrgKind.COMMUNE), "QG", "Đảng bộ cơ sở Bên Cạnh", OrgKind.GRASSROOTS_COMMITTEE
    )
    make_org(grassroots, "Q1", "Chi bộ Bên Cạnh", OrgKind.CELL)
    return {"tree": tree, "people": people, "orgs": {o.code: o for o in Organization.objects.all()}}


# (name, method, url with {pk} of a candidate in or out of scope, who may when in scope)
CANDIDATE_PAGES: list[tuple[str, str, str, set[str]]] = [
    ("candidate page", "get", "/admissions/{pk}/", MEMBER_READERS),
    ("course form", "get", "/admissions/{pk}/course/", MEMBER_WRITERS),
    ("withdraw form", "get", "/admissions/{pk}/withdrawn/", MEMBER_WRITERS),
    ("correct the record", "get", "/admissions/{pk}/edit/", MEMBER_WRITERS),
    ("course (post)", "post", "/admissions/{pk}/course/", MEMBER_WRITERS),
    ("API: candidate", "get", "/api/admissions/candidates/{pk}", MEMBER_READERS),
    ("API: steps", "get", "/api/admissions/candidates/{pk}/steps", MEMBER_READERS),
    ("API: record a step", "post", "/api/admissions/candidates/{pk}/steps", MEMBER_WRITERS),
]
# (name, method, url with {pk} of an organization, who may when in scope)
ORG_PAGES: list[tuple[str, str, str, set[str] | None]] = [
    ("board", "get", "/admissions/board/?within={pk}", MEMBER_READERS),
    ("report", "get", "/admissions/report/?within={pk}", MEMBER_READERS),
    ("report Excel", "get", "/admissions/report.xlsx?within={pk}", MEMBER_READERS),
    ("candidate list within", "get", "/admissions/?within={pk}", None),
    ("targets", "get", "/admissions/targets/{pk}/", None),
    ("set targets", "post", "/admissions/targets/{pk}/", MEMBER_WRITERS),
    ("API: board", "get", "/api/admissions/board/{pk}", MEMBER_READERS),
    ("API: report", "get", "/api/admissions/report/{pk}?from_year=2024&to_year=2025", MEMBER_READERS),
    ("API: targets", "get", "/api/admissions/targets/{pk}?year=2026", None),
]


def send(client: Any, method: str, url: str) -> int:
    if method == "get":
        return client.get(url).status_code
    if url.startswith("/api/"):
        body = {"kind": "course", "date": "2023-03-01", "certificate_number": "12/GCN"}
        return client.post(url, body, content_type="application/json").status_code
    body = {"certificate_date": "01/03/2023", "version": 1, "submission": "6f1b3c1e-7c55-4a34-9a0e-0c2f0b7d7a11", "year": 2026, "note": ""}
    status = client.post(url, body).status_code
    return 200 if status == 302 else status


@pytest.mark.parametrize("persona", list(SCOPES))
@pytest.mark.parametrize("where", ["in", "out"])
@pytest.mark.parametrize(("name", "method", "url", "allowed"), [pytest.param(*p, id=p[0]) for p in CANDIDATE_PAGES])
def test_candidate_pages(world: dict[str, Any], persona: str, where: str, name: str, method: str, url: str, allowed: set[str]) -> None:
    inside, outside = SCOPES[persona]
    candidate = make_candidate(world["orgs"][inside if where == "in" else outside])
    status = send(client_for(getattr(world["people"], persona)), method, url.format(pk=candidate.pk))
    if where == "out" or persona not in MEMBER_READERS:
        expected = 404  # a candidate's record is personal data: outside the readers' scope it does not exist
    else:
        expected = 200 if persona in allowed else 403
    assert status == expected


@pytest.mark.parametrize("persona", list(SCOPES))
@pytest.mark.parametrize("where", ["in", "out"])
@pytest.mark.parametrize(("name", "method", "url", "allowed"), [pytest.param(*p, id=p[0]) for p in ORG_PAGES])
def test_organization_pages(
    world: dict[str, Any], persona: str, where: str, name: str, method: str, url: str, allowed: set[str] | None
) -> None:
    inside, outside = SCOPES[persona]
    org = world["orgs"][inside if where == "in" else outside]
    status = send(client_for(getattr(world["people"], persona)), method, url.format(pk=org.pk))
    if where == "out":
        expected = 404
    else:
        expected = 200 if allowed is None or persona in allowed else 403
    assert status == expected


def test_the_admission_pages_answer_to_a_role_without_a_scope_parameter(world: dict[str, Any]) -> None:
    client = client_for(world["people"].cell_secretary)
    for url in ("/admissions/", "/admissions/new/", "/admissions/board/", "/admissions/report/"):
        assert client.get(url).status_code == 200, url
    assert client_for(world["people"].member).get("/admissions/new/").status_code == 403
    assert client_for(None).get("/admissions/").status_code == 302


# --- forms --------------------------------------------------------------------------------


def test_a_secretary_records_a_candidate_and_the_course(tree: Tree, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    form = client.get("/admissions/new/").context["form"]
    data = {
        "organization": "X1", "family_name": "Hoàng", "middle_name": "Thị", "given_name": "Lan", "gender": "F",
        "date_of_birth": "12/04/2000", "recorded_on": "10/01/2023", "ethnicity": "01", "religion": "none",
        "education": "upper_secondary", "qualification": "none", "theory": "none", "occupation": "enterprise_staff",
        "youth_union": "on", "submission": form.initial["submission"],
    }  # fmt: skip
    response = client.post("/admissions/new/", data)
    candidate = Candidate.objects.get(given_name="Lan")
    assert response.status_code == 302 and response["Location"] == f"/admissions/{candidate.pk}/"
    assert candidate.youth_union and candidate.stage == Stage.RECORDED
    page = client.get(f"/admissions/{candidate.pk}/").content.decode()
    assert "Hoàng Thị Lan" in page and "Course on awareness of the Party" in page
    step = {
        "certificate_date": "01/03/2023",
        "certificate_number": "15/GCN",
        "version": candidate.version,
        "submission": "0d9a5c8e-1f0b-4bde-8f73-2f4cb1a1e001",
    }
    assert client.post(f"/admissions/{candidate.pk}/course/", step).status_code == 302
    candidate.refresh_from_db()
    assert candidate.stage == Stage.COURSE and candidate.certificate_number == "15/GCN"
    assert "Introducers" in client.get(f"/admissions/{candidate.pk}/").content.decode()


def test_a_refusal_is_shown_in_words_with_its_rule(tree: Tree, people: Personas) -> None:
    candidate = walk(make_candidate(tree.X1), Stage.DECIDED)
    body = {"date": "04/09/2024", "version": candidate.version, "submission": "0d9a5c8e-1f0b-4bde-8f73-2f4cb1a1e002", "note": ""}
    page = client_for(people.cell_secretary).post(f"/admissions/{candidate.pk}/ceremony/", body).content.decode()
    assert "more than 30 working days after the decision of 03/06/2024" in page
    assert "QĐ 24-QĐ/TW" in page
    candidate.refresh_from_db()
    assert candidate.stage == Stage.DECIDED


def test_the_introducers_form_offers_the_official_members_of_the_grassroots_organization(tree: Tree, people: Personas) -> None:
    candidate = walk(make_candidate(tree.X1), Stage.COURSE)
    near, far = official_member(tree.X2, given_name="Gần"), official_member(tree.Y1, given_name="Xa")
    choices = (
        client_for(people.commune_officer).get(f"/admissions/{candidate.pk}/introducers/").context["form"].fields["introducer1"].queryset
    )
    assert near in choices and far not in choices


def test_the_list_searches_without_diacritics_in_a_fixed_number_of_queries(tree: Tree, people: Personas) -> None:
    for n in range(3):
        make_candidate(tree.X1, family_name="Nguyễn", middle_name="Văn", given_name=f"Ánh{n}")
    make_candidate(tree.X2, family_name="Trần", given_name="Bình")
    client = client_for(people.commune_officer)
    with CaptureQueriesContext(connection) as few:
        client.get("/admissions/")
    make_candidate(tree.X2, family_name="Trần", given_name="Cúc")
    with CaptureQueriesContext(connection) as more:
        page = client.get("/admissions/?q=nguyen van anh").content.decode()
    assert "3 candidates" in page and "Trần" not in page
    assert len(more) == len(few)


# --- board, targets, report --------------------------------------------------------------


def test_the_board_counts_stages_and_lists_what_is_due(tree: Tree, people: Personas) -> None:
    make_candidate(tree.X1, recorded=dt.date(2020, 1, 6))  # no step since 2020: stuck
    walk(make_candidate(tree.X1), Stage.DECIDED)  # ceremony long overdue
    walk(make_candidate(tree.X2), Stage.PROBATION)  # probation ended 20/06/2025, not considered: overdue
    make_candidate(tree.Y1)  # another commune
    found = selectors.board(people.commune_officer, tree.C1, dt.date(2025, 8, 4))
    counts = {stage: n for stage, _label, n in found.counts}
    assert counts[Stage.RECORDED] == 1 and counts[Stage.DECIDED] == 1 and counts[Stage.PROBATION] == 1
    assert found.in_pipeline == 3
    assert [d.overdue for d in found.ceremonies] == [True]
    assert [d.date for d in found.recognitions_overdue] == [dt.date(2025, 8, 1)]  # 30 working days after 20/06/2025
    assert next(c.full_name for c in found.stuck).startswith("Nguyễn Văn Bình")
    assert selectors.probations_ending(Candidate.objects.visible_to(people.commune_officer).within(tree.C1), dt.date(2025, 5, 25)) != []
    items = selectors.attention_items(tree.C1, dt.date(2025, 8, 4), people.commune_officer)
    assert [(i.label, i.count) for i in items] == [("Recognitions overdue", 1), ("Admission ceremonies pending", 1)]
    assert selectors.attention_items(tree.C1, dt.date(2025, 8, 4), people.member) == []
    page = client_for(people.commune_officer).get("/admissions/board/").content.decode()
    assert "Pipeline board" in page and "overdue" in page


def test_targets_are_set_by_the_level_above(tree: Tree, people: Personas) -> None:
    officer = client_for(people.commune_officer)
    response = officer.post(f"/admissions/targets/{tree.C1.pk}/", {"year": 2026, f"target_{tree.G1.pk}": 12})
    assert response.status_code == 302
    assert AdmissionTarget.objects.get(organization=tree.G1, year=2026).target == 12
    # C1's own target is set by the province: the commune officer cannot reach it.
    assert officer.post(f"/admissions/targets/{tree.P.pk}/", {"year": 2026, f"target_{tree.C1.pk}": 50}).status_code == 404
    assert (
        officer.put(f"/api/admissions/targets/{tree.C1.pk}", {"year": 2026, "target": 50}, content_type="application/json").status_code
        == 403
    )
    province = client_for(people.provincial_officer)
    assert (
        province.put(f"/api/admissions/targets/{tree.C1.pk}", {"year": 2026, "target": 50}, content_type="application/json").status_code
        == 200
    )
    assert "50" in officer.get(f"/admissions/targets/{tree.C1.pk}/?year=2026").content.decode()


def pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert content.startswith(b"%PDF-")
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True, timeout=60
    ).stdout.decode()


def test_the_report_page_exports_to_excel_and_pdf(tree: Tree, people: Personas) -> None:
    walk(make_candidate(tree.X1, gender="F"), Stage.DECIDED)
    AdmissionTarget.objects.create(organization=tree.G1, year=2024, target=8)
    client = client_for(people.commune_officer, language="vi")
    query = "?from_year=2023&to_year=2024&flag_on=30/06/2024"
    page = client.get("/admissions/report/" + query).content.decode()
    assert "2024: 1/8, 12,50" in page  # Vietnamese number forms
    xlsx = client.get("/admissions/report.xlsx" + query)
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get("/admissions/report.pdf" + query)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Đảng bộ Trường THPT Nguyễn Huệ" in text
    assert "2024: 1/8, 12,50" in text


def test_the_record_is_corrected_before_the_decision_and_its_audit_log_is_for_administrators(tree: Tree, people: Personas) -> None:
    candidate = make_candidate(tree.X1, given_name="Tuấn")
    client = client_for(people.cell_secretary)
    form = client.get(f"/admissions/{candidate.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"given_name": "Tuân", "date_of_birth": "12/04/1995", "version": candidate.version})
    assert client.post(f"/admissions/{candidate.pk}/edit/", data).status_code == 302
    candidate.refresh_from_db()
    assert candidate.full_name == "Nguyễn Văn Tuân"
    audit = f"/audit/admissions.candidate/{candidate.pk}/"
    assert client_for(people.admin).get(audit).status_code == 200
    assert client_for(people.cell_secretary).get(audit).status_code == 404
