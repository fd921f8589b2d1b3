"""What is missing: cells without their meetings, members absent without reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from partybuilding.core.attention import attention
from partybuilding.meetings import missing
from partybuilding.meetings.choices import MeetingKind, Presence

from .conftest import Personas, Tree
from .meetings_factories import held_meeting
from .members_factories import make_member

pytestmark = pytest.mark.django_db

P, E, U = Presence.PRESENT, Presence.EXCUSED, Presence.UNEXCUSED


@pytest.fixture
def cells(tree: Tree) -> dict[str, Any]:
    return {code: [make_member(getattr(tree, code)) for _ in range(3)] for code in ("X1", "X2", "Y1")}


def absent(tree: Tree, cells: dict[str, Any], who: Any, days: list[dt.date], presence: str = U) -> None:
    for day in days:
        held_meeting(tree.X1, day, {m: (presence if m == who else P) for m in cells["X1"]})


def flagged(tree: Tree, year: int) -> dict[int, int]:
    return {row["member_id"]: row["months"] for row in missing.members_absent_unexcused(tree.P, year, timezone.localdate())}


def test_three_months_without_reason_in_one_year_are_flagged(tree: Tree, cells: dict[str, Any]) -> None:
    who = cells["X1"][0]
    absent(tree, cells, who, [dt.date(2026, 1, 8), dt.date(2026, 3, 8)])
    assert who.pk not in flagged(tree, 2026)
    absent(tree, cells, who, [dt.date(2026, 5, 8)])
    assert flagged(tree, 2026) == {who.pk: 3}


def test_months_across_the_new_year_do_not_add_up(tree: Tree, cells: dict[str, Any]) -> None:
    who = cells["X1"][0]
    absent(tree, cells, who, [dt.date(2025, 11, 28), dt.date(2025, 12, 8), dt.date(2026, 1, 8)])
    assert flagged(tree, 2025) == {}
    assert flagged(tree, 2026) == {}


def test_two_absences_in_one_month_count_once_and_excused_ones_not_at_all(tree: Tree, cells: dict[str, Any]) -> None:
    who = cells["X1"][0]
    absent(tree, cells, who, [dt.date(2026, 2, 3), dt.date(2026, 2, 20), dt.date(2026, 4, 8)])
    absent(tree, cells, who, [dt.date(2026, 6, 8)], presence=E)
    assert flagged(tree, 2026) == {}


def test_the_cells_without_a_regular_meeting_in_a_month(tree: Tree, cells: dict[str, Any]) -> None:
    held_meeting(tree.X1, dt.date(2026, 3, 31), {m: P for m in cells["X1"]})
    held_meeting(tree.X2, dt.date(2026, 4, 1), {m: P for m in cells["X2"]})  # the next month
    held_meeting(tree.Y1, dt.date(2026, 3, 5), {m: P for m in cells["Y1"]}, kind=MeetingKind.THEMATIC)
    codes = [o.code for o in missing.cells_without_regular(tree.P, 2026, 3)]
    assert codes == ["X2", "Y1"]
    assert [o.code for o in missing.cells_without_regular(tree.C1, 2026, 3)] == ["X2"]


def test_a_planned_meeting_is_not_a_held_one(tree: Tree, cells: dict[str, Any]) -> None:
    held_meeting(tree.X1, dt.date(2026, 3, 10), {m: P for m in cells["X1"]}, close=False)
    from partybuilding.meetings.services import meeting_plan

    meeting_plan(actor=None, organization=tree.X2, kind=MeetingKind.REGULAR, date=dt.date(2026, 3, 10))
    assert [o.code for o in missing.cells_without_regular(tree.C1, 2026, 3)] == ["X2"]


def test_the_cells_without_a_thematic_meeting_in_a_quarter(tree: Tree, cells: dict[str, Any]) -> None:
    held_meeting(tree.X1, dt.date(2026, 6, 30), {m: P for m in cells["X1"]}, kind=MeetingKind.THEMATIC)
    held_meeting(tree.X2, dt.date(2026, 7, 1), {m: P for m in cells["X2"]}, kind=MeetingKind.THEMATIC)
    assert [o.code for o in missing.cells_without_thematic(tree.C1, 2026, 2)] == ["X2"]
    assert [o.code for o in missing.cells_without_thematic(tree.C1, 2026, 3)] == ["X1"]


def test_the_dashboard_attention_list_shows_the_missing_meetings(tree: Tree, cells: dict[str, Any], people: Personas) -> None:
    today = timezone.localdate()
    labels = {item.label: item.count for item in attention(tree.C1, today, people.commune_officer)}
    assert labels[f"Cells without a regular meeting in {today:%m/%Y}"] == 2
    assert attention(tree.C1, today, people.member) == []


def test_meetings_and_absences_follow_a_cell_moved_to_another_commune(tree: Tree, cells: dict[str, Any]) -> None:
    from partybuilding.core.records import Decision
    from partybuilding.organizations.services import organization_move

    who = cells["X1"][0]
    absent(tree, cells, who, [dt.date(2026, 1, 8), dt.date(2026, 3, 8), dt.date(2026, 5, 8)])
    organization_move(
        actor=None, org=tree.X1, new_parent=tree.G2, date=dt.date(2026, 7, 1), decision=Decision(number="9-QĐ", date=dt.date(2026, 6, 25))
    )
    tree.refresh()
    assert {row["member_id"] for row in missing.members_absent_unexcused(tree.C2, 2026, timezone.localdate())} == {who.pk}
    assert not list(missing.members_absent_unexcused(tree.C1, 2026, timezone.localdate()))
    assert "X1" not in [o.code for o in missing.cells_without_regular(tree.C2, 2026, 3)]
