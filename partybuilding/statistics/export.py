"""A counted form as Excel in the form's own layout: the agency block and the form's code
above, the title, the period line and the unit, the header with its merged groups and its
numbered columns (A, B, 1, 2, …), the figures as numbers, the note and the signature block.
The children side by side are written the same way, one column per child."""

from __future__ import annotations

import re
import tempfile
from typing import Any

import xlsxwriter
from django.http import FileResponse
from django.utils.translation import gettext as _

from partybuilding.core.xlsx import sheet_name

from .children import SideBySide
from .engine import Table, Value
from .periods import Period
from .texts import agency, column_numbers, failed_check_text, form_code, period_line, signature, unit_line, version_line

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_TOP = 7  # the header's first row (0-based); above it the agency block, the title, the period and the unit
FIRST_FIGURE_COLUMN = 2  # A: the row's code, B: the criterion
UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")  # what a file name leaves out of a code


def _formats(book: Any) -> dict[str, Any]:
    add = book.add_format
    return {
        "agency": add({"bold": True}),
        "code": add({"bold": True, "align": "right"}),
        "title": add({"bold": True, "font_size": 13, "align": "center", "text_wrap": True, "valign": "vcenter"}),
        "period": add({"italic": True, "align": "center"}),
        "unit": add({"italic": True, "align": "right"}),
        "head": add({"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"}),
        "number": add({"italic": True, "border": 1, "align": "center", "text_wrap": True}),
        "text": add({"border": 1, "text_wrap": True, "valign": "top"}),
        "heading": add({"border": 1, "bold": True, "text_wrap": True, "valign": "top"}),
        "count": add({"border": 1, "num_format": "#,##0"}),
        "bold_count": add({"border": 1, "num_format": "#,##0", "bold": True}),
        "decimal": add({"border": 1, "num_format": "#,##0.0"}),
        "blank": add({"border": 1}),
        "note": add({"italic": True}),
        "warning": add({"bold": True, "font_color": "#A4161A"}),
        "sign": add({"bold": True, "align": "center"}),
        "hint": add({"italic": True, "align": "center"}),
    }


def _merged(sheet: Any, r1: int, c1: int, r2: int, c2: int, text: str, style: Any) -> None:
    if (r1, c1) == (r2, c2):
        sheet.write(r1, c1, text, style)
    else:
        sheet.merge_range(r1, c1, r2, c2, text, style)


def _write_value(sheet: Any, row: int, col: int, value: Value, f: dict[str, Any], *, bold: bool = False) -> None:
    if value is None:
        sheet.write_blank(row, col, None, f["blank"])
    elif isinstance(value, int):
        sheet.write_number(row, col, value, f["bold_count" if bold else "count"])
    else:
        sheet.write_number(row, col, float(value), f["decimal"])


def _top(sheet: Any, table: Table, last_col: int, lines: list[str], f: dict[str, Any]) -> None:
    """The agency block at the left, the form's code at the right, then the title and the lines under it."""
    name, board = agency(table)
    sheet.write(0, 0, name, f["agency"])
    sheet.write(1, 0, board, f["agency"])
    sheet.write(0, last_col, form_code(table.definition), f["code"])
    sheet.merge_range(3, 0, 3, last_col, str(table.definition.title).upper(), f["title"])
    sheet.set_row(3, 30)
    for offset, text in enumerate(lines):
        sheet.merge_range(4 + offset, 0, 4 + offset, last_col, text, f["period"])
    sheet.write(HEADER_TOP - 1, last_col, unit_line(table.definition), f["unit"])


def _signature(sheet: Any, row: int, last_col: int, table: Table, f: dict[str, Any]) -> int:
    block = signature(table.definition)
    right = max(last_col - 1, FIRST_FIGURE_COLUMN)
    sheet.write(row, right, block["place_date"], f["hint"])
    sheet.write(row + 1, 1, block["preparer"], f["sign"])
    sheet.write(row + 1, right, block["head"], f["sign"])
    sheet.write(row + 2, 1, block["preparer_hint"], f["hint"])
    sheet.write(row + 2, right, block["head_hint"], f["hint"])
    return row + 3


def _after_table(sheet: Any, row: int, last_col: int, table: Table, f: dict[str, Any]) -> None:
    for text in failed_check_text(table):
        sheet.write(row, 0, text, f["warning"])
        row += 1
    if table.reported_last:
        sheet.write(
            row,
            0,
            _(
                "* The column of the same period last year holds the figures reported then (imported from that year's Excel), "
                "not figures counted from the records."
            ),
            f["note"],
        )
        row += 1
    if table.definition.note:
        sheet.write(row, 0, str(table.definition.note), f["note"])
        row += 1
    sheet.write(row, 0, version_line(table.version), f["note"])
    _signature(sheet, row + 2, last_col, table, f)


def write_form(book: Any, table: Table) -> Any:
    """One sheet in the form's layout; the header starts at row 8 (Excel's numbering)."""
    f = _formats(book)
    sheet = book.add_worksheet(sheet_name(table.definition.code))
    last_col = FIRST_FIGURE_COLUMN + len(table.headers) - 1
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 48)
    sheet.set_column(FIRST_FIGURE_COLUMN, last_col, 14)
    _top(sheet, table, last_col, [period_line(table.period, table.definition, table.today)], f)
    top, below = HEADER_TOP, HEADER_TOP + (1 if table.two_header_rows else 0)
    _merged(sheet, top, 0, below, 0, _("No."), f["head"])
    _merged(sheet, top, 1, below, 1, _("Criterion"), f["head"])
    col = FIRST_FIGURE_COLUMN
    for group, span in table.groups:
        headers = table.headers[col - FIRST_FIGURE_COLUMN : col - FIRST_FIGURE_COLUMN + span]
        if group:
            _merged(sheet, top, col, top, col + span - 1, str(group), f["head"])
            for offset, header in enumerate(headers):
                sheet.write(below, col + offset, str(header.label), f["head"])
        else:
            _merged(sheet, top, col, below, col, str(headers[0].label), f["head"])
        col += span
    numbers = below + 1
    sheet.write(numbers, 0, "A", f["number"])
    sheet.write(numbers, 1, "B", f["number"])
    for n, text in enumerate(column_numbers(table), start=FIRST_FIGURE_COLUMN):
        sheet.write(numbers, n, text, f["number"])
    row = numbers + 1
    for line in table.lines:
        bold = line.heading or line.row.indent == 0
        style = f["heading"] if bold else f["text"]
        sheet.write(row, 0, line.row.printed, style)
        sheet.write(row, 1, "    " * line.row.indent + str(line.row.label), style)
        for n in range(len(table.headers)):
            value = line.cells[n].value if n < len(line.cells) else None
            _write_value(sheet, row, FIRST_FIGURE_COLUMN + n, value, f, bold=bold)
        row += 1
    sheet.freeze_panes(numbers + 1, FIRST_FIGURE_COLUMN)
    _after_table(sheet, row + 1, last_col, table, f)
    return sheet


def write_children(book: Any, side: SideBySide) -> Any:
    """The children side by side: one column per child, the node's total last."""
    f = _formats(book)
    table = side.node
    sheet = book.add_worksheet(sheet_name(table.definition.code))
    names = [child.name for child in side.children] + [_("%(name)s (total)") % {"name": table.org.name}]
    last_col = FIRST_FIGURE_COLUMN + len(names) - 1
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 48)
    sheet.set_column(FIRST_FIGURE_COLUMN, last_col, 16)
    lines = [
        period_line(table.period, table.definition, table.today),
        _("The organizations below it side by side: %(column)s") % {"column": side.column.label},
    ]
    _top(sheet, table, last_col, lines, f)
    top = HEADER_TOP
    sheet.write(top, 0, _("No."), f["head"])
    sheet.write(top, 1, _("Criterion"), f["head"])
    for n, name in enumerate(names, start=FIRST_FIGURE_COLUMN):
        sheet.write(top, n, name, f["head"])
    sheet.set_row(top, 45)
    sheet.write(top + 1, 0, "A", f["number"])
    sheet.write(top + 1, 1, "B", f["number"])
    for n in range(len(names)):
        sheet.write(top + 1, FIRST_FIGURE_COLUMN + n, str(n + 1), f["number"])
    row = top + 2
    for line in side.lines:
        bold = line.heading or line.indent == 0
        style = f["heading"] if bold else f["text"]
        sheet.write(row, 0, line.code, style)
        sheet.write(row, 1, "    " * line.indent + line.label, style)
        for n, value in enumerate(line.values if not line.heading else [None] * len(names)):
            _write_value(sheet, row, FIRST_FIGURE_COLUMN + n, value, f, bold=bold)
        row += 1
    sheet.freeze_panes(top + 2, FIRST_FIGURE_COLUMN)
    sheet.write(row + 1, 0, version_line(table.version), f["note"])
    return sheet


def period_slug(period: Period) -> str:
    """The period in a file name: 2026, 2026-6t, 2026-9t, 2026-q3, 2026-07, 2025-2030, 20261207 (a day),
    20260101-20260331 (dates)."""
    year = period.start.year
    return {
        "year": f"{year}",
        "half": f"{year}-6t",
        "nine": f"{year}-9t",
        "quarter": f"{year}-q{(period.start.month - 1) // 3 + 1}",
        "month": f"{year}-{period.start.month:02d}",
        "term": f"{year}-{period.end.year}",
        "day": f"{period.end:%Y%m%d}",
    }.get(period.kind, f"{period.start:%Y%m%d}-{period.end:%Y%m%d}")


def file_name(table: Table, extension: str, *, children: bool = False) -> str:
    """bieu-<slug>-<node code>-<period>.xlsx (with "-cap-duoi" for the children side by side)."""
    below = "-cap-duoi" if children else ""
    code = UNSAFE.sub("-", table.org.code).strip("-") or str(table.org.pk)
    return f"bieu-{table.definition.slug}-{code}-{period_slug(table.period)}{below}.{extension}"


def workbook_response(write: Any, subject: Any, *, filename: str) -> FileResponse:
    """The workbook `write(book, subject)` makes, sent as an attachment."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it once sent)
    book = xlsxwriter.Workbook(handle, {"in_memory": True})
    write(book, subject)
    book.close()
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
