"""What every inspection record asks of its subject and its deciding body: the level a body
sits at (the forms count by it), whether a member sat on a Party committee on a date (the
forms' "of which committee members"), and where a subject is placed in the tree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.members.committees.selectors import active_q
from partybuilding.members.models import CommitteeRole, Member
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from .choices import Level

LEVEL_OF_KIND = {
    OrgKind.CENTRAL: Level.CENTRE,
    OrgKind.PROVINCE: Level.PROVINCE,
    OrgKind.DISTRICT: Level.DISTRICT,
    OrgKind.COMMUNE: Level.COMMUNE,
    OrgKind.GRASSROOTS_COMMITTEE: Level.GRASSROOTS,
    OrgKind.GRASSROOTS_CELL: Level.GRASSROOTS,
    OrgKind.SUB_COMMITTEE: Level.CELL,
    OrgKind.CELL: Level.CELL,
}


def level_of(org: Organization) -> str:
    """The level of the bodies of `org` (its committee, standing committee, commission, cell)."""
    return LEVEL_OF_KIND[OrgKind(org.kind)]


def sits_on_committee(member: Member, day: dt.date) -> bool:
    """Did the member hold a committee role (at any level) on `day`?"""
    return CommitteeRole.objects.filter(active_q(day), member=member).exists()


def placed(member: Member | None, organization: Organization | None, day: dt.date) -> dict[str, Any]:
    """The columns that place a record's subject: where it is, and whether the member sat on a
    committee on `day` (the forms' "of which committee members")."""
    return {"subject_path": subject_path(member, organization), "committee_member": member is not None and sits_on_committee(member, day)}


def subject_path(member: Member | None, organization: Organization | None) -> str:
    """Where a subject is in the tree: a member's cell, or the organization itself."""
    if member is not None:
        return member.org_path
    return organization.path if organization is not None else ""
