"""The statistics pages: the list of the HD 11 forms, a form for a node of the tree (its
figures in the reader's language, its heading as printed), who may see it, what a period
that cannot be read says, the list behind a figure (exactly the members it counts, searched
without accents, read and exported audited) and the children side by side."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.utils import timezone

from partybuilding.core import exporting
from partybuilding.core.models import AuditEntry
from partybuilding.members.models import Member
from partybuilding.statistics.engine import count, version_for
from partybuilding.statistics.periods import period_of

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def this_year() -> int:
    return timezone.localdate().year


def members(tree: Tree) -> dict[str, Member]:
    """Two women and a man in X1, a man in X2 (commune C1); a woman in Y1 (commune C2)."""
    return {
        "lan": make_member(tree.X1, gender="F", family_name="Trần", middle_name="Thị", given_name="Lan", date_of_birth=dt.date(1980, 2, 1)),
        "hoa": make_member(tree.X1, gender="F", family_name="Lê", middle_name="Thị", given_name="Hòa", date_of_birth=dt.date(1981, 6, 1)),
        "minh": make_member(
            tree.X1, gender="M", family_name="Phạm", middle_name="Văn", given_name="Minh", date_of_birth=dt.date(1981, 1, 9)
        ),
        "duc": make_member(tree.X2, gender="M", family_name="Đỗ", middle_name="Văn", given_name="Đức", date_of_birth=dt.date(1980, 3, 3)),
        "quach": make_member(tree.Y1, gender="F", family_name="Quách", middle_name="Thị", given_name="Nga"),
    }


def row_cells(html: str, code: str) -> list[str]:
    """The figures of the row whose code is `code` on a form's page (links unwrapped)."""
    found = re.search(rf'data-code="{re.escape(code)}">(.*?)</tr>', html, re.S)
    assert found, f"no row {code}"
    cells = re.findall(r'<td class="num">(.*?)</td>', found.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def row_link(html: str, code: str) -> str:
    found = re.search(rf'data-code="{re.escape(code)}">(.*?)</tr>', html, re.S)
    assert found
    link = re.search(r'<a class="figure" href="([^"]+)"', found.group(1))
    assert link, f"row {code} has no figure linked"
    return link.group(1).replace("&amp;", "&")


def test_the_list_offers_every_form_with_its_versions(tree: Tree, people: Personas) -> None:
    response = client_for(people.provincial_officer).get(f"/statistics/?org={tree.C1.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    for slug in ("1", "2", "2b", "3", "4", "5", "7"):
        assert f'data-testid="statistics-form-{slug}"' in html
    assert f"/statistics/1/?org={tree.C1.pk}" in html
    assert "1-BTCTW" in html and "13/12/2021" in html  # form 1's earlier version, with its dates
    assert "As it stood then" in html  # the tree's choice is explained


def test_a_form_for_a_node_shows_its_figures_as_printed_in_vietnamese(tree: Tree, people: Personas) -> None:
    members(tree)
    client = client_for(people.provincial_officer, language="vi")
    response = client.get(f"/statistics/3/?org={tree.C1.pk}&year={this_year()}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ĐẢNG BỘ XÃ AN BÌNH" in html and "BAN TỔ CHỨC" in html and "Biểu số 3-BTCTW" in html
    assert "THỐNG KÊ ĐỘI NGŨ ĐẢNG VIÊN" in html
    assert f"Có đến ngày {timezone.localdate():%d/%m/%Y}" in html
    assert row_cells(html, "I")[0] == "4"  # C1's four members; Y1's belongs to C2
    assert row_cells(html, "I.1")[0] == "2"
    # the average age with one decimal and a decimal comma: (46 + 45 + 45 + 46) / 4 in 2026
    ages = [this_year() - y for y in (1980, 1981, 1981, 1980)]
    average = f"{sum(ages) / 4:.1f}".replace(".", ",")
    assert row_cells(html, "II.2.9")[0] == average
    assert "NGƯỜI LẬP BIỂU" in html and "TRƯỞNG BAN" in html and "(Ký, đóng dấu)" in html
    assert 'data-testid="column-numbers"><th>A</th><th>B</th><th>1</th><th>2</th><th>(3) = (1) × 100 / (2)</th>' in html


def test_numbers_are_grouped_as_the_language_writes_them(tree: Tree, people: Personas) -> None:
    """20.002 in Vietnamese, 20,002 in English: here a province of 1.234 organizations is not
    built, the figure's text is made the same way (Django's localization)."""
    from decimal import Decimal

    from django.utils import translation

    from partybuilding.statistics.texts import figure

    with translation.override("vi"):
        assert (figure(20002), figure(Decimal("101.2")), figure(None)) == ("20.002", "101,2", "")
    with translation.override("en"):
        assert (figure(20002), figure(Decimal("101.2"))) == ("20,002", "101.2")


def test_an_organization_outside_the_scope_is_not_found(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    assert client.get(f"/statistics/3/?org={tree.C2.pk}").status_code == 404
    assert client.get(f"/statistics/3/drill/?org={tree.C2.pk}&row=1&column=this").status_code == 404
    assert client.get(f"/statistics/3/?org={tree.C1.pk}").status_code == 200
    assert client.get("/statistics/9/").status_code == 404  # no such form


def test_a_role_that_does_not_see_members_is_refused(tree: Tree, people: Personas) -> None:
    office = client_for(people.office_officer)
    assert office.get(f"/statistics/1/?org={tree.P.pk}").status_code == 403
    assert office.get("/statistics/").status_code == 403
    assert client_for(people.member).get(f"/statistics/3/?org={tree.X1.pk}").status_code == 403


def test_a_period_that_cannot_be_read_is_said_on_the_page(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    response = client.get(f"/statistics/1/?org={tree.C1.pk}&period=range&from=31/12/2026&to=01/01/2026")
    assert response.status_code == 400
    assert "The period ends before it starts." in response.content.decode()
    response = client.get(f"/statistics/1/?org={tree.C1.pk}&period=quarter&quarter=5")
    assert response.status_code == 400
    assert "between 1 and 4" in response.content.decode()
    assert client.get(f"/statistics/1/?org={tree.C1.pk}&tree=sometime").status_code == 400


def test_an_older_version_is_chosen_by_its_id(tree: Tree, people: Personas) -> None:
    older = version_for("1", dt.date(2024, 12, 31))
    newer = version_for("1", dt.date(2026, 12, 31))
    assert older is not None and newer is not None and older.pk != newer.pk
    client = client_for(people.provincial_officer)
    html = client.get(f"/statistics/1/?org={tree.C1.pk}&year=2026&version={older.pk}").content.decode()
    assert "Version in force from 13/12/2021 to 30/06/2025" in html
    assert client.get(f"/statistics/3/?org={tree.C1.pk}&version={newer.pk}").status_code == 404  # form 1's version, not form 3's


def test_the_list_behind_a_figure_is_exactly_who_it_counts(tree: Tree, people: Personas) -> None:
    people_ = members(tree)
    client = client_for(people.commune_officer)
    html = client.get(f"/statistics/3/?org={tree.C1.pk}").content.decode()
    women = row_link(html, "I.1")
    response = client.get(women)
    assert response.status_code == 200
    listed = response.content.decode()
    assert "Trần Thị Lan" in listed and "Lê Thị Hòa" in listed
    assert "Phạm Văn Minh" not in listed and "Quách" not in listed
    assert f"/members/{people_['lan'].pk}/" in listed
    assert "Of which women" in listed and "Đảng bộ xã An Bình" in listed
    # reading the names is audited, with the list it was
    entry = AuditEntry.objects.filter(action="statistics.drill").latest("pk")
    assert entry.actor == people.commune_officer and entry.after["rows"] == 2 and entry.after["row"] == "I.1"
    # the same filter that counted them: the count equals the figure
    period = period_of({}, timezone.localdate())
    version = version_for("3", period.end)
    assert version is not None
    table = count(version, tree.C1, period, today=timezone.localdate())
    assert table.value("I.1", "this") == 2


def test_the_list_is_searched_without_accents_and_exported_audited(tree: Tree, people: Personas) -> None:
    members(tree)
    client = client_for(people.commune_officer)
    html = client.get(f"/statistics/3/?org={tree.C1.pk}").content.decode()
    everyone = row_link(html, "I")
    found = client.get(everyone + "&q=hoa").content.decode()
    assert "Lê Thị Hòa" in found and "Trần Thị Lan" not in found
    found = client.get(everyone + "&q=do van").content.decode()
    assert "Đỗ Văn Đức" in found and "Lê Thị Hòa" not in found
    exported = client.get(everyone.replace("/drill/?", "/drill/excel/?") + "&q=le thi")
    assert exported.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(exported.streaming_content))).active
    names = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == ["Lê Thị Hòa"]
    entry = AuditEntry.objects.filter(action="statistics_drill.export").latest("pk")
    assert entry.actor == people.commune_officer and entry.after["rows"] == 1 and entry.after["row"] == "I"


def test_a_place_that_holds_no_counted_figure_is_said(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    base = f"/statistics/1/drill/?org={tree.C1.pk}"
    assert client.get(base + "&row=999&column=this").status_code == 400
    response = client.get(base + "&row=1&column=percent")  # a percent is computed, no one is behind it
    assert response.status_code == 400
    assert "holds no figure counted from the records" in response.content.decode()


def test_the_children_side_by_side_add_up_to_the_node(tree: Tree, people: Personas) -> None:
    members(tree)
    client = client_for(people.provincial_officer)
    response = client.get(f"/statistics/3/children/?org={tree.G1.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chi bộ Thôn Đông" in html and "Chi bộ Thôn Tây" in html
    x1, x2, total = (int(text) for text in row_cells(html, "I"))
    assert (x1, x2, total) == (3, 1, 4)
    assert x1 + x2 == total
    women = [int(text) for text in row_cells(html, "I.1")]
    assert women == [2, 0, 2]


def test_a_table_form_shows_a_chosen_column_of_the_children(tree: Tree, people: Personas) -> None:
    members(tree)
    client = client_for(people.provincial_officer)
    html = client.get(f"/statistics/4/children/?org={tree.C1.pk}&column=women").content.decode()
    assert "Đảng bộ Trường THPT Nguyễn Huệ" in html
    assert row_cells(html, "")[:2] == ["2", "2"]  # the form's total row: G1's women, C1's total
    assert client.get(f"/statistics/4/children/?org={tree.C1.pk}&column=nothing").status_code == 400


def test_charts_follow_the_form(tree: Tree, people: Personas) -> None:
    members(tree)
    client = client_for(people.provincial_officer)
    profile = client.get(f"/statistics/3/?org={tree.C1.pk}").content.decode()
    assert profile.count('class="card chart-card"') >= 4  # this year against the last, ages, education, qualification, theory
    assert "This period against the same period last year" in profile
    by_type = client.get(f"/statistics/5/?org={tree.C1.pk}").content.decode()
    assert "Grassroots organizations by type of unit" in by_type


def test_the_menu_offers_statistics_to_those_who_see_members(tree: Tree, people: Personas) -> None:
    assert 'data-testid="menu-statistics"' in client_for(people.cell_secretary).get("/").content.decode()
    assert 'data-testid="menu-statistics"' not in client_for(people.office_officer).get("/").content.decode()


def test_a_long_list_is_exported_by_a_background_job(tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    from partybuilding.core.models import Job, JobStatus

    members(tree)
    monkeypatch.setattr(exporting, "AT_ONCE_ROWS", 2)  # four members: a "long" list here
    client = client_for(people.commune_officer)
    everyone = row_link(client.get(f"/statistics/3/?org={tree.C1.pk}").content.decode(), "I")
    response = client.get(everyone.replace("/drill/?", "/drill/excel/?"))
    assert response.status_code == 302
    job = Job.objects.filter(kind="statistics.drill_export").latest("pk")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.DONE and job.result == {"rows": 4}
    sheet = openpyxl.load_workbook(job.file_path).active
    assert sheet.max_row == 5  # the header and the four members
    entry = AuditEntry.objects.filter(action="statistics_drill.export").latest("pk")
    assert entry.actor == people.commune_officer and entry.after["rows"] == 4


def test_a_broken_identity_is_named_with_both_figures(tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    """Form 1's A + B − C = D: when the records break it (an event missing), the page says
    which identity and both figures."""
    from partybuilding.statistics import views

    counted = views._counted

    def broken(choice: object) -> object:
        table = counted(choice)
        table.failed_checks = [("D", 12, 11)]
        return table

    monkeypatch.setattr(views, "_counted", broken)
    html = client_for(people.provincial_officer).get(f"/statistics/1/?org={tree.C1.pk}").content.decode()
    assert 'data-testid="statistics-check-failed"' in html
    assert "A + B − C = D: the rows give 12, row D counts 11." in html


def test_a_comparison_from_reported_figures_is_marked(tree: Tree, people: Personas) -> None:
    from decimal import Decimal

    from partybuilding.statistics.models import ReportedFigure

    year = this_year()
    ReportedFigure.objects.create(
        organization=tree.C1,
        form_slug="1",
        start=dt.date(year - 1, 1, 1),
        end=dt.date(year - 1, 12, 31),
        row="A",
        column="this",
        value=Decimal(7),
    )
    html = client_for(people.provincial_officer).get(f"/statistics/1/?org={tree.C1.pk}&year={year}").content.decode()
    assert 'data-testid="statistics-reported"' in html
    assert row_cells(html, "A")[1] == "7*"  # last year's figure as reported, marked
    row = re.search(r'data-code="A">(.*?)</tr>', html, re.S)
    assert row and "column=this" in row.group(1)
    assert "column=last" not in row.group(1)  # no list of the records lies behind a reported figure


def test_rows_the_records_do_not_hold_are_blank_with_the_forms_note(tree: Tree, people: Personas) -> None:
    html = client_for(people.provincial_officer).get(f"/statistics/7/?org={tree.C1.pk}").content.decode()
    assert row_cells(html, "IV.3.1") == ["", "", ""]
    assert "not held in the records" in html
    assert "IV.3 are not held in the records and are left blank" in html  # the form's own note


def test_the_organizations_behind_a_figure(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    html = client.get(f"/statistics/5/?org={tree.C1.pk}").content.decode()
    assert row_cells(html, "")[0] == "1"  # the form's total: one grassroots organization, G1
    listed = client.get(row_link(html, "")).content.decode()
    assert "The organizations behind a figure" in listed
    assert "Đảng bộ Trường THPT Nguyễn Huệ" in listed and "Grassroots Party Committee" in listed
    assert "Chi bộ Thôn Đông" not in listed and "Hòa Lạc" not in listed
