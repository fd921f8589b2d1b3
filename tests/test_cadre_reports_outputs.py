"""The cadre reports as the users get them: the home page of cadre work with its counts, a
form's page, its Excel file in the form's layout (merged header, numbered columns), its PDF
to sign, and the API — each refused to those who do not read cadre records."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from partybuilding.cadres.choices import AppointmentKind, Direction, MoveKind, Title
from partybuilding.cadres.models import Holding, Move

from .cadre_targets import appointment_in, cadre_in, entry_in, holding_of, position_in, training_of
from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(tree: Any) -> dict[str, Any]:
    """In P: a post held, a vacant post, the sample planning entry, an open appointment, a
    course, a rotation in the current year; in C2: another cadre and post."""
    year = dt.date.today().year
    holding = holding_of(tree.P)
    position_in(tree.P, Title.SECRETARY)
    entry_in(tree.P)
    appointment_in(tree.P)
    training_of(tree.P)
    Move.objects.create(
        kind=MoveKind.ROTATION,
        cadre=holding.cadre,
        organization=tree.P,
        org_path=tree.P.path,
        direction=Direction.PROVINCE_TO_COMMUNE,
        starts_on=dt.date(year, 1, 1),
        additional_post=True,
    )
    outsider = cadre_in(tree.C2, family_name="Phạm", given_name="Xa", gender="M", date_of_birth=dt.date(1980, 1, 1))
    Holding.objects.create(
        cadre=outsider, position=position_in(tree.C2, Title.SECRETARY), manager_path=tree.C2.path, started_on=dt.date(2025, 10, 1)
    )
    return {"holding": holding, "year": year}


def test_home_counts_the_areas_of_the_scope(tree, people, records):
    response = client_for(people.provincial_officer).get(reverse("cadre_home"))
    assert response.status_code == 200
    text = response.content.decode()
    counts = response.context["counts"]
    # posts: head, deputy secretary, secretary of P and C2's secretary; vacant: P's deputy and secretary
    assert counts["posts"] == 4 and counts["vacant"] == 2
    assert counts["cadres"] == 2 and counts["plannings"] == 1 and counts["planned"] == 1
    assert counts["appointments"] == 1 and counts["moves"] == 1
    assert 'data-testid="area-reports"' in text and "13-BTCTW" in text and "9A-BTCTW" in text
    commune = client_for(people.outsider).get(reverse("cadre_home")).context["counts"]
    assert commune["posts"] == 1 and commune["cadres"] == 1 and commune["appointments"] == 0


def test_home_and_reports_are_refused_to_those_who_do_not_read_cadres(tree, people):
    for user in (people.cell_secretary, people.viewer, people.inspection_officer):
        client = client_for(user)
        assert client.get(reverse("cadre_home")).status_code == 403
        assert client.get(reverse("cadre_report", args=["9"]), {"within": tree.P.pk}).status_code in (403, 404)
    standing = client_for(people.standing_member)
    assert standing.get(reverse("cadre_home")).status_code == 200
    assert standing.get(reverse("cadre_report", args=["13"])).status_code == 200


def test_the_form_page_in_both_languages(tree, people, records):
    query = {"within": tree.P.pk, "year": records["year"], "level": "province"}
    response = client_for(people.provincial_officer).get(reverse("cadre_report", args=["9"]), query)
    assert response.status_code == 200
    assert response.context["table"].cell("", "total") == 1
    text = response.content.decode()
    assert "9A-BTCTW" in text and 'data-testid="report-xlsx"' in text
    vi = client_for(people.provincial_officer, "vi").get(reverse("cadre_report", args=["8b"]), {"within": tree.P.pk})
    assert vi.status_code == 200 and "8B-BTCTW" in vi.content.decode()
    assert client_for(people.provincial_officer).get(reverse("cadre_report", args=["14"])).status_code == 404
    # a day counted on outside the year is told on the picker
    wrong = client_for(people.provincial_officer).get(reverse("cadre_report", args=["8b"]), {"year": 2026, "on": "01/01/2025"})
    assert wrong.status_code == 200 and wrong.context["picker"].errors["on"]


def test_a_commune_officer_cannot_ask_for_the_sibling_commune(tree, people, records):
    client = client_for(people.commune_officer)
    assert client.get(reverse("cadre_report", args=["9"]), {"within": tree.C2.pk}).status_code == 404
    assert client.get(f"/api/cadres/reports/{tree.C2.pk}/9?year=2026").status_code == 404


def test_excel_in_the_forms_layout(tree, people, records):
    query = {"within": tree.P.pk, "year": records["year"]}
    response = client_for(people.provincial_officer).get(reverse("cadre_report_xlsx", args=["10"]), query)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sheet.title == "10-BTCTW"
    assert sheet["A1"].value == tree.P.name.upper() and "10-BTCTW" in sheet.cell(1, sheet.max_column).value
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A6:A7" in merged and "C6:D6" in merged  # No. over two rows; "Total" over its two columns
    assert sheet["C6"].value == "Total" and sheet["C7"].value == "Cadres trained"
    assert [sheet.cell(8, c).value for c in range(1, 5)] == ["A", "B", "1", "2"]
    labels = [sheet.cell(r, 2).value for r in range(9, sheet.max_row + 1)]
    assert any(label and "PREPARED BY" in label for label in labels)


def test_pdf_to_sign_has_the_form_code(tree, people, records):
    query = {"within": tree.P.pk, "year": records["year"]}
    response = client_for(people.provincial_officer).get(reverse("cadre_report_pdf", args=["13"]), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "13-BTCTW" in text and "PREPARED BY" in text and "HEAD OF THE BOARD" in text


def test_the_api_gives_rows_by_columns(tree, people, records):
    client = client_for(people.provincial_officer)
    body = client.get(f"/api/cadres/reports/{tree.P.pk}/11?year={records['year']}").json()
    assert body["code"] == "11-BTCTW" and body["columns"][0]["code"] == "total"
    total = next(row for row in body["rows"] if row["code"] == "")
    directions = [c["code"] for c in body["columns"]]
    assert total["cells"][0] == 1 and total["cells"][directions.index(Direction.PROVINCE_TO_COMMUNE)] == 1
    planning = client.get(f"/api/cadres/reports/{tree.P.pk}/12?year=2026&level=province").json()
    assert planning["code"] == "12A-BTCTW"
    refused = client.get(f"/api/cadres/reports/{tree.P.pk}/8b?year=2026&on=2025-12-31")
    assert refused.status_code == 422 and refused.json()["field"] == "on"
    assert client_for(people.viewer).get(f"/api/cadres/reports/{tree.P.pk}/8a?year=2026").status_code == 403
    assert AppointmentKind.APPOINTMENT  # the sample appointment stays open: form 13 counts decisions only
    assert client.get(f"/api/cadres/reports/{tree.P.pk}/13?year=2026").json()["rows"][0]["cells"][0] == 0
