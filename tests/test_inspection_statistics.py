"""The inspection commissions' statistics: each form's figures for a period and the same
period last year, the periods, the scope, the narrative line in both languages, the Excel,
PDF and chart, and the API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partybuilding.inspections.choices import (
    AppealOutcome,
    AppealStatus,
    Body,
    CaseKind,
    CaseResult,
    DenunciationStatus,
    DisciplineForm,
    DisciplineStatus,
    Finding,
    NotProcessed,
)
from partybuilding.inspections.statistics import periods
from partybuilding.inspections.statistics.counting import Line, Table, count
from partybuilding.inspections.statistics.definitions import FORMS, SUMMARY
from partybuilding.inspections.statistics.narrative import narrative

from .conftest import client_for
from .inspection_d_targets import appeal, case, denunciation, discipline, suspension
from .members_factories import make_member

pytestmark = pytest.mark.django_db

Q1 = periods.quarter(2026, 1)


@pytest.fixture
def built(tree, people):
    """Commune C1 and its sibling C2, with records of the first quarters of 2026 and 2025."""
    a, b, c = (make_member(tree.X1, given_name=name) for name in ("An", "Bình", "Chi"))
    y = make_member(tree.Y1, given_name="Yến")
    signs = case(
        tree.C1, CaseKind.SIGNS, dt.date(2026, 1, 15), member=a, body=Body.COMMISSION, result=CaseResult.VIOLATION, discipline_required=True
    )
    d1 = discipline(tree.C1, a, DisciplineForm.REPRIMAND, dt.date(2026, 2, 10), committee=True, case=signs, contents=["land", "ethics"])
    discipline(tree.C1, b, DisciplineForm.WARNING, dt.date(2026, 3, 1), contents=["land"], prosecuted=True)
    # decided in the quarter, annulled after it: still counted where it was decided
    discipline(tree.C1, c, DisciplineForm.EXPULSION, dt.date(2026, 1, 20), status=DisciplineStatus.ANNULLED)
    discipline(tree.C1, c, DisciplineForm.DISMISSAL, dt.date(2026, 5, 4))  # after the quarter, in the 6 months
    discipline(tree.C1, c, DisciplineForm.WARNING, dt.date(2026, 2, 2), status=DisciplineStatus.PROPOSED)  # not decided
    discipline(tree.X1, b, DisciplineForm.REPRIMAND, dt.date(2025, 2, 1), body=Body.CELL)  # last year
    discipline(tree.C1, a, DisciplineForm.WARNING, dt.date(2025, 3, 31))  # last year
    discipline(tree.C2, y, DisciplineForm.REPRIMAND, dt.date(2026, 2, 15))  # the sibling commune
    discipline(tree.C1, None, DisciplineForm.WARNING, dt.date(2026, 2, 1), organization=tree.G1, contents=["cadres"])
    suspension(tree.C1, b, dt.date(2026, 1, 5))
    case(tree.C1, CaseKind.INSPECTION, dt.date(2026, 2, 1), member=a, committee=True)
    case(tree.C1, CaseKind.INSPECTION, dt.date(2026, 3, 10), organization=tree.X1, result=CaseResult.GOOD)
    case(tree.C1, CaseKind.INSPECTION, dt.date(2025, 3, 10), organization=tree.X2)
    case(tree.C1, CaseKind.SUPERVISION, dt.date(2026, 3, 1), organization=tree.X2, body=Body.STANDING)
    case(tree.C1, CaseKind.INSPECTION, None, organization=tree.X2)  # not concluded
    settled = appeal(
        d1,
        tree.P,
        dt.date(2026, 2, 20),
        dt.date(2026, 5, 1),
        status=AppealStatus.SETTLED,
        settled_on=dt.date(2026, 3, 20),
        outcome=AppealOutcome.REDUCED,
        change_reason="verification",
        grounds=["form"],
    )
    appeal(d1, tree.P, dt.date(2025, 12, 20), dt.date(2026, 3, 31))  # pending from before
    denunciation(
        tree.C1,
        dt.date(2026, 1, 10),
        member=a,
        status=DenunciationStatus.CONCLUDED,
        finding=Finding.TRUE,
        decision_date=dt.date(2026, 3, 1),
        discipline=d1,
        denouncer_name="Người Tố Cáo",
    )
    denunciation(tree.C1, dt.date(2026, 2, 10), status=DenunciationStatus.NOT_PROCESSED, not_processed=NotProcessed.ANONYMOUS)
    return {"settled": settled}


def figures(code, org, period=Q1):
    return {key: (line.this, line.last) for key, line in count(FORMS[code], org, period).figures().items()}


def test_the_summary_counts_this_quarter_and_the_same_quarter_last_year(tree, built):
    f = figures("summary", tree.P)
    assert f["members.total"] == (4, 2)  # reprimand ×2 (one in C2), warning, expulsion (annulled later)
    assert f["members.form.reprimand"] == (2, 1)
    assert f["members.form.expulsion"] == (1, 0)
    assert f["members.form.dismissal"] == (0, 0)
    assert f["members.committee"] == (1, 0)
    assert f["organizations.total"] == (1, 0)
    assert f["organizations.form.warning"] == (1, 0)
    assert f["committee_inspected.members"] == (1, 0)
    assert f["committee_inspected.committee_members"] == (1, 0)
    assert f["committee_inspected.organizations"] == (1, 1)
    assert f["committee_supervised.organizations"] == (1, 0)
    assert f["signs.members"] == (1, 0)
    assert f["signs.violation"] == (1, 0)
    assert f["signs.required"] == (1, 0)
    assert f["denunciations.received"] == (2, 0)
    assert f["denunciations.not_processed"] == (1, 0)
    assert f["denunciations.finding.true"] == (1, 0)
    assert f["denunciations.disciplined"] == (1, 0)
    assert f["appeals.settled"] == (1, 0)
    assert f["appeals.reduced"] == (1, 0)
    assert f["appeals.changed"] == (1, 0)
    table = count(SUMMARY, tree.P, Q1)
    assert table.value("members.total").percent == Decimal("200.0")
    assert table.value("members.committee").share == Decimal("25.0")
    assert table.value("organizations.total").percent is None  # none last year: no %


def test_a_commune_counts_only_its_subtree(tree, built):
    assert figures("summary", tree.C1)["members.total"] == (3, 2)
    assert figures("summary", tree.C2)["members.total"] == (1, 0)
    assert figures("summary", tree.G1)["members.total"] == (0, 1)  # the cell's own decision of 2025


def test_the_detailed_forms(tree, built):
    dv = figures("THKL_DV", tree.C1)
    assert dv["members.suspended"] == (1, 0)
    assert dv["members.level.commune"] == (3, 1)
    assert dv["members.level.cell"] == (0, 1)
    assert dv["members.body.commission"] == (3, 1)
    assert dv["members.content.land"] == (2, 0)
    assert dv["members.content.ethics"] == (1, 0)
    assert dv["members.prosecuted"] == (1, 0)
    tcd = figures("THKL_TCD", tree.C1)
    assert tcd["organizations.content.cadres"] == (1, 0)
    signs = figures("KTDHVPDV", tree.C1)
    assert signs["total"] == (1, 0)
    assert signs["level.commune"] == (1, 0)
    assert signs["result.violation"] == (1, 0)
    assert signs["disciplined"] == (1, 0)  # the discipline that came of the case
    assert figures("KTDV_D30_TC", tree.C1)["total"] == (1, 1)
    appeals = figures("GQKNKL", tree.P)
    assert appeals["to_settle"] == (2, 0)  # filed in the quarter + pending since December
    assert appeals["pending"] == (1, 0)
    assert appeals["settled"] == (1, 0)
    assert appeals["ground.form"] == (1, 0)
    assert appeals["reason.verification"] == (1, 0)
    tc = figures("TC", tree.C1)
    assert tc["received"] == (2, 0)
    assert tc["not_processed.anonymous"] == (1, 0)
    assert tc["finding.true"] == (1, 0)


def test_each_form_is_one_query_per_source(tree, built):
    with CaptureQueriesContext(connection) as queries:
        count(FORMS["THKL_TCD"], tree.P, Q1)
        count(FORMS["GQKNKL"], tree.P, Q1)
    assert len(queries) == 2


def test_the_periods_and_what_they_are_compared_with(tree, built):
    half = periods.period_of("half", year=2026)
    assert (half.start, half.end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    nine = periods.period_of("nine", year=2026)
    assert nine.end == dt.date(2026, 9, 30)
    assert periods.quarter(2026, 4).start == dt.date(2026, 10, 1)
    assert periods.month(2024, 2).end == dt.date(2024, 2, 29)
    assert periods.month(2024, 2).previous().end == dt.date(2023, 2, 28)
    term = periods.period_of("term", year=2027)
    assert (term.start, term.end) == (dt.date(2025, 1, 1), dt.date(2029, 12, 31))
    assert (term.previous().start, term.previous().end) == (dt.date(2020, 1, 1), dt.date(2024, 12, 31))
    assert figures("summary", tree.C1, half)["members.form.dismissal"] == (1, 0)
    assert figures("summary", tree.C1, term)["members.total"] == (6, 0)  # 2025 and 2026, the previous term none
    assert figures("summary", tree.C1, term.previous())["members.total"] == (0, 0)


def _seed_table() -> Table:
    """The seed report's figures: 1,090 members (reprimand 789, warning 207, dismissal 31,
    expulsion 63), 103.4 % of the year before, 47 committee members; 29 organizations."""
    values = {
        "members.total": (1090, 1054),
        "members.form.reprimand": (789, 0),
        "members.form.warning": (207, 0),
        "members.form.dismissal": (31, 0),
        "members.form.expulsion": (63, 0),
        "members.committee": (47, 0),
        "organizations.total": (29, 0),
        "organizations.form.reprimand": (26, 0),
        "organizations.form.warning": (3, 0),
        "committee_inspected.organizations": (1250, 0),
        "committee_inspected.members": (5120, 0),
    }
    lines = [
        Line(row.key, row.label, row.depth, False, *values.get(row.key, (0, 0)), Decimal("4.3") if row.key == "members.committee" else None)
        for row in SUMMARY.rows
    ]
    return Table(SUMMARY, periods.period_of("year", year=2025), periods.period_of("year", year=2024), lines)


def test_the_narrative_line_in_vietnamese_and_english(tree):
    with translation.override("vi"):
        text = " ".join(narrative(_seed_table(), tree.P))
    assert "năm 2025" in text
    assert "1.250 tổ chức đảng và 5.120 đảng viên" in text
    assert "1.090 đảng viên (khiển trách 789, cảnh cáo 207, cách chức 31, khai trừ 63)" in text
    assert "103,4\xa0%" in text
    assert "47 cấp ủy viên (chiếm 4,3\xa0%)" in text
    assert "29 tổ chức đảng (khiển trách 26, cảnh cáo 3)" in text
    with translation.override("en"):
        english = " ".join(narrative(_seed_table(), tree.P))
    assert "1,090 Party members (reprimand 789, warning 207, dismissal from posts 31, expulsion 63)" in english
    assert "103.4%" in english
    assert "compared to the same period last year" in english
    assert "The inspection commissions" in english


def test_no_comparison_when_last_year_had_none(tree, built):
    with translation.override("en"):
        text = " ".join(narrative(count(SUMMARY, tree.C2, Q1), tree.C2))
    assert "against 1 Party member (reprimand 1), including" in text
    assert "compared to" not in text


def test_the_page_shows_the_form_the_narrative_and_the_chart(tree, people, built):
    client = client_for(people.inspection_officer)
    response = client.get(reverse("inspection_reports"), {"within": tree.P.pk, "period": "quarter", "year": 2026, "quarter": 1})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="row-members.total"' in html
    assert "200.0%" in html
    assert 'data-testid="narrative"' in html and "In quarter I/2026" in html
    assert "<svg" in html
    detailed = client.get(reverse("inspection_reports"), {"within": tree.C1.pk, "form": "THKL_DV", "period": "year", "year": 2026})
    assert 'data-testid="row-members.suspended"' in detailed.content.decode()


def test_the_excel_has_one_sheet_per_form_and_the_pdf_renders(tree, people, built):
    client = client_for(people.inspection_officer)
    query = {"within": tree.C1.pk, "period": "quarter", "year": 2026, "quarter": 1}
    response = client.get(reverse("inspection_reports_xlsx"), query)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == list(FORMS)
    rows = {row[0].strip(): row[1:4] for row in book["summary"].iter_rows(min_row=5, values_only=True) if row[0]}
    assert rows["Party members disciplined"] == (3, 2, 150.0)
    assert rows["Prepared by"][1] == "Chair of the Inspection Commission"  # the signature block
    pdf = client.get(reverse("inspection_reports_pdf"), query)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_api_gives_the_form_with_last_year_and_percent(tree, people, built):
    client = client_for(people.inspection_officer)
    response = client.get("/api/inspections/statistics", {"within": tree.P.pk, "period": "quarter", "year": 2026, "number": 1})
    assert response.status_code == 200
    body = response.json()
    total = next(row for row in body["rows"] if row["key"] == "members.total")
    assert (total["this_period"], total["last_year"], total["percent"]) == (4, 2, "200.0")
    assert body["previous"]["start"] == "2025-01-01" and len(body["narrative"]) == 4
    refused = client.get("/api/inspections/statistics", {"within": tree.P.pk, "period": "range", "year": 2026})
    assert refused.status_code == 422
    assert client_for(people.commune_officer).get("/api/inspections/statistics", {"within": tree.C1.pk, "year": 2026}).status_code == 403
