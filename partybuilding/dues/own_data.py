"""What the dues hold about a member, for their own download (`members.own_data`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from partybuilding.members.models import Member
from partybuilding.members.own_data import section

from .models import Account, BankCredit, Charge, DuesBase, Payment, Relief


@section("dues_account", _("Dues account"), Account)
def _account(member: Member) -> Iterable[Account]:
    return Account.objects.filter(member=member)


@section("dues_bases", _("What your dues are computed from"), DuesBase)
def _bases(member: Member) -> Iterable[DuesBase]:
    return member.dues_bases.select_related("recorded_by").order_by("from_month", "id")


@section("dues_reliefs", _("Dues exemptions and reductions"), Relief)
def _reliefs(member: Member) -> Iterable[Relief]:
    return member.dues_reliefs.select_related("recorded_by").order_by("id")


@section("dues_charges", _("Dues by month"), Charge)
def _charges(member: Member) -> Iterable[Charge]:
    return member.dues_charges.select_related("organization").order_by("month", "id")


@section("dues_payments", _("Dues payments"), Payment)
def _payments(member: Member) -> Iterable[Payment]:
    return member.dues_payments.select_related("organization", "recorded_by").order_by("month", "paid_on", "id")


@section("dues_bank_credits", _("Bank transfers recorded as your dues"), BankCredit, fields=("booked_on", "amount", "content", "transaction_id", "state", "matched_by", "month"))  # fmt: skip
def _bank_credits(member: Member) -> Iterable[BankCredit]:
    return BankCredit.objects.filter(member=member).order_by("booked_on", "id")
