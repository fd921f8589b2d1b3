"""What the admission pages show a reader: a browser title without markup, no invented
date on a new candidate, the report's numbers in the reader's language (20.002 and
101,22 % in Vietnamese; 20,002 and 101.22% in English), a share for every breakdown it
counts, in the page, the Excel file and the PDF, and the years drawn as a chart."""

from __future__ import annotations

import io
import re
from typing import Any

import openpyxl
import pytest
from django.utils import translation

from partybuilding.admissions.choices import Stage
from partybuilding.admissions.models import AdmissionTarget
from partybuilding.admissions.report import BREAKDOWNS, Figures
from partybuilding.core import charts

from .admissions_factories import make_candidate, walk
from .conftest import Personas, Tree, client_for

pytestmark = pytest.mark.django_db

QUERY = "?from_year=2023&to_year=2024&flag_on=30/06/2024"


def title_of(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found
    return found.group(1)


def test_the_candidate_page_title_is_plain_text_even_for_an_auditor(tree: Tree, people: Personas) -> None:
    candidate = make_candidate(tree.X1, given_name="Lan")
    page = client_for(people.admin).get(f"/admissions/{candidate.pk}/").content.decode()
    assert "Audit log of this record" in page  # the auditor still has the link, in the page
    assert title_of(page) == f"{candidate.full_name} · Party Building"


def test_a_new_candidate_form_offers_no_date_of_its_own(tree: Tree, people: Personas) -> None:
    response = client_for(people.cell_secretary).get("/admissions/new/")
    form = response.context["form"]
    assert form["recorded_on"].value() is None and form["date_of_birth"].value() is None
    assert re.search(r'<input[^>]*name="recorded_on"(?![^>]*value=)[^>]*>', response.content.decode())


@pytest.fixture
def admitted(tree: Tree) -> Tree:
    """One woman admitted in X1 in 2024, a target of 8 for G1 and an imposing one for the commune."""
    walk(make_candidate(tree.X1, gender="F", youth_union=True), Stage.DECIDED)
    AdmissionTarget.objects.create(organization=tree.G1, year=2024, target=8)
    AdmissionTarget.objects.create(organization=tree.C1, year=2024, target=20002)
    return tree


def test_figures_speak_the_active_languages_number_forms() -> None:
    with translation.override("vi"):  # the space before % (a no-break one) comes with the translation
        assert re.fullmatch(r"20\.002/19\.761, 101,22\u00a0?%", Figures(20002, 19761).text())
    with translation.override("en"):
        assert Figures(20002, 19761).text() == "20,002/19,761, 101.22%"


def test_the_year_on_year_line_and_the_table_use_vietnamese_forms_on_vietnamese_pages(admitted: Tree, people: Personas) -> None:
    page = client_for(people.commune_officer, language="vi").get("/admissions/report/" + QUERY).content.decode()
    assert re.search(r"<li>2024: 1/20\.002, 0,00\s?%</li>", page)  # the commune's own target
    assert ">20.002<" in page and "12,50" in page  # the commune's total, and G1's 1 of 8
    assert "12.50" not in page and "20,002" not in page and "2.024" not in page  # years are never grouped


def test_english_pages_use_english_forms(admitted: Tree, people: Personas) -> None:
    page = client_for(people.commune_officer, language="en").get("/admissions/report/" + QUERY).content.decode()
    assert "<li>2024: 1/20,002, 0.00%</li>" in page
    assert ">20,002<" in page and "12.50%" in page and "12,50" not in page


def test_every_breakdown_has_its_share_of_the_admitted(admitted: Tree, people: Personas) -> None:
    figures = Figures(4, None, {key: 0 for key, _label, _q in BREAKDOWNS} | {"women": 3, "youth_union": 1})
    shares = dict(zip([key for key, _l, _q in BREAKDOWNS], figures.breakdown_cells(), strict=True))
    assert shares["women"] == (3, 75) and shares["youth_union"] == (1, 25) and shares["minority"] == (0, 0)
    page = client_for(people.commune_officer, language="en").get("/admissions/report/" + QUERY).content.decode()
    table = page[page.index('data-testid="report-2024"') :]
    # One woman of one admitted, a Youth Union member, of the Kinh people: 100% and 0% shares.
    assert table.count("<small>100.00%</small>") >= 2 and "<small>0.00%</small>" in table


def test_the_excel_file_has_a_share_column_beside_each_breakdown(admitted: Tree, people: Personas) -> None:
    response = client_for(people.commune_officer, language="en").get("/admissions/report.xlsx" + QUERY)
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[3:7] == ["Target", "Percent of the target", "Women", "Women (% of the admitted)"]
    assert len(header) == 5 + 2 * len(BREAKDOWNS)
    total_2024 = next(r for r in rows if r[0] == 2024 and str(r[1]).startswith("Total"))
    assert total_2024[2:7] == (1, 20002, 0.0, 1, 100.0)


def _chart_in(html: str, language: str = "en") -> str:
    with translation.override(language):
        title = translation.gettext("Admissions per year against the target")
    found = re.search(r"<svg[^>]*>.*?</svg>", html[html.index(title) - 400 :], re.S)
    assert found, "no chart of the years"
    return found.group(0)


def test_the_years_are_drawn_as_a_chart_with_their_target(admitted: Tree, people: Personas) -> None:
    page = client_for(people.commune_officer, language="en").get("/admissions/report/" + QUERY).content.decode()
    svg = _chart_in(page)
    assert 'data-testid="report-chart"' in page
    assert "2023: 0; 2024: 1 (Target 20,002)" in svg and ">2024<" in svg and ">Target<" in svg


def test_the_pdf_draws_the_same_chart(admitted: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    printed: list[str] = []

    def keep(html: str) -> bytes:
        printed.append(html)
        return b"%PDF-1.7"

    monkeypatch.setattr("partybuilding.core.pdf.render_pdf", keep)
    client_for(people.commune_officer, language="vi").get("/admissions/report.pdf" + QUERY)
    svg = _chart_in(printed[0], "vi")
    assert re.search(r"2024: 1 \([^)]+ 20\.002\)", svg)  # the target in Vietnamese number forms
    assert re.search(r"2024: 1/20\.002, 0,00\s?%", printed[0])


def test_a_column_chart_without_targets_or_figures_still_draws() -> None:
    class Year:
        def __init__(self, label: str, value: int) -> None:
            self.label, self.value = label, value

    figures: list[Any] = [Year(str(y), v) for y, v in ((2021, 310), (2022, 295), (2023, 0))]
    svg = str(charts.column_chart(figures, "Admissions"))
    assert svg.count('class="column"') == 3 and "Target" not in svg and ">310<" in svg
    assert "No data" in str(charts.column_chart([], "Admissions"))
