"""Payments: cash collected at the cell meeting, a payment file, the API. One service for
all of them, a fixed number of queries whatever the number of payments."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import AuditItem, audit_record_many
from partybuilding.core.errors import Refusal
from partybuilding.core.records import actor_user
from partybuilding.members.models import Member

from .. import months
from ..choices import PaymentSource
from ..models import Account, Charge, Payment
from ..totals import Deltas, charge_keys
from .charges import OWING, chunks


@dataclass(frozen=True)
class PaymentItem:
    member: Member
    month: dt.date
    amount: int
    paid_on: dt.date


def allocation_order(charges: list[Charge], month: dt.date) -> list[Charge]:
    """The month paid for first, then older arrears (oldest first), then the next months."""
    return sorted(charges, key=lambda c: (c.month != month, c.month > month, c.month))


def payments_record(*, actor: Any, items: list[PaymentItem], submission: uuid.UUID, source: str = PaymentSource.CASH) -> list[Payment]:
    """Record the payments and allocate each to the member's charges; what no charge takes
    is credit for the months to come. A submission already recorded records nothing."""
    today = timezone.localdate()
    items = [i for i in items if i.amount]
    for item in items:
        if item.amount < 0:
            raise Refusal(_("A payment cannot be negative (%(name)s).") % {"name": item.member.full_name}, field="amount")
        if item.paid_on > today:
            raise Refusal(_("A payment cannot be dated in the future (%(name)s).") % {"name": item.member.full_name}, field="paid_on")
    if not items or _recorded(submission, items):
        return []
    items = _merged(items)
    try:
        with transaction.atomic():
            return _record(actor, items, submission, source)
    except IntegrityError:
        # The same submission arrived twice at once: the other request recorded it.
        if _recorded(submission, items):
            return []
        raise


def _recorded(submission: uuid.UUID, items: list[PaymentItem]) -> bool:
    """Was this submission recorded already, for these members (another one's id is not ours)?"""
    return Payment.objects.filter(submission=submission, member__in=[i.member.pk for i in items]).exists()


def _merged(items: list[PaymentItem]) -> list[PaymentItem]:
    """One payment per member and month: amounts added, dated the latest day."""
    found: dict[tuple[int, dt.date], PaymentItem] = {}
    for item in items:
        key = (item.member.pk, months.first_of(item.month))
        if key in found:
            seen = found[key]
            item = PaymentItem(item.member, item.month, seen.amount + item.amount, max(seen.paid_on, item.paid_on))
        found[key] = item
    return list(found.values())


def _record(actor: Any, items: list[PaymentItem], submission: uuid.UUID, source: str) -> list[Payment]:
    member_ids = sorted({i.member.pk for i in items})
    owing: dict[int, list[Charge]] = defaultdict(list)
    of_month: dict[tuple[int, dt.date], Charge] = {}
    months_paid = {months.first_of(i.month) for i in items}
    for part in chunks(member_ids):
        rows = Charge.objects.select_for_update().filter(member_id__in=part).filter(OWING | Q(month__in=months_paid))
        for charge in rows.order_by("member_id", "month"):
            of_month[(charge.member_id, charge.month)] = charge
            if charge.paid < charge.due:
                owing[charge.member_id].append(charge)
    credit: dict[int, int] = {}
    for part in chunks(member_ids):
        credit.update(Account.objects.select_for_update().filter(member_id__in=part).values_list("member_id", "credit"))
    before_credit = dict(credit)
    before_keys = {id(c): charge_keys(c) for charges in owing.values() for c in charges}
    changed: dict[int, Charge] = {}
    payments = []
    for item in items:
        month = months.first_of(item.month)
        paid_month = of_month.get((item.member.pk, month))
        org_id, path = (
            (paid_month.organization_id, paid_month.org_path) if paid_month else (item.member.organization_id, item.member.org_path)
        )
        payments.append(
            Payment(
                member=item.member,
                organization_id=org_id,
                org_path=path,
                month=month,
                amount=item.amount,
                paid_on=item.paid_on,
                source=source,
                submission=submission,
                recorded_by=actor_user(actor),
            )
        )
        left = item.amount
        for target in allocation_order(owing[item.member.pk], month):
            take = min(left, target.due - target.paid)
            if take > 0:
                target.paid += take
                left -= take
                changed[id(target)] = target
        credit[item.member.pk] = credit.get(item.member.pk, 0) + left
    deltas = Deltas()
    for key, charge in changed.items():
        deltas.change(charge.org_path, before_keys[key], charge_keys(charge))
    Charge.objects.bulk_update(list(changed.values()), ["paid"], batch_size=2000)
    changed_credit = [Account(member_id=m, credit=c) for m, c in credit.items() if c != before_credit.get(m, 0)]
    Account.objects.bulk_create(changed_credit, update_conflicts=True, unique_fields=["member"], update_fields=["credit"])
    created = Payment.objects.bulk_create(payments, batch_size=2000)
    deltas.save()
    audit_record_many(
        actor=actor,
        items=[
            AuditItem("dues.payment", "dues.payment", str(p.pk or ""), f"{p.member.full_name} {p.month:%m/%Y}",
                      after={"member": p.member_id, "month": months.label(p.month), "amount": p.amount, "paid_on": p.paid_on.isoformat(), "source": p.source})
            for p in created
        ],
    )  # fmt: skip
    return created
