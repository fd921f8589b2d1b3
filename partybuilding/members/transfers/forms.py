"""Forms of the transfer pages: the list's filters, the letter issued, the receiving side's
answer, and a member arriving from outside the system."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.forms import OrganizationField, ScopedForm, date_field

from ..choices import TransferKind, TransferStatus
from ..records.forms import MemberCreateForm


class TransferFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name or card number"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", "—"), ("open", gettext_lazy("Waiting (issued or held)")), *TransferStatus.choices],
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False, choices=[("", "—"), *TransferKind.choices])
    direction = forms.ChoiceField(
        label=gettext_lazy("Direction"),
        required=False,
        choices=[("", "—"), ("out", gettext_lazy("Leaving the organization")), ("in", gettext_lazy("Arriving in the organization"))],
    )
    overdue = forms.BooleanField(label=gettext_lazy("Overdue only"), required=False)


class IssueForm(ScopedForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=TransferKind.choices, widget=forms.RadioSelect, initial=TransferKind.OFFICIAL
    )
    # A letter may go to any cell of the system, not only to those the sender manages.
    to_organization = OrganizationField(gettext_lazy("Receiving Party cell of the system"), required=False)
    outside = forms.CharField(label=gettext_lazy("or: receiving organization outside the system"), max_length=255, required=False)
    change_date = date_field(gettext_lazy("Date of the change (new job, retirement, move)"), required=False)
    letter_number = forms.CharField(label=gettext_lazy("Letter number"), max_length=64)
    letter_date = date_field(gettext_lazy("Letter date"))
    until = date_field(gettext_lazy("Temporary until"), required=False)
    training = forms.BooleanField(label=gettext_lazy("Temporary transfer for training"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("to_organization")) == bool(cleaned.get("outside", "").strip()):
            raise ValidationError(_("Name either the receiving Party cell of the system or the organization outside it."))
        cleaned["kind"] = cleaned.get("kind") or TransferKind.OFFICIAL
        return cleaned


class ActionForm(forms.Form):
    """What the receiving side answers: its date, and the reason of a hold or a refusal."""

    date = date_field(gettext_lazy("Date"))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if action in ("hold", "refuse"):
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]


class ArrivalForm(MemberCreateForm):
    outside = forms.CharField(label=gettext_lazy("Coming from (organization outside the system)"), max_length=255)
    letter_number = forms.CharField(label=gettext_lazy("Letter number"), max_length=64)
    letter_date = date_field(gettext_lazy("Letter date"))
    date = date_field(gettext_lazy("Date received"))
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=TransferKind.choices,
        widget=forms.RadioSelect,
        initial=TransferKind.OFFICIAL,
        help_text=gettext_lazy("A temporary stay: listed here, marked, and counted by the organization the member comes from."),
    )
    until = date_field(gettext_lazy("Temporary until"), required=False)
    field_order = ["outside", "letter_number", "letter_date", "date", "kind", "until", *MemberCreateForm.field_order]
    passes = (*MemberCreateForm.passes, "letter_number", "letter_date", "date", "kind", "until")

    def params(self) -> dict[str, Any]:
        """`transfer_in_from_outside`'s parameters: the origin is the organization it names."""
        return {**super().params(), "origin": self.cleaned_data["outside"], "kind": self.cleaned_data["kind"] or TransferKind.OFFICIAL}
