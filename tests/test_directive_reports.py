"""The documents app's reports: documents issued per kind, issuer and year (with the year
before and the seeds' line in both languages), the implementation of tasks per child
organization summing to the scope's total, a study campaign's completion; the Excel and PDF
read back; the scope; the API."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partybuilding.directives.choices import DocumentStatus, IssuerBody, TaskState
from partybuilding.directives.models import Issuer
from partybuilding.directives.statistics.implementation import of_document, overall
from partybuilding.directives.statistics.issued import issued
from partybuilding.directives.statistics.sentence import sentences
from partybuilding.directives.statistics.study import completion

from .conftest import client_for
from .directive_d_targets import campaign_in, split_task, task_of
from .directive_targets import document_in, issuer_of
from .members_factories import make_member

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 6)
PAST = dt.date(2026, 10, 1)
LATER = dt.date(2027, 3, 1)


@pytest.fixture
def documents(tree):
    """The province's committee: 2 resolutions (one withdrawn) and 3 conclusions in 2026, one
    resolution in 2025; its organizing board one instruction; the commune one plan."""
    p = tree.P
    document_in(p, date=dt.date(2026, 1, 5))
    document_in(p, date=dt.date(2026, 2, 5), status=DocumentStatus.WITHDRAWN)
    for month in (3, 4, 5):
        document_in(p, kind="KL", date=dt.date(2026, month, 1))
    document_in(p, date=dt.date(2025, 6, 1))
    board = Issuer.objects.create(organization=p, org_path=p.path, body=IssuerBody.ORGANIZING, name="Ban Tổ chức Tỉnh ủy", symbol="BTCTU")
    from partybuilding.directives.models import Document

    Document.objects.create(
        issuer=board,
        organization=p,
        org_path=p.path,
        kind="HD",
        year=2026,
        sequence=1,
        number="1-HD/BTCTU",
        date=dt.date(2026, 7, 1),
        title="Hướng dẫn",
    )
    document_in(tree.C1, kind="KH", date=dt.date(2026, 8, 1))
    return board


def test_documents_are_counted_per_kind_and_issuer_with_the_year_before(tree, documents):
    report = issued(tree.P, 2026, TODAY)
    assert [k.code for k in report.kinds] == ["NQ", "KL", "HD"]  # the rule's order
    assert [(k.this_year, k.last_year) for k in report.kinds] == [(2, 1), (3, 0), (1, 0)]
    assert (report.total, report.last_total, report.withdrawn) == (6, 1, 1)
    lines = {line.issuer.symbol: line for line in report.own_lines}
    assert lines[issuer_of(tree.P).symbol].counts == {"NQ": 2, "KL": 3}
    assert lines["BTCTU"].counts == {"HD": 1}
    assert all(line.issuer.org_path == tree.P.path for line in report.own_lines)  # the commune's plan is not the province's

    lower = issued(tree.P, 2026, TODAY, lower=True)
    assert lower.total == 7 and [g.own for g in lower.groups] == [True, False]
    assert lower.groups[1].lines[0].issuer.organization == tree.C1


def test_the_seeds_line_in_both_languages(tree, documents):
    report = issued(tree.P, 2026, TODAY)
    committee = issuer_of(tree.P).name
    with translation.override("en"):
        said = sentences(issued(tree.P, 2026, TODAY))
        assert said[0] == f"In 2026, {committee} issued 2 resolutions and 3 conclusions."
        assert "1 document was withdrawn" in said[-1]
        assert sentences(issued(tree.P, 2024, TODAY)) == [f"In 2024, no document issued by {tree.P.name} was registered."]
    with translation.override("vi"):
        said = sentences(report)
        assert said[0] == f"Năm 2026, {committee} đã ban hành 2 nghị quyết và 3 kết luận."


def test_implementation_per_child_sums_to_the_scope_total(tree):
    resolution = document_in(tree.P)
    task_of(resolution, tree.P, LATER)  # the province's own
    done = task_of(resolution, tree.C1, LATER, state=TaskState.DONE, done_on=dt.date(2026, 11, 1))
    task_of(resolution, tree.C1, PAST)  # overdue
    task_of(resolution, tree.C2, PAST, state=TaskState.DONE, done_on=dt.date(2026, 11, 1))  # late
    task_of(resolution, tree.C2, LATER, state=TaskState.CANCELLED)
    split = task_of(resolution, tree.G1, LATER)
    split_task(split, [tree.X1, tree.X2])  # counted by its two children, under C1
    assert done.pk

    report = of_document(resolution, tree.P, TODAY)
    rows = {row.organization.code if row.organization else "own": row for row in report.rows}
    assert rows["own"].total == 1
    assert (rows["C1"].total, rows["C1"].figures.done_on_time, rows["C1"].figures.overdue, rows["C1"].open_in_time) == (4, 1, 1, 2)
    assert (rows["C2"].figures.done_late, rows["C2"].figures.cancelled) == (1, 1)
    assert report.whole.total == sum(row.total for row in report.rows) == 7
    assert report.whole.figures.percent_done == pytest.approx(100 * 2 / 6)

    counted = overall(tree.P, TODAY)  # the counters agree with the tasks
    assert [(r.organization and r.organization.code, r.total) for r in counted.rows] == [
        (r.organization and r.organization.code, r.total) for r in report.rows
    ]
    assert counted.whole.figures == report.whole.figures

    commune = of_document(resolution, tree.C1, TODAY)  # seen from the commune: its own subtree only
    assert commune.whole.total == 4 and [r.organization.code for r in commune.rows if r.organization] == ["G1"]


def test_study_completion_per_child(tree):
    x1 = [make_member(tree.X1, given_name=n) for n in ("An", "Bình", "Chi")]
    y1 = make_member(tree.Y1, given_name="Yến")
    campaign = campaign_in(tree.P, {x1[0]: True, x1[1]: True, x1[2]: False, y1: False})
    report = completion(campaign, tree.P)
    rows = {row.organization.code: row for row in report.rows}
    assert (rows["C1"].assigned, rows["C1"].done) == (3, 2)
    assert (rows["C2"].assigned, rows["C2"].done) == (1, 0)
    assert (report.whole.assigned, report.whole.done, report.whole.percent) == (4, 2, 50)
    cell = completion(campaign, tree.X1)
    assert [(r.organization, r.assigned, r.done) for r in cell.rows] == [(None, 3, 2)]


def test_the_page_shows_the_three_reports(tree, people, documents):
    resolution = document_in(tree.P)
    task_of(resolution, tree.C1, PAST)
    campaign = campaign_in(tree.P, {make_member(tree.X1, given_name="An"): True})
    client = client_for(people.provincial_officer)
    page = client.get(reverse("directive_reports"), {"within": tree.P.pk, "year": 2026, "document": resolution.pk, "campaign": campaign.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert "2 resolutions and 3 conclusions" in text
    assert 'data-testid="issued-chart"' in text and "<svg" in text
    assert f"Implementation of {resolution.number}" in text
    assert text.count('data-testid="implementation-row"') == 2  # C1 and C2
    assert "Study completion" in text and campaign.title in text


def _xlsx(response) -> openpyxl.Workbook:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_excel_and_pdf_read_back(tree, people, documents):
    resolution = document_in(tree.P)
    task_of(resolution, tree.C1, PAST)
    task_of(resolution, tree.C2, LATER, state=TaskState.DONE, done_on=TODAY)
    client = client_for(people.provincial_officer)
    query = {"within": tree.P.pk, "year": 2026, "document": resolution.pk}
    book = _xlsx(client.get(reverse("directive_reports_xlsx", args=["issued"]), query))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "Documents issued in 2026"
    header = [c.value for c in sheet[4]]
    assert header[:4] == ["Issuer", "Resolution (NQ)", "Conclusion (KL)", "Instruction (HD)"]
    totals = [c.value for c in sheet[sheet.max_row]]
    assert totals[:5] == ["Total", 2, 3, 1, 6]
    assert [c.value for c in book.worksheets[1][book.worksheets[1].max_row]] == ["Total", 6, 1, 5]

    tasks = _xlsx(client.get(reverse("directive_reports_xlsx", args=["implementation"]), query)).worksheets[0]
    assert [c.value for c in tasks[tasks.max_row]][:4] == ["Total", 2, 1, 0]
    assert tasks[tasks.max_row][7].value == 50

    response = client.get(reverse("directive_reports_pdf", args=["implementation"]), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=response.content, capture_output=True, check=True, timeout=60
        ).stdout.decode()
        assert f"Implementation of {resolution.number}" in text and tree.P.name in text and "2026" in text
        assert timezone.localdate().strftime("%d/%m/%Y") in text
    else:
        assert response.content.startswith(b"%PDF")
    assert client.get(reverse("directive_reports_xlsx", args=["study"]), query).status_code == 404  # no campaign chosen
    assert client.get(reverse("directive_reports_xlsx", args=["nothing"]), query).status_code == 404


def test_another_provinces_figures_are_not_found(tree, people, world):
    other = world["orgs"]["Q1"] if "Q1" in world["orgs"] else next(iter(world["orgs"].values()))
    client = client_for(people.provincial_officer)
    assert client.get(reverse("directive_reports"), {"within": other.pk}).status_code == 404
    assert client.get(f"/api/directives/reports/{other.pk}/issued?year=2026").status_code == 404
    foreign = document_in(other)
    assert client.get(reverse("directive_reports"), {"within": tree.P.pk, "document": foreign.pk}).status_code == 404
    assert client.get(f"/api/directives/reports/{tree.P.pk}/implementation?document={foreign.pk}").status_code == 404


def test_the_api_gives_the_three_reports(tree, people, documents):
    resolution = document_in(tree.P)
    task_of(resolution, tree.C1, PAST)
    campaign = campaign_in(tree.P, {make_member(tree.X1, given_name="An"): True, make_member(tree.Y1, given_name="Yến"): False})
    client = client_for(people.provincial_officer)
    body = client.get(f"/api/directives/reports/{tree.P.pk}/issued?year=2026").json()
    assert (body["total"], body["last_total"], body["withdrawn"]) == (6, 1, 1)
    assert body["sentences"][0].endswith("issued 2 resolutions and 3 conclusions.")
    body = client.get(f"/api/directives/reports/{tree.P.pk}/implementation?document={resolution.pk}").json()
    assert body["whole"]["overdue"] == 1 and sum(row["total"] for row in body["rows"]) == body["whole"]["total"]
    body = client.get(f"/api/directives/reports/{tree.P.pk}/study/{campaign.pk}").json()
    assert (body["whole"]["assigned"], body["whole"]["done"], body["whole"]["percent"]) == (2, 1, 50)
