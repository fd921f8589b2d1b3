"""Forms of the reward pages: the list's filters, a reward recorded for an organization or a
member, and a reward corrected."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from partybuilding.core.api_types import FIRST_YEAR, LAST_YEAR
from partybuilding.core.forms import OrganizationField, ScopedForm, date_field
from partybuilding.core.scope import Action

from ..choices import RewardForm


class RewardFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Member, organization or decision number"), required=False, max_length=150)
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    form = forms.ChoiceField(label=gettext_lazy("Form of reward"), required=False, choices=[("", "—"), *RewardForm.choices])
    who = forms.ChoiceField(
        label=gettext_lazy("Rewarded"),
        required=False,
        choices=[("", "—"), ("organizations", gettext_lazy("Party organizations")), ("members", gettext_lazy("Party members"))],
    )


class RewardFieldsForm(ScopedForm):
    """What any reward records: its form, the award day, what it was for and the decision."""

    form = forms.ChoiceField(label=gettext_lazy("Form of reward"), choices=RewardForm.choices)
    awarded_on = date_field(gettext_lazy("Awarded on"))
    reason = forms.CharField(label=gettext_lazy("Achievement"), max_length=255, required=False)
    decided_by = forms.CharField(
        label=gettext_lazy("Awarded by"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("The body that gave it, e.g. the Provincial Party Standing Committee"),
    )
    decision_number = forms.CharField(label=gettext_lazy("Decision number"), max_length=64, required=False)
    decision_date = date_field(gettext_lazy("Decision date"), required=False)


class MemberRewardForm(RewardFieldsForm):
    """A member's reward (a banner is for organizations)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [(v, label) for v, label in RewardForm.choices if v != RewardForm.BANNER]  # type: ignore[attr-defined]


class OrganizationRewardForm(RewardFieldsForm):
    """An organization's reward: the organization among those whose members the user manages."""

    organization = OrganizationField(gettext_lazy("Party organization rewarded"), action=Action.MANAGE_MEMBERS)
    field_order = ["organization"]


class RewardDeleteForm(forms.Form):
    """Deleting asks nothing but the confirmation."""
