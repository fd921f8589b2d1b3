"""A node's children side by side: one column per active child organization (in the order of
the tree) and the node's own total, for one figure of the form on every row — "this period"
of a comparing form, or a chosen column of a table form.

Each child is counted on its own, as if its page were asked for (`engine.count`): its column
is what that child reports. At the country's level today's member stocks read the subtree
counters (`fast.py`) for each child, so the table of the provinces stays a few rows per
province; flows and past days are counted from the records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from partybuilding.organizations.models import Organization

from .engine import Header, Table, Value, count
from .models import FormVersion
from .periods import Period


@dataclass(frozen=True)
class ChildLine:
    position: int  # the row's place in the form, from 1
    code: str
    label: str
    indent: int
    heading: bool
    additive: bool
    values: tuple[Value, ...]  # one per child, then the node's own total


@dataclass(frozen=True)
class SideBySide:
    node: Table
    children: tuple[Organization, ...]
    column: Header
    lines: tuple[ChildLine, ...]


def children_of(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(parent=org).active().order_by("path")


def column_of(table: Table, code: str | None) -> Header | None:
    """The column asked for (`code`); by default the first: "this period" of a comparing form."""
    if not code:
        return table.headers[0]
    return next((header for header in table.headers if header.code == code), None)


def _value(table: Table, position: int, index: int) -> Value:
    cells = table.lines[position].cells
    return cells[index].value if cells else None


def side_by_side(
    version: FormVersion, org: Organization, period: Period, *, mode: str, today: dt.date, column: Header, node: Table
) -> SideBySide:
    """The children's figures in `column` beside `node` (the node's own table, already counted)."""
    index = node.headers.index(column)
    children = tuple(children_of(org))
    tables = [count(version, child, period, mode=mode, today=today) for child in children]
    lines = []
    for position, line in enumerate(node.lines):
        values = tuple(_value(table, position, index) for table in [*tables, node])
        row = line.row
        lines.append(
            ChildLine(position + 1, row.printed, str(row.label), row.indent, line.heading, row.additive and not row.average, values)
        )
    return SideBySide(node, children, column, tuple(lines))
