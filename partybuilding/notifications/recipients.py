"""Who receives a notice: a member (as their user when they have an account, else as the
member, for the cell's printed list) or the officers of an organization (users)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from partybuilding.accounts.choices import Role
from partybuilding.accounts.models import RoleAssignment
from partybuilding.members.models import Member

# Who handles an organization's work: its secretary (a cell) or its organizing officers.
HANDLERS = (Role.CELL_SECRETARY, Role.ORGANIZING_OFFICER)
# Who proposes the badges: the committee's organizing board and standing committee.
COMMITTEE = (Role.ORGANIZING_OFFICER, Role.STANDING_COMMITTEE)
# Who settles appeals and handles denunciations: the inspection officers.
INSPECTORS = (Role.INSPECTION_OFFICER,)


@dataclass(frozen=True)
class Recipient:
    key: str  # "u:<user id>" or "m:<member id>": one notice each
    user_id: int | None
    member_id: int | None
    organization_id: int  # the member's cell, or the organization the officer handles
    org_path: str


def member_recipient(member_id: int, user_id: int | None, organization_id: int, org_path: str) -> Recipient:
    key = f"u:{user_id}" if user_id else f"m:{member_id}"
    return Recipient(key, user_id, member_id, organization_id, org_path)


# The fields a members' query hands `member_recipient`, in its order.
MEMBER_FIELDS = ("pk", "user_id", "organization_id", "org_path")


def members_of(organization_ids: Iterable[int]) -> dict[int, list[Recipient]]:
    """The members in the list of each organization (one query)."""
    found: dict[int, list[Recipient]] = defaultdict(list)
    rows = Member.objects.in_list().filter(organization_id__in=list(organization_ids)).order_by("sort_key")
    for member_id, user_id, org_id, path in rows.values_list(*MEMBER_FIELDS):
        found[org_id].append(member_recipient(member_id, user_id, org_id, path))
    return found


def officers_of(organizations: Iterable[tuple[int, str]], roles: Iterable[str] = HANDLERS) -> dict[int, list[Recipient]]:
    """The users holding one of `roles` over each organization itself (not above it: the
    province's officers are not told of every cell's deadline), one query."""
    paths = dict(organizations)
    found: dict[int, list[Recipient]] = defaultdict(list)
    rows = RoleAssignment.objects.filter(
        organization_id__in=list(paths), role__in=list(roles), revoked_at__isnull=True, user__is_active=True
    )
    seen: set[tuple[int, int]] = set()
    for org_id, user_id in rows.order_by("organization_id", "user_id").values_list("organization_id", "user_id"):
        if (org_id, user_id) not in seen:
            seen.add((org_id, user_id))
            found[org_id].append(Recipient(f"u:{user_id}", user_id, None, org_id, paths[org_id]))
    return found
