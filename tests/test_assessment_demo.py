"""The demo's assessments tell a true story: two decided years with a realistic spread kept
within each grassroots organization's quota, this year's round open with cells at different
stages, a member rated "did not complete tasks" two years running on the attention list, and
counters that a recount finds exact."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from partybuilding.assessments import judging
from partybuilding.assessments.choices import Level, RoundStatus, Stage
from partybuilding.assessments.models import FourGood, MemberRating, OrganizationRating, Round
from partybuilding.assessments.selectors import attention_items
from partybuilding.assessments.services.ratings import quota_of
from partybuilding.core.audit import audit_verify
from partybuilding.demo import assessments as demo_assessments

from .conftest import Personas, Tree
from .members_factories import make_member
from .test_assessment_rules import held_meeting

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 6)


def test_the_demo_decides_two_years_and_leaves_this_one_open(tree: Tree, people: Personas) -> None:
    for cell, count in ((tree.X1, 30), (tree.X2, 25), (tree.Y1, 30)):
        for _ in range(count):
            make_member(cell, admitted=dt.date(2015, 3, 3), official=dt.date(2016, 3, 3))
    held_meeting(tree.X1, dt.date(2026, 12, 2))
    written = demo_assessments.load(tree.P, TODAY, actor=people.provincial_officer, secretary_cell=tree.X1, seed=5)
    assert written == MemberRating.objects.count() == 3 * 85
    assert dict(Round.objects.values_list("year", "status")) == {2024: RoundStatus.CLOSED, 2025: RoundStatus.CLOSED, 2026: RoundStatus.OPEN}
    for year in (2024, 2025):
        levels = Counter(MemberRating.objects.filter(year=year).values_list("level", flat=True))
        assert sum(levels.values()) == 85 and levels[Level.GOOD] > levels[Level.EXCELLENT] > 0, levels
        round_ = Round.objects.get(year=year)
        for grassroots in (tree.G1, tree.G2):
            assert not quota_of(round_, grassroots).exceeded
        assert not OrganizationRating.objects.filter(year=year, stage=Stage.LISTED).exists()
        assert year != 2025 or MemberRating.objects.filter(year=year, score__isnull=True).count() == 0  # judged on points
    stages = Counter(MemberRating.objects.filter(year=2026).values_list("stage", flat=True))
    assert stages[Stage.LISTED] and stages[Stage.SELF_ASSESSED] + stages[Stage.VOTED] and stages[Stage.DECIDED] == 1
    items = attention_items(tree.P, TODAY, people.provincial_officer)
    assert [(i.label, i.count) for i in items if "two years" in i.label] == [("Rated “did not complete tasks” two years running", 1)]
    assert FourGood.objects.filter(stage="recognized").count() <= 2 * demo_assessments.FOUR_GOOD_CELLS
    out = StringIO()
    call_command("totals_check", stdout=out)  # raises on any drift
    assert "match" in out.getvalue()
    assert audit_verify().broken_at is None
    assert judging.quota_rule(dt.date(2025, 12, 31)) is not None
