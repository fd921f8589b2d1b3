"""A counted form in the form's own layout: the agency and the form's code above, its title
and period, the header with its merged groups and its numbered columns, the figures, and the
signature block (the Excel file; the page and the PDF print the same from `texts`)."""

from __future__ import annotations

import tempfile
from typing import Any

import xlsxwriter
from django.http import FileResponse
from django.utils.translation import gettext as _

from partybuilding.core.xlsx import sheet_name

from .counting import Table
from .texts import column_number, period_line, signature

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _formats(book: Any) -> dict[str, Any]:
    add = book.add_format
    return {
        "bold": add({"bold": True}),
        "title": add({"bold": True, "font_size": 13, "align": "center"}),
        "center": add({"align": "center", "italic": True}),
        "head": add({"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"}),
        "number": add({"italic": True, "border": 1, "align": "center"}),
        "cell": add({"border": 1}),
        "heading": add({"border": 1, "bold": True}),
        "decimal": add({"border": 1, "num_format": "0.0"}),
        "sign": add({"bold": True, "align": "center"}),
        "hint": add({"italic": True, "align": "center"}),
    }


def write_table(book: Any, table: Table) -> None:
    """One sheet: rows 0–3 the heading, 5–6 the header (7 the column numbers), then the lines."""
    f = _formats(book)
    sheet = book.add_worksheet(sheet_name(table.form.code))
    width = 2 + len(table.headers)
    last_col = width - 1
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, last_col, 12)
    sheet.write(0, 0, table.scope.name.upper(), f["bold"])
    sheet.write(1, 0, _("ORGANIZING BOARD"), f["bold"])
    sheet.write(0, last_col, _("Form %(code)s") % {"code": table.form.code}, f["bold"])
    sheet.merge_range(2, 0, 2, last_col, str(table.form.title).upper(), f["title"])
    sheet.merge_range(3, 0, 3, last_col, period_line(table), f["center"])
    top, below = 5, 6 if table.two_header_rows else 5
    for col, label in ((0, _("No.")), (1, _("Criterion"))):
        _merged(sheet, top, col, below, col, label, f["head"])
    col = 2
    for group, span in table.groups:
        if group:
            _merged(sheet, top, col, top, col + span - 1, str(group), f["head"])
            for offset in range(span):
                sheet.write(below, col + offset, str(table.headers[col - 2 + offset].label), f["head"])
        else:
            _merged(sheet, top, col, below, col, str(table.headers[col - 2].label), f["head"])
        col += span
    numbers = below + 1
    sheet.write(numbers, 0, "A", f["number"])
    sheet.write(numbers, 1, "B", f["number"])
    for n, header in enumerate(table.headers, start=2):
        sheet.write(numbers, n, column_number(table, header), f["number"])
    row = numbers + 1
    for line in table.lines:
        style = f["heading"] if line.heading or not line.indent else f["cell"]
        sheet.write(row, 0, line.code, style)
        sheet.write(row, 1, "    " * line.indent + str(line.label), style)
        for n, value in enumerate(line.cells, start=2):
            if value is None:
                sheet.write_blank(row, n, None, f["cell"])
            elif isinstance(value, int):
                sheet.write_number(row, n, value, f["cell"])
            else:
                sheet.write_number(row, n, float(value), f["decimal"])
        for n in range(2 + len(line.cells), width):
            sheet.write_blank(row, n, None, f["cell"])
        row += 1
    if table.form.note:
        sheet.write(row + 1, 0, str(table.form.note))
        row += 1
    _signature(sheet, row + 2, last_col, f)
    sheet.freeze_panes(numbers + 1, 2)


def _merged(sheet: Any, r1: int, c1: int, r2: int, c2: int, text: str, style: Any) -> None:
    if (r1, c1) == (r2, c2):
        sheet.write(r1, c1, text, style)
    else:
        sheet.merge_range(r1, c1, r2, c2, text, style)


def _signature(sheet: Any, row: int, last_col: int, f: dict[str, Any]) -> None:
    block = signature()
    right = max(last_col - 3, 3)
    sheet.write(row, right, block["place_date"], f["hint"])
    sheet.write(row + 1, 1, block["preparer"], f["sign"])
    sheet.write(row + 1, right, block["head"], f["sign"])
    sheet.write(row + 2, 1, block["preparer_hint"], f["hint"])
    sheet.write(row + 2, right, block["head_hint"], f["hint"])
    sheet.write(row + 6, 1, block["telephone"])


def workbook_response(table: Table, *, filename: str) -> FileResponse:
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it once sent)
    book = xlsxwriter.Workbook(handle, {"in_memory": True})
    write_table(book, table)
    book.close()
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
