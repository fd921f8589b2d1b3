"""A form version counted for a node of the tree and a period: the table of figures the page,
the Excel file, the PDF and the API show.

Every cell is a request — a count, its conditions, and the period it falls in (this one, or
the same period last year). Requests sharing a count and a day are answered by one query
(`COUNT(*) FILTER (WHERE …)` per cell), or, for the members in the list today, by the subtree
counters the services keep (`fast.py`), so that the country's profile reads a few rows."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partybuilding.organizations.models import Organization

from . import fast
from .conditions import COUNTS, matching
from .definition import Column, Definition, Row, Text, parse
from .models import FormVersion, ReportedFigure
from .periods import Period
from .places import NOW, Place
from .records import records

Value = int | Decimal | None
THIS, LAST = 0, 1


def percent_of(part: Value, whole: Value) -> Decimal | None:
    """`part` in % of `whole`, to one decimal; none when the whole is 0 or missing."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def one_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Request:
    """What one cell counts: `count` over `where`, in period THIS or LAST; `on` the period's
    "end" or the day before its "start" (stocks); `average`: the average age, not a count."""

    count: str
    where: tuple[tuple[str, str], ...]  # the conditions, frozen: ((name, json), …)
    period: int
    on: str = "end"
    average: str = ""

    @property
    def conditions(self) -> dict[str, Any]:
        return {name: json.loads(value) for name, value in self.where}


def request(count: str, where: dict[str, Any], period: int, on: str = "end", average: str = "") -> Request:
    frozen = tuple(sorted((name, json.dumps(value, sort_keys=True)) for name, value in where.items()))
    return Request(count, frozen, period, on if COUNTS[count].stock else "end", average)


@dataclass(frozen=True)
class Header:
    code: str
    label: Text | str | Promise
    group: Text | str | Promise | None
    number: int
    percent: bool = False


@dataclass(frozen=True)
class Cell:
    value: Value
    request: Request | None = None  # None: a computed cell (a percent), no list behind it
    reported: bool = False  # taken from the figures reported for that period


@dataclass(frozen=True)
class Line:
    row: Row
    cells: tuple[Cell, ...]

    @property
    def heading(self) -> bool:
        return self.row.heading

    @property
    def not_recorded(self) -> bool:
        return not self.row.heading and self.row.count is None and not self.cells


@dataclass
class Table:
    version: FormVersion
    definition: Definition
    org: Organization
    period: Period
    mode: str
    today: dt.date
    headers: tuple[Header, ...] = ()
    lines: tuple[Line, ...] = ()
    reported_last: bool = False  # the comparison column comes from reported figures
    failed_checks: list[tuple[str, int, int]] = field(default_factory=list)  # (row, sum, figure)

    @property
    def day(self) -> dt.date:
        """The day a stock form counts: the period's end, or today while the period runs."""
        return self.period.stock_day(self.today)

    def line(self, code: str) -> Line:
        return next(line for line in self.lines if line.row.code == code)

    def value(self, row: str, column: str | int = 0) -> Value:
        """A figure by its row's code and its column's code (or position)."""
        index = column if isinstance(column, int) else next(i for i, h in enumerate(self.headers) if h.code == column)
        cells = self.line(row).cells
        return cells[index].value if cells else None

    @property
    def groups(self) -> list[tuple[Text | str | Promise | None, int]]:
        """The header's upper row: each group and how many columns it spans."""
        spans: list[tuple[Text | str | Promise | None, int]] = []
        for header in self.headers:
            if header.group and spans and spans[-1][0] == header.group:
                spans[-1] = (header.group, spans[-1][1] + 1)
            else:
                spans.append((header.group, 1))
        return spans

    @property
    def two_header_rows(self) -> bool:
        return any(header.group for header in self.headers)


def _cell_requests(definition: Definition, row: Row) -> list[Request | None]:
    """The requests of a row's cells in the form's column order (None: a computed cell)."""
    if row.heading or (row.count is None and not definition.columns):
        return []
    if definition.compare:
        if row.count is None:
            return []
        return [request(row.count, row.where, THIS, row.on, row.average), request(row.count, row.where, LAST, row.on, row.average), None]
    found: list[Request | None] = []
    for column in definition.columns:
        count = column.count or row.count
        if column.percent or count is None:
            found.append(None)
            continue
        found.append(request(count, {**row.where, **column.where}, THIS, row.on, row.average))
    return found


def _headers(definition: Definition) -> tuple[Header, ...]:
    if definition.compare:
        return (
            Header("this", _("This period"), None, 1),
            Header("last", _("Same period last year"), None, 2),
            Header("percent", _("This period in percent of last year"), None, 3, percent=True),
        )
    return tuple(Header(c.code, c.label, c.group, n, bool(c.percent)) for n, c in enumerate(definition.columns, start=1))


def answer(
    requests: set[Request],
    org: Organization,
    periods: tuple[Period, Period],
    mode: str,
    today: dt.date,
    *,
    counters: bool = True,
) -> dict[Request, Value]:
    """Every request's figure: one query per (count, day) group; today's member stocks from
    the counters where they can say (`counters=False`: from the records only)."""
    groups: dict[tuple[str, int, str], list[Request]] = defaultdict(list)
    for r in requests:
        groups[(r.count, r.period, r.on)].append(r)
    found: dict[Request, Value] = {}
    for (count, which, on), members in groups.items():
        period = periods[which]
        day = period.stock_day(today) if on == "end" else period.start - dt.timedelta(days=1)
        end = min(period.end, today)
        # Members in the list on a day: from today's counters, or a past day's snapshot (the
        # tree as it stands now), for the cells the counters can answer.
        counted = fast.counters_of(org, day, today) if counters and count == "members" and (mode == NOW or day == today) else None
        if counted is not None:
            known = fast.answer(members, counted)
            found.update(known)
            members = [r for r in members if r not in known]
            if not members:
                continue
        place = Place(org, day if COUNTS[count].stock else end, mode)
        rows, ctx = records(count, place, period.start, period.end, day, today)
        aggregates: dict[str, Any] = {}
        for n, r in enumerate(members):
            q = matching(r.conditions, ctx)
            aggregates[f"c{n}"] = Avg(ctx.age, filter=q) if r.average else Count("pk", filter=q)
        values = rows.aggregate(**aggregates)
        for n, r in enumerate(members):
            value = values[f"c{n}"]
            found[r] = one_decimal(value) if r.average else int(value or 0)
    return found


def reported(org: Organization, slug: str, period: Period) -> dict[tuple[str, str], Decimal]:
    rows = ReportedFigure.objects.filter(organization=org, form_slug=slug, start=period.start, end=period.end)
    return {(f.row, f.column): f.value for f in rows}


def count(version: FormVersion, org: Organization, period: Period, *, mode: str = NOW, today: dt.date, counters: bool = True) -> Table:
    """The form's figures for the node and the period (`counters=False`: every figure from the
    records, never from the subtree counters: what the counters are checked against)."""
    definition = parse(version.definition)
    table = Table(version, definition, org, period, mode, today, headers=_headers(definition))
    per_row = [_cell_requests(definition, row) for row in definition.rows]
    last = period.previous()
    # The comparison column from the figures reported for last year, where they were imported.
    earlier = reported(org, definition.slug, last) if definition.compare else {}
    wanted = {r for cells in per_row for r in cells if r is not None and not (r.period == LAST and earlier)}
    figures = answer(wanted, org, (period, last), mode, today, counters=counters)
    lines = []
    for row, requests in zip(definition.rows, per_row, strict=True):
        cells: list[Cell] = []
        for r in requests:
            if r is None:
                cells.append(Cell(None))
            elif r.period == LAST and earlier:
                value = earlier.get((row.code, "this"))
                cells.append(
                    Cell(int(value) if value is not None and value == int(value) and not r.average else value, None, reported=True)
                )
            else:
                cells.append(Cell(figures[r], r))
        lines.append(Line(row, tuple(_with_percents(definition, cells))))
    table.lines = tuple(lines)
    table.reported_last = bool(earlier)
    table.failed_checks = _failed_checks(table)
    return table


def _with_percents(definition: Definition, cells: list[Cell]) -> list[Cell]:
    if not cells:
        return cells
    if definition.compare:
        return [cells[0], cells[1], Cell(percent_of(cells[0].value, cells[1].value))]
    index = {c.code: i for i, c in enumerate(definition.columns)}
    return [
        Cell(percent_of(cells[index[column.percent[0]]].value, cells[index[column.percent[1]]].value)) if column.percent else cell
        for column, cell in zip(definition.columns, cells, strict=True)
    ]


def _failed_checks(table: Table) -> list[tuple[str, int, int]]:
    """The form's own identities (form 1: A + B − C = D) that the figures break, per period column."""
    failed = []
    for check in table.definition.checks:
        for column in range(2 if table.definition.compare else 1):
            figures = [table.value(code, column) for _sign, code in check.terms]
            target = table.value(check.equals, column)
            if any(f is None for f in figures) or target is None:
                continue
            total = sum(sign * int(f or 0) for (sign, _code), f in zip(check.terms, figures, strict=True))
            if total != target:
                failed.append((check.equals, total, int(target)))
    return failed


def version_for(slug: str, day: dt.date) -> FormVersion | None:
    """The version of a form in force on a day (the latest one starting before it otherwise)."""
    versions = FormVersion.objects.filter(slug=slug)
    return (
        versions.in_force(day).order_by("-valid_from").first()
        or versions.filter(valid_from__lte=day).order_by("-valid_from").first()
        or versions.order_by("valid_from").first()
    )


def column_of(definition: Definition, code: str) -> Column | None:
    return next((c for c in definition.columns if c.code == code), None)
