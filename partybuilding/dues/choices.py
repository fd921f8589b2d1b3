from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseKind(models.TextChoices):
    SALARY = "salary", _("Salary (social-insurance base)")
    PENSION = "pension", _("Pension")
    FIXED = "fixed", _("Fixed amount")


class FixedCategory(models.TextChoices):
    """Members without a salary or pension pay a fixed amount set by the province."""

    INFORMAL = "informal", _("Farmers, self-employed and other members without a salary")
    STUDENT = "student", _("Students")
    ABROAD = "abroad", _("Members working or studying abroad")


class ReliefKind(models.TextChoices):
    EXEMPTION = "exemption", _("Exemption (hardship)")
    REDUCTION = "reduction", _("Reduction")


class PaymentSource(models.TextChoices):
    CASH = "cash", _("Cash at the cell meeting")
    FILE = "file", _("Payment file")
    API = "api", _("API")
    BANK = "bank", _("Bank transfer")


class CreditState(models.TextChoices):
    """A bank statement's credit line: what became of it."""

    MATCHED = "matched", _("Recorded as dues")
    UNMATCHED = "unmatched", _("To assign")
    NOT_DUES = "not_dues", _("Not dues")


class MatchedBy(models.TextChoices):
    REFERENCE = "reference", _("By its reference")
    AMOUNT_NAME = "amount_name", _("By amount and name")
    HAND = "hand", _("By hand")


MAX_AMOUNT = 10**12  # đồng: far beyond any dues or salary, so that a slip of the keyboard is refused
