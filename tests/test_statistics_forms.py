"""Every row of the HD 11 forms 1, 2, 2B, 3, 4, 5 and 7 on a tree built by hand, against
figures worked out by hand (the story is in `statistics_story.py`); a member moving between
provinces on 31/12 counted once on each side; the tree as it stood before a merger and as it
stands after it; today's figures read from the counters equal to the ones counted from the
records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from partybuilding.statistics.engine import Table, count, version_for
from partybuilding.statistics.periods import Period
from partybuilding.statistics.places import NOW, THEN

from .conftest import shared_by_the_module
from .statistics_story import Story, build_merger, build_story, member

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)
YEAR_2025 = Period("year", dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture(scope="module")
def story(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Story]:
    yield from shared_by_the_module(django_db_blocker, build_story)


def form(slug: str, org: Any, period: Period = YEAR_2025, mode: str = NOW, today: dt.date = TODAY) -> Table:
    version = version_for(slug, period.end)
    assert version is not None
    return count(version, org, period, mode=mode, today=today)


def figures(table: Table, column: str | int = 0) -> dict[str, Any]:
    """Every counted row's figure in a column, by row code."""
    index = column if isinstance(column, int) else next(i for i, h in enumerate(table.headers) if h.code == column)
    return {line.row.code: line.cells[index].value for line in table.lines if line.cells}


def test_form_1_members_joining_and_leaving_a_province(story: Story) -> None:
    table = form("1", story.P1)
    assert table.version.valid_from == dt.date(2025, 7, 1)  # the version in force at the period's end
    this = figures(table, "this")
    assert this == {
        "A": 9, "B": 4, "B.1": 2, "B.2": 2, "B.2.a": 2, "B.2.b": 0, "B.3": 0,
        "C": 4, "C.1": 1, "C.2": 1, "C.3": 1, "C.3.1": 1, "C.4": 1, "C.5": 0, "C.5.a": 0, "C.5.b": 0,
        "D": 9,
    }  # fmt: skip
    last = figures(table, "last")
    assert (last["A"], last["B"], last["B.1"], last["C"], last["D"]) == (8, 1, 1, 0, 9)
    assert figures(table, "percent")["A"] == Decimal("112.5")  # 9 × 100 / 8
    assert table.failed_checks == []


def test_form_1_of_a_grassroots_committee_and_a_cell(story: Story) -> None:
    committee = figures(form("1", story.G), "this")
    assert (committee["A"], committee["B"], committee["B.1"], committee["B.2.a"], committee["B.2.b"]) == (7, 3, 1, 2, 0)
    assert (committee["C"], committee["C.3.1"], committee["C.5"], committee["C.5.b"], committee["D"]) == (4, 1, 1, 1, 6)
    cell = figures(form("1", story.H), "this")
    assert (cell["A"], cell["B"], cell["B.1"], cell["B.2.b"], cell["C"], cell["C.1"], cell["D"]) == (2, 2, 1, 1, 1, 1, 3)
    # The move between two organizations of the commune moves nobody in or out of it.
    commune = figures(form("1", story.K1), "this")
    assert (commune["B.2"], commune["C.5"], commune["A"], commune["D"]) == (2, 0, 9, 9)


def test_a_move_between_provinces_on_31_december_is_counted_once_on_each_side(story: Story) -> None:
    arriving, leaving = figures(form("1", story.P1), "this"), figures(form("1", story.P2), "this")
    assert (arriving["B.2.a"], arriving["D"]) == (2, 9)  # the member from P2 and the one from outside
    assert (leaving["A"], leaving["C.5"], leaving["C.5.a"], leaving["C.5.b"], leaving["D"]) == (1, 1, 1, 0, 0)
    next_year = Period("year", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    arriving_next = figures(form("1", story.P1, next_year, today=dt.date(2026, 12, 31)), "this")
    leaving_next = figures(form("1", story.P2, next_year, today=dt.date(2026, 12, 31)), "this")
    assert (arriving_next["A"], arriving_next["B.2"], leaving_next["A"], leaving_next["C.5"]) == (9, 0, 0, 0)


def test_form_2_members_newly_admitted(story: Story) -> None:
    this = figures(form("2", story.P1), "this")
    expected = {
        "I": 2, "I.1": 1, "I.2": 1, "I.3": 0, "I.4": 1, "I.5": 1, "I.6": 0, "I.7": 0, "I.8": 1,
        "II.1.1": 0, "II.1.5": 0, "II.1.7": 1, "II.1.7.1": 1, "II.1.7.3": 0, "II.1.8": 0, "II.1.10": 1, "II.1.12": 0,
        "II.2.1": 1, "II.2.2": 1, "II.2.3": 0, "II.2.8": 0, "II.2.9": Decimal("28.5"),
        "II.3.1": 0, "II.3.4": 2, "II.4.3": 1, "II.4.4": 1, "II.4.5": 0, "II.5.1": 0, "II.5.2": 0,
        "III.1": 1, "III.1.1": 1, "III.1.2": 0, "III.2": 1, "III.2.1": 1, "III.2.2": 1,
    }  # fmt: skip
    assert {code: this[code] for code in expected} == expected
    assert figures(form("2", story.P1), "last")["I"] == 1


def test_form_2b_admitted_by_ethnicity_and_religion(story: Story) -> None:
    table = form("2b", story.P1)
    assert [c.value for c in table.line("T").cells] == [2, 1, Decimal("50.0")]
    assert [c.value for c in table.line("I.1").cells] == [1, 0, Decimal("0.0")]  # Kinh
    assert [c.value for c in table.line("I.6").cells] == [1, 1, Decimal("100.0")]  # Mường
    assert [c.value for c in table.line("I.2").cells] == [0, 0, None]


def test_form_3_profile_of_the_membership(story: Story) -> None:
    this = figures(form("3", story.P1), "this")
    expected = {
        "I": 9, "I.1": 5, "I.2": 2, "I.3": 2, "I.4": 3, "I.5": 2, "I.6": 1, "I.7": 1,
        "II.1.a": 8, "II.1.a.1": 1, "II.1.a.2": 0, "II.1.a.4": 1, "II.1.a.5": 1, "II.1.a.7": 1, "II.1.a.7.1": 1,
        "II.1.a.8": 1, "II.1.a.9": 1, "II.1.a.10": 1, "II.1.a.11": 0, "II.1.a.12": 1,
        "II.1.b": 1, "II.1.b.1": 1,
        "II.2.1": 1, "II.2.2": 2, "II.2.3": 2, "II.2.4": 0, "II.2.5": 1, "II.2.6": 2, "II.2.7": 0, "II.2.8": 1,
        "II.2.9": Decimal("43.6"),
        "II.3.1": 0, "II.3.2": 0, "II.3.3": 1, "II.3.4": 8,
        "II.4.1": 0, "II.4.2": 1, "II.4.3": 1, "II.4.4": 7,
        "II.5.1": 1, "II.5.2": 1, "II.5.3": 1, "II.5.4": 2, "II.5.5": 1, "II.5.6": 1,
        "II.6.1": 0, "II.6.2": 1,
        "II.7.1": 2, "II.7.2": 1, "II.7.3": 1,
    }  # fmt: skip
    assert {code: this[code] for code in expected} == expected


def test_form_4_members_by_ethnicity_and_religion(story: Story) -> None:
    table = form("4", story.P1)
    rows = {line.row.code: [c.value for c in line.cells] for line in table.lines if line.cells}
    assert rows["T"] == [9, 5, Decimal("55.6")]
    assert rows["I.1"] == [7, 4, Decimal("57.1")]  # Kinh
    assert rows["I.2"] == [1, 0, Decimal("0.0")]  # Tày
    assert rows["I.6"] == [1, 1, Decimal("100.0")]  # Mường
    assert rows["I.56"] == [1, 0, Decimal("0.0")]  # of foreign origin
    assert rows["II.1"] == [1, 0, Decimal("0.0")]  # Buddhism
    assert rows["II.2"] == [1, 1, Decimal("100.0")]  # Catholicism
    assert rows["II.5"] == [1, 1, Decimal("100.0")]  # Protestantism
    assert (table.line("II.5").row.printed, table.line("II.5").row.label.vi) == ("5", "Tin Lành")


def test_form_5_organizations_and_members_by_type_of_unit(story: Story) -> None:
    table = form("5", story.P1)
    columns = ["grassroots", "committees", "cells", "sub_committees", "sub_cells", "members"]
    row = lambda code: [table.value(code, c) for c in columns]  # noqa: E731
    assert row("2") == [1, 0, 1, 0, 0, 3]  # the ward's grassroots cell
    assert row("6") == row("6.a") == [1, 1, 0, 0, 2, 6]  # the school's committee and its two cells
    assert row("1") == [0, 0, 0, 0, 0, 0]  # the commune-level committee is not grassroots since 07/2025
    assert row("T") == [2, 1, 1, 0, 2, 9]
    # Before the restructuring the 2021 version counted commune committees as grassroots ones.
    before = form("5", story.P1, Period("year", dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    assert before.version.valid_to == dt.date(2025, 6, 30)
    assert [before.value("1", c) for c in columns] == [1, 1, 0, 0, 0, 0]


def test_form_7_member_work_operations(story: Story) -> None:
    this = figures(form("7", story.P1), "this")
    expected = {
        "I.1.a": 1, "I.1.a.1": 1, "I.1.a.2": 0, "I.1.b": 1, "I.1.b.1": 0, "I.1.b.2": 1, "I.1.b.3": 0,
        "I.1.c": 0, "I.1.d": 1, "I.1.d.1": 0, "I.1.d.2": 1, "I.2": 1, "I.2.1": 1, "I.2.2": 0,
        "II": 1, "II.1": 1, "II.2": 0, "III": 2, "III.1": 1, "III.2": 1, "III.3": 0,
        "IV.1.1": 1, "IV.1.2": 0, "IV.2.1": 0, "IV.2.2": 2,
    }  # fmt: skip
    assert {code: this[code] for code in expected} == expected
    assert figures(form("7", story.P1), "last")["III.3"] == 1
    assert figures(form("7", story.P2), "this")["IV.2.1"] == 1
    assert form("7", story.P1).line("IV.3.1").not_recorded


def test_the_tree_as_it_stood_before_a_merger_and_as_it_stands_now(db: Any) -> None:
    merger = build_merger()
    before = Period("range", dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    after = Period("range", dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    members = lambda org, period, mode: form("3", org, period, mode).value("I", "this")  # noqa: E731
    assert (members(merger.K1, before, THEN), members(merger.K1, before, NOW)) == (2, 5)
    assert (members(merger.K2, before, THEN), members(merger.K2, before, NOW)) == (3, 0)
    assert (members(merger.K1, after, THEN), members(merger.K1, after, NOW)) == (5, 5)
    assert (members(merger.K2, after, THEN), members(merger.K2, after, NOW)) == (0, 0)


@pytest.mark.parametrize("slug", ["3", "4", "5"])
@pytest.mark.parametrize("mode", [NOW, THEN])
def test_todays_figures_from_the_counters_equal_the_records(story: Story, slug: str, mode: str) -> None:
    today = timezone.localdate()
    period = Period("year", dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    version = version_for(slug, today)
    assert version is not None
    for org in (story.P1, story.P2, story.K1, story.G, story.H):
        fast = count(version, org, period, mode=mode, today=today)
        counted = count(version, org, period, mode=mode, today=today, counters=False)
        assert [[c.value for c in line.cells] for line in fast.lines] == [[c.value for c in line.cells] for line in counted.lines], org.code
    row, column = {"3": ("I", "this"), "4": ("T", "total"), "5": ("T", "members")}[slug]
    assert count(version, story.P1, period, mode=mode, today=today).value(row, column) == 9


def test_a_snapshot_cuts_1975_at_30_april_by_the_months_of_admission(story: Story) -> None:
    """Form 3's Party-age bands part at 30/04/1975: a snapshot's whole years cannot say which
    side a member admitted in 1975 is on, its months of admission can."""
    from partybuilding.statistics import snapshots

    member(story.H, dt.date(1975, 3, 20), dt.date(1976, 3, 20), gender="M", date_of_birth=dt.date(1950, 1, 1))
    member(story.H, dt.date(1975, 6, 15), dt.date(1976, 6, 15), gender="M", date_of_birth=dt.date(1952, 1, 1))
    end_2025 = dt.date(2025, 12, 31)
    snapshots.take(end_2025, at_least=0)
    kept = snapshots.fresh(story.P1, end_2025)
    assert kept is not None and (kept["m.admitted_month.1975-03"], kept["m.admitted_month.1975-06"]) == (1, 1)
    version = version_for("3", end_2025)
    assert version is not None
    from_snapshot = figures(count(version, story.P1, YEAR_2025, today=TODAY), "this")
    from_records = figures(count(version, story.P1, YEAR_2025, today=TODAY, counters=False), "this")
    assert (from_snapshot["II.3.3"], from_snapshot["II.3.4"]) == (from_records["II.3.3"], from_records["II.3.4"])
    assert from_records["II.3.3"] >= 1 and from_records["II.3.4"] >= 1


def test_a_past_day_read_from_its_snapshot_equals_the_records_until_a_late_event(story: Story) -> None:
    from partybuilding.core.records import Decision
    from partybuilding.members.lifecycle.services import member_die
    from partybuilding.members.models import Member
    from partybuilding.statistics import snapshots

    end_2025 = dt.date(2025, 12, 31)
    assert snapshots.take(end_2025, at_least=0) > 0
    assert snapshots.fresh(story.P1, end_2025) is not None
    version = version_for("3", end_2025)
    assert version is not None
    for org in (story.P1, story.P2, story.K1, story.G):
        from_snapshot = count(version, org, YEAR_2025, today=TODAY)
        from_records = count(version, org, YEAR_2025, today=TODAY, counters=False)
        assert [[c.value for c in line.cells] for line in from_snapshot.lines] == [
            [c.value for c in line.cells] for line in from_records.lines
        ], org.code
    # A death recorded today but dated in 2025 makes the snapshot stale: the records count again.
    late = Member.objects.get(organization=story.H, occupation="state_official")
    member_die(actor=None, member=late, date=dt.date(2025, 11, 30), decision=Decision(number="12-QĐ", date=dt.date(2025, 12, 1)))
    assert snapshots.fresh(story.P1, end_2025) is None
    assert count(version, story.P1, YEAR_2025, today=TODAY).value("I", "this") == 8
    assert snapshots.stale_days([end_2025]) == [end_2025]
