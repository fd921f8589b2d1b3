"""Cadre records of an organization for the tests of cadre work, the permission matrix and
the scope crawl: made with the ORM on first use in the test's transaction and found again
afterwards. Each is managed by the organization given (its committee decides on them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.cadres.choices import AppointmentKind, Body, CourseKind, CourseLevel, Direction, Level, MoveKind, Title
from partybuilding.cadres.models import Appointment, Cadre, Holding, Move, Planning, PlanningDecision, PlanningEntry, Position, Training
from partybuilding.core.text import search_key, vietnamese_sort_key
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

TERM_STARTS = dt.date(2030, 10, 1)
TERM_ENDS = dt.date(2035, 9, 30)


def level_of(org: Organization) -> str:
    return {"province": Level.PROVINCE, "commune": Level.COMMUNE, "district": Level.DISTRICT}.get(org.kind, Level.GRASSROOTS)


def position_in(org: Organization, title: str = Title.DEPUTY_SECRETARY, **fields: Any) -> Position:
    """The organization's post of `title` (the deputy secretary's by default), managed by it."""
    found = Position.objects.filter(managed_by=org, title=title, **fields).first()
    if found is not None:
        return found
    values: dict[str, Any] = {
        "organization": org,
        "org_path": org.path,
        "managed_by": org,
        "manager_path": org.path,
        "level": level_of(org),
        "body": Body.PARTY_COMMITTEE,
        "title": title,
        "name": f"{Title(title).label} {org.name}",
        "grade": 2,
        **fields,
    }
    values["name_search"] = search_key(values["name"])
    return Position.objects.create(**values)


def cadre_in(org: Organization, member: Member | None = None, **fields: Any) -> Cadre:
    """A cadre managed by the organization: the member's record, or the sample person
    "Trần Thị Cán" (a woman born 1980) when no member is given."""
    if member is not None:
        found = Cadre.objects.filter(member=member).first()
        if found is not None:
            return found
        personal = {name: getattr(member, name) for name in ("family_name", "middle_name", "given_name", "gender", "date_of_birth", "ethnicity", "religion", "education", "qualification", "theory")}  # fmt: skip
    else:
        if not fields:
            found = Cadre.objects.filter(managed_by=org, member__isnull=True, given_name="Cán").first()
            if found is not None:
                return found
        personal = {"family_name": "Trần", "middle_name": "Thị", "given_name": "Cán", "gender": "F", "date_of_birth": dt.date(1980, 5, 17)}  # fmt: skip
    values: dict[str, Any] = {**personal, "member": member, "managed_by": org, "manager_path": org.path, **fields}
    values["full_name"] = " ".join(p for p in (values["family_name"], values.get("middle_name", ""), values["given_name"]) if p)
    values["name_search"] = search_key(values["full_name"])
    values["sort_key"] = vietnamese_sort_key(values["given_name"], values["family_name"], values.get("middle_name", ""))
    return Cadre.objects.create(**values)


def holding_of(org: Organization) -> Holding:
    """The sample cadre in the organization's sample post since 01/10/2025 (term ends 30/09/2030)."""
    position, cadre = position_in(org, Title.HEAD), cadre_in(org)
    found = Holding.objects.filter(position=position, cadre=cadre).first()
    if found is None:
        found = Holding.objects.create(
            position=position, cadre=cadre, manager_path=org.path, started_on=dt.date(2025, 10, 1), term_ends=dt.date(2030, 9, 30)
        )
    return found


def planning_in(org: Organization) -> Planning:
    """The organization's planning for 2030–2035, approved on 15/01/2026."""
    found = Planning.objects.filter(organization=org, term_label="2030–2035").first()
    if found is None:
        found = Planning.objects.create(
            organization=org, org_path=org.path, term_label="2030–2035", starts_on=TERM_STARTS, ends_on=TERM_ENDS
        )
        PlanningDecision.objects.create(
            planning=found, kind="approval", year=2026, decision_number=f"12-QĐ/{org.code}", decision_date=dt.date(2026, 1, 15)
        )
    return found


def entry_in(org: Organization) -> PlanningEntry:
    """The sample cadre planned for the deputy secretary's post."""
    planning = planning_in(org)
    found = planning.entries.first()
    if found is None:
        found = PlanningEntry.objects.create(
            planning=planning,
            org_path=org.path,
            position=position_in(org),
            cadre=cadre_in(org),
            added_by=planning.decisions.get(kind="approval"),
            added_on=dt.date(2026, 1, 15),
            age_limit_on=dt.date(2035, 1, 1),
        )
    return found


def appointment_in(org: Organization, **fields: Any) -> Appointment:
    """A proposed appointment of the sample cadre to the deputy secretary's post."""
    if not fields:
        found = Appointment.objects.filter(organization=org, kind=AppointmentKind.APPOINTMENT).first()
        if found is not None:
            return found
    values: dict[str, Any] = {
        "kind": AppointmentKind.APPOINTMENT,
        "cadre": cadre_in(org),
        "position": position_in(org),
        "organization": org,
        "org_path": org.path,
        "proposed_on": dt.date(2026, 9, 1),
        **fields,
    }
    return Appointment.objects.create(**values)


def move_in(org: Organization) -> Move:
    """A rotation of the sample cadre from the province to a commune, decided by the organization."""
    found = Move.objects.filter(organization=org).first()
    if found is None:
        found = Move.objects.create(
            kind=MoveKind.ROTATION,
            cadre=cadre_in(org),
            organization=org,
            org_path=org.path,
            to_position=position_in(org),
            from_text="Sở Nội vụ",
            direction=Direction.PROVINCE_TO_COMMUNE,
            starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2028, 3, 1),
            purpose="Rèn luyện thực tiễn",
            decision_number=f"7-QĐ/{org.code}",
            decision_date=dt.date(2026, 2, 20),
        )
    return found


def training_of(org: Organization) -> Training:
    """The sample cadre's advanced political theory course, completed in 2024."""
    cadre = cadre_in(org)
    found = cadre.trainings.first()
    if found is None:
        found = Training.objects.create(
            cadre=cadre,
            manager_path=org.path,
            kind=CourseKind.THEORY,
            level=CourseLevel.THEORY_ADVANCED,
            name="Cao cấp lý luận chính trị",
            institution="Học viện Chính trị quốc gia Hồ Chí Minh",
            starts_on=dt.date(2023, 3, 1),
            ends_on=dt.date(2024, 6, 30),
            completed=True,
        )
    return found
