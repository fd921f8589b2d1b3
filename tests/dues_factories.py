"""Dues for the tests: a member with a salary base, months opened, payments."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from partybuilding.dues import services
from partybuilding.dues.choices import BaseKind
from partybuilding.dues.models import Charge
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .members_factories import make_member

SALARY = 5_000_000  # 1% = 50,000 đồng a month


def member_with_base(org: Organization, *, salary: int = SALARY, since: dt.date = dt.date(2025, 1, 1), **extra: Any) -> Member:
    member = make_member(org, **extra)
    services.dues_base_record(actor=None, member=member, from_month=since, kind=BaseKind.SALARY, amount=salary)
    return member


def open_months(org: Organization, first: dt.date, last: dt.date) -> None:
    from partybuilding.dues import months

    for month in months.span(first, last):
        services.dues_open_month(actor=None, organization=org, month=month)


def pay(member: Member, month: dt.date, amount: int, paid_on: dt.date | None = None) -> None:
    item = services.PaymentItem(member=member, month=month, amount=amount, paid_on=paid_on or month)
    services.payments_record(actor=None, items=[item], submission=uuid.uuid4())


def charge(member: Member, month: dt.date) -> Charge:
    return Charge.objects.get(member=member, month=month)
