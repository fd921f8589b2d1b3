"""The standards gap: a post's standards (the rule in force, by level then title, "*" for
any) against the higher of the record's levels and the completed courses."""

from __future__ import annotations

import datetime as dt

import pytest

from partybuilding.cadres.choices import CourseKind, CourseLevel, Level, StateManagement, Title
from partybuilding.cadres.models import Training
from partybuilding.cadres.selectors.standards import lacks, planned_gaps, standards_of

from .cadre_targets import cadre_in, entry_in, position_in
from .conftest import Personas, Tree

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 6, 1)


def commune_post(tree: Tree):  # a commune's "*" post: intermediate theory, a degree, the specialist programme
    return position_in(tree.C1, Title.HEAD, level=Level.COMMUNE)


def qualified(tree: Tree, **fields):
    values = {"theory": "intermediate", "qualification": "bachelor", "state_management": StateManagement.SPECIALIST, **fields}
    return cadre_in(tree.C1, given_name="Đủ", **values)


def course(cadre, level: str, kind: str = CourseKind.THEORY, completed: bool = True, ends: dt.date = dt.date(2025, 6, 30)) -> Training:
    return Training.objects.create(
        cadre=cadre,
        manager_path=cadre.manager_path,
        kind=kind,
        level=level,
        name="Khóa học",
        starts_on=dt.date(2024, 9, 1),
        ends_on=ends,
        completed=completed,
    )


def test_the_standards_come_by_level_then_title_with_fallbacks(tree: Tree) -> None:
    secretary = position_in(tree.P, Title.SECRETARY, level=Level.PROVINCE)
    head = position_in(tree.P, Title.HEAD, level=Level.PROVINCE)
    grassroots = position_in(tree.G1, Title.HEAD, level=Level.GRASSROOTS)
    assert standards_of(secretary, ON)["state_management"] == "senior_specialist"
    assert standards_of(head, ON)["state_management"] == "main_specialist"  # the province's "*"
    assert standards_of(grassroots, ON)["theory"] == "intermediate"  # the table's "*"
    assert standards_of(head, dt.date(2010, 1, 1)) == {}  # before any table was recorded


def test_a_cadre_meeting_the_standards_lacks_nothing(tree: Tree) -> None:
    assert lacks(qualified(tree), commune_post(tree), ON) == []


def test_intermediate_theory_is_short_of_advanced(tree: Tree) -> None:
    post = position_in(tree.P, Title.HEAD, level=Level.PROVINCE)  # advanced theory, main specialist
    cadre = qualified(tree, state_management=StateManagement.MAIN_SPECIALIST)
    assert lacks(cadre, post, ON) == ["Advanced political theory (has: intermediate)"]
    cadre.theory = "advanced"
    assert lacks(cadre, post, ON) == []


def test_a_completed_course_lifts_the_level_and_an_uncompleted_one_does_not(tree: Tree) -> None:
    post = position_in(tree.P, Title.HEAD, level=Level.PROVINCE)
    cadre = qualified(tree, state_management=StateManagement.MAIN_SPECIALIST)
    course(cadre, CourseLevel.THEORY_ADVANCED, completed=False)
    assert lacks(cadre, post, ON) == ["Advanced political theory (has: intermediate)"]
    course(cadre, CourseLevel.THEORY_ADVANCED, ends=dt.date(2026, 7, 1))  # completed after the day asked
    assert lacks(cadre, post, ON) != []
    course(cadre, CourseLevel.THEORY_ADVANCED)
    assert lacks(cadre, post, ON) == []


def test_a_bachelor_of_political_theory_counts_as_advanced(tree: Tree) -> None:
    post = position_in(tree.P, Title.HEAD, level=Level.PROVINCE)
    cadre = qualified(tree, theory="none", state_management=StateManagement.MAIN_SPECIALIST)
    course(cadre, CourseLevel.THEORY_BACHELOR)
    assert lacks(cadre, post, ON) == []


def test_every_missing_standard_is_said(tree: Tree) -> None:
    cadre = qualified(tree, theory="elementary", qualification="college", state_management=StateManagement.NONE)
    assert lacks(cadre, commune_post(tree), ON) == [
        "Intermediate political theory (has: elementary)",
        "A university degree (has: college)",
        "State management: specialist programme (has: no state-management programme)",
    ]
    course(cadre, CourseLevel.MASTER, kind=CourseKind.PROFESSIONAL)
    course(cadre, CourseLevel.SPECIALIST, kind=CourseKind.STATE_MANAGEMENT)
    assert lacks(cadre, commune_post(tree), ON) == ["Intermediate political theory (has: elementary)"]


def test_the_list_of_gaps_shows_the_planned_cadres_lacking_something(tree: Tree, people: Personas) -> None:
    entry = entry_in(tree.C1)  # the sample cadre: no theory, no degree
    gaps = planned_gaps(people.commune_officer, tree.C1, ON)
    assert [g.entry.pk for g in gaps] == [entry.pk] and len(gaps[0].missing) == 3
    assert planned_gaps(people.outsider, None, ON) == []  # another commune's officer reads none
