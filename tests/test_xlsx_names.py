"""Excel sheet names (core/xlsx.py `sheet_name`): at most 31 characters, cut between words
and never inside a date, without the characters Excel forbids, unique in their workbook."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from partybuilding.core.xlsx import sheet_name, write_xlsx

LONG = [
    "Danh sách đảng viên đến ngày 03/02/2026",
    "Đảng viên nợ đảng phí tính đến ngày 03-02-2026",
    "Chi bộ Khu phố 4 phường Hòa Khánh Bắc quận Liên Chiểu",
    "Báo cáo: kết nạp đảng viên [2025]? *tạm* \\ bản nháp",
    "Huyhiệuđảngbaomươinămnămmươinămsáumươinămbảymươinăm",
]


@pytest.mark.parametrize("title", LONG)
def test_a_long_title_fits_without_a_cut_word_or_a_forbidden_character(title: str) -> None:
    name = sheet_name(title)
    assert 0 < len(name) <= 31
    assert not set(name) & set("[]:*?/\\")
    whole = set(re.sub(r"[\[\]:*?\\]", " ", title.replace("/", "-")).split())
    for word in name.replace("…", " ").split():  # each word kept whole, a date only shortened
        assert word in whole or re.fullmatch(r"\d\d-\d\d-\d\d", word) or " " not in title, (name, word)


def test_a_date_is_shortened_never_cut() -> None:
    assert sheet_name("Danh sách đảng viên đến ngày 03/02/2026") == "Danh sách đảng viên… 03-02-26"
    assert sheet_name("Đảng viên nợ đảng phí tính đến ngày 03-02-2026") == "Đảng viên nợ đảng phí… 03-02-26"
    assert sheet_name("Đảng viên đến ngày 03/02/2026") == "Đảng viên đến ngày 03-02-2026"  # it fits: left whole
    assert "03-02-202" not in sheet_name("Danh sách đảng viên toàn tỉnh ngày 03-02-2026").replace("03-02-2026", "")


def test_names_stay_unique_in_a_workbook_ignoring_case() -> None:
    first = sheet_name("Danh sách đảng viên đến ngày 03/02/2026")
    second = sheet_name("DANH SÁCH ĐẢNG VIÊN ĐẾN NGÀY 03/02/2026", [first])
    assert second.endswith(" (2)") and len(second) <= 31 and second.casefold() != first.casefold()
    assert sheet_name("Ngắn", ["ngắn", "Ngắn (2)"]) == "Ngắn (3)"
    assert sheet_name("[]:*?") and sheet_name("") == "Sheet"


def test_an_export_names_its_sheet_sensibly() -> None:
    target = io.BytesIO()
    write_xlsx(target, "Danh sách đảng viên đến ngày 03/02/2026", ["Họ và tên"], [["Nguyễn Văn An"]])
    target.seek(0)
    assert openpyxl.load_workbook(target).sheetnames == ["Danh sách đảng viên… 03-02-26"]
