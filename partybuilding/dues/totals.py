"""The dues counters kept in the subtree totals ("d." keys), per organization and month:
due, collected, exempted, reduced (đồng) and owing (charges with something outstanding).
They change in the same transaction as each charge, so a report of a province reads a
few hundred rows whatever the number of members; `manage.py totals_check` recounts them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, Q, Sum

from partybuilding.organizations import totals

NAMES = ("due", "collected", "exempted", "reduced", "owing")
PREFIX = "d."


def key(month: dt.date, name: str) -> str:
    return f"{PREFIX}{month:%Y%m}.{name}"


def keys_of(month: dt.date, *, due: int, paid: int, exempted: int, reduced: int) -> dict[str, int]:
    """What one charge adds to its organization's counters."""
    return {
        key(month, "due"): due,
        key(month, "collected"): paid,
        key(month, "exempted"): exempted,
        key(month, "reduced"): reduced,
        key(month, "owing"): 1 if paid < due else 0,
    }


class Deltas:
    """Changes gathered during a write, added to the totals once at its end."""

    def __init__(self) -> None:
        self.per_path: dict[str, dict[str, int]] = {}

    def add(self, path: str, counts: dict[str, int], sign: int = 1) -> None:
        node = self.per_path.setdefault(path, {})
        for k, v in counts.items():
            node[k] = node.get(k, 0) + sign * v

    def change(self, path: str, before: dict[str, int], after: dict[str, int]) -> None:
        self.add(path, before, -1)
        self.add(path, after)

    def save(self) -> None:
        changed = {path: {k: v for k, v in counts.items() if v} for path, counts in self.per_path.items()}
        changed = {path: counts for path, counts in changed.items() if counts}
        if changed:
            totals.add_many(changed)
        self.per_path = {}


def charge_keys(charge: object) -> dict[str, int]:
    c = charge
    return keys_of(c.month, due=c.due, paid=c.paid, exempted=c.exempted, reduced=c.reduced)  # type: ignore[attr-defined]


def per_node(rows: Iterable[Any]) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = {}
    for row in rows:
        node = result.setdefault(str(row["org_path"]), {})
        month = row["month"]
        assert isinstance(month, dt.date)
        for name in NAMES:
            value = int(row[f"n_{name}"] or 0)
            if value:
                node[key(month, name)] = node.get(key(month, name), 0) + value
    return result


@totals.recounts("d.")
def recount(id_by_path: dict[str, int]) -> totals.Counts:
    """Every "d." key recounted from the charges (for `manage.py totals_check`)."""
    from .models import Charge

    rows = (
        Charge.objects.values("org_path", "month")
        .annotate(
            n_due=Sum("due"),
            n_collected=Sum("paid"),
            n_exempted=Sum("exempted"),
            n_reduced=Sum("reduced"),
            n_owing=Count("pk", filter=Q(paid__lt=F("due"))),
        )
        .order_by()
        .iterator(chunk_size=20000)
    )
    return totals.roll_up(per_node(rows), id_by_path)
