"""Factories of member records for the tests (through the services, as users create them)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from partybuilding.members.models import Member
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
