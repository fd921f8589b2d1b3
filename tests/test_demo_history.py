"""The demo's badges and committees: what a province's records would already hold."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from partybuilding.core.audit import audit_verify
from partybuilding.demo import history
from partybuilding.demo.members import Generator
from partybuilding.members import imports
from partybuilding.members.badges.selectors import due as due_on
from partybuilding.members.choices import CommitteeRoleKind
from partybuilding.members.committees.selectors import size_warnings
from partybuilding.members.models import BadgeAward, CommitteeRole, Member
from partybuilding.organizations.models import Organization

from .conftest import Tree

TODAY = dt.date(2026, 11, 22)


def load_members(homes: list[Organization], count: int, seed: int) -> None:
    candidates = Generator(seed=seed).members(homes, count)
    assert imports.check_candidates(candidates, within=Organization.objects.all()) == []
    imports.write(candidates, actor=None)


def test_badges_up_to_the_last_award_day_leave_only_the_next_ones_due(tree: Tree) -> None:
    load_members([tree.X1, tree.X2, tree.Y1], 400, seed=5)
    awarded = history.award_badges(TODAY)
    assert awarded == BadgeAward.objects.count() > 0
    last, following = dt.date(2026, 11, 7), dt.date(2027, 2, 3)
    due = list(due_on(Member.objects.all(), following))
    assert due, "some members reach a milestone before the next award day"
    for member in due:  # each reached its milestone after the last award day
        assert member.admission_date + relativedelta(years=member.milestone) > last
    assert audit_verify().ok


def test_each_cell_elects_the_secretary_or_committee_its_size_calls_for(tree: Tree) -> None:
    load_members([tree.X1, tree.X2], 30, seed=6)
    history.elect_cell_committees()
    for cell in (tree.X1, tree.X2):
        roles = set(CommitteeRole.objects.filter(term__organization=cell).values_list("role", flat=True))
        assert CommitteeRoleKind.SECRETARY in roles
    warnings = size_warnings(Organization.objects.filter(pk__in=[tree.X1.pk, tree.X2.pk]), TODAY)
    assert [w for w in warnings if "committee" in w.message] == []
    assert audit_verify().ok
