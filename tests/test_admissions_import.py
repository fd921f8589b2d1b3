"""Candidate import from Excel: a dry run writes nothing, a file with one bad row writes
nothing, a good file writes every row."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from partybuilding.admissions.imports import candidate_import
from partybuilding.admissions.models import Candidate, CandidateStep
from partybuilding.core.scope import Action
from partybuilding.organizations.models import Organization

from .conftest import Personas, Tree, client_for

pytestmark = pytest.mark.django_db

HEADER = ["Mã chi bộ", "Họ", "Tên đệm", "Tên", "Giới tính", "Ngày sinh", "Ngày ghi nhận", "Dân tộc", "Đoàn viên", "Số CCCD", "Nghề nghiệp"]
GOOD = [
    ["X1", "Lê", "Văn", "Tám", "Nam", "05/06/2001", "10/01/2024", "Kinh", "x", 1099000123, "Student"],
    # the occupation as the statistical forms word it
    ["x2", "Hà", "Thị", "Chín", "Nữ", dt.datetime(2000, 1, 2), "11/01/2024", "Tày", "", "", "Công nhân, lao động trực tiếp sản xuất trong doanh nghiệp"],
]  # fmt: skip


def workbook(*rows: list[Any], header: list[str] = HEADER) -> io.BytesIO:
    handle = io.BytesIO()
    book = xlsxwriter.Workbook(handle)
    sheet = book.add_worksheet()
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, date)
            else:
                sheet.write(r, c, value)
    book.close()
    handle.seek(0)
    return handle


def within(user: Any) -> Any:
    return Organization.objects.visible_to(user, Action.MANAGE_MEMBERS)


def test_a_dry_run_checks_every_row_and_writes_nothing(tree: Tree, people: Personas) -> None:
    report = candidate_import(workbook(*GOOD), actor=people.commune_officer, within=within(people.commune_officer), dry_run=True)
    assert report.ok and report.rows == 2 and report.imported == 0
    assert not Candidate.objects.exists() and not CandidateStep.objects.exists()


def test_a_good_file_imports_every_row(tree: Tree, people: Personas) -> None:
    report = candidate_import(workbook(*GOOD), actor=people.commune_officer, within=within(people.commune_officer), dry_run=False)
    assert report.ok and report.imported == 2
    tam = Candidate.objects.get(given_name="Tám")
    assert tam.organization == tree.X1 and tam.youth_union and tam.occupation == "student"
    assert tam.citizen_id == "001099000123"  # the leading zeros a number cell lost
    chin = Candidate.objects.get(given_name="Chín")
    assert chin.organization == tree.X2 and chin.gender == "F" and chin.ethnicity == "02" and chin.date_of_birth == dt.date(2000, 1, 2)
    assert chin.occupation == "enterprise_worker"  # the statistical forms' wording of the row


def test_one_bad_row_and_nothing_is_written(tree: Tree, people: Personas) -> None:
    rows = [
        *GOOD,
        ["Y1", "Ngô", "", "Mười", "Nam", "31/02/2001", "10/01/2024", "", "", "", ""],  # another commune; no such date
        ["X1", "Ngô", "", "", "Khác", "01/01/2001", "10/01/2099", "", "", "12345", ""],
        ["G1", "Mai", "", "An", "Nam", "01/01/2001", "10/01/2024", "", "", "", ""],  # not a cell: the service refuses
    ]
    report = candidate_import(workbook(*rows), actor=people.commune_officer, within=within(people.commune_officer), dry_run=False)
    found = {(i.line, i.column) for i in report.issues}
    assert {
        (4, "cell"),
        (4, "date_of_birth"),
        (5, "given_name"),
        (5, "gender"),
        (5, "citizen_id"),
        (5, "recorded_on"),
        (6, "organization"),
    } <= found
    assert report.imported == 0
    assert not Candidate.objects.exists()
    assert all("12345" not in i.message for i in report.issues)


def test_a_missing_column_is_named(tree: Tree, people: Personas) -> None:
    report = candidate_import(workbook(["X1"], header=["Cell code"]), actor=None, within=within(people.commune_officer), dry_run=True)
    assert "Date of birth" in {i.message.split("“")[1].split("”")[0] for i in report.issues}


def test_the_import_page(tree: Tree, people: Personas) -> None:
    upload = SimpleUploadedFile("ung-vien.xlsx", workbook(*GOOD).read())
    page = client_for(people.cell_secretary).post("/admissions/import/", {"file": upload}).content.decode()
    assert "No organization with code x2 is within your scope" in page
    upload = SimpleUploadedFile("ung-vien.xlsx", workbook(GOOD[0]).read())
    page = client_for(people.cell_secretary).post("/admissions/import/", {"file": upload, "dry_run": "on"}).content.decode()
    assert "Dry run" in page and not Candidate.objects.exists()
    assert client_for(people.viewer).get("/admissions/import/").status_code == 403
