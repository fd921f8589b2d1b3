"""Forms of the badge pages: who is due on an award date, and a badge awarded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.forms import date_field

from ..choices import BadgeCase


class DueForm(forms.Form):
    award_date = date_field(gettext_lazy("Award date"), required=False)
    milestone = forms.TypedChoiceField(label=gettext_lazy("Badge"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, steps: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [("", "—"), *((m, _("%(years)d years") % {"years": m}) for m in steps)]  # type: ignore[attr-defined]


class AwardForm(forms.Form):
    years = forms.TypedChoiceField(label=gettext_lazy("Badge"), coerce=int)
    case = forms.ChoiceField(label=gettext_lazy("Case"), choices=BadgeCase.choices, initial=BadgeCase.REGULAR)
    award_date = date_field(gettext_lazy("Award date"))
    decision_number = forms.CharField(label=gettext_lazy("Decision number"), max_length=64, required=False)

    def __init__(self, *args: Any, steps: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["years"].choices = [(m, _("%(years)d years") % {"years": m}) for m in steps]  # type: ignore[attr-defined]
