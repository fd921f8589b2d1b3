"""The counters a bulk import writes: one upsert of every (organization, key) it touches
(`totals.add_many`) must leave what `totals.add`, node by node, leaves — rows already there
added to, missing rows created, zero deltas ignored — and an import into a tree that
already has members and counters leaves no drift for `totals_check`. Also what migration
0006 changed in the totals' table (no index of the organization's own; on PostgreSQL,
room left in each page for updates)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from partybuilding.core.scope import Action
from partybuilding.members import imports
from partybuilding.organizations import totals
from partybuilding.organizations.models import Organization, SubtreeTotal

from .conftest import Personas, Tree
from .members_factories import make_member
from .test_member_import import row, xlsx

pytestmark = pytest.mark.django_db


def stored(prefix: str) -> dict[tuple[int, str], int]:
    """Every counter under `prefix`, its key without the prefix."""
    rows = SubtreeTotal.objects.filter(key__startswith=prefix).values_list("organization_id", "key", "value")
    return {(org, key.removeprefix(prefix)): value for org, key, value in rows}


def test_add_many_leaves_what_add_leaves_node_by_node(tree: Tree) -> None:
    deltas = {
        tree.X1.path: {"all": 3, "gender.F": 2, "zero": 0},
        tree.X2.path: {"all": 1, "gender.M": 1},
        tree.Y1.path: {"all": -1, "new": 4},
        tree.G2.path: {"all": 2},  # a node with children of its own in the same write
    }
    for prefix in ("bulk.", "one."):  # the same counters already there under both prefixes
        totals.add(tree.X1.path, {f"{prefix}all": 5, f"{prefix}gender.F": 1})
        totals.add(tree.Y1.path, {f"{prefix}all": 2})
    totals.add_many({path: {f"bulk.{k}": n for k, n in keys.items()} for path, keys in deltas.items()})
    for path, keys in deltas.items():
        totals.add(path, {f"one.{k}": n for k, n in keys.items()})
    assert stored("bulk.") == stored("one.")
    assert stored("bulk.")[(tree.P.pk, "all")] == 5 + 2 + 3 + 1 - 1 + 2
    assert (tree.P.pk, "zero") not in stored("bulk.")  # nothing to add: no row


def test_an_import_into_a_tree_with_members_leaves_no_drift(tree: Tree, people: Personas) -> None:
    for org in (tree.X1, tree.X1, tree.Y1):
        make_member(org)
    before = {org.code: totals.own(org).get("m.all", 0) for org in (tree.P, tree.C1, tree.C2, tree.X2)}
    rows = [
        row(organization="X1", gender="Nam"),
        row(organization="X2", ethnicity="Tày"),
        row(organization="Y1", official_date="", card_number=""),
        row(organization="Y1", religion="Phật giáo"),
    ]
    report = imports.import_file(xlsx(rows), within=Organization.objects.visible_to(people.superuser, Action.MANAGE_MEMBERS), actor=None)
    assert report.ok and report.imported == 4
    after = {org.code: totals.own(org).get("m.all", 0) for org in (tree.P, tree.C1, tree.C2, tree.X2)}
    assert after == {"P": before["P"] + 4, "C1": before["C1"] + 2, "C2": before["C2"] + 2, "X2": before["X2"] + 1}
    assert totals.recompute() == []  # what totals_check recounts from the member records


def test_the_totals_have_no_index_of_the_organization_alone() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, SubtreeTotal._meta.db_table)
    by_columns = [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]
    assert ["organization_id", "key"] in by_columns  # which serves every look-up by organization
    assert ["organization_id"] not in by_columns


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL storage parameter")
def test_postgresql_leaves_room_in_the_totals_pages_for_updates() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [SubtreeTotal._meta.db_table])
        options: Any = cursor.fetchone()[0]
    assert "fillfactor=90" in options
