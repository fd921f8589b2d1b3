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
from django.utils.translation import gettext_lazy
from python_calamine import CalamineError, CalamineWorkbook

from .errors import Refusal
from .text import nfc

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


# What an upload form of rows says it takes (its `accept` list and its help text).
SHEET_ACCEPT = ".xlsx,.xlsm,.xls,.xlsb,.ods,.csv"
SHEET_HELP = gettext_lazy("Excel (.xlsx, .xls, .ods) or CSV (UTF-8 or Windows-1258; separated by commas, semicolons or tabs).")


# What a workbook's first bytes are: a zip (.xlsx, .xlsm, .xlsb, .ods) or an OLE file (.xls).
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode text" (tab-separated)


def _raw(source: Source) -> bytes:
    if isinstance(source, (str, Path)):
        return Path(source).read_bytes()
    if hasattr(source, "seek"):
        source.seek(0)
    return source.read()


def is_csv(raw: bytes, name: str = "") -> bool:
    """A text file of rows, not a workbook: a workbook starts with its zip or OLE signature;
    a CSV file is named so, or is text whose first line has a separator (whatever its name:
    a saved copy may have lost it)."""
    if raw.startswith(_WORKBOOK_MAGIC):
        return False
    if name.lower().endswith((".csv", ".tsv", ".txt")) or raw.startswith((*_UTF16_BOMS, b"\xef\xbb\xbf")):
        return True
    start = raw[:4096]
    return b"\x00" not in start and any(separator in start.split(b"\n")[0] for separator in (b",", b";", b"\t"))


def decode_text(raw: bytes) -> str:
    """A CSV file's text in NFC: UTF-8 with or without its BOM, UTF-16 with its BOM, else
    Windows-1258 as older Vietnamese Excel saves it (its tones are combining marks, which
    NFC joins to their letters)."""
    if raw.startswith(_UTF16_BOMS):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1258", errors="replace")
    return nfc(text)


def csv_rows(text: str) -> list[list[str]]:
    """Rows of a CSV text; the separator (comma, semicolon or tab) sniffed from its start."""
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    except csv.Error:  # one column, or no separator the sniffer can tell
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def read_rows(source: Source, name: str = "") -> list[list[Any]]:
    """The rows of a file: a CSV file (told by its content: see `is_csv`), or the first
    sheet of an Excel workbook (.xlsx, .xlsm, .xls, .xlsb, .ods); its text in NFC. A file
    that is neither is refused."""
    raw = _raw(source)
    if is_csv(raw, name):
        return csv_rows(decode_text(raw))
    try:
        rows = open_workbook(io.BytesIO(raw)).get_sheet_by_index(0).to_python()
    except (CalamineError, OSError, ValueError) as exc:
        raise Refusal(
            _("The file could not be read as an Excel workbook or a CSV file (%(error)s).") % {"error": type(exc).__name__}
        ) from exc
    return [[nfc(cell) if cell.__class__ is str else cell for cell in row] for row in rows]


def cell_text(value: Any) -> str:
    """A cell as text: whitespace folded, whole numbers without ".0", dates as dd/mm/yyyy."""
    if value.__class__ is str:
        return nfc(" ".join(value.split()))
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
