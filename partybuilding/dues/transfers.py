"""Reads for dues paid by bank transfer: the account that collects an organization's dues,
and what a member is asked to transfer (amount, months, reference, VietQR payload)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F

from partybuilding.core import paths
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from . import months, transfer_reference, vietqr
from .models import Charge, CollectingAccount


def collecting_account(org: Organization, on: dt.date) -> CollectingAccount | None:
    """The account collecting `org`'s dues on a day: its own, else the nearest organization
    above it that has one (the latest set on or before the day)."""
    candidates = (
        CollectingAccount.objects.filter(organization__path__in=paths.ancestor_paths(org.path), valid_from__lte=on)
        .select_related("bank", "organization")
        .order_by("-organization__path", "-valid_from")  # the deepest organization first: the nearest
    )
    return candidates.first()


def accounts_of(org: Organization) -> list[CollectingAccount]:
    """The organization's own accounts, the newest first (its history)."""
    return list(CollectingAccount.objects.filter(organization=org).select_related("bank", "recorded_by").order_by("-valid_from", "-id"))


@dataclass(frozen=True)
class Transfer:
    """What a member is asked to transfer: the months still owed up to a month, in one amount."""

    member: Member
    account: CollectingAccount
    amount: int
    first: dt.date
    last: dt.date
    reference: transfer_reference.Reference

    @property
    def payload(self) -> str:
        return vietqr.payload(
            bin=self.account.bank.bin, account=self.account.account_number, amount=self.amount, purpose=self.reference.text
        )

    @property
    def svg(self) -> str:
        return vietqr.svg(self.payload)

    @property
    def months_text(self) -> str:
        return months.label(self.first) if self.first == self.last else f"{months.label(self.first)}–{months.label(self.last)}"


def owed_months(member_ids: list[int], up_to: dt.date) -> dict[int, list[Charge]]:
    """Each member's charges still owing, up to the month of `up_to` included, oldest first."""
    owing: dict[int, list[Charge]] = {}
    rows = Charge.objects.filter(member_id__in=member_ids, month__lte=months.first_of(up_to), paid__lt=F("due")).order_by(
        "member_id", "month"
    )
    for charge in rows:
        owing.setdefault(charge.member_id, []).append(charge)
    return owing


def transfer(member: Member, account: CollectingAccount | None, owing: list[Charge]) -> Transfer | None:
    """The transfer of everything owed in `owing`; None without an account or a debt."""
    if account is None or not owing:
        return None
    first, last = owing[0].month, owing[-1].month
    amount = sum(c.due - c.paid for c in owing)
    return Transfer(member, account, amount, first, last, transfer_reference.make(member.pk, first, last))


def transfer_for(member: Member, today: dt.date) -> Transfer | None:
    """A member's own transfer: everything owed up to this month, to their cell's account."""
    account = collecting_account(member.organization, today)
    return transfer(member, account, owed_months([member.pk], today).get(member.pk, []))
