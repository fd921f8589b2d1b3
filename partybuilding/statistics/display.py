"""A counted form laid out for the page and the PDF: the header's two rows with their merged
groups, the numbered columns, and each line's figures as the language writes them, each
figure the records give linked to the list behind it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .engine import Header, Table, Value
from .texts import column_numbers, figure


@dataclass(frozen=True)
class TopHeader:
    """A cell of the header's upper row: a group over `span` columns, or a column alone
    (spanning both rows when the header has two)."""

    label: str
    span: int
    alone: bool


@dataclass(frozen=True)
class ShownCell:
    text: str
    value: Value
    href: str = ""  # the list behind the figure; "" for a computed or reported one
    reported: bool = False


@dataclass(frozen=True)
class ShownLine:
    position: int  # the row's place in the form, from 1: what a drill-down names (codes repeat in forms 2B and 4)
    code: str
    label: str
    indent: int
    heading: bool
    not_recorded: bool
    cells: tuple[ShownCell, ...]


@dataclass(frozen=True)
class Shown:
    table: Table
    top: tuple[TopHeader, ...]
    lower: tuple[str, ...]  # the labels under the groups
    numbers: tuple[str, ...]
    lines: tuple[ShownLine, ...]

    @property
    def two_rows(self) -> bool:
        return self.table.two_header_rows

    @property
    def width(self) -> int:
        return len(self.table.headers)


Link = Callable[[int, Header], str]  # (row position, column) → the drill-down's URL


def top_headers(table: Table) -> tuple[tuple[TopHeader, ...], tuple[str, ...]]:
    top: list[TopHeader] = []
    lower: list[str] = []
    at = 0
    for group, span in table.groups:
        if group:
            top.append(TopHeader(str(group), span, alone=False))
            lower.extend(str(header.label) for header in table.headers[at : at + span])
        else:
            top.append(TopHeader(str(table.headers[at].label), 1, alone=True))
        at += span
    return tuple(top), tuple(lower)


def shown(table: Table, link: Link | None = None) -> Shown:
    """The table as printed; with `link`, each figure the records give links to its list."""
    lines = []
    for position, line in enumerate(table.lines, start=1):
        cells = tuple(
            ShownCell(
                figure(cell.value),
                cell.value,
                href=link(position, header) if link and cell.request is not None else "",
                reported=cell.reported,
            )
            for cell, header in zip(line.cells, table.headers, strict=False)
        )
        lines.append(ShownLine(position, line.row.printed, str(line.row.label), line.row.indent, line.heading, line.not_recorded, cells))
    top, lower = top_headers(table)
    return Shown(table, top, lower, tuple(column_numbers(table)), tuple(lines))
