"""Subtree totals: counters per organization covering its whole subtree, kept in the same
transaction as each write and rolled up the tree, so that a dashboard of any organization,
up to the whole country, reads a handful of rows.

Each app that keeps counters registers how to recount its keys from the source records
(`@recounts(prefix)`); `manage.py totals_check` compares and repairs. A model whose rows
carry a copy of their organization's path names that column in `path_copy`, so that moving
a subtree rewrites it too (`path_copies()`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db import models, transaction
from django.db.models import F

from partybuilding.core import paths

from .models import Organization, SubtreeTotal

Counts = dict[tuple[int, str], int]
Recount = Callable[[dict[str, int]], Counts]
_RECOUNTS: dict[str, Recount] = {}


def recounts(prefix: str) -> Callable[[Recount], Recount]:
    """Registers `recount(id_by_path)`, which returns the true value of every
    (organization id, key) under `prefix`."""

    def register(recount: Recount) -> Recount:
        _RECOUNTS[prefix] = recount
        return recount

    return register


def path_copies() -> list[tuple[type[models.Model], str]]:
    """Every model keeping a copy of an organization's path, with each column holding one
    (`path_copy` names a column, or several: a task keeps who assigned it and who carries it out)."""
    found = []
    for model in apps.get_models():
        columns = getattr(model, "path_copy", ())
        found += [(model, column) for column in ((columns,) if isinstance(columns, str) else columns)]
    return found


def add(path: str, deltas: dict[str, int], *, include_self: bool = True) -> None:
    """Add `deltas` to the totals of the node at `path` and of all its ancestors."""
    targets = paths.ancestor_paths(path) if include_self else paths.ancestor_paths(path)[:-1]
    _add_to(set(targets), deltas)


def move(old_path: str, new_path: str, keys: dict[str, int]) -> None:
    """Counters leaving the node at `old_path` for the node at `new_path` (both included)."""
    if old_path == new_path:
        return
    # Ancestors shared by both paths keep their totals: only the branches below them change.
    shared = {p for p in paths.ancestor_paths(old_path) if new_path.startswith(p)}
    _add_to(set(paths.ancestor_paths(old_path)) - shared, {k: -v for k, v in keys.items()})
    _add_to(set(paths.ancestor_paths(new_path)) - shared, keys)


def _add_to(targets: set[str], deltas: dict[str, int]) -> None:
    deltas = {k: d for k, d in deltas.items() if d}
    if not targets or not deltas:
        return
    ids = list(Organization.objects.filter(path__in=targets).values_list("id", flat=True))
    SubtreeTotal.objects.bulk_create([SubtreeTotal(organization_id=i, key=k, value=0) for i in ids for k in deltas], ignore_conflicts=True)
    for key, delta in deltas.items():
        SubtreeTotal.objects.filter(organization_id__in=ids, key=key).update(value=F("value") + delta)


def add_many(per_path: dict[str, dict[str, int]], *, chunk: int = 500) -> None:
    """Add each node's deltas to it and all its ancestors (a bulk write of thousands of
    records): one read of the ancestors' ids, then one upsert that adds to the stored
    values (`value = value + excluded.value`), instead of statements per record."""
    from django.db import connection

    ancestors = sorted({a for path in per_path for a in paths.ancestor_paths(path)})
    id_by_path: dict[str, int] = {}
    for i in range(0, len(ancestors), chunk):
        id_by_path.update(Organization.objects.filter(path__in=ancestors[i : i + chunk]).values_list("path", "id"))
    # Rows sorted (and so scanned back from the scratch table) in one order for every
    # writer: two imports lock them in the same order, never in a deadlock.
    rows = sorted((org_id, key, n) for (org_id, key), n in roll_up(per_path, id_by_path).items() if n)
    qn = connection.ops.quote_name
    table, key, value = qn(SubtreeTotal._meta.db_table), qn("key"), qn("value")
    upsert = f"ON CONFLICT (organization_id, {key}) DO UPDATE SET {value} = {table}.{value} + excluded.{value}"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor != "postgresql":
            cursor.executemany(f"INSERT INTO {table} (organization_id, {key}, {value}) VALUES (%s, %s, %s) {upsert}", rows)  # noqa: S608
            return
        # Hundreds of thousands of rows (each member adds to a dozen keys of five ancestors):
        # COPY them into a scratch table, then one INSERT … SELECT.
        cursor.execute("CREATE TEMPORARY TABLE totals_delta (organization_id bigint, key varchar(64), value bigint) ON COMMIT DROP")
        with cursor.cursor.copy("COPY totals_delta FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int8", "varchar", "int8"])
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} (organization_id, {key}, {value}) "  # noqa: S608 (quoted identifiers)
            f"SELECT organization_id, key, value FROM totals_delta {upsert}"
        )
        cursor.execute("DROP TABLE totals_delta")


def own(org: Organization) -> dict[str, int]:
    return dict(SubtreeTotal.objects.filter(organization=org).values_list("key", "value"))


def roll_up(per_node: dict[str, dict[str, int]], id_by_path: dict[str, int]) -> Counts:
    """Turn counts kept at each node's path into subtree counts of every ancestor."""
    result: Counts = {}
    for path, counts in per_node.items():
        for ancestor in paths.ancestor_paths(path):
            org_id = id_by_path.get(ancestor)
            if org_id is None:
                continue
            for key, n in counts.items():
                result[(org_id, key)] = result.get((org_id, key), 0) + n
    return result


@recounts("org.")
def _org_recount(id_by_path: dict[str, int]) -> Counts:
    from .choices import OrgStatus

    per_node: dict[str, dict[str, int]] = {}
    for path, kind in Organization.objects.filter(status=OrgStatus.ACTIVE).values_list("path", "kind").iterator(chunk_size=20000):
        per_node[path] = {f"org.{kind}": 1}
    return roll_up(per_node, id_by_path)


def recompute(*, fix: bool = False, prefixes: list[str] | None = None) -> list[tuple[int, str, int, int]]:
    """Recount registered totals; return the drift as (organization id, key, stored, counted)."""
    id_by_path = dict(Organization.objects.values_list("path", "id"))
    drift: list[tuple[int, str, int, int]] = []
    for prefix, recount in _RECOUNTS.items():
        if prefixes is not None and prefix not in prefixes:
            continue
        actual = recount(id_by_path)
        stored = {
            (org_id, key): value
            for org_id, key, value in SubtreeTotal.objects.filter(key__startswith=prefix)
            .values_list("organization_id", "key", "value")
            .iterator(chunk_size=20000)
        }
        drift += [
            (org_id, key, stored.get((org_id, key), 0), actual.get((org_id, key), 0))
            for (org_id, key) in sorted(set(actual) | set(stored))
            if stored.get((org_id, key), 0) != actual.get((org_id, key), 0)
        ]
    if fix and drift:
        with transaction.atomic():
            SubtreeTotal.objects.bulk_create(
                [SubtreeTotal(organization_id=o, key=k, value=a) for o, k, _s, a in drift],
                update_conflicts=True,
                unique_fields=["organization", "key"],
                update_fields=["value"],
                batch_size=5000,
            )
    return drift
