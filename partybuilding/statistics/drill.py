"""From a figure to the records behind it: the members (or organizations) one cell counts,
found with the same filter that counted them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from partybuilding.organizations.models import Organization

from .conditions import COUNTS, matching
from .definition import Definition
from .engine import LAST, THIS, Request, _cell_requests
from .periods import Period
from .places import Place
from .records import members_of, organizations_of, records


@dataclass(frozen=True)
class Behind:
    """The records behind a cell: members, or organizations (`of_members` False)."""

    request: Request
    rows: QuerySet[Any]
    of_members: bool


def cell_request(definition: Definition, row_code: str, column: str) -> Request | None:
    """The request of the cell at a row (by code) and a column (by code; "this" or "last" in a
    comparing form); None for a heading, a computed cell or an unknown place."""
    row = next((r for r in definition.rows if r.code == row_code), None)
    if row is None:
        return None
    requests = _cell_requests(definition, row)
    if not requests:
        return None
    if definition.compare:
        index = {"this": THIS, "last": LAST}.get(column)
        return None if index is None else requests[index]
    codes = [c.code for c in definition.columns]
    return requests[codes.index(column)] if column in codes else None


def behind(r: Request, org: Organization, period: Period, mode: str, today: dt.date) -> Behind:
    """The members or organizations behind the figure of `r` for the node and the period
    (the period of the request: this one or the same one last year)."""
    chosen = period if r.period == THIS else period.previous()
    day = chosen.stock_day(today) if r.on == "end" else chosen.start - dt.timedelta(days=1)
    end = min(chosen.end, today)
    place = Place(org, day if COUNTS[r.count].stock else end, mode)
    rows, ctx = records(r.count, place, chosen.start, chosen.end, day, today)
    counted = rows.filter(matching(r.conditions, ctx))
    if COUNTS[r.count].of_members:
        return Behind(r, members_of(counted), True)
    return Behind(r, organizations_of(counted, r.count), False)
