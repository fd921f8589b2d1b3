"""What every spreadsheet import shares: reading a file's rows (Excel or CSV), a cell as
text, a date or a number as it was typed, and the row-by-row report.

An import reads rows with `read_rows`, checks each one into `Issue`s (line, column, the
message and the rule; never a citizen ID or a phone number), and writes all rows or none."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from .errors import Refusal

Source = str | Path | IO[bytes]
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Issue:
    """A refused row (or the whole file, on line 1): where, what, and which rule."""

    line: int
    column: str  # a field name, "" for the whole row or file
    message: str
    rule: str = ""

    @property
    def text(self) -> str:
        return f"{self.message} ({self.rule})" if self.rule else self.message

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message, "rule": self.rule}


@dataclass
class Report:
    """What an import found: the rows read, every refused row, and how many were written."""

    rows: int = 0
    issues: list[Issue] = field(default_factory=list)
    imported: int = 0

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def refused_lines(self) -> int:
        return len({i.line for i in self.issues})


def open_workbook(source: Source) -> CalamineWorkbook:
    if isinstance(source, (str, Path)):
        return CalamineWorkbook.from_path(str(source))
    return CalamineWorkbook.from_filelike(source)


def read_rows(source: Source, name: str = "") -> list[list[Any]]:
    """The first sheet's rows of an Excel workbook (.xlsx, .xls, .xlsb, .ods), or a CSV file's
    rows when `name` ends with .csv; a file that is neither is refused."""
    if name.lower().endswith(".csv"):
        raw = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
        text = raw.decode("utf-8-sig", errors="replace")
        try:
            dialect: Any = csv.Sniffer().sniff(text[:2000], delimiters=",;\t") if text.strip() else csv.excel
        except csv.Error:  # one column, or no separator the sniffer can tell
            dialect = csv.excel
        return [row for row in csv.reader(io.StringIO(text), dialect)]
    try:
        return [list(row) for row in open_workbook(source).get_sheet_by_index(0).to_python()]
    except (CalamineError, OSError, ValueError) as exc:
        raise Refusal(_("The file could not be read as an Excel workbook (%(error)s).") % {"error": type(exc).__name__}) from exc


def cell_text(value: Any) -> str:
    """A cell as text: whitespace folded, whole numbers without ".0", dates as dd/mm/yyyy."""
    if value.__class__ is str:
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def digits_from_number(value: Any, widths: tuple[int, ...]) -> str:
    """A number typed into a cell loses its leading zeros ("001080…" becomes 1080…):
    put them back up to the nearest expected width."""
    text = cell_text(value)
    if isinstance(value, (int, float)) and text.isdigit():
        width = next((w for w in widths if len(text) <= w), len(text))
        return text.zfill(width)
    return text


def parse_date(value: Any) -> dt.date | None:
    """An Excel date cell, or text dd/mm/yyyy (also with - or .), or yyyy-mm-dd; None if
    empty. A text that is no date raises ValueError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    if isinstance(value, str) and _ISO.match(text):
        return dt.date.fromisoformat(text)
    raise ValueError(text)
