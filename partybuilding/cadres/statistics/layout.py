"""The shape of a form: rows and columns, each a test on the facts counted (`facts.Fact`),
and the tests the forms share (women, ethnic minority, age groups, degrees, theory)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from partybuilding.members.choices import Gender, Qualification, Religion, TheoryLevel

from ..choices import AcademicTitle, Level
from .facts import Fact

Label = str | Promise
Test = Callable[[Fact], bool]
KINH = "01"  # the majority ethnic group: every other is an ethnic minority


def everyone(fact: Fact) -> bool:
    return True


@dataclass(frozen=True)
class Row:
    code: str  # the number or letter the form prints ("A", "1", "1.1")
    label: Label
    test: Test | None = None  # None: a heading without figures
    indent: int = 0
    source: str = "main"  # which set of facts the row counts (form 8A: start, in, out, end)
    average: bool = False  # the row shows the average age of everyone, not a count


@dataclass(frozen=True)
class Column:
    code: str
    label: Label
    test: Test = everyone
    group: Label = ""  # a header over several columns (form 10: a level over total / leaders)
    persons: bool = True  # count persons (each once) rather than persons-times


@dataclass(frozen=True)
class Period:
    """The year of a report and its last day: flows are counted from 1 January to `end`,
    stocks on `end` (31 December unless a day is chosen)."""

    year: int
    end: dt.date

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    def previous(self) -> Period:
        """The same period last year (29 February becomes the 28th)."""
        end = self.end.replace(year=self.year - 1) if (self.end.month, self.end.day) != (2, 29) else dt.date(self.year - 1, 2, 28)
        return Period(self.year - 1, end)

    @classmethod
    def of(cls, year: int, end: dt.date | None = None) -> Period:
        return cls(year, end or dt.date(year, 12, 31))


Sources = Callable[[Any, Period, str], dict[str, list[Fact]]]


@dataclass(frozen=True)
class Form:
    slug: str  # in the URL: "8a", "9"…
    code: str  # as printed: "9A-BTCTW"
    title: Label
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    sources: Sources
    stock: bool = False  # counted on a day rather than over the year
    compare: bool = False  # columns: this period, same period last year, percent
    note: Label = ""


# --- tests the forms share ----------------------------------------------------------------


def women(fact: Fact) -> bool:
    return fact["gender"] == Gender.FEMALE


def minority(fact: Fact) -> bool:
    return fact["ethnicity"] != KINH


def religious(fact: Fact) -> bool:
    return fact["religion"] != Religion.NONE


def aged(low: int | None, high: int | None) -> Test:
    """Age in whole years on the fact's day, between `low` and `high` inclusive."""
    return lambda fact: (low is None or fact.age >= low) and (high is None or fact.age <= high)


def has(name: str, *values: object) -> Test:
    return lambda fact: fact[name] in values


def both(*tests: Test) -> Test:
    return lambda fact: all(test(fact) for test in tests)


def at_level(*levels: str) -> Test:
    return lambda fact: fact.level in levels


ABOVE_UNIVERSITY = (Qualification.MASTER, Qualification.DOCTORATE)
PROFESSORS = (AcademicTitle.ASSOCIATE_PROFESSOR, AcademicTitle.PROFESSOR)


def common_rows(*, college: bool = False, ages: tuple[tuple[str, Label, Test], ...] = ()) -> tuple[Row, ...]:
    """The rows of forms 9, 11 and 12: the total, women, ethnic minority, age groups,
    degrees (college for the commune level), professors, political theory."""
    degrees = [("4.0", pgettext_lazy("cadre form", "College"), has("qualification", Qualification.COLLEGE))] if college else []
    return (
        Row("", pgettext_lazy("cadre form", "TOTAL"), everyone),
        Row("1", pgettext_lazy("cadre form", "Women"), women),
        Row("2", pgettext_lazy("cadre form", "Ethnic minority"), minority),
        Row("3", pgettext_lazy("cadre form", "Age")),
        *(Row(code, label, test, indent=1) for code, label, test in ages or AGES_40_50),
        Row("4", pgettext_lazy("cadre form", "Professional qualification")),
        *(Row(code, label, test, indent=1) for code, label, test in degrees),
        Row("4.1", pgettext_lazy("cadre form", "University"), has("qualification", Qualification.BACHELOR), indent=1),
        Row("4.2", pgettext_lazy("cadre form", "Above university"), has("qualification", *ABOVE_UNIVERSITY), indent=1),
        Row("5", pgettext_lazy("cadre form", "Associate professor or professor"), has("academic_title", *PROFESSORS)),
        *theory_rows("6"),
    )


def theory_rows(code: str) -> tuple[Row, ...]:
    return (
        Row(code, pgettext_lazy("cadre form", "Political theory")),
        Row(f"{code}.1", pgettext_lazy("cadre form", "Elementary"), has("theory", TheoryLevel.ELEMENTARY), indent=1),
        Row(f"{code}.2", pgettext_lazy("cadre form", "Intermediate"), has("theory", TheoryLevel.INTERMEDIATE), indent=1),
        Row(f"{code}.3", pgettext_lazy("cadre form", "Advanced"), has("theory", TheoryLevel.ADVANCED), indent=1),
    )


AGES_40_50: tuple[tuple[str, Label, Test], ...] = (
    ("3.1", pgettext_lazy("cadre form", "40 and under"), aged(None, 40)),
    ("3.2", pgettext_lazy("cadre form", "41 to 50"), aged(41, 50)),
    ("3.3", pgettext_lazy("cadre form", "Over 50"), aged(51, None)),
)

# the sub-forms of forms 9 and 12: the level of the post
SUB_FORMS: dict[str, str] = {Level.PROVINCE: "A", Level.DISTRICT: "B", Level.COMMUNE: "C"}
