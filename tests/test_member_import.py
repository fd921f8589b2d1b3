"""Import of members from Excel: the dry run's report (line and reason of every bad row),
all or nothing, what an imported member gets (history, counters, audit), the template,
the pages and their permissions, the command line, and the demo generator."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from partybuilding.core import audit_scope
from partybuilding.core.audit import AuditItem, audit_record, audit_record_many, audit_verify
from partybuilding.core.models import AuditEntry
from partybuilding.core.scope import Action
from partybuilding.demo.members import Generator
from partybuilding.members import imports
from partybuilding.members.choices import EventKind, MemberStatus
from partybuilding.members.models import ImportJob, ImportStatus, Member, MemberEvent, Membership
from partybuilding.members.records.selectors import members_on
from partybuilding.members.records.services import member_register
from partybuilding.organizations import totals
from partybuilding.organizations.models import Organization, SubtreeTotal

from .conftest import Personas, Tree, client_for
from .members_factories import make_member, personal

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _private_import_dir(settings: Any, tmp_path: Path) -> None:
    """Uploaded files go to this test's own folder."""
    settings.MEMBER_IMPORT_DIR = str(tmp_path / "imports")


def row(**overrides: Any) -> dict[str, Any]:
    """A correct row of the template, as a person types it (Vietnamese spellings)."""
    n = next(_numbers)
    values: dict[str, Any] = {
        "organization": "X1", "family_name": "Trần", "middle_name": "Thị", "given_name": f"Hoa{n}", "gender": "Nữ",
        "date_of_birth": "17/05/1980", "ethnicity": "Kinh", "religion": "Không", "home_town": "xã An Bình", "citizen_id": f"0011800{n:05d}",
        "phone": "0912345678", "education": "12/12", "qualification": "Đại học", "theory": "Sơ cấp", "occupation": "Nông dân",
        "workplace": "", "positions": "", "admission_date": "03/03/2010", "official_date": "03/03/2011", "card_number": f"7900{n:04d}",
        "academic_title": "", "youth_union": "", "readmitted": "", "private_business_owner": "", "married_to_foreigner": "",
        "family_planning_violation": "", "foreign_origin": "",
    }  # fmt: skip
    values.update(overrides)
    return values


def xlsx(rows: list[dict[str, Any]]) -> io.BytesIO:
    """A file in the template's layout (two header rows: data from line 3)."""
    handle = io.BytesIO()
    imports.write_workbook(handle, ([r[c.field] for c in imports.COLUMNS] for r in rows))
    handle.seek(0)
    handle.name = "members.xlsx"
    return handle


def check(rows: list[dict[str, Any]], user: Any) -> imports.Report:
    return imports.check(xlsx(rows), within=Organization.objects.visible_to(user, Action.MANAGE_MEMBERS))


def reasons(report: imports.Report) -> dict[int, str]:
    found: dict[int, str] = {}
    for issue in report.issues:
        found[issue.line] = f"{found.get(issue.line, '')} [{issue.column}] {issue.text}"
    return found


def m_totals(org: Organization, *keys: str) -> dict[str, int]:
    rows = dict(SubtreeTotal.objects.filter(organization=org, key__in=keys).values_list("key", "value"))
    return {k: rows.get(k, 0) for k in keys}


# --- the dry run ------------------------------------------------------------------------


def test_a_dry_run_reports_every_bad_row_with_its_line_and_reason_and_writes_nothing(tree: Tree, people: Personas) -> None:
    taken = make_member(tree.X2, citizen_id="001080099999", card="79009999")
    members, audit = Member.objects.count(), AuditEntry.objects.count()
    good = row()
    rows = [
        good,  # line 3
        row(organization="ZZ9"),  # 4: no such organization
        row(organization="Y1"),  # 5: another commune's cell: the same answer as a missing one
        row(date_of_birth="31/02/1980"),  # 6
        row(card_number=good["card_number"]),  # 7: twice in the file
        row(citizen_id="001080099999"),  # 8: already on record
        row(card_number="79009999"),  # 9: already on record
        row(admission_date="03/03/2015", official_date="01/01/2015"),  # 10: official before admitted
        row(admission_date="15/03/2020", official_date="14/03/2021"),  # 11: before the probation ended
        row(date_of_birth="10/06/2005", admission_date="09/06/2023", official_date=""),  # 12: under 18
        row(organization="G1"),  # 13: not a cell
        row(gender="", ethnicity="Klingon"),  # 14: two problems, both reported
        row(admission_date=(dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y"), official_date=""),  # 15: future
        row(citizen_id="12345"),  # 16
    ]
    report = check(rows, people.commune_officer)
    found = reasons(report)
    assert set(found) == set(range(4, 17)), found
    assert "No organization with code ZZ9 is within your scope" in found[4]
    assert "No organization with code Y1 is within your scope" in found[5]
    assert "[date_of_birth]" in found[6] and "is not a date" in found[6]
    assert "also on line 3" in found[7] and "card numbers are unique" in found[7]
    assert "Another member record already has this citizen ID" in found[8]
    assert "already has card number 79009999" in found[9]
    assert "is before the admission date 03/03/2015" in found[10]
    assert "before the 12 months of probation ended on 15/03/2021. (Điều lệ Đảng, Điều 5)" in found[11]
    assert "17 years 11 months old; the minimum is 18 years. (Điều lệ Đảng, Điều 1)" in found[12]
    assert "belong to a Party cell" in found[13]
    assert "[gender]" in found[14] and "“Klingon” is not an accepted value" in found[14]
    assert "in the future" in found[15]
    assert "12 digits" in found[16]
    assert all(issue.rule for issue in report.issues), "every refusal names its rule"
    assert not any("001080099999" in issue.text or "12345" in issue.text for issue in report.issues)
    assert (Member.objects.count(), AuditEntry.objects.count()) == (members, audit)
    assert taken.pk


def test_a_file_with_one_bad_row_imports_nothing(tree: Tree, people: Personas) -> None:
    before = Member.objects.count()
    rows = [row(), row(), row(date_of_birth="1980"), row()]
    report = imports.import_file(xlsx(rows), within=Organization.objects.all(), actor=people.commune_officer)
    assert report.imported == 0 and [i.line for i in report.issues] == [5]
    assert Member.objects.count() == before
    assert m_totals(tree.P, "m.all") == {"m.all": before}


def test_missing_columns_and_empty_files_are_reported(tree: Tree) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Họ", "Tên", "Giới tính", "Ngày sinh"])
    handle = io.BytesIO()
    book.save(handle)
    handle.seek(0)
    report = imports.check(handle, within=Organization.objects.all())
    assert {i.column for i in report.issues} == {"organization", "admission_date"}
    assert imports.check(xlsx([]), within=Organization.objects.all()).issues[0].message == "The file has no member rows."
    garbage = io.BytesIO(b"not a workbook")
    assert "could not be read" in imports.check(garbage, within=Organization.objects.all()).issues[0].message


# --- the import -------------------------------------------------------------------------


def test_a_good_file_imports_every_row_with_its_history_counters_and_audit(tree: Tree, people: Personas) -> None:
    make_member(tree.X1)  # counters and audit rows already there: the import adds to them
    rows = [
        row(given_name="An", gender="Nam", admission_date="19/05/2001", official_date="19/05/2002"),
        row(given_name="Bình", organization="x2", admission_date="01/08/2025", official_date="", ethnicity="Tày", card_number=""),
        row(given_name="Cúc", religion="Phật giáo", theory="Trung cấp", phone="", citizen_id=""),
    ]
    report = imports.import_file(xlsx(rows), within=Organization.objects.all(), actor=people.commune_officer)
    assert report.ok and report.imported == 3
    an = Member.objects.get(given_name="An")
    assert (an.status, an.status_since, an.organization, an.org_path) == (
        MemberStatus.OFFICIAL,
        dt.date(2002, 5, 19),
        tree.X1,
        tree.X1.path,
    )
    assert [e.kind for e in an.events.order_by("date")] == [EventKind.ADMITTED, EventKind.RECOGNIZED]
    assert list(Membership.objects.filter(member=an).order_by("valid_from").values_list("status", "valid_from", "valid_to")) == [
        (MemberStatus.PROBATIONARY, dt.date(2001, 5, 19), dt.date(2002, 5, 19)),
        (MemberStatus.OFFICIAL, dt.date(2002, 5, 19), None),
    ]
    binh = Member.objects.get(given_name="Bình")
    assert (binh.status, binh.organization, binh.card_number, binh.ethnicity) == (MemberStatus.PROBATIONARY, tree.X2, None, "02")
    assert [e.kind for e in binh.events.all()] == [EventKind.ADMITTED]
    assert MemberEvent.objects.get(member=binh).recorded_by == people.commune_officer
    cuc = Member.objects.get(given_name="Cúc")
    assert (cuc.religion, cuc.theory, cuc.citizen_id, cuc.phone) == ("buddhism", "intermediate", None, "")
    # "members on date D" and the timeline work as for a member entered by the form.
    assert an in members_on(tree.X1, dt.date(2001, 6, 1)) and binh not in members_on(tree.X2, dt.date(2025, 7, 31))
    assert m_totals(tree.P, "m.all", "m.status.probationary", "m.minority", "m.religion.buddhism") == {
        "m.all": 4, "m.status.probationary": 1, "m.minority": 1, "m.religion.buddhism": 1
    }  # fmt: skip
    assert m_totals(tree.G1, "m.all") == {"m.all": 4} and m_totals(tree.C2, "m.all") == {"m.all": 0}
    assert totals.recompute() == []
    entries = AuditEntry.objects.filter(action="member.import").order_by("id")
    assert [e.object_id for e in entries] == [str(m.pk) for m in (an, binh, cuc)]
    assert entries[0].actor == people.commune_officer and entries[0].after["citizen_id"] == "set" and entries[0].after["phone"] == "set"
    assert not AuditEntry.objects.filter(after__icontains=rows[0]["citizen_id"]).exists()
    assert audit_verify().ok


def test_an_imported_record_is_the_record_the_form_would_enter(tree: Tree) -> None:
    """Names' search and sort keys, the audited view: as `member_register` sets them."""
    data = personal(family_name="Nguyễn", middle_name="Thị Thu", given_name="Hằng", gender="F", citizen_id="001190001111")
    entered = member_register(actor=None, organization=tree.X2, data=data, admission_date=dt.date(2012, 1, 9))
    candidate = imports.Candidate(1, "X1", data.__class__(**{**vars(data), "citizen_id": "001190002222"}), dt.date(2012, 1, 9))
    assert imports.check_candidates([candidate], within=Organization.objects.all()) == []
    (pk,) = imports.write([candidate], actor=None)
    imported = Member.objects.get(pk=pk)
    for name in ("full_name", "name_search", "sort_key", "status", "status_since", "version"):
        assert getattr(imported, name) == getattr(entered, name), name
    views = [AuditEntry.objects.get(object_type="members.member", object_id=str(m.pk)).after for m in (entered, imported)]
    assert {**views[0], "organization": None} == {**views[1], "organization": None}


def test_cells_and_spellings_of_a_hand_made_file(tree: Tree) -> None:
    """English headers only, one full-name column, number and date cells, labels and codes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Organization code", "Full name", "Gender", "Date of birth (dd/mm/yyyy)", "Ethnicity", "Citizen ID", "Phone",
                  "Admission date", "Official date", "Qualification"])  # fmt: skip
    sheet.append(
        ["x1", "Lò Văn Thắng Lợi", "M", dt.datetime(1979, 2, 3), "thai", 1080012345, 912000111, "01/06/2000", "01/06/2001", "University"]
    )
    sheet.append([])  # an empty row is skipped
    sheet.append(["X1", "Hà Thị Mơ", "Female", "03-02-1990", "Hmông", None, None, dt.date(2015, 7, 1), None, "bachelor"])
    handle = io.BytesIO()
    book.save(handle)
    handle.seek(0)
    report = imports.check(handle, within=Organization.objects.all())
    assert report.ok, [i.text for i in report.issues]
    first, second = report.candidates
    assert (first.line, first.data.family_name, first.data.middle_name, first.data.given_name) == (2, "Lò", "Văn Thắng", "Lợi")
    assert (first.data.date_of_birth, first.data.ethnicity, first.data.citizen_id, first.data.phone) == (
        dt.date(1979, 2, 3), "03", "001080012345", "0912000111"
    )  # fmt: skip
    assert (second.line, second.data.gender, second.data.ethnicity, second.official_date) == (4, "F", "08", None)
    assert first.data.qualification == second.data.qualification == "bachelor"


def test_bulk_audit_entries_chain_with_single_ones(tree: Tree) -> None:
    audit_record(actor=None, action="test.one", object_type="x", object_id="1", after={"a": 1})
    items = [
        AuditItem("test.bulk", "x", "2", "flat", None, {"b": dt.date(2020, 1, 2), "c": None, "đ": "Việt"}),
        AuditItem("test.bulk", "x", "3", "nested", {"list": [1, {"2": 3}]}, {5: "int key"}),  # hashed the slow, general way
    ]
    assert audit_record_many(actor=None, items=items) == 2
    audit_record(actor=None, action="test.one", object_type="x", object_id="4")
    assert audit_verify().ok
    assert AuditEntry.objects.get(object_type="x", object_id="2").after == {"b": "2020-01-02", "c": None, "đ": "Việt"}


def test_add_many_adds_up_the_tree_like_add(tree: Tree) -> None:
    totals.add(tree.X1.path, {"t.x": 2})
    totals.add_many({tree.X1.path: {"t.x": 1, "t.y": 5}, tree.Y1.path: {"t.x": 3, "t.zero": 0}})
    assert m_totals(tree.P, "t.x", "t.y", "t.zero") == {"t.x": 6, "t.y": 5, "t.zero": 0}
    assert m_totals(tree.X1, "t.x") == {"t.x": 3} and m_totals(tree.C2, "t.x", "t.y") == {"t.x": 3, "t.y": 0}


# --- the pages --------------------------------------------------------------------------


def upload(client: Any, rows: list[dict[str, Any]] | io.BytesIO) -> Any:
    handle = rows if isinstance(rows, io.BytesIO) else xlsx(rows)
    return client.post("/members/import/", {"file": handle}, follow=True)


def test_the_page_flow_check_report_confirm(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    assert 'data-testid="member-import"' in client.get("/members/").content.decode()
    page = client.get("/members/import/")
    assert page.status_code == 200 and "Download the template" in page.content.decode()
    bad = upload(client, [row(), row(admission_date="32/13/2010")]).content.decode()
    assert 'data-status="rejected"' in bad and '<td class="num">4</td>' in bad and "is not a date" in bad
    assert Member.objects.count() == 0
    good = upload(client, [row(given_name="An"), row(given_name="Ba")])
    job = ImportJob.objects.get(pk=good.resolver_match.kwargs["pk"])
    assert job.status == ImportStatus.READY and job.rows == 2 and Path(job.file_path).exists()
    assert Path(job.file_path).stat().st_mode & 0o077 == 0, "the uploaded file is private"
    assert "Import 2 members" in good.content.decode()
    done = client.post(f"/members/import/{job.pk}/confirm/", follow=True).content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.imported == 2 and job.file_path == ""
    assert "2 members imported" in done
    assert set(Member.objects.values_list("given_name", flat=True)) == {"An", "Ba"}
    client.post(f"/members/import/{job.pk}/confirm/")  # a second click imports nothing more
    assert Member.objects.count() == 2
    status = client.get(f"/members/import/{job.pk}/status/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="done"' in status and "hx-trigger" not in status
    assert audit_verify().ok and totals.recompute() == []
    # The import's own audit entry is readable by the administrators of its organization.
    assert audit_scope.organization_of("members.importjob", str(job.pk)) == job.organization


def test_the_template_downloads_and_imports_once_filled(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    response = client.get("/members/import/template.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Đảng viên", "Danh mục", "Hướng dẫn"]
    sheet = book["Đảng viên"]
    assert [c.value for c in sheet[1]][:3] == ["Mã chi bộ *", "Họ *", "Tên đệm"]
    assert [c.value for c in sheet[2]][:3] == ["Organization code", "Family name", "Middle name"]
    lists = book["Danh mục"]
    spelled = {lists.cell(row=1, column=c).value: [lists.cell(row=r, column=c).value for r in range(2, 7)] for c in range(1, 9)}
    values = row(organization="Y1", gender=spelled["Giới tính"][1], qualification=spelled["Chuyên môn nghiệp vụ"][4])
    sheet.append([values[c.field] for c in imports.COLUMNS])
    handle = io.BytesIO()
    book.save(handle)
    handle.seek(0)
    handle.name = "filled.xlsx"
    job_page = upload(client, handle)
    job = ImportJob.objects.get(pk=job_page.resolver_match.kwargs["pk"])
    assert job.status == ImportStatus.READY, job.issues
    client.post(f"/members/import/{job.pk}/confirm/")
    member = Member.objects.get(card_number=values["card_number"])
    assert (member.organization, member.gender, member.qualification) == (tree.Y1, "F", "bachelor")


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("member", "/members/import/", 403),
        ("member", "/members/import/template.xlsx", 403),
        ("viewer", "/members/import/", 403),
        ("cell_secretary", "/members/import/", 200),
        ("provincial_officer", "/members/import/", 200),
    ],
)
def test_who_may_import(tree: Tree, people: Personas, persona: str, url: str, status: int) -> None:
    assert client_for(getattr(people, persona)).get(url).status_code == status


def test_a_job_is_its_uploaders_only_and_rows_stay_within_the_scope(tree: Tree, people: Personas) -> None:
    owner = client_for(people.commune_officer)
    job = ImportJob.objects.get(pk=upload(owner, [row()]).resolver_match.kwargs["pk"])
    outsider = client_for(people.outsider)
    for url in (f"/members/import/{job.pk}/", f"/members/import/{job.pk}/status/"):
        assert outsider.get(url).status_code == 404
    assert outsider.post(f"/members/import/{job.pk}/confirm/").status_code == 404
    assert client_for(None).get(f"/members/import/{job.pk}/").status_code == 302  # to the login page
    # The outsider's own upload naming a cell of the other commune: an unknown organization.
    page = upload(outsider, [row(organization="X1")]).content.decode()
    assert "No organization with code X1 is within your scope" in page
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.READY


def test_a_new_upload_replaces_a_checked_file_waiting_for_confirmation(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    first = ImportJob.objects.get(pk=upload(client, [row()]).resolver_match.kwargs["pk"])
    upload(client, [row()])
    first.refresh_from_db()
    assert first.status == ImportStatus.CANCELLED and first.file_path == ""


def test_a_job_left_running_by_a_restart_is_shown_as_interrupted(tree: Tree, people: Personas) -> None:
    job = ImportJob.objects.create(
        created_by=people.commune_officer, organization=tree.C1, file_name="x.xlsx", status=ImportStatus.IMPORTING
    )
    page = client_for(people.commune_officer).get(f"/members/import/{job.pk}/").content.decode()
    assert "interrupted" in page and 'data-status="failed"' in page


def test_the_check_and_the_import_run_as_background_jobs_with_their_progress(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    response = upload(client, [row(), row()])
    upload_id = response.resolver_match.kwargs["pk"]
    checked = ImportJob.objects.select_related("run").get(pk=upload_id)
    assert (checked.status, checked.run.kind, checked.run.status) == (ImportStatus.READY, "members.import", "done")
    assert (checked.run.phase, checked.run.done, checked.run.total) == ("checking", 2, 2)  # the last progress it reported
    client.post(f"/members/import/{upload_id}/confirm/")
    done = ImportJob.objects.select_related("run").get(pk=upload_id)
    assert (done.status, done.imported) == (ImportStatus.DONE, 2), done.message
    assert done.run != checked.run and done.run.params == {"upload": upload_id, "confirm": True}
    assert client.get(f"/jobs/{done.run.pk}/").status_code == 200  # the job is the uploader's too
    assert client_for(people.provincial_officer).get(f"/jobs/{done.run.pk}/").status_code == 404


# --- the command line -------------------------------------------------------------------


def test_the_command_prints_progress_and_the_report(tree: Tree, people: Personas, tmp_path: Path) -> None:
    path = tmp_path / "members.xlsx"
    path.write_bytes(xlsx([row(), row(organization="Y1")]).getvalue())
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2 rows refused"):
        call_command("members_import", str(path), "--dry-run", "--user", "tochuc.xa", stdout=out)
    assert "line 4, Organization code: No organization with code Y1" in out.getvalue()
    out = io.StringIO()
    call_command("members_import", str(path), stdout=out)  # as the system: any organization
    text = out.getvalue()
    assert "Checking the rows" in text and "Writing the member records" in text and "2 members imported" in text
    assert Member.objects.count() == 2


# --- the demo members -------------------------------------------------------------------


def test_the_demo_generator_makes_realistic_valid_members(tree: Tree) -> None:
    homes = [tree.X1, tree.X2, tree.Y1]
    today = dt.date.today()
    candidates = Generator(seed=3).members(homes, 600)
    assert len(candidates) == 600
    assert imports.check_candidates(candidates, within=Organization.objects.all()) == []
    women = sum(c.data.gender == "F" for c in candidates) / 600
    nguyen = sum(c.data.family_name == "Nguyễn" for c in candidates) / 600
    minorities = sum(c.data.ethnicity != "01" for c in candidates) / 600
    probationary = sum(c.official_date is None for c in candidates) / 600
    assert 0.25 < women < 0.42 and 0.28 < nguyen < 0.46 and 0.03 < minorities < 0.14 and 0.02 < probationary < 0.09
    assert len({c.data.citizen_id for c in candidates}) == 600 and all(len(c.data.citizen_id or "") == 12 for c in candidates)
    cards = [c.card_number for c in candidates if c.card_number]
    assert len(cards) == len(set(cards))
    ages = [(today - c.data.date_of_birth).days // 365 for c in candidates]
    assert min(ages) >= 18 and max(ages) <= 96
    assert all(c.data.middle_name and c.data.given_name for c in candidates)
    imports.write(candidates, actor=None)
    assert totals.recompute() == [] and audit_verify().ok


def test_an_import_through_the_api_is_checked_all_or_nothing(tree: Tree, people: Personas) -> None:
    from .test_member_api import api

    client = api(people.commune_officer)
    bad = client.post("/api/members/import", {"file": xlsx([row(), row(admission_date="32/13/2010")])})
    assert bad.status_code == 422
    body = bad.json()
    assert (body["rows"], body["imported"]) == (2, 0)
    assert [(i["line"], i["column"]) for i in body["issues"]] == [(4, "admission_date")]
    dry = client.post("/api/members/import", {"file": xlsx([row(), row()]), "dry_run": "true"})
    assert dry.status_code == 200 and dry.json()["imported"] == 0
    assert Member.objects.count() == 0
    done = client.post("/api/members/import", {"file": xlsx([row(given_name="An"), row(given_name="Ba")])})
    assert done.status_code == 200 and done.json()["imported"] == 2
    assert set(Member.objects.values_list("given_name", flat=True)) == {"An", "Ba"}
    outside = client.post("/api/members/import", {"file": xlsx([row(organization="Y1")])})
    assert outside.status_code == 422 and Member.objects.count() == 2
    assert api(people.member).post("/api/members/import", {"file": xlsx([row()])}).status_code == 403
