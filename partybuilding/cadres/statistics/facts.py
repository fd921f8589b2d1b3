"""What the forms count, read from the records of a scope: one `Fact` per person counted
(a cadre on the payroll, a post held, a planned cadre, a course, a rotation, an appointment),
with the person's attributes on the day that matters (their age then) and what the event adds
(the post's title, the direction of a rotation…). The forms' rows and columns are tests on
these facts (`forms.py`), so each figure is a count over the records, never typed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Q

from partybuilding.core import paths
from partybuilding.core.dates import full_years
from partybuilding.organizations.choices import OrgKind

from ..choices import GIVING_KINDS, AppointmentState, Level, MoveKind
from ..models import Appointment, Cadre, Holding, Move, PlanningEntry, Training
from ..selectors.planning import automatic_exits, stood_on

# The level of a managing or deciding organization, from its kind (forms 8B, 10 and 13 split by it)
LEVEL_OF_KIND = {
    OrgKind.CENTRAL: Level.CENTRAL,
    OrgKind.PROVINCE: Level.PROVINCE,
    OrgKind.DISTRICT: Level.DISTRICT,
    OrgKind.COMMUNE: Level.COMMUNE,
}
PERSON_FIELDS = (
    "gender",
    "date_of_birth",
    "ethnicity",
    "religion",
    "qualification",
    "theory",
    "academic_title",
    "member_id",
    "staff_category",
    "staff_in",
    "staff_out",
    "staff_since",
    "staff_until",
)


def level_of_kind(kind: str) -> str:
    return LEVEL_OF_KIND.get(kind, Level.GRASSROOTS)  # type: ignore[call-overload]


@dataclass(frozen=True)
class Fact:
    """One person counted once in a form's cells (`person` the cadre's id: a column may count
    persons rather than persons-times)."""

    person: int
    on: dt.date  # the day the person's age is taken
    cadre: dict[str, Any]
    level: str = ""  # the level of the managing (or deciding) organization
    extra: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.extra[name] if name in self.extra else self.cadre[name]

    @cached_property
    def age(self) -> int:  # read by every age test of a form's rows and columns: counted once
        return full_years(self.cadre["date_of_birth"], self.on)


def _cadre_fields(prefix: str = "") -> list[str]:
    return [f"{prefix}{name}" for name in PERSON_FIELDS]


def _person(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    return {name: row[f"{prefix}{name}"] for name in PERSON_FIELDS}


def _in(org: Any, field_name: str) -> Q:
    return paths.subtree_q(org.path, field_name)


def on_payroll(day: dt.date) -> Q:
    """Budget-paid on `day`: in a paid category, came in by then (or since before the
    records), not yet gone."""
    came = Q(staff_since__isnull=True) | Q(staff_since__lte=day)
    stayed = Q(staff_until__isnull=True) | Q(staff_until__gt=day)
    return Q(came, stayed) & ~Q(staff_category="not_budget")


def staff(org: Any, condition: Q, day: dt.date) -> list[Fact]:
    """The budget-paid cadres of the scope matching `condition`, aged on `day` (form 8)."""
    rows = Cadre.objects.filter(_in(org, "manager_path")).filter(condition).exclude(staff_category="not_budget")
    found = rows.values("pk", "managed_by__kind", *PERSON_FIELDS)
    return [Fact(row["pk"], day, _person(row), level_of_kind(row["managed_by__kind"])) for row in found]


def holders(org: Any, day: dt.date, level: str) -> list[Fact]:
    """The posts of `level` held on `day` in the scope, one fact per post held (form 9)."""
    rows = Holding.objects.filter(_in(org, "manager_path"), position__level=level, started_on__lte=day)
    rows = rows.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day)).order_by()  # counted, not listed: no sort
    found = rows.values("cadre_id", "position__title", *_cadre_fields("cadre__"))
    return [Fact(row["cadre_id"], day, _person(row, "cadre__"), level, {"title": row["position__title"]}) for row in found]


def planned(org: Any, day: dt.date, level: str) -> list[Fact]:
    """The cadres in the planning on `day` for posts of `level` (form 12): the entries as the
    planning stood then (`selectors.planning`), without those that had left automatically
    (a discipline, the age limit) by that day. A planning whose term is over is not counted."""
    rows = PlanningEntry.objects.filter(_in(org, "org_path"), position__level=level, planning__ends_on__gte=day)
    entries = list(stood_on(rows.select_related("cadre", "position"), day).order_by())  # counted, not listed: no sort
    gone = automatic_exits(entries, day)
    return [
        Fact(e.cadre_id, day, {name: getattr(e.cadre, name) for name in PERSON_FIELDS}, level, {"title": e.position.title})
        for e in entries
        if e.pk not in gone
    ]


def _leaders(cadre_ids: Iterable[int], start: dt.date, end: dt.date) -> set[int]:
    """The cadres among `cadre_ids` holding a post at some time between `start` and `end`."""
    rows = Holding.objects.filter(cadre_id__in=set(cadre_ids), started_on__lte=end)
    rows = rows.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
    return set(rows.values_list("cadre_id", flat=True))


def courses(org: Any, start: dt.date, end: dt.date) -> list[Fact]:
    """The courses that ended between `start` and `end`, one fact per course, with whether
    the cadre held a leadership or management post in that time (form 10)."""
    rows = Training.objects.filter(_in(org, "manager_path"), ends_on__gte=start, ends_on__lte=end)
    found = list(rows.values("cadre_id", "kind", "level", "topic", "mode", "place", "ends_on", "cadre__managed_by__kind", *_cadre_fields("cadre__")))  # fmt: skip
    leading = _leaders((row["cadre_id"] for row in found), start, end)
    return [
        Fact(
            row["cadre_id"],
            row["ends_on"],
            _person(row, "cadre__"),
            level_of_kind(row["cadre__managed_by__kind"]),
            {
                "kind": row["kind"],
                "course_level": row["level"],
                "topic": row["topic"],
                "mode": row["mode"],
                "place": row["place"],
                "leader": row["cadre_id"] in leading,
            },
        )
        for row in found
    ]


def rotations(org: Any, start: dt.date, end: dt.date) -> list[Fact]:
    """The rotations starting between `start` and `end`, decided in the scope (form 11, persons-times)."""
    rows = Move.objects.filter(_in(org, "org_path"), kind=MoveKind.ROTATION, starts_on__gte=start, starts_on__lte=end)
    found = rows.values("cadre_id", "direction", "additional_post", "starts_on", *_cadre_fields("cadre__"))
    return [
        Fact(
            row["cadre_id"],
            row["starts_on"],
            _person(row, "cadre__"),
            extra={"direction": row["direction"], "additional_post": row["additional_post"]},
        )
        for row in found
    ]


def appointments(org: Any, start: dt.date, end: dt.date) -> list[Fact]:
    """The appointments, re-appointments and nominations decided between `start` and `end`
    in the scope, by the level of the deciding organization (form 13, persons-times)."""
    rows = Appointment.objects.filter(
        _in(org, "org_path"),
        state=AppointmentState.DECIDED,
        kind__in=sorted(GIVING_KINDS),
        decision_date__gte=start,
        decision_date__lte=end,
    )
    found = rows.values("cadre_id", "kind", "decision_date", "organization__kind", *_cadre_fields("cadre__"))
    return [
        Fact(
            row["cadre_id"], row["decision_date"], _person(row, "cadre__"), level_of_kind(row["organization__kind"]), {"kind": row["kind"]}
        )
        for row in found
    ]
