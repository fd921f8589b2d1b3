"""HD 11 forms 8–13 counted from a hand-built set of records in P, C1 and C2: each form's
figures against numbers worked out by hand, the scope (C1's report does not count C2's), the
year's boundaries (31/12 against 01/01) and the day a stock is counted on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from partybuilding.cadres.choices import (
    AcademicTitle,
    AppointmentKind,
    AppointmentState,
    CourseKind,
    CourseLevel,
    CourseMode,
    CoursePlace,
    Direction,
    Level,
    MoveKind,
    PlanningState,
    RefresherTopic,
    StaffCategory,
    Title,
)
from partybuilding.cadres.models import Appointment, Holding, Move, PlanningEntry, Training
from partybuilding.cadres.statistics.counting import Table, count
from partybuilding.cadres.statistics.forms import form_of
from partybuilding.cadres.statistics.layout import Period

from .cadre_targets import cadre_in, planning_in, position_in

pytestmark = pytest.mark.django_db

YEAR = Period.of(2026)


def person(org: Any, given: str, gender: str, born: dt.date, **fields: Any) -> Any:
    return cadre_in(org, family_name="Lê", middle_name="Văn", given_name=given, gender=gender, date_of_birth=born, **fields)


def post(org: Any, title: str, level: str = "") -> Any:
    return position_in(org, title, level=level) if level else position_in(org, title)


def hold(cadre: Any, position: Any, since: dt.date, ended: dt.date | None = None) -> Holding:
    return Holding.objects.create(cadre=cadre, position=position, manager_path=position.manager_path, started_on=since, ended_on=ended)


@pytest.fixture
def cadres(tree: Any) -> dict[str, Any]:
    """a: a woman of an ethnic minority in P, master, advanced theory, associate professor, on
    the payroll since 2020; b: a man in P, university, recruited by exam on 01/03/2026; c: a
    woman in C1, retired on 31/12/2026; d: a man in C2 on a Decree 68 contract; e: not paid
    from the budget."""
    p, c1, c2 = tree.P, tree.C1, tree.C2
    return {
        "a": person(
            p,
            "An",
            "F",
            dt.date(1990, 6, 1),
            ethnicity="02",
            qualification="master",
            theory="advanced",
            academic_title=AcademicTitle.ASSOCIATE_PROFESSOR,
            staff_since=dt.date(2020, 1, 1),
        ),
        "b": person(
            p,
            "Bình",
            "M",
            dt.date(1970, 1, 1),
            qualification="bachelor",
            theory="intermediate",
            staff_category=StaffCategory.PUBLIC_EMPLOYEE,
            staff_since=dt.date(2026, 3, 1),
            staff_in="exam",
        ),
        "c": person(
            c1,
            "Cúc",
            "F",
            dt.date(1960, 12, 31),
            qualification="college",
            theory="elementary",
            staff_since=dt.date(2010, 1, 1),
            staff_until=dt.date(2026, 12, 31),
            staff_out="retired",
        ),
        "d": person(c2, "Dũng", "M", dt.date(1985, 7, 1), staff_category=StaffCategory.CONTRACT_68, staff_since=dt.date(2015, 1, 1)),
        "e": person(p, "Em", "M", dt.date(1980, 1, 1), staff_category=StaffCategory.NOT_BUDGET),
    }


def figures(table: Table, column: str) -> dict[str, Any]:
    return {
        f"{line.code}:{line.label}": line.cells[[h.code for h in table.headers].index(column)] for line in table.lines if not line.heading
    }


# --- 8A, 8B ---------------------------------------------------------------------------------------


def test_8a_counts_the_payroll_in_and_out_with_last_year(tree, cadres):
    table = count(form_of("8a"), tree.P, YEAR)
    assert [h.code for h in table.headers] == ["this", "last", "percent"]
    assert table.cell("A", "this") == 3 and table.cell("A", "last") == 3 and table.cell("A", "percent") == Decimal("100.0")
    assert table.cell("A.1", "this") == 2  # a and c, civil servants
    assert table.cell("A.3", "this") == 1  # d, Decree 68
    assert table.cell("B", "this") == 1 and table.cell("B.1", "this") == 1 and table.cell("B", "last") == 0
    assert table.cell("B", "percent") is None  # nothing last year to compare with
    assert table.cell("C", "this") == 1 and table.cell("C.1", "this") == 1  # c retired on 31/12/2026
    assert table.cell("D", "this") == 3  # a, b, d: c is gone on the last day
    assert table.cell("D.2", "this") == 1  # b, a public employee


def test_8a_a_departure_on_01_01_falls_in_the_next_year(tree, cadres):
    cadres["c"].staff_until = dt.date(2027, 1, 1)
    cadres["c"].save()
    table = count(form_of("8a"), tree.P, YEAR)
    assert table.cell("C", "this") == 0 and table.cell("D", "this") == 4
    assert count(form_of("8a"), tree.P, Period.of(2027)).cell("C", "this") == 1


def test_8a_of_a_commune_counts_only_its_own(tree, cadres):
    table = count(form_of("8a"), tree.C1, YEAR)
    assert table.cell("A", "this") == 1 and table.cell("C", "this") == 1 and table.cell("D", "this") == 0 and table.cell("B", "this") == 0


def test_8b_quality_by_level_with_the_average_age(tree, cadres):
    table = count(form_of("8b"), tree.P, YEAR)
    assert table.cell("", "total") == 3 and table.cell("", Level.PROVINCE) == 2 and table.cell("", Level.COMMUNE) == 1
    assert table.cell("2", "total") == 1 and table.cell("3", "total") == 1  # women, ethnic minority: a
    assert table.cell("4", "total") == 0  # no cadre here is linked to a member record
    assert table.cell("5.3", "total") == 1  # a is 36 on 31/12/2026
    assert table.cell("5.4", "total") == 1 and table.cell("5.4", Level.COMMUNE) == 1  # d is 41
    assert table.cell("5.7", "total") == 1  # b is 56
    assert table.cell("5.9", "total") == Decimal("44.3")  # (36 + 56 + 41) / 3
    assert table.cell("6.1", "total") == 1 and table.cell("6.3", "total") == 1 and table.cell("6.4", "total") == 1
    assert table.cell("7", "total") == 1  # associate professor
    # counted on 30/06/2026 instead: c is still there, b already
    on = count(form_of("8b"), tree.P, Period.of(2026, dt.date(2026, 6, 30)))
    assert on.cell("", "total") == 4 and on.cell("", Level.COMMUNE) == 2


# --- 9 -------------------------------------------------------------------------------------------------


@pytest.fixture
def holdings(tree, cadres):
    a, b, c, d = (cadres[k] for k in "abcd")
    secretary, deputy, head = post(tree.P, Title.SECRETARY), post(tree.P, Title.DEPUTY_SECRETARY), post(tree.P, Title.HEAD)
    member = post(tree.P, Title.COMMITTEE_MEMBER)
    hold(a, secretary, dt.date(2025, 10, 1))
    hold(a, head, dt.date(2025, 10, 1))
    hold(b, deputy, dt.date(2026, 12, 31))
    hold(d, member, dt.date(2025, 10, 1), ended=dt.date(2026, 6, 30))
    hold(c, post(tree.C1, Title.SECRETARY), dt.date(2025, 10, 1))
    hold(d, post(tree.C2, Title.SECRETARY), dt.date(2027, 1, 1))
    return secretary


def test_9a_leaders_in_post_on_31_12(tree, holdings):
    table = count(form_of("9", Level.PROVINCE), tree.P, YEAR, Level.PROVINCE)
    assert table.form.code == "9A-BTCTW"
    assert table.cell("", "total") == 2  # a (two posts, one person) and b (since 31/12)
    assert table.cell("", Title.SECRETARY) == 1 and table.cell("", Title.DEPUTY_SECRETARY) == 1 and table.cell("", Title.HEAD) == 1
    assert table.cell("", Title.COMMITTEE_MEMBER) == 0  # d left on 30/06
    assert table.cell("1", "total") == 1 and table.cell("1", Title.SECRETARY) == 1  # a woman
    assert table.cell("3.3", "total") == 1  # b, over 50
    assert table.cell("4.2", "total") == 1 and table.cell("5", "total") == 1  # a: master, associate professor
    before = count(form_of("9", Level.PROVINCE), tree.P, Period.of(2025), Level.PROVINCE)
    assert before.cell("", "total") == 2 and before.cell("", Title.COMMITTEE_MEMBER) == 1  # a, and d still in
    assert before.cell("", Title.DEPUTY_SECRETARY) == 0


def test_9c_communes_and_their_scope(tree, holdings):
    province = count(form_of("9", Level.COMMUNE), tree.P, YEAR, Level.COMMUNE)
    assert province.form.code == "9C-BTCTW"
    assert province.cell("", Title.SECRETARY) == 1  # c; d takes C2's post only on 01/01/2027
    assert province.cell("4.0", "total") == 1  # the commune form has the college row: c
    assert count(form_of("9", Level.COMMUNE), tree.C2, Period.of(2027), Level.COMMUNE).cell("", "total") == 1
    assert count(form_of("9", Level.COMMUNE), tree.C2, YEAR, Level.COMMUNE).cell("", "total") == 0


# --- 10, 11 --------------------------------------------------------------------------------------------


def course(cadre: Any, kind: str, ends: dt.date, **fields: Any) -> Training:
    return Training.objects.create(
        cadre=cadre,
        manager_path=cadre.manager_path,
        kind=kind,
        name="Khóa học",
        starts_on=ends - dt.timedelta(days=60),
        ends_on=ends,
        **fields,
    )


def test_10_courses_ending_in_the_year_by_level_and_leaders(tree, cadres, holdings):
    a, b, c, d = (cadres[k] for k in "abcd")
    course(a, CourseKind.PROFESSIONAL, dt.date(2026, 6, 30), level=CourseLevel.MASTER, place=CoursePlace.ABROAD)
    course(b, CourseKind.THEORY, dt.date(2026, 12, 31), level=CourseLevel.THEORY_ADVANCED, mode=CourseMode.PART_TIME)
    course(d, CourseKind.REFRESHER, dt.date(2027, 1, 1), topic=RefresherTopic.PARTY_BUILDING)
    course(c, CourseKind.STATE_MANAGEMENT, dt.date(2026, 5, 1), level=CourseLevel.MAIN_SPECIALIST)
    table = count(form_of("10"), tree.P, YEAR)
    assert table.cell("1", "total") == 1 and table.cell("1.2", "total") == 1 and table.cell("1.2.2", "total") == 1
    assert table.cell("1.2.1", "total") == 0 and table.cell("1.2", "province_leaders") == 1  # a holds a post
    assert table.cell("2.2", "total") == 1 and table.cell("2.2.2", "total") == 1 and table.cell("2.2.1", "total") == 0
    assert table.cell("2.2", "total_leaders") == 1  # b's post from 31/12 is within the year
    state = f"II.3:{RefresherTopic.STATE_MANAGEMENT.label}"
    assert figures(table, "commune")[state] == 1 and figures(table, "commune_leaders")[state] == 1  # c, secretary of C1
    assert table.cell("II.1", "total") == 0  # d's course ends on 01/01/2027
    assert count(form_of("10"), tree.P, Period.of(2027)).cell("II.1", "total") == 1
    assert count(form_of("10"), tree.C1, YEAR).cell("2", "total") == 0


def test_11_rotations_in_persons_times(tree, cadres):
    a, b, d = cadres["a"], cadres["b"], cadres["d"]

    def move(cadre: Any, org: Any, direction: str, starts: dt.date, kind: str = MoveKind.ROTATION, **fields: Any) -> Move:
        return Move.objects.create(
            kind=kind, cadre=cadre, organization=org, org_path=org.path, direction=direction, starts_on=starts, **fields
        )

    move(a, tree.P, Direction.PROVINCE_TO_COMMUNE, dt.date(2026, 3, 1), additional_post=True)
    move(a, tree.P, Direction.COMMUNE_TO_PROVINCE, dt.date(2026, 12, 31))
    move(b, tree.P, Direction.SECTOR_TO_SECTOR, dt.date(2026, 5, 1), kind=MoveKind.TRANSFER)  # not a rotation
    move(d, tree.C2, Direction.COMMUNE_TO_COMMUNE, dt.date(2025, 12, 31))
    table = count(form_of("11"), tree.P, YEAR)
    assert table.cell("", "total") == 2  # a twice: persons-times
    assert table.cell("", Direction.PROVINCE_TO_COMMUNE) == 1 and table.cell("", Direction.COMMUNE_TO_PROVINCE) == 1
    assert table.cell("1", "total") == 2 and table.cell("2", "total") == 2 and table.cell("4", "total") == 1
    assert table.cell("5.1", "total") == 2 and table.cell("6.2", "total") == 2 and table.cell("7.2", "total") == 2
    last = count(form_of("11"), tree.P, Period.of(2025))
    assert last.cell("", "total") == 1 and last.cell("", Direction.COMMUNE_TO_COMMUNE) == 1
    assert count(form_of("11"), tree.C1, Period.of(2025)).cell("", "total") == 0


# --- 12, 13 ------------------------------------------------------------------------------------------------


def test_12_the_planning_on_the_day(tree, cadres):
    planning = planning_in(tree.P)
    approval = planning.decisions.get()
    b, c, d = cadres["b"], cadres["c"], cadres["d"]

    def entry(cadre: Any, title: str, **fields: Any) -> PlanningEntry:
        values = {"added_on": dt.date(2026, 1, 15), "age_limit_on": dt.date(2035, 1, 1), **fields}
        return PlanningEntry.objects.create(
            planning=planning, org_path=tree.P.path, position=post(tree.P, title), cadre=cadre, added_by=approval, **values
        )

    entry(b, Title.SECRETARY)
    entry(c, Title.DEPUTY_SECRETARY, state=PlanningState.REMOVED, left_on=dt.date(2026, 6, 1))
    entry(d, Title.HEAD, age_limit_on=dt.date(2026, 4, 30))  # past the age limit from 01/05: leaves by itself
    table = count(form_of("12", Level.PROVINCE), tree.P, YEAR, Level.PROVINCE)
    assert table.form.code == "12A-BTCTW"
    assert table.cell("", "total") == 1 and table.cell("", Title.SECRETARY) == 1 and table.cell("", Title.HEAD) == 0
    spring = count(form_of("12", Level.PROVINCE), tree.P, Period.of(2026, dt.date(2026, 4, 30)), Level.PROVINCE)
    assert spring.cell("", "total") == 3 and spring.cell("", Title.DEPUTY_SECRETARY) == 1 and spring.cell("", Title.HEAD) == 1
    assert count(form_of("12", Level.PROVINCE), tree.P, Period.of(2025), Level.PROVINCE).cell("", "total") == 0  # not yet planned
    assert count(form_of("12", Level.PROVINCE), tree.C1, YEAR, Level.PROVINCE).cell("", "total") == 0


def test_13_appointments_and_nominations_by_deciding_level(tree, cadres, holdings):
    a, b, c = cadres["a"], cadres["b"], cadres["c"]

    def decided(cadre: Any, org: Any, kind: str, on: dt.date | None, state: str = AppointmentState.DECIDED) -> Appointment:
        return Appointment.objects.create(
            kind=kind,
            cadre=cadre,
            position=holdings,
            organization=org,
            org_path=org.path,
            proposed_on=dt.date(2026, 1, 5),
            state=state,
            decision_date=on,
        )

    decided(a, tree.P, AppointmentKind.APPOINTMENT, dt.date(2026, 2, 1))
    decided(b, tree.C1, AppointmentKind.REAPPOINTMENT, dt.date(2026, 12, 31))
    decided(c, tree.C2, AppointmentKind.NOMINATION, dt.date(2027, 1, 1))
    decided(c, tree.C2, AppointmentKind.DISMISSAL, dt.date(2026, 3, 1))  # takes a post away: not counted
    decided(a, tree.P, AppointmentKind.APPOINTMENT, None, state=AppointmentState.PROPOSED)
    table = count(form_of("13"), tree.P, YEAR)
    assert table.cell("", "total") == 2 and table.cell("1", "total") == 2
    assert table.cell("1", "province") == 1 and table.cell("1", "commune") == 1 and table.cell("1.1", "commune") == 1
    assert table.cell("2", "total") == 0
    assert count(form_of("13"), tree.P, Period.of(2027)).cell("2", "commune") == 1
    assert count(form_of("13"), tree.C1, YEAR).cell("", "total") == 1
