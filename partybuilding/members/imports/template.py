"""The import template: the columns with Vietnamese and English headers, text and date
formats, drop-down lists of the choices and a sheet of instructions. The bench and the
tests write their files with it too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import xlsxwriter

from ..choices import ETHNICITY_CHOICES
from .columns import BY_FIELD, CHOICES, COLUMNS, DATE_FIELDS, FLAG_FIELDS, VIETNAMESE_CHOICES, Candidate, choice_spellings

TEXT_COLUMNS = ("organization", "citizen_id", "phone", "card_number")  # typed as text: leading zeros stay
MARK = "Có"  # a statistics' flag that is so (the import takes "x" too)
LISTS_SHEET = "Danh mục"
NOTES = [
    ("Mỗi dòng là một đảng viên. Dòng 1 ghi tên cột bằng tiếng Việt, dòng 2 bằng tiếng Anh (có thể xóa dòng 2).",
     "One member per row. Row 1 names the columns in Vietnamese, row 2 in English (row 2 may be deleted)."),
    ("Cột bắt buộc: Mã chi bộ, Họ, Tên, Giới tính, Ngày sinh, Ngày vào Đảng. Có thể thay Họ, Tên đệm, Tên bằng một cột Họ và tên.",
     "Required: organization code, family name, given name, gender, date of birth, admission date. One “Full name” column may replace the three name columns."),
    ("Ngày ghi dd/mm/yyyy hoặc là ô ngày của Excel. Ngày chính thức để trống với đảng viên dự bị.",
     "Dates are dd/mm/yyyy or Excel date cells. Leave the official date empty for a probationary member."),
    ("Các cột có danh sách chọn: xem trang “Danh mục”; không phân biệt dấu, chữ hoa, chữ thường.",
     "Columns with drop-down lists: see the “Danh mục” sheet; accents and case do not matter."),
    ("Các cột thống kê (Chức danh khoa học, Đoàn viên, Kết nạp lại, Chủ doanh nghiệp tư nhân, Kết hôn với người nước ngoài, Vi phạm chính sách KHHGĐ, Quốc tịch gốc nước ngoài) không bắt buộc: ghi “Có” hoặc “x” nếu đúng, để trống nếu không.",
     "The statistics' columns (academic title, Youth Union member, re-admitted, private business owner, married to a foreigner, family-planning violation, foreign origin) are optional: write “Có” or “x” where it is so, leave empty where not."),
    ("Kiểm tra trước (chạy thử) báo mọi dòng sai với số dòng và lý do; chỉ nhập khi mọi dòng đều đúng: nhập tất cả hoặc không nhập dòng nào.",
     "The check (a dry run) reports every bad row with its line and reason; the import writes every row or none."),
]  # fmt: skip


def candidate_cells(c: Candidate) -> list[Any]:
    """A candidate as a row of the template (choices spelled as Vietnamese records do)."""
    d = c.data

    def spelled(name: str, value: str) -> str:
        return VIETNAMESE_CHOICES.get(name, {}).get(value, value)

    values: dict[str, Any] = {
        **{name: getattr(d, name) for name in ("family_name", "middle_name", "given_name", "date_of_birth", "home_town", "phone")},
        **{name: getattr(d, name) for name in ("workplace", "positions")},
        **{name: spelled(name, getattr(d, name)) for name in ("gender", "religion", "education", "qualification", "theory", "occupation")},
        "organization": c.org_code,
        "ethnicity": dict(ETHNICITY_CHOICES)[d.ethnicity],
        "citizen_id": d.citizen_id or "",
        "admission_date": c.admission_date,
        "official_date": c.official_date,
        "card_number": c.card_number or "",
        "academic_title": spelled("academic_title", c.facts.academic_title) if c.facts.academic_title != "none" else "",
        **{name: MARK if getattr(d if name == "youth_union" else c.facts, name) else "" for name in FLAG_FIELDS},
    }
    return [values[column.field] for column in COLUMNS]


def write_workbook(
    target: str | Path | IO[bytes], rows: Iterable[Sequence[Any]] = (), *, english_header: bool = True, shared_strings: bool = False
) -> None:
    """The import template, with `rows` as data (the bench and the tests write files with it).
    `shared_strings`: repeated texts stored once, as Excel saves a file (takes more memory)."""
    book = xlsxwriter.Workbook(target, {"constant_memory": not shared_strings})
    sheet = book.add_worksheet("Đảng viên")
    header = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True, "valign": "top"})
    english = book.add_format({"italic": True, "font_color": "#555555", "bg_color": "#F3F3F3", "border": 1})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    text = book.add_format({"num_format": "@"})
    # constant_memory writes each row out once the next one starts: write row after row.
    for col, column in enumerate(COLUMNS):
        fmt = date if column.field in DATE_FIELDS else text if column.field in TEXT_COLUMNS else None
        sheet.set_column(col, col, column.width, fmt)
        sheet.write_string(0, col, column.vi + (" *" if column.required else ""), header)
    for col, column in enumerate(COLUMNS if english_header else ()):
        sheet.write_string(1, col, column.en, english)
    first = 2 if english_header else 1
    for r, row in enumerate(rows, start=first):
        for col, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime(value.year, value.month, value.day), date)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, col, value)
            elif value:
                sheet.write_string(r, col, str(value))
    sheet.freeze_panes(first, 0)
    _lists(book, sheet, first)
    notes = book.add_worksheet("Hướng dẫn")
    notes.set_column(0, 1, 90)
    for r, (vi, en) in enumerate(NOTES):
        notes.write_string(r, 0, vi)
        notes.write_string(r, 1, en)
    book.close()


def _lists(book: Any, sheet: Any, first: int) -> None:
    """The drop-down lists of the choice columns, kept on their own sheet (one column per list)."""
    lists = book.add_worksheet(LISTS_SHEET)
    bold = book.add_format({"bold": True})
    columns = {name: [n for _code, n in ETHNICITY_CHOICES] if name == "ethnicity" else choice_spellings(name) for name in CHOICES}
    lists.set_column(0, len(columns) - 1, 24)
    for n, name in enumerate(columns):
        lists.write_string(0, n, BY_FIELD[name].vi, bold)
    for r in range(1, max(map(len, columns.values())) + 1):  # row after row (constant_memory)
        for n, values in enumerate(columns.values()):
            if r <= len(values):
                lists.write_string(r, n, values[r - 1])
    for n, (name, values) in enumerate(columns.items()):
        col = next(i for i, c in enumerate(COLUMNS) if c.field == name)
        letter = chr(ord("A") + n)
        source = f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        # A warning only: the import also takes the English labels and other spellings.
        sheet.data_validation(first, col, 1_048_575, col, {"validate": "list", "source": source, "error_type": "warning"})
    for col in (i for i, c in enumerate(COLUMNS) if c.field in FLAG_FIELDS):
        sheet.data_validation(first, col, 1_048_575, col, {"validate": "list", "source": [MARK], "error_type": "warning"})
