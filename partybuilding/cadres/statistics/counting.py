"""A form counted for a scope (everything managed in an organization's subtree) and a
period: a table of lines × cells, with its header rows as the form prints them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .facts import Fact
from .layout import Column, Form, Label, Period, Row

Cell = int | Decimal | None


def percent_of(part: int, whole: int) -> Decimal | None:
    """`part` in % of `whole` to one decimal; none when the whole is 0."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average_age(found: list[Fact]) -> Decimal | None:
    """The average age of the persons found (each once), to one decimal."""
    ages = {fact.person: fact.age for fact in found}
    if not ages:
        return None
    return (Decimal(sum(ages.values())) / Decimal(len(ages))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Header:
    """A column of the printed table: its label, the group above it, and its number."""

    code: str
    label: Label
    group: Label
    number: int
    percent: bool = False


@dataclass(frozen=True)
class Line:
    code: str
    label: Label
    indent: int
    heading: bool
    cells: tuple[Cell, ...]
    average: bool = False


@dataclass(frozen=True)
class Table:
    form: Form
    scope: Any
    period: Period
    level: str
    headers: tuple[Header, ...]
    lines: tuple[Line, ...]

    def cell(self, row_code: str, column_code: str, *, label: str | None = None) -> Cell:
        """One figure, by the row's code (and label, where codes repeat) and the column's code."""
        index = next(i for i, header in enumerate(self.headers) if header.code == column_code)
        line = next(line for line in self.lines if line.code == row_code and (label is None or str(line.label) == label))
        return line.cells[index]

    @property
    def groups(self) -> list[tuple[Label, int]]:
        """The header's upper row: each group and how many columns it spans (an empty group:
        a column whose label spans both header rows)."""
        spans: list[tuple[Label, int]] = []
        for header in self.headers:
            if header.group and spans and spans[-1][0] == header.group:
                spans[-1] = (header.group, spans[-1][1] + 1)
            else:
                spans.append((header.group, 1))
        return spans

    @property
    def top_headers(self) -> list[tuple[Label, int, bool]]:
        """The header's upper row as printed: a group's label and span, or a column's own
        label standing over both rows (True)."""
        top: list[tuple[Label, int, bool]] = []
        start = 0
        for group, span in self.groups:
            top.append((group, span, False) if group else (self.headers[start].label, 1, True))
            start += span
        return top

    @property
    def two_header_rows(self) -> bool:
        return any(header.group for header in self.headers)


def _count(row: Row, column: Column, found: list[Fact], indexes: set[int]) -> Cell:
    """The cell of `row` and `column`: the facts at `indexes` of `found` pass both tests."""
    if row.average:
        return average_age([found[i] for i in sorted(indexes)])
    return len({found[i].person for i in indexes}) if column.persons else len(indexes)


def _figures(form: Form, scope: Any, period: Period, level: str) -> list[tuple[Cell, ...]]:
    """Each row's test, then each column's, run once per fact (not once per cell): a cell is
    the intersection of its row's and its column's facts. A column is tested only on the facts
    some row counts, as a cell tests its column only on its row's facts."""
    sources = form.sources(scope, period, level)
    in_row: list[set[int] | None] = []
    reached: dict[str, set[int]] = {}
    for row in form.rows:
        if row.test is None:
            in_row.append(None)
            continue
        test = row.test
        hits = {i for i, fact in enumerate(sources[row.source]) if test(fact)}
        in_row.append(hits)
        reached.setdefault(row.source, set()).update(hits)
    in_column = {
        source: [{i for i in indexes if column.test(sources[source][i])} for column in form.columns] for source, indexes in reached.items()
    }
    return [
        ()
        if hits is None
        else tuple(_count(row, column, sources[row.source], hits & in_column[row.source][j]) for j, column in enumerate(form.columns))
        for row, hits in zip(form.rows, in_row, strict=True)
    ]


def _compared(now: tuple[Cell, ...], before: tuple[Cell, ...]) -> tuple[Cell, ...]:
    if not now:
        return ()
    this, last = int(now[0] or 0), int(before[0] or 0)
    return (this, last, percent_of(this, last))


def count(form: Form, scope: Any, period: Period, level: str = "") -> Table:
    """The form's figures for the scope and period; a comparing form (8A) counts its one
    column for the period and the same period last year, and the percent between them."""
    this = _figures(form, scope, period, level)
    if form.compare:
        last = _figures(form, scope, period.previous(), level)
        headers: tuple[Header, ...] = (
            Header("this", pgettext_lazy("cadre form", "This period"), "", 1),
            Header("last", _("Same period last year"), "", 2),
            Header("percent", _("This period in percent of last year"), "", 3, percent=True),
        )
        cells: list[tuple[Cell, ...]] = [_compared(now, before) for now, before in zip(this, last, strict=True)]
    else:
        headers = tuple(Header(c.code, c.label, c.group, n) for n, c in enumerate(form.columns, start=1))
        cells = this
    lines = tuple(
        Line(row.code, row.label, row.indent, row.test is None, tuple(figures), row.average)
        for row, figures in zip(form.rows, cells, strict=True)
    )
    return Table(form, scope, period, level, headers, lines)
