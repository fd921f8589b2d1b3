"""The demo's dues: bases, months charged, most paid, totals that match the charges."""

from __future__ import annotations

import datetime as dt

import pytest

from partybuilding.demo import dues as demo_dues
from partybuilding.dues.models import Charge, DuesBase, Payment
from partybuilding.organizations import totals

from .conftest import Tree
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def test_the_demo_charges_recent_months_and_pays_most_of_them(tree: Tree) -> None:
    for org in (tree.X1, tree.X2, tree.Y1):
        for _ in range(5):
            make_member(org)
    charged = demo_dues.load(tree.P, dt.date(2026, 6, 15))
    assert DuesBase.objects.count() == 15
    assert charged == 15 * (demo_dues.MONTHS_BACK + 1) == Charge.objects.count()
    assert 0 < Payment.objects.count() < charged
    assert totals.recompute(prefixes=["d."]) == []
