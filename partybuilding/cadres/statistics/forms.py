"""HD 11-HD/BTCTW forms 8–13 as data (design: reports.md, "Forms 8–13"): each form's rows and
columns as tests on the facts of its sources. The layouts follow the known implementation of
the forms; what the records do not hold (civil-servant grades, classes opened) is left out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partybuilding.members.choices import Qualification, TheoryLevel

from ..choices import (
    AcademicTitle,
    AppointmentKind,
    CourseKind,
    CourseLevel,
    CourseMode,
    CoursePlace,
    Direction,
    Level,
    RefresherTopic,
    StaffCategory,
    StaffIn,
    StaffOut,
    Title,
)
from . import facts
from .layout import (
    ABOVE_UNIVERSITY,
    SUB_FORMS,
    Column,
    Form,
    Period,
    Row,
    aged,
    at_level,
    both,
    common_rows,
    everyone,
    has,
    minority,
    religious,
    theory_rows,
    women,
)

PAID = [c for c in StaffCategory if c != StaffCategory.NOT_BUDGET]

# --- 8A: budget-paid staff, increases and decreases --------------------------------------------


def _staff_flows(org: Any, period: Period, level: str) -> dict[str, list[facts.Fact]]:
    """Carried over: on the payroll the day before the period; in and out: during it; the end: on its last day."""
    day_before = period.start - dt.timedelta(days=1)
    return {
        "start": facts.staff(org, facts.on_payroll(day_before), day_before),
        "in": facts.staff(org, Q(staff_since__gte=period.start, staff_since__lte=period.end), period.end),
        "out": facts.staff(org, Q(staff_until__gte=period.start, staff_until__lte=period.end), period.end),
        "end": facts.staff(org, facts.on_payroll(period.end), period.end),
    }


def _by_category(letter: str, source: str) -> tuple[Row, ...]:
    return tuple(
        Row(f"{letter}.{n}", category.label, has("staff_category", category), indent=1, source=source)
        for n, category in enumerate(PAID, start=1)
    )


FORM_8A = Form(
    slug="8a",
    code="8A-BTCTW",
    title=_("Budget-paid staff: increases and decreases"),
    rows=(
        Row("A", _("Carried over from the previous period"), everyone, source="start"),
        *_by_category("A", "start"),
        Row("B", _("Increases in the period"), everyone, source="in"),
        *(Row(f"B.{n}", way.label, has("staff_in", way), indent=1, source="in") for n, way in enumerate(StaffIn, start=1)),
        Row("C", _("Decreases in the period"), everyone, source="out"),
        *(Row(f"C.{n}", way.label, has("staff_out", way), indent=1, source="out") for n, way in enumerate(StaffOut, start=1)),
        Row("D", _("At the end of the period"), everyone, source="end"),
        *_by_category("D", "end"),
    ),
    columns=(Column("n", pgettext_lazy("cadre form", "Persons")),),
    sources=_staff_flows,
    compare=True,
)

# --- 8B: quality of budget-paid staff ------------------------------------------------------------

LEVEL_COLUMNS = tuple(Column(level.value, level.label, at_level(level)) for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.GRASSROOTS))  # fmt: skip
AGES_8B = ((None, 30), (31, 35), (36, 40), (41, 45), (46, 50), (51, 55), (56, 60), (61, None))
AGE_LABELS_8B = (
    pgettext_lazy("cadre form", "30 and under"),
    pgettext_lazy("cadre form", "31 to 35"),
    pgettext_lazy("cadre form", "36 to 40"),
    pgettext_lazy("cadre form", "41 to 45"),
    pgettext_lazy("cadre form", "46 to 50"),
    pgettext_lazy("cadre form", "51 to 55"),
    pgettext_lazy("cadre form", "56 to 60"),
    pgettext_lazy("cadre form", "Over 60"),
)
AGE_ROWS_8B = tuple(
    Row(f"5.{n}", label, aged(*bounds), indent=1) for n, (bounds, label) in enumerate(zip(AGES_8B, AGE_LABELS_8B, strict=True), start=1)
)

FORM_8B = Form(
    slug="8b",
    code="8B-BTCTW",
    title=_("Quality of budget-paid staff"),
    rows=(
        Row("", pgettext_lazy("cadre form", "TOTAL"), everyone),
        *(Row(f"1.{n}", category.label, has("staff_category", category), indent=1) for n, category in enumerate(PAID, start=1)),
        Row("2", pgettext_lazy("cadre form", "Women"), women),
        Row("3", pgettext_lazy("cadre form", "Ethnic minority"), minority),
        Row("4", _("Party members"), lambda fact: fact["member_id"] is not None),
        Row("5", pgettext_lazy("cadre form", "Age")),
        *AGE_ROWS_8B,
        Row("5.9", _("Average age"), everyone, indent=1, average=True),
        Row("6", pgettext_lazy("cadre form", "Professional qualification")),
        Row("6.1", _("Below college"), has("qualification", Qualification.NONE, Qualification.VOCATIONAL), indent=1),
        Row("6.2", pgettext_lazy("cadre form", "College"), has("qualification", Qualification.COLLEGE), indent=1),
        Row("6.3", pgettext_lazy("cadre form", "University"), has("qualification", Qualification.BACHELOR), indent=1),
        Row("6.4", pgettext_lazy("cadre form", "Master"), has("qualification", Qualification.MASTER), indent=1),
        Row("6.5", pgettext_lazy("cadre form", "Doctorate"), has("qualification", Qualification.DOCTORATE), indent=1),
        Row("7", pgettext_lazy("cadre form", "Associate professor"), has("academic_title", AcademicTitle.ASSOCIATE_PROFESSOR)),
        Row("8", pgettext_lazy("cadre form", "Professor"), has("academic_title", AcademicTitle.PROFESSOR)),
        *theory_rows("9"),
    ),
    columns=(Column("total", pgettext_lazy("cadre form", "Total")), *LEVEL_COLUMNS),
    sources=lambda org, period, level: {"main": facts.staff(org, facts.on_payroll(period.end), period.end)},
    stock=True,
    note=_("Civil-servant grades and public-employee ranks are not kept in the cadre records and are left out."),
)

# --- 9 and 12: leaders and managers in post, and the planning, by title --------------------------

TITLES_9 = tuple(t for t in Title if t not in (Title.INSPECTION_CHAIR, Title.INSPECTION_MEMBER, Title.OTHER))
TITLES_12 = tuple(t for t in Title if t != Title.OTHER)


def _title_columns(titles: tuple[Title, ...]) -> tuple[Column, ...]:
    total = Column("total", _("Total (persons)"))
    return (total, *(Column(t.value, t.label, has("title", t)) for t in titles))


TITLES_OF_9: dict[str, Any] = {
    Level.PROVINCE: _("Leaders and managers of the province"),
    Level.DISTRICT: _("Leaders and managers of the district"),
    Level.COMMUNE: _("Leaders and managers of the commune"),
}
TITLES_OF_12: dict[str, Any] = {
    Level.PROVINCE: _("Planning of the province's leaders and managers"),
    Level.DISTRICT: _("Planning of the district's leaders and managers"),
    Level.COMMUNE: _("Planning of the commune's leaders and managers"),
}


def form_9(level: str) -> Form:
    return Form(
        slug="9",
        code=f"9{SUB_FORMS[level]}-BTCTW",
        title=TITLES_OF_9[level],
        rows=common_rows(college=level == Level.COMMUNE),
        columns=_title_columns(TITLES_9),
        sources=lambda org, period, lv: {"main": facts.holders(org, period.end, lv)},
        stock=True,
        note=_("A cadre holding several posts counts once in the total, and once in each of their posts' columns."),
    )


def form_12(level: str) -> Form:
    return Form(
        slug="12",
        code=f"12{SUB_FORMS[level]}-BTCTW",
        title=TITLES_OF_12[level],
        rows=common_rows(college=level == Level.COMMUNE),
        columns=_title_columns(TITLES_12),
        sources=lambda org, period, lv: {"main": facts.planned(org, period.end, lv)},
        stock=True,
        note=_(
            "In the planning on the day: entries added by then and not removed, left or appointed by then — a discipline or the age limit takes a cadre out on its day — in plannings whose term is not over."
        ),
    )


# --- 10: training and refresher courses ------------------------------------------------------------


def _course(kind: str, level: str) -> Any:
    return both(has("kind", kind), has("course_level", level))


def _degree_rows(code: str, label: Any, level: str) -> tuple[Row, ...]:
    course = _course(CourseKind.PROFESSIONAL, level)
    places = ((CoursePlace.DOMESTIC, 1), (CoursePlace.ABROAD, 2), (CoursePlace.JOINT, 3))
    return (
        Row(code, label, course, indent=2),
        *(Row(f"{code}.{n}", place.label, both(course, has("place", place)), indent=3) for place, n in places),
    )


def _theory_rows(code: str, label: Any, level: str) -> tuple[Row, ...]:
    course = _course(CourseKind.THEORY, level)
    modes = ((CourseMode.FULL_TIME, 1), (CourseMode.PART_TIME, 2))
    return (
        Row(code, label, course, indent=2),
        *(Row(f"{code}.{n}", mode.label, both(course, has("mode", mode)), indent=3) for mode, n in modes),
    )


def _refresher(topic: str) -> Any:
    on_topic = both(has("kind", CourseKind.REFRESHER), has("topic", topic))
    if topic == RefresherTopic.STATE_MANAGEMENT:  # the state-management programmes count here too
        return lambda fact: on_topic(fact) or fact["kind"] == CourseKind.STATE_MANAGEMENT
    return on_topic


def _level_pair(level: Level | None) -> tuple[Column, Column]:
    test = everyone if level is None else at_level(level)
    group = pgettext_lazy("cadre form", "Total") if level is None else level.label
    code = "total" if level is None else level.value
    return (
        Column(code, _("Cadres trained"), test, group=group),
        Column(f"{code}_leaders", _("of which leaders and managers"), both(test, has("leader", True)), group=group),
    )


FORM_10 = Form(
    slug="10",
    code="10-BTCTW",
    title=_("Training and refresher courses of cadres"),
    rows=(
        Row("I", pgettext_lazy("cadre form", "Training")),
        Row("1", _("Professional training"), has("kind", CourseKind.PROFESSIONAL), indent=1),
        *_degree_rows("1.1", pgettext_lazy("cadre form", "University"), CourseLevel.BACHELOR),
        *_degree_rows("1.2", pgettext_lazy("cadre form", "Master"), CourseLevel.MASTER),
        *_degree_rows("1.3", pgettext_lazy("cadre form", "Doctorate"), CourseLevel.DOCTORATE),
        Row("2", _("Political theory training"), has("kind", CourseKind.THEORY), indent=1),
        *_theory_rows("2.1", pgettext_lazy("cadre form", "Intermediate"), CourseLevel.THEORY_INTERMEDIATE),
        *_theory_rows("2.2", pgettext_lazy("cadre form", "Advanced"), CourseLevel.THEORY_ADVANCED),
        *_theory_rows("2.3", _("Bachelor of political theory"), CourseLevel.THEORY_BACHELOR),
        Row("II", pgettext_lazy("cadre form", "Refresher courses")),
        *(Row(f"II.{n}", topic.label, _refresher(topic), indent=1) for n, topic in enumerate(RefresherTopic, start=1)),
    ),
    columns=tuple(c for level in (None, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE) for c in _level_pair(level)),
    sources=lambda org, period, level: {"main": facts.courses(org, period.start, period.end)},
    note=_(
        "Courses ending in the period; a cadre counts once per row. Leaders and managers: holding a post during the period. The number of classes opened is not kept."
    ),
)

# --- 11: rotations -------------------------------------------------------------------------------

FORM_11 = Form(
    slug="11",
    code="11-BTCTW",
    title=_("Rotation of cadres"),
    rows=(
        Row("", pgettext_lazy("cadre form", "TOTAL"), everyone),
        Row("1", pgettext_lazy("cadre form", "Women"), women),
        Row("2", pgettext_lazy("cadre form", "Ethnic minority"), minority),
        Row("3", _("Followers of a religion"), religious),
        Row("4", _("Rotated to an additional post"), has("additional_post", True)),
        Row("5", pgettext_lazy("cadre form", "Age")),
        Row("5.1", pgettext_lazy("cadre form", "40 and under"), aged(None, 40), indent=1),
        Row("5.2", pgettext_lazy("cadre form", "41 to 50"), aged(41, 50), indent=1),
        Row("5.3", pgettext_lazy("cadre form", "Over 50"), aged(51, None), indent=1),
        Row("6", pgettext_lazy("cadre form", "Professional qualification")),
        Row("6.1", pgettext_lazy("cadre form", "University"), has("qualification", Qualification.BACHELOR), indent=1),
        Row("6.2", pgettext_lazy("cadre form", "Above university"), has("qualification", *ABOVE_UNIVERSITY), indent=1),
        Row("7", pgettext_lazy("cadre form", "Political theory")),
        Row("7.1", pgettext_lazy("cadre form", "Intermediate"), has("theory", TheoryLevel.INTERMEDIATE), indent=1),
        Row("7.2", pgettext_lazy("cadre form", "Advanced"), has("theory", TheoryLevel.ADVANCED), indent=1),
    ),
    columns=(
        Column("total", pgettext_lazy("cadre form", "Total"), persons=False),
        *(Column(d.value, d.label, has("direction", d), persons=False) for d in Direction),
    ),
    sources=lambda org, period, level: {"main": facts.rotations(org, period.start, period.end)},
    note=_("Counted in persons-times: rotations starting in the period, by the organization that decided them."),
)

# --- 13: appointments and nominations ---------------------------------------------------------------

FORM_13 = Form(
    slug="13",
    code="13-BTCTW",
    title=_("Appointments and nominations for election"),
    rows=(
        Row("", pgettext_lazy("cadre form", "TOTAL"), everyone),
        Row("1", pgettext_lazy("cadre form", "Appointments"), has("kind", AppointmentKind.APPOINTMENT, AppointmentKind.REAPPOINTMENT)),
        Row("1.1", _("of which re-appointments"), has("kind", AppointmentKind.REAPPOINTMENT), indent=1),
        Row("2", _("Nominations for election"), has("kind", AppointmentKind.NOMINATION)),
    ),
    columns=(
        Column("total", pgettext_lazy("cadre form", "Total"), persons=False),
        Column("central", _("Cadres managed by the Centre"), at_level(Level.CENTRAL), persons=False),
        Column("province", _("Managed by the provincial standing committee"), at_level(Level.PROVINCE), persons=False),
        Column(
            "commune",
            _("Managed by the commune (district) standing committee"),
            at_level(Level.DISTRICT, Level.COMMUNE, Level.GRASSROOTS),
            persons=False,
        ),
    ),
    sources=lambda org, period, level: {"main": facts.appointments(org, period.start, period.end)},
    note=_("Counted in persons-times: decisions dated in the period, by the level of the deciding organization."),
)

FORMS_BY_LEVEL = {"9": form_9, "12": form_12}
FIXED_FORMS = {form.slug: form for form in (FORM_8A, FORM_8B, FORM_10, FORM_11, FORM_13)}
SLUGS = ("8a", "8b", "9", "10", "11", "12", "13")
LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def form_of(slug: str, level: str = Level.PROVINCE) -> Form:
    """The form by its slug (a KeyError for another); forms 9 and 12 by the post's level."""
    if slug in FORMS_BY_LEVEL:
        return FORMS_BY_LEVEL[slug](level if level in LEVELS else Level.PROVINCE)
    return FIXED_FORMS[slug]


def has_levels(slug: str) -> bool:
    return slug in FORMS_BY_LEVEL
