"""The standards of a post (the rule `cadres.post_standards` in force: by the post's level,
then its title, "*" standing for any) against what a cadre holds: the higher of their record's
level and the levels of the courses they completed, in political theory, degree and state
management. What is missing is said in words, for the cadre's page and the list of what
planned cadres still lack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core import paths
from partybuilding.core.rules import rule_if_recorded
from partybuilding.members.choices import Qualification, TheoryLevel

from ..choices import CourseLevel, PlanningState, StateManagement
from ..models import Cadre, PlanningEntry, Position, Training

KEY = "cadres.post_standards"

# each standard: its ranks (what a record's field or a course gives), and its names
THEORY_RANK: dict[str, int] = {
    TheoryLevel.NONE: 0,
    TheoryLevel.ELEMENTARY: 1,
    TheoryLevel.INTERMEDIATE: 2,
    TheoryLevel.ADVANCED: 3,
    "bachelor": 4,
}
DEGREE_RANK: dict[str, int] = {
    Qualification.NONE: 0, Qualification.VOCATIONAL: 1, Qualification.COLLEGE: 2, Qualification.BACHELOR: 3,
    Qualification.MASTER: 4, Qualification.DOCTORATE: 5,
}  # fmt: skip
STATE_RANK: dict[str, int] = {StateManagement.NONE: 0, StateManagement.SPECIALIST: 1, StateManagement.MAIN_SPECIALIST: 2, StateManagement.SENIOR_SPECIALIST: 3}  # fmt: skip
COURSE_GIVES = {
    CourseLevel.THEORY_ELEMENTARY: ("theory", 1), CourseLevel.THEORY_INTERMEDIATE: ("theory", 2),
    CourseLevel.THEORY_ADVANCED: ("theory", 3), CourseLevel.THEORY_BACHELOR: ("theory", 4),
    CourseLevel.BACHELOR: ("qualification", 3), CourseLevel.MASTER: ("qualification", 4), CourseLevel.DOCTORATE: ("qualification", 5),
    CourseLevel.SPECIALIST: ("state_management", 1), CourseLevel.MAIN_SPECIALIST: ("state_management", 2),
    CourseLevel.SENIOR_SPECIALIST: ("state_management", 3),
}  # fmt: skip
RANKS: dict[str, dict[str, int]] = {"theory": THEORY_RANK, "qualification": DEGREE_RANK, "state_management": STATE_RANK}
NEEDED: dict[str, dict[int, Any]] = {  # what a standard asks for, in words
    "theory": {
        1: gettext_lazy("Elementary political theory"), 2: gettext_lazy("Intermediate political theory"),
        3: gettext_lazy("Advanced political theory"), 4: gettext_lazy("Bachelor of political theory"),
    },
    "qualification": {
        1: gettext_lazy("A vocational degree"), 2: gettext_lazy("A college degree"), 3: gettext_lazy("A university degree"),
        4: gettext_lazy("A master's degree"), 5: gettext_lazy("A doctorate"),
    },
    "state_management": {
        1: gettext_lazy("State management: specialist programme"), 2: gettext_lazy("State management: main specialist programme"),
        3: gettext_lazy("State management: senior specialist programme"),
    },
}  # fmt: skip
HELD: dict[str, dict[int, Any]] = {  # what a cadre holds, in words
    "theory": {
        0: gettext_lazy("no political theory"), 1: gettext_lazy("elementary"), 2: gettext_lazy("intermediate"),
        3: gettext_lazy("advanced"), 4: gettext_lazy("bachelor of political theory"),
    },
    "qualification": {
        0: gettext_lazy("no degree"), 1: gettext_lazy("vocational"), 2: gettext_lazy("college"), 3: gettext_lazy("university"),
        4: gettext_lazy("master"), 5: gettext_lazy("doctorate"),
    },
    "state_management": {
        0: gettext_lazy("no state-management programme"), 1: gettext_lazy("specialist"), 2: gettext_lazy("main specialist"),
        3: gettext_lazy("senior specialist"),
    },
}  # fmt: skip


def standards_of(position: Position, on: dt.date) -> dict[str, str]:
    """The post's standards in force on `on`: {"theory", "qualification", "state_management"}
    (those the table names); none before any table was recorded."""
    found = rule_if_recorded(KEY, on)
    table: dict[str, Any] = (found.value if found is not None else None) or {}
    by_level = table.get(position.level) or table.get("*") or {}
    standards = by_level.get(position.title) or by_level.get("*")
    if standards is None and position.level in table:  # a level without "*" falls back to the table's "*"
        standards = (table.get("*") or {}).get(position.title) or (table.get("*") or {}).get("*")
    return dict(standards or {})


def held(cadre: Cadre, on: dt.date, courses: Iterable[Training] | None = None) -> dict[str, int]:
    """The rank the cadre holds in each standard on `on`: the record's level or a completed
    course ended by then, whichever is higher."""
    ranks = {
        "theory": THEORY_RANK.get(cadre.theory, 0),
        "qualification": DEGREE_RANK.get(cadre.qualification, 0),
        "state_management": STATE_RANK.get(cadre.state_management, 0),
    }
    rows = courses if courses is not None else cadre.trainings.filter(completed=True)
    for course in rows:
        if not course.completed or course.ends_on > on or course.level not in COURSE_GIVES:
            continue
        standard, rank = COURSE_GIVES[CourseLevel(course.level)]
        ranks[standard] = max(ranks[standard], rank)
    return ranks


def lacks(cadre: Cadre, position: Position, on: dt.date, courses: Iterable[Training] | None = None) -> list[str]:
    """The standards of the post the cadre does not meet on `on`, each in words:
    "Advanced political theory (has: intermediate)"."""
    has = held(cadre, on, courses)
    missing: list[str] = []
    for standard, level in standards_of(position, on).items():
        if standard not in RANKS:
            continue
        needed = RANKS[standard].get(level, 0)
        if has[standard] < needed:
            missing.append(_("%(needed)s (has: %(has)s)") % {"needed": NEEDED[standard][needed], "has": HELD[standard][has[standard]]})
    return missing


@dataclass
class Gap:
    entry: PlanningEntry
    missing: list[str]


def completed_courses() -> Prefetch:
    return Prefetch("cadre__trainings", queryset=Training.objects.filter(completed=True), to_attr="completed_courses")


def planned_entries(user: Any, org: Any) -> QuerySet[PlanningEntry]:
    """The entries still planned in `org`'s subtree that the user reads."""
    rows = PlanningEntry.objects.visible_to(user).filter(state=PlanningState.PLANNED)
    if org is not None:
        rows = rows.filter(paths.subtree_q(org.path, "org_path"))
    rows = rows.select_related("cadre", "position", "planning", "planning__organization")
    return rows.prefetch_related(completed_courses()).order_by("org_path", "position__grade", "position__name", "cadre__sort_key", "pk")


def planned_gaps(user: Any, org: Any, on: dt.date, *, only_lacking: bool = True) -> list[Gap]:
    """Each entry still planned with what its cadre lacks for the post (only those lacking something by default)."""
    found = []
    for entry in planned_entries(user, org):
        missing = lacks(entry.cadre, entry.position, on, entry.cadre.completed_courses)  # type: ignore[attr-defined]
        if missing or not only_lacking:
            found.append(Gap(entry, missing))
    return found
