"""Dues: what each member owes per month (charges), what they paid, and what decides it
(their dues base, exemptions and reductions, the province's fixed amounts).

Amounts are whole đồng. A month is stored as the date of its first day."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import Decided, RecordedBy, Submitted
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .choices import BaseKind, FixedCategory, PaymentSource, ReliefKind


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
