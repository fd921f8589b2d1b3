"""The admission report against totals counted by hand on a generated data set.

Admissions (member records' "admitted" events) in the small tree:

  year  cell  who (gender, ethnicity, religion, Youth Union, occupation)
  2021  X1    F Kinh none    YU student · M Tày none  –  private · F Kinh Buddhism YU pupil
  2021  X2    M Kinh none  –  other
  2021  Y1    F Kinh Catholic – private · M Kinh none YU other
  2022  X1    M Kinh none YU student · F Khơ-me none – other · M Kinh none – other (moved to Y1 in 2023)
  2022  Y1    F Kinh none – other   (+ a member transferred in from outside: not an admission)
  2023  X2    M Kinh none – pupil (15/03)
  2023  Y1    M Kinh none – other (01/02)
  2020  X1    one member, outside the years asked for

Targets: C1 5 (2021), 4 (2022), 10 (2023); C2 2, 2, 5; the province only for 2022 (5).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partybuilding.admissions.models import AdmissionTarget
from partybuilding.admissions.report import Figures, admission_report, lagging_units, percent
from partybuilding.core.records import Decision
from partybuilding.members.choices import EventKind
from partybuilding.members.lifecycle.services import member_transfer
from partybuilding.members.records.services import member_register

from .conftest import Tree
from .members_factories import make_member, personal

pytestmark = pytest.mark.django_db

ROWS = [
    ("X1", dt.date(2021, 3, 5), "F", "01", "none", True, "student"),
    ("X1", dt.date(2021, 6, 1), "M", "02", "none", False, "enterprise_worker"),
    ("X1", dt.date(2021, 12, 31), "F", "01", "buddhism", True, "pupil"),
    ("X2", dt.date(2021, 1, 1), "M", "01", "none", False, "other"),
    ("Y1", dt.date(2021, 9, 2), "F", "01", "catholicism", False, "enterprise_manager"),
    ("Y1", dt.date(2021, 11, 20), "M", "01", "none", True, "other"),
    ("X1", dt.date(2022, 2, 3), "M", "01", "none", True, "student"),
    ("X1", dt.date(2022, 5, 19), "F", "05", "none", False, "other"),
    ("Y1", dt.date(2022, 9, 2), "F", "01", "none", False, "other"),
    ("X2", dt.date(2023, 3, 15), "M", "01", "none", False, "pupil"),
    ("Y1", dt.date(2023, 2, 1), "M", "01", "none", False, "other"),
    ("X1", dt.date(2020, 7, 1), "M", "01", "none", False, "other"),
]
TARGETS = {("C1", 2021): 5, ("C1", 2022): 4, ("C1", 2023): 10, ("C2", 2021): 2, ("C2", 2022): 2, ("C2", 2023): 5, ("P", 2022): 5}


@pytest.fixture
def data(tree: Tree) -> Tree:
    orgs = {o: getattr(tree, o) for o in ("P", "C1", "C2", "X1", "X2", "Y1")}
    for code, admitted, gender, ethnicity, religion, youth, occupation in ROWS:
        make_member(
            orgs[code], admitted=admitted, official=None, gender=gender, ethnicity=ethnicity, religion=religion,
            youth_union=youth, occupation=occupation,
        )  # fmt: skip
    moved = make_member(tree.X1, admitted=dt.date(2022, 10, 10), official=None)
    member_transfer(actor=None, member=moved, to_organization=tree.Y1, date=dt.date(2023, 1, 9), decision=Decision("3-QĐ"))
    member_register(
        actor=None, organization=tree.Y1, data=personal(), admission_date=dt.date(2022, 4, 4),
        event_kind=EventKind.TRANSFERRED_IN, event_date=dt.date(2022, 8, 8), outside="Đảng bộ tỉnh khác",
    )  # fmt: skip
    for (code, year), target in TARGETS.items():
        AdmissionTarget.objects.create(organization=orgs[code], year=year, target=target)
    return tree


def test_percent_has_two_decimals_as_the_reports_print_it() -> None:
    assert percent(830, 820) == Decimal("101.22")
    assert percent(834, 815) == Decimal("102.33")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(5, 0) is None
    assert Figures(830, 820).text() == "830/820, 101.22%"
    assert Figures(3, 0).text() == "3/0"


def test_the_province_report_matches_the_hand_count(data: Tree) -> None:
    report = admission_report(data.P, 2021, 2023)
    assert report.year_on_year() == ["2021: 6/7, 85.71%", "2022: 4/5, 80.00%", "2023: 2/15, 13.33%"]
    assert report.total[2021].breakdown == {
        "women": 3, "minority": 1, "religious": 2, "youth_union": 3, "enterprise": 2, "student": 1, "pupil": 1
    }  # fmt: skip
    assert report.total[2022].breakdown == {
        "women": 2, "minority": 1, "religious": 0, "youth_union": 1, "enterprise": 0, "student": 1, "pupil": 0
    }  # fmt: skip
    units = {u.organization.code: u.years for u in report.units}
    assert list(units) == ["C1", "C2"]
    assert [units["C1"][y].text() for y in (2021, 2022, 2023)] == ["4/5, 80.00%", "3/4, 75.00%", "1/10, 10.00%"]
    assert [units["C2"][y].text() for y in (2021, 2022, 2023)] == ["2/2, 100.00%", "1/2, 50.00%", "1/5, 20.00%"]
    assert units["C1"][2021].breakdown == {
        "women": 2, "minority": 1, "religious": 1, "youth_union": 2, "enterprise": 1, "student": 1, "pupil": 1
    }  # fmt: skip
    assert units["C2"][2021].breakdown["religious"] == 1


def test_a_grassroots_report_splits_by_cell_and_has_no_target_of_its_own(data: Tree) -> None:
    report = admission_report(data.G1, 2021, 2022)
    units = {u.organization.code: u.years for u in report.units}
    assert {code: [units[code][y].admitted for y in (2021, 2022)] for code in units} == {"X1": [3, 3], "X2": [1, 0]}
    assert report.year_on_year() == ["2021: 4", "2022: 3"]


def test_the_report_is_three_queries_whatever_the_scope(data: Tree) -> None:
    for scope in (data.P, data.G1, data.X1):
        with CaptureQueriesContext(connection) as queries:
            admission_report(scope, 2015, 2025)
        assert len(queries) <= 3


def test_units_under_10_percent_of_their_target_by_a_date_are_flagged(data: Tree) -> None:
    # C1: nothing before 15/03/2023 (0/10), then 1/10 = 10.00%: not under 10%. C2: 1/5 from 01/02.
    assert [(u.organization.code, u.admitted, u.target) for u in lagging_units(data.P, dt.date(2023, 3, 14))] == [("C1", 0, 10)]
    assert lagging_units(data.P, dt.date(2023, 3, 15)) == []
    assert [u.organization.code for u in lagging_units(data.P, dt.date(2023, 1, 31))] == ["C1", "C2"]
    assert [u.organization.code for u in lagging_units(data.P, dt.date(2023, 3, 15), below_percent=15)] == ["C1"]


def test_a_moved_cell_takes_its_candidates_and_admissions_to_the_new_parent(data: Tree) -> None:
    from partybuilding.admissions.models import Candidate
    from partybuilding.organizations.services import organization_move

    from .admissions_factories import make_candidate

    candidate = make_candidate(data.X1)
    organization_move(
        actor=None, org=data.X1, new_parent=data.G2, date=dt.date(2025, 9, 1), decision=Decision("9-QĐ/TU", dt.date(2025, 8, 28))
    )
    data.refresh()
    assert Candidate.objects.get(pk=candidate.pk).org_path == data.X1.path
    units = {u.organization.code: u.years for u in admission_report(data.P, 2021, 2021).units}
    # History rolled up into today's structure: X1's 2021 admissions now count under C2.
    assert (units["C1"][2021].admitted, units["C2"][2021].admitted) == (1, 5)
