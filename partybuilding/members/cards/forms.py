"""Forms of the Party card pages: the list's filters, and a card issued to a member."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from partybuilding.core.api_types import FIRST_YEAR, LAST_YEAR
from partybuilding.core.forms import VersionForm, date_field

from ..choices import CardIssueKind


class CardFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Member's name or card number"), required=False, max_length=150)
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    kind = forms.ChoiceField(label=gettext_lazy("Reason"), required=False, choices=[("", "—"), *CardIssueKind.choices])


class IssueForm(VersionForm):
    """A card issued to the member: its reason, number, date and the decision behind it. The
    record's version guards against a second click and another officer's change."""

    kind = forms.ChoiceField(label=gettext_lazy("Reason"), choices=CardIssueKind.choices, widget=forms.RadioSelect)
    number = forms.RegexField(
        label=gettext_lazy("Card number"),
        regex=r"^\d{6,20}$",
        max_length=20,
        required=False,
        help_text=gettext_lazy("For a card re-issued or replaced, leave it empty to keep the number of the member's card."),
        error_messages={"invalid": gettext_lazy("A Party card number has 6 to 20 digits.")},
    )
    issued_on = date_field(gettext_lazy("Issued on"))
    decision_number = forms.CharField(label=gettext_lazy("Decision number"), max_length=64, required=False)

    def params(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        version = data.pop("version")
        return {**data, "expected_version": version}
