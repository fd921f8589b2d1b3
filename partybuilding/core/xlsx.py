"""Excel exports written in constant memory, whatever the number of rows."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

import xlsxwriter
from django.http import FileResponse


def xlsx_response(title: Any, header: Sequence[Any], rows: Iterable[Sequence[Any]], *, filename: str) -> FileResponse:
    """The rows as an Excel file sent as an attachment."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it once sent)
    write_xlsx(handle, title, header, rows)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def write_xlsx(target: Any, title: Any, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> None:
    """One sheet, its header frozen, dates as dd/mm/yyyy; `target` a path or a binary file."""
    book = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False})
    sheet = book.add_worksheet(str(title)[:31])
    bold = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    for col, label in enumerate(header):
        sheet.write(0, col, str(label), bold)
        sheet.set_column(col, col, 18 if col else 14)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime(value.year, value.month, value.day), date)
            elif value is None:
                sheet.write_blank(r, col, None)
            else:
                sheet.write(r, col, value if isinstance(value, (int, float)) else str(value))
    sheet.freeze_panes(1, 0)
    book.close()
