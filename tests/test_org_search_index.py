"""The organization search: the same rows, in the same order, as the plain rule "every word in
the name (diacritics and case aside) or equal to the code", on SQLite and PostgreSQL; and on
PostgreSQL, read through the indexes of migration 0005 (a word too short for a trigram kept
out of the trigram index)."""

from __future__ import annotations

import pytest
from django.db import connection

from partybuilding.core.text import search_key
from partybuilding.organizations import selectors
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization
from partybuilding.organizations.services import organization_create

from .conftest import FOUNDING, REFORM, Tree

pytestmark = pytest.mark.django_db

SEARCHES = ["hoa lac", "HÒA LẠC", "thôn", "chi bộ", "bo", "g1", "x1 dong", "Ấp", "an bình", "xã hòa lạc cũ", "t", "không có", ""]


def plain_search(text: str) -> list[Organization]:
    """The rule itself, in Python over every organization."""
    words = search_key(text).split()
    found = [o for o in Organization.objects.all() if all(w in o.name_search or o.code.upper() == w.upper() for w in words)]
    return sorted(found, key=lambda o: (o.depth, o.name_search, o.pk))


@pytest.fixture
def namesakes(tree: Tree) -> list[Organization]:
    """Cells of the same name under one committee: the order among them must be fixed."""
    return [
        organization_create(
            actor=None, parent=tree.G1, code=f"X1{n}", name="Chi bộ Thôn Đông", kind=OrgKind.CELL, founded_on=REFORM, decision=FOUNDING
        )
        for n in range(3)
    ]


@pytest.mark.parametrize("text", SEARCHES)
def test_the_search_finds_what_the_plain_rule_finds_in_its_order(tree: Tree, namesakes: list[Organization], text: str) -> None:
    found = list(selectors.search(Organization.objects.all(), text))
    assert found == plain_search(text)


def test_a_search_by_part_of_the_name_ignores_diacritics_and_case(tree: Tree, namesakes: list[Organization]) -> None:
    assert [o.code for o in selectors.search(Organization.objects.all(), "HOA LAC")] == ["C2", "G2"]
    assert [o.code for o in selectors.search(Organization.objects.all(), "đông")] == ["X1", *[o.code for o in namesakes]]
    assert [o.code for o in selectors.search(Organization.objects.all(), "c1")] == ["C1"]  # a code, any case
    # A word of two letters is matched too (it is kept out of the trigram index, not out of the search).
    assert {o.code for o in selectors.search(Organization.objects.all(), "ap mot")} == {"Y1"}


def test_the_search_stays_within_the_rows_it_is_given(tree: Tree) -> None:
    within_c1 = Organization.objects.filter(path__startswith=tree.C1.path)
    assert [o.code for o in selectors.search(within_c1, "chi bo")] == ["X1", "X2"]


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's")


def plan(text: str) -> str:
    sql, params = selectors.search(Organization.objects.all(), text)[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        # A test tree is a few rows: scanning them (or reading the order's index whole) is
        # cheapest. Forbidding both leaves bitmap scans, which show which indexes can find
        # the rows, as they do on the national tree.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(line for (line,) in cursor.fetchall())


@postgresql_only
def test_postgresql_reads_a_name_or_a_code_through_the_indexes(tree: Tree) -> None:
    used = plan("hoa lac")
    assert "org_name_search_trgm" in used and "org_code_upper_idx" in used
    assert "BitmapOr" in used  # the name or the code, each word through an index


@postgresql_only
def test_postgresql_keeps_a_word_without_a_trigram_out_of_the_trigram_index(tree: Tree) -> None:
    used = plan("thon bo")
    index_conditions = [line for line in used.splitlines() if "Index Cond" in line]
    assert any("%thon%" in line for line in index_conditions)
    assert not any("%bo%" in line for line in index_conditions)  # "bo" would read the whole index


@postgresql_only
def test_postgresql_has_the_search_indexes() -> None:
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Organization._meta.db_table)
    assert {"org_name_search_trgm", "org_code_upper_idx", "org_depth_name_idx"} <= set(indexes)
