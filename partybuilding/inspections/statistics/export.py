"""The statistics as one Excel workbook, one sheet per form, each ending with the signature
block the official forms print."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from django.http import FileResponse
from django.utils.translation import gettext as _

from partybuilding.core.xlsx import sheet_name

from .counting import Table


def _header(table: Table) -> list[str]:
    return [_("Criterion"), table.period.label(), table.previous.label(), _("This period in percent of the previous")]


def signature_lines() -> list[list[str]]:
    return [["", "", "", ""], [_("Prepared by"), "", _("Chair of the Inspection Commission"), ""], [_("Telephone:"), "", "", ""]]


def workbook_response(tables: Sequence[Table], scope: Any, *, filename: str) -> FileResponse:
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it once sent)
    book = xlsxwriter.Workbook(handle, {"in_memory": True})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    pct = book.add_format({"num_format": "0.0"})
    taken: list[str] = []
    for table in tables:
        name = sheet_name(table.form.code, taken)
        taken.append(name)
        sheet = book.add_worksheet(name)
        sheet.set_column(0, 0, 60)
        sheet.set_column(1, 3, 18)
        sheet.write(0, 0, str(table.form.title), bold)
        sheet.write(1, 0, f"{scope.name} — {table.period.label()} ({table.period.span()})")
        for col, label in enumerate(_header(table)):
            sheet.write(3, col, label, head)
        row = 4
        for line in table.lines:
            label = "    " * line.depth + str(line.label) + (" *" if line.unverified else "")
            if line.heading:
                sheet.write(row, 0, label, bold)
            else:
                sheet.write(row, 0, label)
                sheet.write_number(row, 1, line.this)
                sheet.write_number(row, 2, line.last)
                if line.percent is not None:
                    sheet.write_number(row, 3, float(line.percent), pct)
            row += 1
        if table.form.note:
            sheet.write(row + 1, 0, str(table.form.note))
            row += 1
        for offset, cells in enumerate(signature_lines(), start=1):
            for col, text in enumerate(cells):
                if text:
                    sheet.write(row + offset, col, text, bold)
        sheet.freeze_panes(4, 1)
    book.close()
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
