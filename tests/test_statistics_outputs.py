"""A form as Excel in its own layout, read back cell by cell (the agency block, the merged
header groups, the numbered columns, the figures as numbers, the signature), the children
side by side as Excel, and the PDF to sign read back as text."""

from __future__ import annotations

import io
import shutil
import subprocess
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def workbook(response: Any) -> Any:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def merged(sheet: Any) -> set[str]:
    return {str(r) for r in sheet.merged_cells.ranges}


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-layout", "-", "-"], input=content, capture_output=True, check=True, timeout=60
        ).stdout.decode()
    pypdf = pytest.importorskip("pypdf")
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def counted(tree: Tree) -> Tree:
    """Three members in G1's cells (two women), one in C2's."""
    make_member(tree.X1, gender="F")
    make_member(tree.X1, gender="F")
    make_member(tree.X2, gender="M")
    make_member(tree.Y1, gender="F")
    return tree


def test_form_5_as_excel_in_its_own_layout(counted: Tree, people: Personas) -> None:
    year = timezone.localdate().year
    response = client_for(people.provincial_officer, language="vi").get(f"/statistics/5/excel/?org={counted.C1.pk}&year={year}")
    assert f'filename="bieu-5-C1-{year}.xlsx"' in response["Content-Disposition"]
    sheet = workbook(response)
    assert sheet["A1"].value == "ĐẢNG BỘ XÃ AN BÌNH"
    assert sheet["A2"].value == "BAN TỔ CHỨC"
    assert sheet["H1"].value == "Biểu số 5-BTCTW"
    assert sheet["A4"].value == "THỐNG KÊ TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN TRONG CÁC LOẠI HÌNH CƠ SỞ"
    assert sheet["A5"].value == f"Có đến ngày {timezone.localdate():%d/%m/%Y}"
    # the header: No. and the criterion over both rows, two groups merged over their columns,
    # the members' column alone over both rows
    assert {"A8:A9", "B8:B9", "C8:E8", "F8:G8", "H8:H9", "A4:H4"} <= merged(sheet)
    assert sheet["C8"].value == "Số tổ chức cơ sở đảng"
    assert (sheet["C9"].value, sheet["D9"].value, sheet["E9"].value) == ("Tổng số", "Đảng bộ cơ sở", "Chi bộ cơ sở")
    assert [sheet.cell(10, c).value for c in range(1, 9)] == ["A", "B", "1", "2", "3", "4", "5", "6"]
    # the figures: the form's total row ("Cộng"), one grassroots committee (G1) and C1's three members
    total = next(row for row in sheet.iter_rows(min_row=11) if row[1].value and row[1].value.strip() == "Cộng")
    assert (total[2].value, total[3].value, total[4].value, total[7].value) == (1, 1, 0, 3)
    assert isinstance(total[7].value, int)  # a number, not a text
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "NGƯỜI LẬP BIỂU" in texts and "TRƯỞNG BAN" in texts and "(Ký, đóng dấu)" in texts
    assert "……, ngày …… tháng …… năm ……" in texts
    assert any(text.startswith("Loại hình cơ sở khác gồm cả") for text in texts)  # the form's note


def test_a_comparing_form_as_excel_has_its_percent_column_numbered(counted: Tree, people: Personas) -> None:
    year = timezone.localdate().year
    sheet = workbook(client_for(people.provincial_officer).get(f"/statistics/3/excel/?org={counted.C1.pk}&year={year}"))
    assert [sheet.cell(8, c).value for c in range(1, 5)] == ["No.", "Criterion", "This period", "Same period last year"]
    assert sheet.cell(8, 5).value.startswith("This period in")  # the percent of last year
    assert [sheet.cell(9, c).value for c in range(1, 6)] == ["A", "B", "1", "2", "(3) = (1) × 100 / (2)"]
    assert (sheet["A10"].value, sheet["C10"].value) == ("I", 3)
    assert (sheet["A11"].value, sheet["C11"].value) == ("I.1", 2)


def test_the_children_side_by_side_as_excel(counted: Tree, people: Personas) -> None:
    year = timezone.localdate().year
    response = client_for(people.provincial_officer).get(f"/statistics/3/children/excel/?org={counted.G1.pk}&year={year}")
    assert f'filename="bieu-3-G1-{year}-cap-duoi.xlsx"' in response["Content-Disposition"]
    sheet = workbook(response)
    assert [sheet.cell(8, c).value for c in range(3, 6)] == [
        "Chi bộ Thôn Đông",
        "Chi bộ Thôn Tây",
        "Đảng bộ Trường THPT Nguyễn Huệ (total)",
    ]
    first = [sheet.cell(10, c).value for c in range(1, 6)]
    assert first == ["I", "Members in the list at the end of the period", 2, 1, 3]


def test_the_pdf_to_sign_prints_the_form(counted: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer, language="vi")
    today = timezone.localdate()
    response = client.get(f"/statistics/3/pdf/?org={counted.C1.pk}&period=range&from=01/01/{today.year}&to={today:%d/%m/%Y}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "THỐNG KÊ ĐỘI NGŨ ĐẢNG VIÊN" in text
    assert "Biểu số 3-BTCTW" in text
    assert "Đảng viên trong danh sách có đến cuối kỳ báo cáo" in text
    line = next(line for line in text.splitlines() if "Trong đó: Nữ" in line)
    assert " 2" in line  # the figure printed beside its row
    assert "TRƯỞNG BAN" in text


def test_a_wide_form_is_printed_across_the_page(counted: Tree, people: Personas) -> None:
    pypdf = pytest.importorskip("pypdf")
    client = client_for(people.provincial_officer)
    wide = client.get(f"/statistics/5/pdf/?org={counted.C1.pk}")
    narrow = client.get(f"/statistics/1/pdf/?org={counted.C1.pk}")
    wide_page = pypdf.PdfReader(io.BytesIO(wide.content)).pages[0].mediabox
    narrow_page = pypdf.PdfReader(io.BytesIO(narrow.content)).pages[0].mediabox
    assert wide_page.width > wide_page.height  # six figure columns: landscape
    assert narrow_page.width < narrow_page.height


def test_a_day_in_the_file_name_of_a_range(counted: Tree, people: Personas) -> None:
    response = client_for(people.provincial_officer).get(
        f"/statistics/1/excel/?org={counted.C1.pk}&period=range&from=01/01/2026&to=31/03/2026"
    )
    assert 'filename="bieu-1-C1-20260101-20260331.xlsx"' in response["Content-Disposition"]
