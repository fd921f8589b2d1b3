"""Each organization's own figures, counted for a whole subtree by one grouped query per
count and day and added up the tree, are every organization's form figures as the engine
counts them from the records (both trees, before and after a merger); the events carry their
organizations' paths, kept when a subtree moves; and the consistency check walks the whole
subtree with a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partybuilding.members.models import MemberEvent
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization
from partybuilding.organizations.services.tree import move_subtree
from partybuilding.statistics.consistency import Check, Tree, post_order
from partybuilding.statistics.engine import count, version_for
from partybuilding.statistics.own_figures import belongs_to, own_figures
from partybuilding.statistics.periods import Period
from partybuilding.statistics.places import NOW, THEN

from .statistics_story import build_merger, build_story, member, org

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)
YEAR_2025 = Period("year", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
SLUGS = ["1", "2", "2b", "3", "4", "5", "7"]


def added_up(root: Organization, slug: str, period: Period, mode: str) -> tuple[dict[int, dict[Any, int]], dict[int, dict[Any, Any]]]:
    """Every organization's figures from `own_figures` added up the tree, and as the engine
    counts them (from the records only), for the requests that can be split."""
    version = version_for(slug, period.end)
    assert version is not None
    top = count(version, root, period, mode=mode, today=TODAY, counters=False)
    requests = list(dict.fromkeys(c.request for line in top.lines for c in line.cells if c.request and belongs_to(c.request)))
    assert requests, slug
    check, tree = Check(root, period, mode, TODAY, [version]), Tree(root, mode)
    by_day: dict[dt.date, list[Any]] = {}
    for r in requests:  # in the tree as it stood then, each day has its tree
        by_day.setdefault(check.day if mode == NOW else check.day_of(r), []).append(r)
    mine: dict[int, dict[Any, int]] = {}
    for day, asked in by_day.items():
        owned = own_figures(root, asked, (period, period.previous()), mode, TODAY)
        sums: dict[int, list[int]] = {}
        for node, kids in post_order(tree, day):
            sums[node] = [sum(values) for values in zip(owned.get(node, [0] * len(asked)), *(sums[k] for k in kids), strict=True)]
        for node, values in sums.items():
            mine.setdefault(node, {}).update(zip(asked, values, strict=True))
    engine = {}
    for node in mine:
        table = count(version, Organization.objects.get(pk=node), period, mode=mode, today=TODAY, counters=False)
        engine[node] = {c.request: c.value for line in table.lines for c in line.cells if c.request in mine[node]}
    return mine, engine


@pytest.mark.parametrize("mode", [NOW, THEN])
@pytest.mark.parametrize("slug", SLUGS)
def test_own_figures_added_up_are_each_organization_s_figures(slug: str, mode: str) -> None:
    story = build_story()
    mine, engine = added_up(story.P1, slug, YEAR_2025, mode)
    assert set(mine) == {o.pk for o in (story.P1, story.K1, story.G, story.A, story.B, story.H)}
    for node, figures in mine.items():
        assert figures == engine[node], Organization.objects.get(pk=node).code
    assert any(figures[r] for figures in mine.values() for r in figures)  # something was counted


@pytest.mark.parametrize("mode", [NOW, THEN])
@pytest.mark.parametrize("period", [YEAR_2025, Period("6m", dt.date(2025, 1, 1), dt.date(2025, 6, 30))])
def test_a_merged_commune_s_records_are_its_successor_s_in_the_tree_as_it_stands(mode: str, period: Period) -> None:
    merger = build_merger()
    province = merger.K1.parent
    assert province is not None
    for slug in ("1", "3"):
        mine, engine = added_up(province, slug, period, mode)
        for node, figures in mine.items():
            assert figures == engine[node], (slug, Organization.objects.get(pk=node).code)


def test_a_transfer_between_two_cells_cannot_be_split_among_organizations() -> None:
    story = build_story()
    table = count(version_for("1", YEAR_2025.end), story.P1, YEAR_2025, mode=NOW, today=TODAY)
    split = {line.row.code for line in table.lines for c in line.cells if c.request and belongs_to(c.request)}
    assert {"A", "B.1", "B.3", "C.1", "C.2", "C.3", "C.3.1", "C.4", "D"} <= split
    assert not split & {"B", "B.2", "B.2.a", "B.2.b", "C", "C.5", "C.5.a", "C.5.b"}  # moves, and the totals holding them


def test_events_keep_the_paths_of_their_organizations_also_when_a_subtree_moves() -> None:
    story = build_story()
    moved = MemberEvent.objects.filter(kind="transferred", to_organization=story.A).get()  # m8, from Z (P2) to A (P1) on 31/12
    assert (moved.org_path, moved.to_org_path) == (story.Z.path, story.A.path)
    assert all(e.org_path == e.organization.path for e in MemberEvent.objects.select_related("organization"))
    move_subtree(story.G, story.H)  # the school's committee now under the ward's cell, for the test's sake
    story.A.refresh_from_db()
    moved.refresh_from_db()
    assert moved.to_org_path == story.A.path and story.A.path.startswith(story.H.path)
    assert all(e.org_path == e.organization.path for e in MemberEvent.objects.select_related("organization"))


def test_the_check_of_a_subtree_does_not_count_each_organization_s_form() -> None:
    """A past period: the node's own form and one grouped query per count and day, however
    many organizations are below it (ten more cells, each with a member, add no query)."""
    story = build_story()
    version = version_for("1", YEAR_2025.end)
    assert version is not None

    def queries() -> int:
        with CaptureQueriesContext(connection) as sent:
            differences, _nodes = Check(story.P1, YEAR_2025, NOW, TODAY, [version]).run(None, lambda *args: None)
        assert differences == []
        return len(sent)

    before = queries()
    for n in range(10):
        cell = org(story.G, f"MORE{n}", OrgKind.CELL)
        member(cell, dt.date(2020, 1, 1), dt.date(2021, 1, 1))
    assert queries() == before
