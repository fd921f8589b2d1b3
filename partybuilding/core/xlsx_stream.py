"""A long plain table as an Excel file, written as fast as Python writes text.

`core.xlsx.write_xlsx` goes through xlsxwriter, which spends some 6 µs on each cell: 25 s of
the 30 s a province's 267,000 members took, against 2 s to read them. This writer gives
the same sheet (the header bold on its fill and frozen, the widths, dates as dd/mm/yyyy,
the same cell values read back) by writing the sheet's XML a row at a time, straight into
the zip, in constant memory. It takes what the exports write (text, numbers, booleans,
dates, empty cells), each string as plain text (a leading "=" never a formula).
`tests/test_exports_fast.py` reads its files back against `write_xlsx`'s.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from xlsxwriter.utility import xl_col_to_name

from .xlsx import sheet_name

MAX_TEXT = 32767  # Excel's limit of a cell's text
EXCEL_DAY_ZERO = dt.date(1899, 12, 31).toordinal()  # serial 1 is 1 January 1900
FAKE_LEAP_DAY = dt.date(1900, 2, 28).toordinal()  # Excel counts a 29 February 1900 after it
WIDTH_PADDING = 0.7109375  # what Excel adds to a column's width in characters (as xlsxwriter writes it)

# Control characters are written as _xHHHH_ (and a literal "_xHHHH_" with its underscore escaped), as Excel does.
_ESCAPED_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_EDGE_SPACE = re.compile(r"^\s|\s$")

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    XML_HEAD + f'<Relationships xmlns="{PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    XML_HEAD + f'<Relationships xmlns="{PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_RELS}/styles" Target="styles.xml"/></Relationships>'
)
# Three cell styles: 0 plain, 1 the header (bold, filled, bordered), 2 a date.
HEADER_STYLE, DATE_STYLE = 1, 2
STYLES = (
    XML_HEAD + f"<styleSheet {NS}>"
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFF2DCDB"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def write_xlsx_fast(target: Any, title: Any, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> None:
    """One sheet as `core.xlsx.write_xlsx` writes it; `target` a path or a binary file."""
    letters = [xl_col_to_name(col) for col in range(len(header))]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", ROOT_RELS)
        package.writestr("xl/workbook.xml", _workbook(sheet_name(title)))
        package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        package.writestr("xl/styles.xml", STYLES)
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as raw:
            write = raw.write
            write(_sheet_start(header).encode())
            write(_row(1, [str(label) for label in header], letters, HEADER_STYLE).encode())
            batch: list[str] = []
            for r, row in enumerate(rows, start=2):
                batch.append(_row(r, row, letters))
                if len(batch) == 500:
                    write("".join(batch).encode())
                    batch.clear()
            write("".join(batch).encode())
            write(b'</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')


def _workbook(name: str) -> str:
    return (
        XML_HEAD + f"<workbook {NS} {REL_NS}><bookViews><workbookView/></bookViews>"
        f'<sheets><sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _sheet_start(header: Sequence[Any]) -> str:
    widths = "".join(
        f'<col min="{col}" max="{col}" width="{(18 if col > 1 else 14) + WIDTH_PADDING}" customWidth="1"/>'
        for col in range(1, len(header) + 1)
    )
    return (
        XML_HEAD + f"<worksheet {NS} {REL_NS}>"
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>'
        '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{widths}</cols><sheetData>"
    )


def _row(r: int, values: Sequence[Any], letters: list[str], style: int = 0) -> str:
    """A row's XML; an empty string or None writes no cell, as xlsxwriter does."""
    styled = f' s="{style}"' if style else ""
    cells = []
    for col, value in enumerate(values):
        kind = value.__class__
        if kind not in PLAIN and value is not None and not isinstance(value, dt.date):
            value = _plain(value)
            kind = value.__class__
        if kind is str:
            if value:
                cells.append(f'<c r="{letters[col]}{r}"{styled} t="inlineStr"><is>{_text(value)}</is></c>')
        elif kind is int or kind is float:
            cells.append(f'<c r="{letters[col]}{r}"{styled}><v>{value:.16G}</v></c>')
        elif kind is bool:
            cells.append(f'<c r="{letters[col]}{r}"{styled} t="b"><v>{int(value)}</v></c>')
        elif value is not None:  # a date, or a datetime written as its day
            cells.append(f'<c r="{letters[col]}{r}" s="{DATE_STYLE}"><v>{_serial(value)}</v></c>')
    return f'<row r="{r}">{"".join(cells)}</row>'


PLAIN = frozenset({str, int, float, bool})


def _plain(value: Any) -> Any:
    """What `write_xlsx` makes of another type: a number stays one (an IntegerChoices…), the rest is its text."""
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _text(value: str) -> str:
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    if _CONTROL.search(value) or "_x" in value:
        value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", _ESCAPED_ESCAPE.sub(r"_x005F\1", value))
    preserve = ' xml:space="preserve"' if _EDGE_SPACE.search(value) else ""
    return f"<t{preserve}>{escape(value)}</t>"


def _serial(day: dt.date) -> int:
    """Excel's serial number of a day (of a datetime, its day), with Excel's 29 February 1900."""
    ordinal = day.toordinal()
    return ordinal - EXCEL_DAY_ZERO + (1 if ordinal > FAKE_LEAP_DAY else 0)
