"""The disciplines, suspensions and appeals of an organization that a route reaches (the
permission matrix, the scope crawl): made on first use in the test's transaction, found again
afterwards; and the matrix's rule for who records a Party cell's own decision.

- a warning decided by the cell itself (body: Party cell) on one of its members, received;
- a suspension of that member's Party activity decided by the cell;
- an appeal against that discipline, to be settled one level up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, ClassVar

from partybuilding.core.records import Decision
from partybuilding.core.scope import Action
from partybuilding.inspections.choices import Body
from partybuilding.inspections.models import Appeal, Discipline, Suspension
from partybuilding.inspections.services.appeals import appeal_file
from partybuilding.inspections.services.disciplines import PAGE_STEPS as PAGE_STEP_NAMES
from partybuilding.inspections.services.disciplines import discipline_received, discipline_record
from partybuilding.inspections.services.suspensions import suspension_record
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from .conftest import PERSONA_ROLES
from .members_factories import make_member

MARK = "Vi phạm (mẫu)"


@dataclass(frozen=True)
class RecordsOwnCell:
    """A cell's own decision: seen with `read`; recorded by those who inspect over the cell,
    or who manage its members (its secretary). Else 403; out of sight, 404 as missing."""

    read: Action = Action.VIEW_MEMBERS
    scoped: ClassVar[bool] = True

    def answer(self, case: Any) -> int | None:
        if not case.holds(self.read):
            return 404
        return None if case.holds(Action.INSPECT) or case.holds(Action.MANAGE_MEMBERS) else 403


@dataclass(frozen=True)
class RecordsAtWorkingScope:
    """A page to record a discipline or a suspension in the organization the user works in:
    for those who inspect or manage members there, else 403."""

    scoped: ClassVar[bool] = False

    def answer(self, case: Any) -> int | None:
        code = PERSONA_ROLES[case.persona][2]
        working = case.world.orgs[code] if code else case.org
        return None if case.holds(Action.INSPECT, working) or case.holds(Action.MANAGE_MEMBERS, working) else 403


def discipline_in(org: Organization) -> Discipline:
    found = Discipline.objects.filter(organization=org, violation=MARK).first()
    if found is None:
        found = discipline_record(
            actor=None, decision=Decision(number="9-QĐ/CB", date=dt.date(2026, 9, 1)), organization=org, body=Body.CELL,
            member=make_member(org), violation=MARK, violation_date=dt.date(2026, 6, 1), proposed_form="warning",
        )  # fmt: skip
        discipline_received(actor=None, discipline=found, date=dt.date(2026, 9, 3))
        found.refresh_from_db()
    return found


def suspension_in(org: Organization) -> Suspension:
    found = Suspension.objects.filter(organization=org).first()
    if found is None:
        found = suspension_record(
            actor=None, organization=org, body=Body.CELL, member=discipline_in(org).member, reason=MARK,
            starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2027, 1, 15),
        )  # fmt: skip
    return found


def appeal_in(org: Organization) -> Appeal:
    found = Appeal.objects.filter(discipline=discipline_in(org)).first()
    if found is None:
        found = appeal_file(actor=None, discipline=discipline_in(org), filed_on=dt.date(2026, 9, 20), content=MARK)
    return found


def objects_of(org: Organization) -> dict[str, list[Any]]:
    """The scope crawl's objects: the discipline, suspension and appeal of a cell under `org`."""
    cell = Organization.objects.filter(path__startswith=org.path, kind=OrgKind.CELL).order_by("path").first()
    assert cell is not None
    return {"discipline": [discipline_in(cell)], "suspension": [suspension_in(cell)], "appeal": [appeal_in(cell)]}


# The steps the discipline's page and API take by name (those of an appeal's settlement aside).
PAGE_STEPS = SimpleNamespace(steps=dict.fromkeys(PAGE_STEP_NAMES))
