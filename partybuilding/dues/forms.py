"""Forms of the dues pages. Months are typed mm/yyyy, dates dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuilding.core.forms import date_field
from partybuilding.core.rules import rule_if_recorded
from partybuilding.core.sheets import SHEET_ACCEPT, SHEET_HELP
from partybuilding.members.models import Member

from . import months
from .choices import MAX_AMOUNT, BaseKind, CreditState, FixedCategory, ReliefKind
from .models import Bank, CollectingAccount, StatementLayout

# "50000", "50.000", "50,000" or "50 000": a decimal part ("50000.00", "50.000,5") is refused
# rather than read as a number ten or a hundred times larger.
_AMOUNT = re.compile(r"^(\d+|\d{1,3}([.,\s]\d{3})+)$")


def parse_amount(text: str) -> int | None:
    """A whole amount in đồng, 0 for nothing typed; None when it is not a whole amount."""
    text = text.strip()
    if not text:
        return 0
    if not _AMOUNT.match(text):
        return None
    amount = int(re.sub(r"\D", "", text))
    return amount if amount <= MAX_AMOUNT else None


class MonthField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("mm/yyyy"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"placeholder": "mm/yyyy", "inputmode": "numeric", "size": 8, "maxlength": 7})

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        month = months.parse(text)
        if month is None:
            raise forms.ValidationError(_("Type the month as mm/yyyy, e.g. 03/2026."))
        return month

    def prepare_value(self, value: Any) -> Any:
        return months.label(value) if isinstance(value, dt.date) else value


class ArrearsFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or card number"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    min_months = forms.IntegerField(label=_("Months owed, at least"), required=False, min_value=1, max_value=240)


class ReportForm(forms.Form):
    first = MonthField(label=_("From month"), required=False)
    last = MonthField(label=_("To month"), required=False)

    def period(self, today: dt.date) -> tuple[dt.date, dt.date]:
        d = self.cleaned_data if self.is_valid() else {}
        first = d.get("first") or dt.date(today.year, 1, 1)
        last = d.get("last") or months.first_of(today)
        if last < first:
            first, last = last, first
        if months.count(first, last) > 120:  # ten years of months is the widest report
            first = months.add(last, -119)
        return first, last


class BaseForm(forms.Form):
    from_month = MonthField(label=_("From month"))
    kind = forms.ChoiceField(label=_("Dues base"), choices=BaseKind.choices)
    amount = forms.IntegerField(label=_("Salary base or pension (đồng)"), required=False, min_value=0, max_value=MAX_AMOUNT)
    category = forms.ChoiceField(label=_("Category (fixed amount)"), choices=[("", "—"), *FixedCategory.choices], required=False)

    def params(self) -> dict[str, Any]:
        """The base as `dues_base_record` takes it (a fixed-amount base has no amount of its own)."""
        return {**self.cleaned_data, "amount": self.cleaned_data["amount"] or 0}


class ReliefForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReliefKind.choices)
    percent = forms.TypedChoiceField(label=_("Reduction (%)"), choices=[], coerce=int, required=False, empty_value=None)
    from_month = MonthField(label=_("From month"))
    to_month = MonthField(label=_("To month (included)"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = date_field(_("Decision date"))
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The reductions the rules in force today allow; the service checks the relief's own months.
        allowed = rule_if_recorded("dues.reduction_percents", timezone.localdate())
        self.fields["percent"].choices = [("", "—"), *((p, f"{p}%") for p in (allowed.value if allowed else []))]  # type: ignore[attr-defined]


class FixedAmountForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=FixedCategory.choices)
    amount = forms.IntegerField(label=_("Amount per month (đồng)"), min_value=0, max_value=MAX_AMOUNT)
    effective_from = date_field(_("Effective from"))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Payment file (Excel or CSV)"),
        help_text=SHEET_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": SHEET_ACCEPT}),
    )
    dry_run = forms.BooleanField(label=_("Check only (dry run)"), required=False, initial=True)
    submission = forms.UUIDField(widget=forms.HiddenInput)


class OpenMonthForm(forms.Form):
    """Charging a month from the collection screen: the day the cash is being collected."""

    paid_on = date_field(_("Paid on"), required=False)


class CollectForm(forms.Form):
    """The collection screen: the day the cash was collected and one amount per member
    charged in the cell that month (blank: nothing collected from them)."""

    paid_on = date_field(_("Paid on"))
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, rows: list[dict[str, Any]], month: dt.date, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")  # the date's id is "paid_on", as links and scripts know it
        super().__init__(*args, **kwargs)
        self.rows, self.month = rows, month
        for row in rows:
            self.fields[row["field"]] = AmountField(required=False, label=row["member"].full_name)

    def params(self) -> dict[str, Any]:
        """`payments_record`'s parameters: the payments typed, one per member with an amount."""
        from .services import PaymentItem

        d = self.cleaned_data
        items = [PaymentItem(row["member"], self.month, d[row["field"]], d["paid_on"]) for row in self.rows if d.get(row["field"])]
        return {"items": items, "submission": d["submission"]}


class AmountField(forms.CharField):
    """A whole amount in đồng ("50000", "50.000", "50,000" or "50 000"); blank is 0."""

    def clean(self, value: Any) -> int:
        amount = parse_amount(str(value or ""))
        if amount is None:
            raise forms.ValidationError(_("Type a whole amount in đồng."))
        return amount


# --- dues by bank transfer -------------------------------------------------------------------


class CollectingAccountForm(forms.Form):
    bank = forms.ModelChoiceField(label=_("Bank"), queryset=Bank.objects.order_by("short_name"), empty_label="—")
    account_number = forms.CharField(label=_("Account number"), max_length=30)
    holder_name = forms.CharField(
        label=_("Account holder's name"), max_length=100, help_text=_("As the bank shows it, e.g. CHI BO THON DONG")
    )
    valid_from = date_field(_("From"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bank"].label_from_instance = lambda b: f"{b.short_name} — {b.name}"  # type: ignore[attr-defined]


class StatementForm(forms.Form):
    account = forms.ModelChoiceField(label=_("Account"), queryset=CollectingAccount.objects.none(), empty_label=None)
    layout = forms.ModelChoiceField(label=_("Bank's statement layout"), queryset=StatementLayout.objects.order_by("name"), empty_label=None)
    file = forms.FileField(
        label=_("Statement (Excel or CSV, as the bank exports it)"),
        help_text=SHEET_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": SHEET_ACCEPT}),
    )
    dry_run = forms.BooleanField(label=_("Check only (dry run)"), required=False, initial=True)
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, accounts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts  # type: ignore[attr-defined]
        self.fields["account"].label_from_instance = lambda a: f"{a.organization.name}: {a.bank.short_name} {a.account_number}"  # type: ignore[attr-defined]


class CreditFilterForm(forms.Form):
    q = forms.CharField(label=_("Content or amount"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *CreditState.choices])


class CreditAssignForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none(), empty_label="—")
    month = MonthField(label=_("For the month"), help_text=_("It pays that month first, then older arrears, then the next months."))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.fields["member"].label_from_instance = lambda m: f"{m.full_name} — {m.organization.name}"  # type: ignore[attr-defined]


class StatementFilterForm(forms.Form):
    q = forms.CharField(label=_("File, account or organization"), required=False, max_length=100)
    bank = forms.ModelChoiceField(label=_("Bank"), queryset=Bank.objects.order_by("short_name"), required=False, empty_label=_("All"))
    first = date_field(_("Lines from"), required=False)
    last = date_field(_("Lines to"), required=False)
