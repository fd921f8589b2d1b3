"""Dues: what each member owes per month (charges), what they paid, and what decides it
(their dues base, exemptions and reductions, the province's fixed amounts).

Amounts are whole đồng. A month is stored as the date of its first day."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import Decided, RecordedBy, Submitted
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .choices import BaseKind, CreditState, FixedCategory, MatchedBy, PaymentSource, ReliefKind


class DuesBase(RecordedBy):
    """What a member's dues are computed from, from a month on: a salary base, a pension,
    or a fixed-amount category."""

    organization_lookup: ClassVar[str] = "member__organization"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="dues_bases")
    from_month = models.DateField(_("from month"))
    kind = models.CharField(_("dues base"), max_length=10, choices=BaseKind.choices)
    amount = models.BigIntegerField(_("salary base or pension (đồng)"), default=0)
    category = models.CharField(_("category"), max_length=12, choices=FixedCategory.choices, blank=True)

    class Meta:
        verbose_name = _("dues base")
        verbose_name_plural = _("dues bases")
        ordering = ["member", "from_month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "from_month"], name="dues_base_once_per_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dues_base_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.from_month:%m/%Y}"


class FixedAmount(RecordedBy):
    """The province's (or a lower committee's) monthly amount for a category of members
    without a salary or pension, from a date on."""

    organization_lookup: ClassVar[str] = "organization"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="dues_fixed_amounts")
    category = models.CharField(_("category"), max_length=12, choices=FixedCategory.choices)
    amount = models.BigIntegerField(_("amount per month (đồng)"))
    effective_from = models.DateField(_("effective from"))

    class Meta:
        verbose_name = _("fixed dues amount")
        verbose_name_plural = _("fixed dues amounts")
        ordering = ["organization", "category", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "category", "effective_from"], name="dues_fixed_once_per_date"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dues_fixed_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.category} {self.amount}"


class Relief(Decided, RecordedBy, Submitted):
    """An exemption (hardship) or a reduction of a member's dues for months, by a decision."""

    organization_lookup: ClassVar[str] = "member__organization"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="dues_reliefs")
    kind = models.CharField(_("kind"), max_length=10, choices=ReliefKind.choices)
    percent = models.PositiveSmallIntegerField(_("reduction (%)"), null=True, blank=True)
    from_month = models.DateField(_("from month"))
    to_month = models.DateField(_("to month (included)"))
    # A relief is granted by a decision: its number and date are required.
    decision_number = models.CharField(_("decision number"), max_length=64)
    decision_date = models.DateField(_("decision date"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("dues exemption or reduction")
        verbose_name_plural = _("dues exemptions and reductions")
        ordering = ["member", "from_month"]
        constraints = [
            models.CheckConstraint(condition=Q(to_month__gte=F("from_month")), name="dues_relief_period_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.from_month:%m/%Y}–{self.to_month:%m/%Y}"


class Charge(models.Model):
    """The dues of one member for one month, charged to the organization the member
    belonged to then: the amount before relief, what relief took off, what is due and
    what of it was paid."""

    path_copy: ClassVar[str] = "org_path"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="dues_charges")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="dues_charges")
    org_path = models.CharField(max_length=80)
    month = models.DateField(_("month"))
    base_amount = models.BigIntegerField(_("dues before relief"))
    exempted = models.BigIntegerField(_("exempted"), default=0)
    reduced = models.BigIntegerField(_("reduced"), default=0)
    due = models.BigIntegerField(_("due"))
    paid = models.BigIntegerField(_("paid"), default=0)

    class Meta:
        verbose_name = _("monthly dues")
        verbose_name_plural = _("monthly dues")
        ordering = ["member", "month"]
        indexes = [
            models.Index(fields=["organization", "month"], name="dues_charge_org_month_idx"),
            # Arrears: only the charges with something outstanding, by subtree; with the member,
            # so that counting members in arrears reads the index alone.
            models.Index(fields=["org_path", "month", "member"], name="dues_charge_owing_idx", condition=Q(paid__lt=F("due"))),
        ]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_charge_once_per_month"),
            models.CheckConstraint(condition=Q(paid__gte=0) & Q(paid__lte=F("due")), name="dues_charge_paid_within_due"),
            models.CheckConstraint(condition=Q(due=F("base_amount") - F("exempted") - F("reduced")), name="dues_charge_due_adds_up"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%m/%Y} {self.paid}/{self.due}"

    @property
    def outstanding(self) -> int:
        return self.due - self.paid


class Payment(RecordedBy):
    """Money a member paid, for a month (the month it was collected for). It pays that
    month first, then older arrears, then the next months; what is left is credit."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="dues_payments")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="dues_payments")
    org_path = models.CharField(max_length=80)
    month = models.DateField(_("month"))
    amount = models.BigIntegerField(_("amount"))
    paid_on = models.DateField(_("paid on"))
    source = models.CharField(_("source"), max_length=8, choices=PaymentSource.choices)
    submission = models.UUIDField()

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["member", "paid_on", "id"]
        indexes = [models.Index(fields=["member", "month"], name="dues_payment_member_idx")]
        constraints = [
            # A form or file submitted twice records nothing the second time.
            models.UniqueConstraint(fields=["submission", "member", "month"], name="dues_payment_once_per_submission"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dues_payment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%m/%Y} {self.amount}"


class Account(models.Model):
    """A member's credit: money paid that no charge has taken yet (advance payments)."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, primary_key=True, related_name="dues_account")
    credit = models.BigIntegerField(_("credit"), default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(credit__gte=0), name="dues_credit_not_negative")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.credit}"


# --- dues by bank transfer -------------------------------------------------------------------


class Bank(models.Model):
    """A bank that takes NAPAS 247 transfers, with its BIN: reference data (a migration adds
    the banks; a new bank is a row, not code)."""

    bin = models.CharField(_("NAPAS BIN"), max_length=6, unique=True)
    short_name = models.CharField(_("short name"), max_length=40)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("bank")
        verbose_name_plural = _("banks")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class CollectingAccount(Scoped, RecordedBy):
    """The bank account that collects an organization's dues (a cell, or a committee for
    its cells), from a day on. A change is a new row: the history stays."""

    scope_paths: ClassVar[tuple[str, ...]] = ("organization__path",)
    scope_action: ClassVar[Action] = Action.VIEW
    organization_lookup: ClassVar[str] = "organization"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="dues_bank_accounts")
    bank = models.ForeignKey(Bank, on_delete=models.PROTECT, related_name="+")
    account_number = models.CharField(_("account number"), max_length=19)
    holder_name = models.CharField(_("account holder's name"), max_length=100)
    valid_from = models.DateField(_("from"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues bank account")
        verbose_name_plural = _("dues bank accounts")
        ordering = ["organization", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["organization", "valid_from"], name="dues_bank_account_once_per_day")]

    def __str__(self) -> str:
        return f"{self.bank.short_name} {self.account_number}"


class StatementLayout(models.Model):
    """How a bank's statement export lays out its columns, as data (`statements.py` reads
    it): a new layout is a row, not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    mapping = models.JSONField(_("column mapping"))

    class Meta:
        verbose_name = _("bank statement layout")
        verbose_name_plural = _("bank statement layouts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Statement(Scoped, RecordedBy):
    """A bank statement imported for a collecting account: its credit lines are `BankCredit`s."""

    scope_paths: ClassVar[tuple[str, ...]] = ("organization__path",)
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS
    organization_lookup: ClassVar[str] = "organization"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(CollectingAccount, on_delete=models.PROTECT, related_name="statements")
    layout = models.ForeignKey(StatementLayout, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    credits = models.PositiveIntegerField(_("credit lines"), default=0)
    new_credits = models.PositiveIntegerField(_("new credit lines"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    first_day = models.DateField(_("first day"), null=True, blank=True)
    last_day = models.DateField(_("last day"), null=True, blank=True)
    # The lines not recorded because an earlier import (or an earlier line of this file) has
    # them: kept so that the statement's page still says what became of every line.
    skipped = models.JSONField(default=list, blank=True)
    search_text = models.CharField(max_length=400, blank=True)  # file, account, bank, organization without diacritics
    submission = models.UUIDField(unique=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return self.file_name


class BankCredit(Scoped):
    """A credit line of a bank statement, once per account: keyed by the bank's transaction
    id, or by a hash of its day, amount and content when the export has none. Matched to a
    member, it paid their dues (the payments of its `submission`)."""

    scope_paths: ClassVar[tuple[str, ...]] = ("organization__path",)
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS
    organization_lookup: ClassVar[str] = "organization"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    account = models.ForeignKey(CollectingAccount, on_delete=models.PROTECT, related_name="credits")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="lines")
    key = models.CharField(max_length=80)
    line = models.PositiveIntegerField(_("line"))
    booked_on = models.DateField(_("day"))
    amount = models.BigIntegerField(_("amount"))
    content = models.CharField(_("content"), max_length=500, blank=True)
    content_key = models.CharField(max_length=500, blank=True)  # the content without diacritics, for the search
    transaction_id = models.CharField(_("transaction number"), max_length=64, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=CreditState.choices)
    matched_by = models.CharField(_("matched by"), max_length=12, choices=MatchedBy.choices, blank=True)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    month = models.DateField(_("month"), null=True, blank=True)
    submission = models.UUIDField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bank credit")
        verbose_name_plural = _("bank credits")
        ordering = ["-booked_on", "line", "id"]
        indexes = [models.Index(fields=["organization", "state", "booked_on"], name="dues_credit_queue_idx")]
        constraints = [
            # A statement imported twice, or two statements that overlap, record a line once.
            models.UniqueConstraint(fields=["account", "key"], name="dues_credit_once_per_account"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dues_credit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on:%d/%m/%Y} {self.amount}"
