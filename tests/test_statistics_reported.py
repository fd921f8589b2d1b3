"""Reconciliation: last year's figures as reported in Excel, imported (the form's own layout or a
plain sheet; every line checked, all or nothing; a re-import replaces), read back as the
comparison column of a comparing form, and held against what the records now say."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from partybuilding.accounts.services import token_create
from partybuilding.core.models import AuditEntry
from partybuilding.statistics.engine import count, version_for
from partybuilding.statistics.models import ReportedFigure
from partybuilding.statistics.periods import Period
from partybuilding.statistics.places import NOW

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db

YEAR_2025 = Period("year", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
YEAR_2026 = Period("year", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
TODAY = dt.date(2026, 12, 7)


# --- the files -------------------------------------------------------------------------------


def saved(book: Workbook) -> bytes:
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


def form_layout(code: str, lines: list[list[Any]], *, numbers: tuple[str, ...] = ("1", "2", "3")) -> bytes:
    """A form as the Excel export lays it out: the agency and the form's code, the title, the
    header and its row of column numbers (line 8), the lines, then the note and signatures."""
    book = Workbook()
    sheet = book.active
    sheet.append(["ĐẢNG BỘ XÃ AN BÌNH", None, None, None, f"Biểu số {code}"])
    sheet.append(["BAN TỔ CHỨC"])
    sheet.append([])
    sheet.append(["THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN"])
    sheet.append(["Năm 2025"])
    sheet.append([])
    sheet.append(["STT", "Tiêu chí", "Kỳ này", "Cùng kỳ năm trước", "Kỳ này so với cùng kỳ (%)"])
    sheet.append(["A", "B", *numbers])
    for line in lines:
        sheet.append(line)
    sheet.append([])
    sheet.append(["Ghi chú: số liệu theo báo cáo năm 2025 (biểu 3-BTCTW kèm theo)."])
    sheet.append([None, "NGƯỜI LẬP BIỂU", None, "TRƯỞNG BAN"])
    return saved(book)


def plain(lines: list[list[Any]], header: tuple[str, ...] = ("Mã dòng / Row", "Mã cột / Column", "Số liệu / Figure")) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for line in lines:
        sheet.append(line)
    return saved(book)


def upload(content: bytes, name: str = "bao-cao-2025.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def import_page(client: Client, content: bytes, *, form: str = "1", org: str = "C1", **period: str) -> Any:
    data = {"organization": org, "form": form, "period": "year", "year": "2025", **period, "file": upload(content)}
    return client.post(reverse("statistics_reported_import"), data)


def figures(org: Any, slug: str = "1") -> dict[tuple[str, str], Decimal]:
    return {(f.row, f.column): f.value for f in ReportedFigure.objects.filter(organization=org, form_slug=slug)}


FORM_1 = [
    ["A", "Tổng số đảng viên cuối kỳ trước chuyển sang", 40, 38, 105.3],
    ["B", "Đảng viên tăng trong kỳ", 3, 2, 150],
    ["B.1", "    Kết nạp", 2, 2, 100],
    ["B.2", "    Chuyển đến", 1, None, None],
    ["C", "Đảng viên giảm trong kỳ", 1, 0, None],
    ["C.1", "    Từ trần", 1, 0, None],
    ["D", "Đảng viên trong danh sách cuối kỳ báo cáo", 42, 40, 105],
]


# --- importing -------------------------------------------------------------------------------


def test_it_imports_the_forms_own_layout_taking_this_periods_column(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    response = import_page(client, form_layout("1-BTCTW", FORM_1))
    assert response.status_code == 302
    found = figures(tree.C1)
    # Column 1 ("this period") only: last year's column and the percent are not what C1 reported for 2025.
    assert found == {
        ("A", "this"): 40, ("B", "this"): 3, ("B.1", "this"): 2, ("B.2", "this"): 1, ("C", "this"): 1, ("C.1", "this"): 1,
        ("D", "this"): 42,
    }  # fmt: skip
    first = ReportedFigure.objects.filter(organization=tree.C1).order_by("pk").first()
    assert first is not None and (first.start, first.end) == (YEAR_2025.start, YEAR_2025.end)
    assert first.recorded_by == people.commune_officer and first.file_name == "bao-cao-2025.xlsx"
    assert response["Location"] == reverse("statistics_reported_set", args=[first.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200 and "7 figures were imported." in page.content.decode()


def test_it_reads_a_form_exported_by_the_system_back(tree: Tree, people: Personas) -> None:
    from partybuilding.statistics.export import write_form

    version = version_for("1", YEAR_2025.end)
    assert version is not None
    handle = io.BytesIO()
    book = xlsxwriter.Workbook(handle, {"in_memory": True})
    write_form(book, count(version, tree.C1, YEAR_2025, today=TODAY))
    book.close()
    sheet_book = load_workbook(io.BytesIO(handle.getvalue()))
    sheet = sheet_book.active
    typed = {"A": 12, "D": 15, "B.1": 3}
    for cells in sheet.iter_rows():
        if cells[0].value in typed:
            cells[2].value = typed[cells[0].value]  # column C: "this period", as an officer retypes last year's report
    assert import_page(client_for(people.commune_officer), saved(sheet_book)).status_code == 302
    found = figures(tree.C1)
    assert {key: found[(key, "this")] for key in typed} == typed
    assert found[("C.2", "this")] == 0  # the export's other figures, zeros, are read as reported too
    assert {column for _row, column in found} == {"this"}


def test_it_imports_a_plain_sheet_with_columns_by_code_or_number(tree: Tree, people: Personas) -> None:
    content = plain([["1", "grassroots", 2], ["1", "6", 120], ["6.a", "cells", "4"], ["2", "members", None]])
    response = import_page(client_for(people.commune_officer), content, form="5")
    assert response.status_code == 302
    # Column 6 of form 5 is its members; a row left without a figure was not reported.
    assert figures(tree.C1, "5") == {("1", "grassroots"): 2, ("1", "members"): 120, ("6.a", "cells"): 4}


def test_a_plain_sheet_of_a_comparing_form_needs_no_column_and_keeps_an_average_age(tree: Tree, people: Personas) -> None:
    content = plain([["I", 250], ["I.1", 101], ["II.2.9", "45,46"]], header=("Mã dòng", "Số liệu"))
    assert import_page(client_for(people.commune_officer), content, form="3").status_code == 302
    assert figures(tree.C1, "3") == {("I", "this"): 250, ("I.1", "this"): 101, ("II.2.9", "this"): Decimal("45.46")}


def test_a_code_used_twice_by_the_form_is_read_within_its_section(tree: Tree, people: Personas) -> None:
    """Form 4 numbers the ethnic groups and the religions from 1 each: "1" is Kinh under I and Buddhism under II."""
    lines = [["", "Tổng số", 30, 12], ["I", "Dân tộc", None, None], ["1", "Kinh", 28, 11], ["II", "Tôn giáo", None, None], ["1", "Phật giáo", 5, 2]]  # fmt: skip
    content = form_layout("4-BTCTW", lines, numbers=("1", "2", "3"))
    assert import_page(client_for(people.commune_officer), content, form="4").status_code == 302
    assert figures(tree.C1, "4") == {
        ("T", "total"): 30, ("T", "women"): 12, ("I.1", "total"): 28, ("I.1", "women"): 11, ("II.1", "total"): 5, ("II.1", "women"): 2,
    }  # fmt: skip


def test_a_wrong_file_is_refused_whole_with_each_wrong_line_named(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    assert import_page(client, plain([["A", "this", 40]])).status_code == 302  # figures imported before
    content = plain(
        [
            ["A", "this", 41],  # line 2: right
            ["Z9", "this", 1],  # line 3: no such row
            ["B", "this", "ba"],  # line 4: text
            ["C", "this", -1],  # line 5: negative
            ["D", "this", 2.5],  # line 6: a count that is not whole
            ["A", "this", 42],  # line 7: row A again
            ["D", "last", 3],  # line 8: last year's column is not what was reported for 2025
            ["Z8", "this", "x"],  # line 9: no such row, and no number either
        ]
    )
    response = import_page(client, content)
    assert response.status_code == 422
    issues = response.context["report"].issues
    assert [(i.line, i.column) for i in issues] == [
        (3, "row"), (4, "figure"), (5, "figure"), (6, "figure"), (7, "row"), (8, "column"), (9, "row"), (9, "figure"),
    ]  # fmt: skip
    text = response.content.decode()
    assert "7 lines are wrong: nothing was saved." in text
    assert "The form 1-BTCTW has no row Z9." in text and "given already on line 2" in text
    assert figures(tree.C1) == {("A", "this"): 40}  # nothing saved, nothing replaced


def test_a_heading_given_a_figure_and_a_file_of_another_form_are_refused(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    heading = import_page(client, plain([["II", 3], ["I", 9]], header=("Row", "Figure")), form="3")
    assert heading.status_code == 422
    assert [(i.line, i.message) for i in heading.context["report"].issues] == [(2, "The row II is a heading: it has no figure.")]
    other = import_page(client, form_layout("3-BTCTW", FORM_1))
    assert other.status_code == 422
    assert [i.message for i in other.context["report"].issues] == ["The file is form 3-BTCTW, not form 1-BTCTW."]
    neither = import_page(client, plain([["A", 1]], header=("Tên", "Giá trị")))
    assert "Neither layout was found" in neither.context["report"].issues[0].message
    assert not ReportedFigure.objects.exists()


def test_a_period_not_yet_ended_and_a_file_that_is_no_workbook_are_refused(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    running = import_page(client, plain([["A", 1]], header=("Row", "Figure")), year="2099")
    assert running.status_code == 422 and "period that has ended" in str(running.context["form"].errors["period"])
    junk = client.post(
        reverse("statistics_reported_import"),
        {"organization": "C1", "form": "1", "period": "year", "year": "2025", "file": upload(b"PK\x03\x04 not a zip")},
    )
    assert junk.status_code == 422 and "could not be read" in str(junk.context["form"].errors["file"])
    assert not ReportedFigure.objects.exists()


def test_importing_again_replaces_the_figures_and_says_how_many(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    import_page(client, form_layout("1-BTCTW", FORM_1))
    again = import_page(client, plain([["A", "this", 41], ["D", "this", 43]]))
    assert again.status_code == 302
    assert figures(tree.C1) == {("A", "this"): 41, ("D", "this"): 43}
    told = client.get(again["Location"]).content.decode()
    assert "2 figures were imported. They replace 7 figures imported before for the same organization, form and period." in told
    entries = list(AuditEntry.objects.filter(action="statistics.reported_import").order_by("pk"))
    assert len(entries) == 2
    assert entries[1].object_id == str(tree.C1.pk) and entries[1].actor == people.commune_officer
    assert entries[1].before == {"figures": 7}
    assert entries[1].after is not None and (entries[1].after["figures"], entries[1].after["form"]) == (2, "1")
    # Another period of the same form is another set, left alone.
    import_page(client, plain([["A", "this", 30]]), period="half")
    assert ReportedFigure.objects.filter(organization=tree.C1).count() == 3


def test_figures_as_of_one_day_are_a_set_of_their_own(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    done = import_page(client, plain([["I", 5]], header=("Row", "Figure")), form="3", period="day", on="30/06/2025")
    assert done.status_code == 302
    found = client.get(done["Location"]).context["figures"]
    assert (found.start, found.end, found.period.kind, found.period.label) == (dt.date(2025, 6, 30), dt.date(2025, 6, 30), "day", "As of 30/06/2025")  # fmt: skip


# --- the comparison column -------------------------------------------------------------------


def test_the_form_of_the_year_after_compares_with_the_figures_reported(tree: Tree, people: Personas) -> None:
    version = version_for("1", YEAR_2026.end)
    assert version is not None
    before = count(version, tree.C1, YEAR_2026, today=TODAY)
    assert not before.reported_last and before.value("D", "last") == 0  # the records hold nothing for 2025
    import_page(client_for(people.commune_officer), form_layout("1-BTCTW", FORM_1))
    table = count(version, tree.C1, YEAR_2026, today=TODAY)
    assert table.reported_last
    assert (table.value("A", "last"), table.value("B.1", "last"), table.value("D", "last")) == (40, 2, 42)
    assert table.line("D").cells[1].reported and table.value("C.2", "last") is None  # not reported: blank, not 0
    # Only the node that reported: its parent's comparison column still counts from the records.
    assert not count(version, tree.P, YEAR_2026, today=TODAY).reported_last


# --- the differences ------------------------------------------------------------------------


def test_the_differences_show_each_figure_reported_against_the_records(tree: Tree, people: Personas) -> None:
    for gender in ("M", "M", "F"):
        make_member(tree.X1, gender=gender)
    client = client_for(people.commune_officer)
    content = plain([["I", 5], ["I.1", 1], ["I.2", 0], ["II.2.9", "44,5"]], header=("Row", "Figure"))
    done = import_page(client, content, form="3")
    set_url = done["Location"]
    set_id = int(set_url.rstrip("/").split("/")[-1])
    page = client.get(reverse("statistics_reported_differences", args=[set_id]))
    assert page.status_code == 200
    found = page.context["found"]
    by_row = {line.key: line for line in found.lines if not line.heading}
    assert (by_row["I"].reported, by_row["I"].counted, by_row["I"].difference, by_row["I"].differs) == (5, 3, -2, True)
    assert (by_row["I.1"].difference, by_row["I.1"].differs) == (0, False)
    assert by_row["II.2.9"].reported == Decimal("44.5") and by_row["II.2.9"].counted == Decimal("45.0")
    assert by_row["I.3"].reported is None and by_row["I.3"].difference is None  # not reported: no difference
    # A table's figure is named by its column's group and heading.
    form_5 = import_page(client, plain([["1", "committees", 2]]), form="5")
    table_lines = client.get(form_5["Location"] + "differences/").context["found"].lines
    assert next(line for line in table_lines if line.key == "1" and line.column == "committees").column_label == (
        "Grassroots Party organizations: Grassroots committees"
    )
    assert (found.differing, found.compared) == (2, 4)
    text = page.content.decode()
    assert "2 figures differ" in text and text.count('data-differs="1"') == 2
    only = client.get(reverse("statistics_reported_differences", args=[set_id]) + "?only=on")
    assert [line.key for line in only.context["lines"]] == ["I", "II.2.9"]

    export = client.get(reverse("statistics_reported_differences_xlsx", args=[set_id]))
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["I"][3:7] == (5, 3, -2, "Yes")
    entry = AuditEntry.objects.get(action="statistics.reported_differences.export")
    assert entry.object_id == str(tree.C1.pk) and entry.after is not None and entry.after["rows"] == len(found.lines)


def test_the_differences_count_in_the_tree_as_it_stood_then_or_now(tree: Tree, people: Personas) -> None:
    make_member(tree.X1)
    client = client_for(people.commune_officer)
    done = import_page(client, plain([["I", 1]], header=("Row", "Figure")), form="3", year="2024")
    set_id = int(done["Location"].rstrip("/").split("/")[-1])
    url = reverse("statistics_reported_differences", args=[set_id])
    # C1 was founded on 01/07/2025: at the end of 2024 it had no subtree; now its cells count.
    then = {line.key: line for line in client.get(url).context["found"].lines}
    now = {line.key: line for line in client.get(url + f"?tree={NOW}").context["found"].lines}
    assert (then["I"].counted, now["I"].counted) == (0, 1)


# --- list, figures, removal, scope -----------------------------------------------------------


def test_the_list_shows_the_sets_with_their_filters_and_export(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    import_page(client, form_layout("1-BTCTW", FORM_1))
    import_page(client, plain([["I", 5]], header=("Row", "Figure")), form="3", org="X1")
    page = client.get(reverse("statistics_reported"))
    assert page.status_code == 200
    sets = page.context["sets"]
    assert sorted((s.organization.code, s.form_slug, s.figures, s.period.kind) for s in sets) == [("C1", "1", 7, "year"), ("X1", "3", 1, "year")]  # fmt: skip
    assert [s.organization.code for s in client.get(reverse("statistics_reported") + "?form=3").context["sets"]] == ["X1"]
    assert [s.organization.code for s in client.get(reverse("statistics_reported") + "?q=thon dong").context["sets"]] == ["X1"]
    assert client.get(reverse("statistics_reported") + "?year=2024").context["sets"] == []
    export = client.get(reverse("statistics_reported_xlsx"))
    rows = list(load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(min_row=2, values_only=True))
    assert sorted(r[1] for r in rows) == ["C1", "X1"]
    assert AuditEntry.objects.filter(action="statistics.reported_sets.export").count() == 1


def test_a_set_shows_its_figures_and_is_removed_after_a_confirmation(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    set_url = import_page(client, form_layout("1-BTCTW", FORM_1))["Location"]
    page = client.get(set_url)
    lines = page.context["lines"]
    assert [(f.row, value) for f, _row, value in lines][:2] == [("A", 40), ("B", 3)]
    set_id = page.context["figures"].id
    delete_url = reverse("statistics_reported_delete", args=[set_id])
    question = client.get(delete_url).content.decode()
    assert "Remove the 7 figures of 1-BTCTW — Đảng bộ xã An Bình — Year 2025?" in question and "data-confirm" in question
    assert client.post(delete_url).status_code == 302
    assert not ReportedFigure.objects.exists()
    entry = AuditEntry.objects.get(action="statistics.reported_delete")
    assert entry.object_id == str(tree.C1.pk) and entry.before is not None and entry.before["figures"] == 7
    assert client.get(set_url).status_code == 404


def test_another_communes_figures_are_out_of_reach(tree: Tree, people: Personas) -> None:
    import_page(client_for(people.outsider), plain([["A", "this", 9]]), org="C2")
    theirs = ReportedFigure.objects.get(organization=tree.C2).pk
    client = client_for(people.commune_officer)
    for name in ("statistics_reported_set", "statistics_reported_differences", "statistics_reported_differences_xlsx"):
        assert client.get(reverse(name, args=[theirs])).status_code == 404
    assert client.post(reverse("statistics_reported_delete", args=[theirs])).status_code == 404
    assert client.get(reverse("statistics_reported")).context["sets"] == []
    refused = import_page(client, plain([["A", "this", 1]]), org="C2")
    assert refused.status_code == 422 and "organization" in refused.context["form"].errors
    # A plain member sees no figures, and may import none.
    member = client_for(people.member)
    assert member.get(reverse("statistics_reported_set", args=[theirs])).status_code == 404
    assert member.get(reverse("statistics_reported_import")).status_code == 403
    assert figures(tree.C2) == {("A", "this"): 9} and not figures(tree.C1)


def test_the_plain_sheet_to_fill_in_lists_the_forms_rows(tree: Tree, people: Personas) -> None:
    response = client_for(people.commune_officer).get(reverse("statistics_reported_template") + "?form=4")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã dòng / Row", "Mã cột / Column", "Số liệu / Figure")
    assert ("I.1", "total") in {r[:2] for r in rows} and ("II.1", "women") in {r[:2] for r in rows}
    assert not any(r[1] == "percent" for r in rows)


# --- the API ----------------------------------------------------------------------------------


def api(user: Any) -> Client:
    _token, key = token_create(actor=user, user=user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def test_the_api_imports_lists_and_compares(tree: Tree, people: Personas) -> None:
    client = api(people.commune_officer)
    body = {"org_id": tree.C1.pk, "form": "1", "period": "year", "year": 2025}
    bad = client.post("/api/statistics/reported", {**body, "file": upload(plain([["A", "this", 40], ["Q", "this", 1]]))})
    assert bad.status_code == 422
    assert [(i["line"], i["column"]) for i in bad.json()["issues"]] == [(3, "row")] and bad.json()["imported"] == 0
    done = client.post("/api/statistics/reported", {**body, "file": upload(form_layout("1-BTCTW", FORM_1))})
    assert done.status_code == 200
    answer = done.json()
    assert (answer["imported"], answer["replaced"], answer["layout"]) == (7, 0, "form")
    set_id = answer["set_id"]
    listed = client.get("/api/statistics/reported").json()
    assert [(s["id"], s["organization_code"], s["period"], s["figures"]) for s in listed["items"]] == [(set_id, "C1", "year", 7)]
    one = client.get(f"/api/statistics/reported/{set_id}").json()
    assert {(v["row"], v["value"]) for v in one["values"]} >= {("A", 40), ("D", 42)} and one["form_code"] == "1-BTCTW"
    compared = client.get(f"/api/statistics/reported/{set_id}/differences").json()
    d_line = next(line for line in compared["lines"] if line["row"] == "D")
    assert (d_line["reported"], d_line["counted"], d_line["difference"], d_line["differs"]) == (42, 0, -42, True)
    ranged = client.post(
        "/api/statistics/reported",
        {"org_id": tree.C1.pk, "form": "1", "period": "range", "from": "2025-03-01", "to": "2025-05-31", "file": upload(plain([["A", 7]], header=("Row", "Figure")))},
    )  # fmt: skip
    assert ranged.status_code == 200
    assert ReportedFigure.objects.get(pk=ranged.json()["set_id"]).start == dt.date(2025, 3, 1)
    assert client.delete(f"/api/statistics/reported/{set_id}").json() == {"removed": 7}
    # Out of scope: as missing.
    assert client.post("/api/statistics/reported", {**body, "org_id": tree.C2.pk, "file": upload(plain([["A", 1]]))}).status_code == 404
    assert api(people.member).get(f"/api/statistics/reported/{ranged.json()['set_id']}").status_code == 404
