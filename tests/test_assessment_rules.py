"""The yearly assessment judged by its dated rules: the points of each level (89/90, 69/70,
49/50), the task conditions, a discipline on the period's first and last day, the quota of
"excellent" at exactly 20 %, a member who moved cells during the round, and a round of
2024 judged under QĐ 124 (no points frame)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from partybuilding.assessments.choices import Level, NotRated, Stage
from partybuilding.assessments.models import MemberRating, OrganizationRating
from partybuilding.assessments.services import ratings as svc
from partybuilding.assessments.services.rounds import default_calendar, open_round
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.meetings import services as meetings
from partybuilding.organizations.models import SubtreeTotal

from .assessment_targets import disciplined
from .conftest import Tree
from .members_factories import make_member

pytestmark = pytest.mark.django_db

SCORES_100 = {"politics_ethics": 10, "innovation": 10, "self_criticism": 10, "cell_tasks": 40, "local_duties": 30}
ALL_DONE = {"done": 100, "on_time": 100, "exceeded": 0}


def scores(total: int) -> dict[str, int]:
    """Points per criterion of the "outside" frame adding up to `total`."""
    left = 100 - total
    result = dict(SCORES_100)
    for key in ("local_duties", "cell_tasks", "innovation", "politics_ethics", "self_criticism"):
        take = min(left, result[key])
        result[key] -= take
        left -= take
    return result


def open_year(tree: Tree, year: int = 2026, org: Any = None) -> Any:
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="tochuc.tinh")
    round_, _job = open_round(actor=officer, organization=org or tree.G1, title=f"Đánh giá năm {year}", **default_calendar(year))
    round_.refresh_from_db()
    return round_


def rating_of(round_: Any, member: Any) -> MemberRating:
    rating = MemberRating.objects.get(round=round_, member=member)
    rating.group = "outside"
    rating.save(update_fields=["group"])
    return rating


def held_meeting(cell: Any, day: dt.date) -> Any:
    meeting = meetings.meeting_plan(actor=None, organization=cell, kind="regular", date=day)
    meeting.status = "held"
    meeting.save(update_fields=["status"])
    return meeting


def through_vote(
    rating: MemberRating, total: int, level: str, day: dt.date = dt.date(2026, 12, 5), tasks: dict[str, int] | None = None
) -> MemberRating:
    svc.rating_self_assess(actor=None, rating=rating, level=level, scores=scores(total), tasks=tasks or ALL_DONE, date=day, group="outside")
    rating.refresh_from_db()
    meeting = held_meeting(rating.member.organization, day)
    svc.rating_vote(actor=None, rating=rating, level=level, meeting=meeting, votes_for=5, votes_present=6, date=day)
    rating.refresh_from_db()
    return rating


def decide(rating: MemberRating, level: str, **extra: Any) -> MemberRating:
    svc.rating_decide(actor=None, rating=rating, level=level, decision=Decision("12-QĐ/ĐU", dt.date(2026, 12, 6)), **extra)
    rating.refresh_from_db()
    return rating


def rate_not_completed(tree: Tree, member: Any, year: int) -> None:
    """The member rated "did not complete tasks" in a yearly round of `year`, every step taken."""
    rating = rating_of(open_year(tree, year), member)
    day = dt.date(year, 12, 5)
    svc.rating_self_assess(
        actor=None, rating=rating, level=Level.NOT_COMPLETED, scores=scores(40), tasks=ALL_DONE, date=day, group="outside"
    )
    rating.refresh_from_db()
    meeting = held_meeting(tree.X1, day)
    svc.rating_vote(actor=None, rating=rating, level=Level.NOT_COMPLETED, meeting=meeting, votes_for=4, votes_present=4, date=day)
    rating.refresh_from_db()
    svc.rating_decide(actor=None, rating=rating, level=Level.NOT_COMPLETED, not_completed_reason="other", decision=Decision("1-QĐ", day))


def test_the_round_lists_members_and_organizations_on_its_cutoff(tree: Tree) -> None:
    regular = make_member(tree.X1)
    recent = make_member(tree.X1, admitted=dt.date(2026, 9, 1), official=None)  # under 6 months on 01/12
    round_ = open_year(tree)
    assert round_.status == "open"
    assert MemberRating.objects.get(round=round_, member=regular).stage == Stage.LISTED
    apart = MemberRating.objects.get(round=round_, member=recent)
    assert (apart.stage, apart.not_rated) == (Stage.NOT_RATED, NotRated.NEW_MEMBER)
    assert set(OrganizationRating.objects.filter(round=round_).values_list("organization__code", flat=True)) == {"X1", "X2"}
    counted = dict(SubtreeTotal.objects.filter(organization=tree.P, key__startswith="as.2026.m.").values_list("key", "value"))
    assert counted["as.2026.m.present"] == 2 and counted["as.2026.m.pending"] == 1 and counted["as.2026.m.unrated.new_member"] == 1


@pytest.mark.parametrize(
    ("total", "level", "allowed"),
    [(90, Level.EXCELLENT, True), (89, Level.EXCELLENT, False), (70, Level.GOOD, True), (69, Level.GOOD, False),
     (50, Level.COMPLETED, True), (49, Level.COMPLETED, False), (49, Level.NOT_COMPLETED, True)],
)  # fmt: skip
def test_each_level_needs_its_points(tree: Tree, total: int, level: str, allowed: bool) -> None:
    member = make_member(tree.X1)
    rating = rating_of(open_year(tree), member)

    def call() -> None:
        svc.rating_self_assess(
            actor=None, rating=rating, level=level, scores=scores(total), tasks=ALL_DONE, date=dt.date(2026, 12, 5), group="outside"
        )

    if allowed:
        call()
        assert MemberRating.objects.get(pk=rating.pk).score == total
    else:
        with pytest.raises(Refusal, match="needs at least") as refused:
            call()
        assert "QĐ 366-QĐ/TW" in refused.value.rule


def test_good_needs_every_task_done_on_time(tree: Tree) -> None:
    member = make_member(tree.X1)
    rating = rating_of(open_year(tree), member)
    with pytest.raises(Refusal, match="on time"):
        svc.rating_self_assess(
            actor=None,
            rating=rating,
            level=Level.GOOD,
            scores=scores(80),
            tasks={"done": 100, "on_time": 90},
            date=dt.date(2026, 12, 5),
            group="outside",
        )


@pytest.mark.parametrize("day", [dt.date(2025, 1, 1), dt.date(2025, 12, 31)], ids=["first-day", "last-day"])
def test_a_member_disciplined_during_the_year_did_not_complete_tasks(tree: Tree, day: dt.date) -> None:
    member = make_member(tree.X1)
    rating = rating_of(open_year(tree, 2025), member)
    disciplined(member, day)
    assessed = dt.date(2025, 12, 5)
    with pytest.raises(Refusal, match="disciplined") as refused:
        svc.rating_self_assess(
            actor=None, rating=rating, level=Level.GOOD, scores=scores(80), tasks=ALL_DONE, date=assessed, group="outside"
        )
    assert "QĐ 366-QĐ/TW" in refused.value.rule
    svc.rating_self_assess(
        actor=None, rating=rating, level=Level.NOT_COMPLETED, scores=scores(80), tasks=ALL_DONE, date=assessed, group="outside"
    )


def test_a_discipline_of_the_year_before_does_not_count(tree: Tree) -> None:
    member = make_member(tree.X1)
    rating = rating_of(open_year(tree), member)
    disciplined(member, dt.date(2025, 12, 31))
    svc.rating_self_assess(
        actor=None, rating=rating, level=Level.GOOD, scores=scores(80), tasks=ALL_DONE, date=dt.date(2026, 12, 5), group="outside"
    )


def test_the_quota_allows_exactly_twenty_percent_then_needs_a_reason(tree: Tree) -> None:
    members = [make_member(tree.X1) for _ in range(6)]
    round_ = open_year(tree)
    rows = [rating_of(round_, m) for m in members]
    for r in rows[:4]:
        decide(through_vote(r, 80, Level.GOOD), Level.GOOD)
    # 1 excellent of 5 "good or above": exactly 20 %
    assert decide(through_vote(rows[4], 95, Level.EXCELLENT), Level.EXCELLENT).level == Level.EXCELLENT
    sixth = through_vote(rows[5], 95, Level.EXCELLENT)
    with pytest.raises(Refusal, match="over 20") as refused:
        decide(sixth, Level.EXCELLENT)
    assert refused.value.field == "quota_override"
    assert decide(sixth, Level.EXCELLENT, quota_override="Anh hùng lao động").quota_override == "Anh hùng lao động"


def test_a_member_who_moved_cells_is_rated_by_the_new_cell(tree: Tree) -> None:
    from partybuilding.members.lifecycle.services import move_member

    member = make_member(tree.X1)
    round_ = open_year(tree)
    rating = rating_of(round_, member)
    move_member(member, dt.date(2026, 12, 3), organization=tree.X2)
    member.refresh_from_db()
    rating = through_vote(rating, 80, Level.GOOD)
    assert rating.organization == tree.X2
    x1 = dict(SubtreeTotal.objects.filter(organization=tree.X1, key__startswith="as.2026.m.").values_list("key", "value"))
    x2 = dict(SubtreeTotal.objects.filter(organization=tree.X2, key__startswith="as.2026.m.").values_list("key", "value"))
    assert x1.get("as.2026.m.pending", 0) == 0 and x2["as.2026.m.pending"] == 1


def test_a_round_of_2024_is_judged_under_qd_124_without_points(tree: Tree) -> None:
    member = make_member(tree.X1)
    round_ = open_year(tree, 2024)
    rating = rating_of(round_, member)
    svc.rating_self_assess(
        actor=None, rating=rating, level=Level.EXCELLENT, scores={}, tasks={}, date=dt.date(2024, 12, 5), group="outside"
    )
    assert MemberRating.objects.get(pk=rating.pk).score is None


def test_two_years_not_completed_raise_the_removal_question(tree: Tree) -> None:
    from partybuilding.assessments.selectors import two_years_not_completed

    member = make_member(tree.X1)
    for year in (2025, 2026):
        rate_not_completed(tree, member, year)
    assert list(two_years_not_completed(tree.P, 2026).values_list("member_id", flat=True)) == [member.pk]


def test_the_counters_kept_with_each_step_match_a_recount(tree: Tree) -> None:
    from partybuilding.organizations.totals import recompute

    members = [make_member(tree.X1), make_member(tree.X2), make_member(tree.X1, admitted=dt.date(2026, 10, 1), official=None)]
    round_ = open_year(tree)
    decide(through_vote(rating_of(round_, members[0]), 80, Level.GOOD), Level.GOOD)
    through_vote(rating_of(round_, members[1]), 60, Level.COMPLETED)
    assert [d for d in recompute(prefixes=["as."]) if d[1].startswith("as.")] == []


def test_the_attention_list_names_the_removal_question(tree: Tree) -> None:
    from django.contrib.auth import get_user_model

    from partybuilding.assessments.selectors import attention_items

    member = make_member(tree.X1)
    for year in (2025, 2026):
        rate_not_completed(tree, member, year)
    officer = get_user_model().objects.get(username="tochuc.tinh")
    items = attention_items(tree.P, dt.date(2026, 12, 6), officer)
    assert [(i.label, i.count) for i in items if "two years" in i.label] == [("Rated “did not complete tasks” two years running", 1)]
