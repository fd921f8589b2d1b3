"""Factories of member records for the tests (through the services, as users create them)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from partybuilding.accounts.models import User
from partybuilding.members.choices import CommitteeRoleKind, TransferKind
from partybuilding.members.models import CommitteeRole, ImportJob, ImportStatus, Member, Transfer
from partybuilding.members.personal import PersonalData
from partybuilding.members.records.services import member_register
from partybuilding.organizations.models import Organization

_numbers = itertools.count(1)


def personal(**overrides: Any) -> PersonalData:
    n = next(_numbers)
    values: dict[str, Any] = {
        "family_name": "Nguyễn",
        "middle_name": "Văn",
        "given_name": f"Anh{n}",
        "gender": "M",
        "date_of_birth": dt.date(1980, 5, 17),
        "citizen_id": f"0010800{n:05d}",
    }
    values.update(overrides)
    return PersonalData(**values)


def make_member(
    org: Organization,
    *,
    admitted: dt.date = dt.date(2010, 3, 3),
    official: dt.date | None = dt.date(2011, 3, 3),
    card: str | None = None,
    **data: Any,
) -> Member:
    return member_register(
        actor=None, organization=org, data=personal(**data), admission_date=admitted, official_date=official, card_number=card
    )


def letter_out_of_the_system(org: Organization) -> Transfer:
    """A member of `org` leaving with a transfer letter to an organization outside the
    system: the letter waits for its outcome, which `org`'s managers record."""
    from partybuilding.members.transfers.services import transfer_issue

    return transfer_issue(
        actor=None,
        member=make_member(org),
        kind=TransferKind.OFFICIAL,
        letter_number="15-GGT",
        letter_date=dt.date(2026, 10, 1),
        outside="Đảng bộ Công an tỉnh",
        change_date=dt.date(2026, 9, 15),
    )


def committee_role(org: Organization, member: Member) -> CommitteeRole:
    """`member` holds the secretary's role in `org`'s committee term 2025–2030."""
    from partybuilding.members.committees.services import committee_role_assign
    from partybuilding.organizations.services import term_create

    term = term_create(actor=None, org=org, start_year=2025, end_year=2030)
    return committee_role_assign(actor=None, term=term, member=member, role=CommitteeRoleKind.SECRETARY, since=dt.date(2025, 7, 1))


def import_job(user: User, org: Organization) -> ImportJob:
    """A member import `user` uploaded for `org`, checked and refused (no longer running)."""
    return ImportJob.objects.create(created_by=user, organization=org, file_name="dang-vien.xlsx", status=ImportStatus.REJECTED)
