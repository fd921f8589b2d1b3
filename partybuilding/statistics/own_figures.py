"""Every organization's own figures at once: the records that belong to each organization of
a subtree itself (none of its children's), counted by one query per count and day grouped by
the organization the records belong to. Added up the tree, they give each organization's
figure from the records; the consistency check compares them with what the forms print,
for the whole country in one pass, where counting each organization's form in turn would
take hours.

A figure can be split so only when each record belongs to one organization whatever place
is counted: a transfer between two cells is one cell's departure and the other's arrival,
but nothing for the commune holding both (such rows are marked not additive in the forms)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from partybuilding.organizations.models import Organization

from .conditions import COUNTS, WAYS_IN, WAYS_OUT, _values, matching
from .engine import Request
from .periods import Period
from .places import NOW, Place, final_successors
from .records import records

# The column naming the organization a record belongs to, per count.
BELONGS_TO = {
    "members": "organization_id",
    "admitted": "organization_id",
    "joined": "organization_id",
    "left": "organization_id",
    "organizations": "id",
    "badges": "member__organization_id",
    "cards": "member__organization_id",
    "rewards": "organization_id",
}
# The ways in and out that are the organization's own event, wherever the place counted.
OWN_WAYS = {"admitted", "reinstated", "from_outside", "died", "expelled", "removed", "left", "to_outside"}
assert set(WAYS_IN) | set(WAYS_OUT) >= OWN_WAYS


def belongs_to(r: Request) -> str | None:
    """The column to group the request's records by; None when the figure cannot be split
    among organizations (an average, a move between two of them, letters counted both ways)."""
    if r.average:
        return None
    where = r.conditions
    if r.count in ("joined", "left"):
        ways = set(_values(where.get("way", []))[0])
        return "organization_id" if ways and ways <= OWN_WAYS else None
    if r.count == "transfers":
        direction = _values(where.get("direction", []))[0]
        return {("out",): "from_organization_id", ("in",): "to_organization_id"}.get(tuple(direction))
    return BELONGS_TO.get(r.count)


def own_figures(
    root: Organization, requests: list[Request], periods: tuple[Period, Period], mode: str, today: dt.date
) -> dict[int, list[int]]:
    """Each organization's own figure of every request (in the order given), for the
    organizations the root's place counts. Requests that cannot be split stay 0. In the
    tree as it stands now, a merged organization's records are its final successor's."""
    final = final_successors() if mode == NOW else {}
    width = len(requests)
    found: dict[int, list[int]] = {}
    groups: dict[tuple[str, int, str, str], list[int]] = {}
    for k, r in enumerate(requests):
        column = belongs_to(r)
        if column is not None:
            groups.setdefault((r.count, r.period, r.on, column), []).append(k)
    for (count, which, on, column), ks in groups.items():
        period = periods[which]
        day = period.stock_day(today) if on == "end" else period.start - dt.timedelta(days=1)
        place = Place(root, day if COUNTS[count].stock else min(period.end, today), mode)
        rows, ctx = records(count, place, period.start, period.end, day, today)
        filters = {f"c{k}": matching(requests[k].conditions, ctx) for k in ks}
        counted = rows.order_by().values(column).annotate(**{name: Count("pk", filter=q) for name, q in filters.items()})
        for values in counted.values_list(column, *filters):
            org_id = final.get(values[0], values[0])
            figures = found.setdefault(org_id, [0] * width)
            for k, n in zip(ks, values[1:], strict=True):
                figures[k] += n
    return found
