"""Every import that takes Excel takes CSV too: UTF-8 with or without its BOM, UTF-16 as
Excel's "Unicode text", and Windows-1258 as older Vietnamese Excel saves it; the separator
sniffed; the kind of file told by its content; the text in NFC."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partybuilding.admissions.imports import candidate_import
from partybuilding.admissions.models import Candidate
from partybuilding.core.errors import Refusal
from partybuilding.core.sheets import decode_text, read_rows
from partybuilding.dues.imports import import_payments
from partybuilding.dues.models import Payment
from partybuilding.members import imports
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .conftest import Personas, Tree, client_for
from .dues_factories import charge, member_with_base, open_months
from .test_member_import import row, xlsx

pytestmark = pytest.mark.django_db

ROWS = [["Họ", "Tên", "Ghi chú"], ["Nguyễn", "Ánh", "Quê ở Hưng Yên, Việt Nam"], ["Đặng", "Thuỷ", ""]]


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: letters with their vowel marks, tones as combining
    marks after them (the code page has no letter for most toned vowels)."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            out += unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)).encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def csv_text(rows: list[list[str]], separator: str) -> str:
    quoted = [[f'"{c}"' if separator in c or "," in c else c for c in r] for r in rows]
    return "\r\n".join(separator.join(r) for r in quoted) + "\r\n"


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: text.encode("utf-8-sig"),
    "utf-16 (Excel's Unicode text)": lambda text: text.encode("utf-16"),
    "windows-1258": cp1258,
    "utf-8 decomposed (Mac)": lambda text: unicodedata.normalize("NFD", text).encode("utf-8"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_a_csv_file_is_read_in_each_encoding_and_separator_in_nfc(encoding: str, separator: str) -> None:
    raw = ENCODINGS[encoding](csv_text(ROWS, separator))
    assert read_rows(io.BytesIO(raw), "danh-sach.csv") == ROWS


def test_windows_1258_really_writes_tones_as_combining_marks() -> None:
    raw = cp1258("Nguyễn")
    assert raw.decode("cp1258") != "Nguyễn" and decode_text(raw) == "Nguyễn"


def test_the_kind_of_file_is_told_by_its_content_not_its_name() -> None:
    assert read_rows(io.BytesIO(cp1258("Họ;Tên\r\nLê;Ánh\r\n")), "exported.xlsx") == [["Họ", "Tên"], ["Lê", "Ánh"]]
    workbook = read_rows(xlsx([row(given_name="Ánh")]), "renamed.csv")
    assert any("Ánh" in cells for cells in workbook)
    with pytest.raises(Refusal, match="could not be read"):
        read_rows(io.BytesIO(b"PK\x03\x04 a broken zip"), "book.xlsx")


def member_csv(rows: list[dict[str, str]], separator: str) -> list[list[str]]:
    return [[c.vi for c in imports.COLUMNS], *([str(r[c.field]) for c in imports.COLUMNS] for r in rows)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8 with BOM", "windows-1258"])
def test_members_are_imported_from_a_csv_file(tree: Tree, encoding: str) -> None:
    separator = ";" if encoding == "windows-1258" else ","
    rows = member_csv(
        [row(family_name="Nguyễn", given_name="Ánh"), row(family_name="Đặng", given_name="Thuỷ", organization="X2")], separator
    )
    handle = io.BytesIO(ENCODINGS[encoding](csv_text(rows, separator)))
    handle.name = "dang-vien.csv"
    report = imports.import_file(handle, within=Organization.objects.all(), actor=None, dry_run=False)
    assert report.ok and report.imported == 2, [i.text for i in report.issues]
    assert Member.objects.get(family_name="Nguyễn", given_name="Ánh").organization == tree.X1
    assert Member.objects.get(given_name="Thuỷ").organization == tree.X2


def test_the_member_import_page_takes_a_csv_file_and_says_so(tree: Tree, people: Personas, settings: Any, tmp_path: Path) -> None:
    settings.MEMBER_IMPORT_DIR = str(tmp_path / "imports")
    client = client_for(people.commune_officer)
    page = client.get("/members/import/").content.decode()
    assert ".csv" in page and "Windows-1258" in page
    rows = member_csv([row(given_name="Ánh")], ",")
    upload = SimpleUploadedFile("dang-vien.csv", csv_text(rows, ",").encode("utf-8-sig"), content_type="text/csv")
    response = client.post("/members/import/", {"file": upload})
    assert response.status_code == 302
    assert "No header row" not in client.get(response["Location"]).content.decode()


def test_candidates_are_imported_from_a_windows_1258_csv_file(tree: Tree, people: Personas) -> None:
    header = [
        "Mã chi bộ",
        "Họ",
        "Tên đệm",
        "Tên",
        "Giới tính",
        "Ngày sinh",
        "Ngày ghi nhận",
        "Dân tộc",
        "Đoàn viên",
        "Số CCCD",
        "Nghề nghiệp",
    ]
    rows = [header, ["X1", "Lê", "Văn", "Tám", "Nam", "05/06/2001", "10/01/2024", "Kinh", "x", "001099000123", "Student"]]
    handle = io.BytesIO(cp1258(csv_text(rows, "\t")))
    handle.name = "ung-vien.csv"
    within = Organization.objects.visible_to(people.commune_officer, "manage_members")
    report = candidate_import(handle, actor=people.commune_officer, within=within, dry_run=False)
    assert report.ok and report.imported == 1, [i.text for i in report.issues]
    tam = Candidate.objects.get(given_name="Tám", middle_name="Văn")
    assert tam.organization == tree.X1 and tam.citizen_id == "001099000123"


def test_dues_payments_are_imported_from_a_csv_file_with_a_bom_and_semicolons(tree: Tree, people: Personas) -> None:
    jan = dt.date(2026, 1, 1)
    member = member_with_base(tree.X1, card="100001")
    open_months(tree.P, jan, jan)
    text = csv_text([["Số thẻ đảng viên", "Tháng", "Số tiền", "Ngày đóng"], ["100001", "01/2026", "50000", "10/01/2026"]], ";")
    report = import_payments(
        actor=people.cell_secretary, upload=io.BytesIO(text.encode("utf-8-sig")), name="thu.csv", dry_run=False, submission=uuid.uuid4()
    )
    assert report.ok, [i.text for i in report.issues]
    assert Payment.objects.count() == 1 and charge(member, jan).paid == 50_000
