"""Excel exports written in constant memory, whatever the number of rows."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

import xlsxwriter
from django.http import FileResponse

SHEET_NAME_MAX = 31  # Excel's limit
FORBIDDEN = str.maketrans({"/": "-", "\\": "-", "[": "(", "]": ")", ":": " ", "*": " ", "?": " "})
FULL_DATE = re.compile(r"\b(\d{1,2})-(\d{1,2})-\d{2}(\d{2})\b")
ELLIPSIS = "…"


def sheet_name(title: Any, taken: Iterable[str] = ()) -> str:
    """A sheet's name from a title: what Excel forbids replaced (a date's "/" becomes "-"),
    cut at a word, never inside one or inside a date, with dates shortened to dd-mm-yy first;
    " (2)", " (3)"… when the workbook already has the name (Excel ignores case)."""
    name = " ".join(str(title).translate(FORBIDDEN).split()).strip("'") or "Sheet"
    if len(name) > SHEET_NAME_MAX:
        name = FULL_DATE.sub(r"\1-\2-\3", name)
    name = _fitted(name, SHEET_NAME_MAX)
    used = {t.casefold() for t in taken}
    number = 1
    candidate = name
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = _fitted(name, SHEET_NAME_MAX - len(suffix)) + suffix
    return candidate


TRAILING_DATE = re.compile(r"^(.*\S)\s+(\d{1,2}-\d{1,2}-\d{2,4})$")


def _fitted(name: str, limit: int) -> str:
    """`name` if it fits; else its first whole words and an ellipsis (a first word longer
    than the limit is the only one cut), the date it ends with kept whole."""
    if len(name) <= limit:
        return name
    if (dated := TRAILING_DATE.match(name)) and len(dated[2]) + 2 + len(ELLIPSIS) <= limit:
        return f"{_fitted(dated[1], limit - len(dated[2]) - 1)} {dated[2]}"
    kept = ""
    for word in name.split(" "):
        longer = f"{kept} {word}" if kept else word
        if len(longer) + len(ELLIPSIS) > limit:
            break
        kept = longer
    return (kept or name[: limit - len(ELLIPSIS)]).rstrip(" -,.;") + ELLIPSIS


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
    sheet = book.add_worksheet(sheet_name(title))
    bold = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    for col, label in enumerate(header):
        sheet.write(0, col, str(label), bold)
        sheet.set_column(col, col, 18 if col else 14)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            _write_cell(sheet, r, col, value, date)
    sheet.freeze_panes(1, 0)
    book.close()


def _write_cell(sheet: Any, r: int, col: int, value: Any, date: Any) -> None:
    """One cell. The common types go straight to their typed method (a 282,000-row export
    spends most of its time here); the rest to `write`, which also reads a string starting
    with "=" as a formula and one with "://" as a link. An empty string or None writes nothing."""
    kind = value.__class__
    if kind is str:
        if not value:
            return
        if value[0] in "={" or ":" in value:
            sheet.write(r, col, value)
        else:
            sheet.write_string(r, col, value)
    elif kind is int or kind is float:
        sheet.write_number(r, col, value)
    elif isinstance(value, dt.date):
        sheet.write_datetime(r, col, dt.datetime(value.year, value.month, value.day), date)
    elif value is not None:
        sheet.write(r, col, value if isinstance(value, (int, float)) else str(value))
