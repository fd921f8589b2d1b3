"""The reports as Excel workbooks: each table on its own sheet, titled, with its header row
and its totals row."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence

import xlsxwriter
from django.http import FileResponse
from django.utils.translation import gettext as _

from partybuilding.core.xlsx import sheet_name

from .tables import Table

HEADER_ROW = 3


def workbook_response(tables: Sequence[Table], printed: str, *, filename: str) -> FileResponse:
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it once sent)
    book = xlsxwriter.Workbook(handle, {"in_memory": True})
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    total = book.add_format({"bold": True, "top": 1})
    pct = book.add_format({"num_format": "0.0"})
    pct_total = book.add_format({"num_format": "0.0", "bold": True, "top": 1})
    taken: list[str] = []
    for table in tables:
        name = sheet_name(table.title, taken)
        taken.append(name)
        sheet = book.add_worksheet(name)
        sheet.set_column(0, 0, 48)
        sheet.set_column(1, len(table.header), 14)
        sheet.write(0, 0, table.title, title)
        sheet.write(1, 0, f"{table.subtitle} · {printed}")
        for col, label in enumerate(table.header):
            sheet.write(HEADER_ROW, col, label, head)
        for r, cells in enumerate([*table.rows, table.totals], start=HEADER_ROW + 1):
            last = r == HEADER_ROW + 1 + len(table.rows)
            for col, value in enumerate(cells):
                if value is None:
                    sheet.write_blank(r, col, None, total if last else None)
                elif col in table.percent_columns:
                    sheet.write_number(r, col, float(value), pct_total if last else pct)
                elif isinstance(value, int | float):
                    sheet.write_number(r, col, value, total if last else None)
                else:
                    sheet.write(r, col, str(value), total if last else bold if col == 0 and last else None)
        sheet.freeze_panes(HEADER_ROW + 1, 1)
    book.close()
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def printed_on(day: object) -> str:
    return _("printed on %(day)s") % {"day": f"{day:%d/%m/%Y}"}
