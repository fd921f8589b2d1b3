"""Reading a file of figures as a level reported them before the system: the form's own layout
(as our Excel export writes it) or a plain sheet of row code, column code and figure; every
line checked, every refusal reported with its line as Excel numbers it.

The form's own layout is told by its numbered header row ("A", "B", "1", "2"…): column A
holds the rows' codes, the figure columns follow in the form's column order, and a comparing
form's figure is its "this period" column (1). The table ends at the first line with neither
a code nor a figure (the note and the signature block follow it). The plain sheet is told by
its header ("Mã dòng / Row", "Mã cột / Column", "Số liệu / Figure")."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from python_calamine import CalamineError

from partybuilding.core.errors import Refusal
from partybuilding.core.sheets import Issue, cell_text, csv_rows, decode_text, is_csv, open_workbook
from partybuilding.core.text import nfc, search_key

from .definition import Definition, Row, Text

MAX_LINES = 5000  # a form has at most a few hundred figures; far more is another file
MAX_COLUMNS = 200
HEADER_LINES = 40  # where the header row is looked for
LARGEST_FIGURE = Decimal("999999999999.99")  # what the figure's column holds (14 digits, 2 decimals)

# The plain sheet's columns, as its header names them (either language, or both).
PLAIN_COLUMNS: dict[str, tuple[str, Any]] = {
    "row": ("Mã dòng", gettext_lazy("Row")),
    "column": ("Mã cột", gettext_lazy("Column")),
    "figure": ("Số liệu", gettext_lazy("Figure")),
}
_PLAIN_KEYS = {
    "row": {"ma dong", "row", "row code"},
    "column": {"ma cot", "column", "column code"},
    "figure": {"so lieu", "figure", "value"},
}
_FORM_CODE = re.compile(r"\b(\d+[a-z]?)\s*-\s*btctw\b", re.IGNORECASE)
_NUMBER_TEXT = re.compile(r"^-?\d+([.,]\d+)?$")
THIS = "this"  # a comparing form's figure of its own period (engine's column code)
FORM_LAYOUT, PLAIN_LAYOUT = "form", "plain"


@dataclass(frozen=True)
class Figure:
    """One figure read: where it was (line), the row's key, the column's code, the value."""

    line: int
    row: str
    column: str
    value: Decimal


@dataclass
class Reading:
    """What a file gave: its layout, its figures, and every refused line."""

    layout: str = ""
    figures: list[Figure] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    lines: int = 0  # the lines of figures read


def sheet_rows(raw: bytes, name: str) -> list[list[Any]]:
    """The first sheet's lines from line 1 (empty leading lines and columns kept, so that a
    line's number is Excel's), text in NFC; a CSV file's lines. Refused: a file that is not
    a workbook or a CSV file, or one far larger than a form."""
    if is_csv(raw, name):
        rows: list[list[Any]] = csv_rows(decode_text(raw))
    else:
        try:
            sheet = open_workbook(io.BytesIO(raw)).get_sheet_by_index(0)
            if sheet.total_height > MAX_LINES or sheet.total_width > MAX_COLUMNS:
                raise Refusal(
                    _("The sheet has more than %(lines)d lines or %(columns)d columns: a form's figures fit in far fewer.")
                    % {"lines": MAX_LINES, "columns": MAX_COLUMNS},
                    field="file",
                )
            rows = sheet.to_python(skip_empty_area=False)
        except (CalamineError, OSError, ValueError, IndexError) as exc:
            raise Refusal(
                _("The file could not be read as an Excel workbook or a CSV file (%(error)s).") % {"error": type(exc).__name__},
                field="file",
            ) from exc
    if len(rows) > MAX_LINES:
        raise Refusal(_("The file has more than %(lines)d lines.") % {"lines": MAX_LINES}, field="file")
    return [[nfc(cell) if isinstance(cell, str) else cell for cell in row] for row in rows]


# --- the form's rows and columns --------------------------------------------------------


def row_keys(definition: Definition) -> list[str]:
    """Each row's key among the reported figures: its code (unique within a form)."""
    return [row.code for row in definition.rows]


def figure_columns(definition: Definition) -> list[tuple[str, bool]]:
    """The form's figure columns in order, each (code, computed): a comparing form's this
    period, same period last year and percent; a table's columns."""
    if definition.compare:
        return [(THIS, False), ("last", True), ("percent", True)]
    return [(column.code, bool(column.percent)) for column in definition.columns]


@dataclass
class _Form:
    """The form a file is read against: its rows by key, the sections, its columns."""

    definition: Definition
    rows: dict[str, Row] = field(default_factory=dict)
    folded: dict[str, str] = field(default_factory=dict)  # a key without case → the key
    twice: set[str] = field(default_factory=set)
    in_section: dict[tuple[str, str], str] = field(default_factory=dict)  # (section, printed number) → code
    printed: dict[str, str] = field(default_factory=dict)  # a number printed once → code
    uncoded: str | None = None  # the key of the one row printed without a number (a table's total)

    def __post_init__(self) -> None:
        rows = self.definition.rows
        self.rows = {row.code: row for row in rows}
        self.folded = {code.casefold(): code for code in self.rows}
        printed = [row.printed for row in rows]
        # Numbers the form prints twice (forms 4 and 2B number the ethnic groups and the
        # religions from 1 each): read within the section last seen.
        self.twice = {number for number in printed if number and printed.count(number) > 1}
        section = ""
        for row in rows:
            if row.heading:
                section = row.code
            self.in_section[(section, row.printed)] = row.code
            if printed.count(row.printed) == 1:
                self.printed[row.printed] = row.code
        blank = [row.code for row in rows if not row.printed]
        self.uncoded = blank[0] if len(blank) == 1 else None

    def key(self, text: str, section: str = "") -> str | None:
        """The key of a row as the file writes it: its code, or the number the form prints
        (one printed twice, within the section last seen), the uncoded row for a blank code."""
        if not text:
            return self.uncoded
        if text in self.twice and section:
            return self.in_section.get((section, text))
        if text in self.rows:
            return text
        return self.folded.get(text.casefold()) or (self.printed.get(text) if text not in self.twice else None)

    def column(self, text: str) -> tuple[str | None, str]:
        """A column as the plain sheet names it (its code, or its number in the form's
        header), and the reason when it is refused."""
        columns = figure_columns(self.definition)
        found = next(((code, computed) for code, computed in columns if code.casefold() == text.casefold()), None)
        if found is None and text.isdigit() and 1 <= int(text) <= len(columns):
            found = columns[int(text) - 1]
        if not text:
            kept = [code for code, computed in columns if not computed]
            if len(kept) == 1:
                return kept[0], ""
            return None, _("Give the column's code: %(codes)s.") % {"codes": ", ".join(kept)}
        if found is None:
            known = ", ".join(code for code, computed in columns if not computed)
            return None, _("The form has no column “%(column)s” (its figure columns: %(codes)s).") % {"column": text, "codes": known}
        if found[1]:
            if self.definition.compare and found[0] == "last":
                return None, _("A comparing form's reported figure is the one of its own period (column “this”, 1).")
            return None, _("The column “%(column)s” is computed from the others, not reported.") % {"column": text}
        return found[0], ""


# --- one figure ------------------------------------------------------------------------


# A row the file names wrongly: its figure is still checked as a number (decimals allowed).
ANY_ROW = Row(code="", label=Text("", ""), count=None, average="any")


def figure_value(value: Any, row: Row) -> tuple[Decimal | None, str]:
    """A figure cell's value (None when blank) and the reason when it is refused: text,
    a negative number, a count that is not whole, a number past what is stored."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, bool):
        return None, _("“%(text)s” is not a figure.") % {"text": value}
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = cell_text(value)
        if not _NUMBER_TEXT.match(text):
            return None, _("“%(text)s” is not a figure: type a number.") % {"text": text[:40]}
        number = Decimal(text.replace(",", "."))
    try:
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        return None, _("“%(text)s” is not a figure: type a number.") % {"text": cell_text(value)[:40]}
    if number < 0:
        return None, _("A figure cannot be negative.")
    if number > LARGEST_FIGURE:
        return None, _("The figure is too large.")
    if row.average:
        return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), ""
    if number != number.to_integral_value():
        return None, _("This row counts people or organizations: type a whole number (without thousands separators).")
    return number.quantize(Decimal("1")), ""


# --- the two layouts ---------------------------------------------------------------------


def _cell(cells: list[Any], index: int | None) -> Any:
    return cells[index] if index is not None and index < len(cells) else None


def _numbered_header(rows: list[list[Any]]) -> int | None:
    return next(
        (i for i, cells in enumerate(rows[:HEADER_LINES]) if cell_text(_cell(cells, 0)) == "A" and cell_text(_cell(cells, 1)) == "B"),
        None,
    )


def _plain_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    for i, cells in enumerate(rows[:HEADER_LINES]):
        found: dict[str, int] = {}
        for index, cell in enumerate(cells):
            parts = {search_key(part) for part in re.split(r"[/()]", cell_text(cell))} | {search_key(cell_text(cell))}
            for name, keys in _PLAIN_KEYS.items():
                if parts & keys and name not in found:
                    found[name] = index
        if "row" in found and "figure" in found:
            return i, found
    return None


def _other_form(heading: list[list[Any]], definition: Definition) -> str | None:
    """The code of another form the file's heading names ("Biểu số 3-BTCTW"), if any."""
    named = {match.group(1).lower() for cells in heading for c in cells for match in _FORM_CODE.finditer(cell_text(c))}
    own = definition.code.split("-")[0].lower()
    return sorted(named)[0] if named and own not in named else None


def read_figures(rows: list[list[Any]], definition: Definition) -> Reading:
    """The figures of the file's lines for the form, every line checked."""
    form = _Form(definition)
    numbered, plain = _numbered_header(rows), _plain_header(rows)
    heading_ends = min((at for at in (numbered, plain[0] if plain else None) if at is not None), default=HEADER_LINES)
    other = _other_form(rows[:heading_ends], definition)
    if other:
        message = _("The file is form %(other)s-BTCTW, not form %(code)s.") % {"other": other.upper(), "code": definition.code}
        return Reading(issues=[Issue(1, "", message)])
    if numbered is not None and (plain is None or numbered <= plain[0]):
        reading = _read_form_layout(rows, numbered, form)
    elif plain is not None:
        reading = _read_plain(rows, *plain, form)
    else:
        message = _(
            "Neither layout was found: the form's own layout has a row of column numbers “A”, “B”, “1”, “2”…; "
            "a plain sheet has the columns “Mã dòng / Row”, “Mã cột / Column” and “Số liệu / Figure”."
        )
        return Reading(issues=[Issue(1, "", message)])
    seen: dict[tuple[str, str], int] = {}
    for figure in reading.figures:
        first = seen.setdefault((figure.row, figure.column), figure.line)
        if first != figure.line:
            message = _("The row %(row)s (column %(column)s) was given already on line %(line)d.") % {
                "row": figure.row, "column": figure.column, "line": first,
            }  # fmt: skip
            reading.issues.append(Issue(figure.line, "row", message))
    if not reading.figures and not reading.issues:
        reading.issues.append(Issue(1, "", _("The file holds no figure.")))
    reading.issues.sort(key=lambda issue: issue.line)
    return reading


def _check(reading: Reading, form: _Form, line: int, key: str, column: str, value: Any) -> None:
    row = form.rows[key]
    number, problem = figure_value(value, row)
    if problem:
        reading.issues.append(Issue(line, "figure", problem))
    elif number is not None and row.heading:
        reading.issues.append(Issue(line, "figure", _("The row %(row)s is a heading: it has no figure.") % {"row": key}))
    elif number is not None:
        reading.figures.append(Figure(line, key, column, number))


def _read_form_layout(rows: list[list[Any]], header: int, form: _Form) -> Reading:
    reading = Reading(layout=FORM_LAYOUT)
    columns = [(2 + n, code) for n, (code, computed) in enumerate(figure_columns(form.definition)) if not computed]
    headings = {row.code for row in form.definition.rows if row.heading}
    section = ""
    for index in range(header + 1, len(rows)):
        cells, line = rows[index], index + 1
        code = cell_text(_cell(cells, 0))
        given = [(column, _cell(cells, at)) for at, column in columns if cell_text(_cell(cells, at))]
        if not code and not given:
            break  # the end of the table: the note and the signatures follow
        reading.lines += 1
        if code in headings:
            section = code
        key = form.key(code, section)
        if key is None:
            if given:
                reading.issues.append(Issue(line, "row", _unknown_row(code, form)))
            continue
        for column, value in given:
            _check(reading, form, line, key, column, value)
    return reading


def _read_plain(rows: list[list[Any]], header: int, at: dict[str, int], form: _Form) -> Reading:
    reading = Reading(layout=PLAIN_LAYOUT)
    for index in range(header + 1, len(rows)):
        cells, line = rows[index], index + 1
        code, column_text = cell_text(_cell(cells, at["row"])), cell_text(_cell(cells, at.get("column")))
        value = _cell(cells, at["figure"])
        if not cell_text(value):
            continue  # no figure: the row was not reported (a blank line, or a template's row left empty)
        reading.lines += 1
        key = form.key(code)
        column, problem = form.column(column_text)
        if key is None:
            reading.issues.append(Issue(line, "row", _unknown_row(code, form)))
        if problem:
            reading.issues.append(Issue(line, "column", problem))
        if key is not None and column is not None:
            _check(reading, form, line, key, column, value)
        elif wrong := figure_value(value, form.rows[key] if key is not None else ANY_ROW)[1]:
            reading.issues.append(Issue(line, "figure", wrong))  # the figure is checked all the same
    return reading


def _unknown_row(code: str, form: _Form) -> str:
    if not code:
        return _("The line has figures but no row code.")
    if code in form.twice:
        return _("The form uses the code %(row)s twice: write it with its section, e.g. %(example)s.") % {
            "row": code, "example": next(key for key in form.rows if key.endswith(f".{code}")),
        }  # fmt: skip
    return _("The form %(form)s has no row %(row)s.") % {"form": form.definition.code, "row": code}
