"""The forms of planning: a planning with its approval, a review's decision, a cadre added
to a post, removed at a review, an automatic exit recorded, the day the table is shown on."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from partybuilding.core.forms import OrganizationField, ScopedForm, VersionForm, date_field
from partybuilding.core.scope import Action

from ..choices import ExitReason, PlanningDecisionKind
from ..models import Cadre, PlanningDecision, Position


class _DecisionFields(forms.Form):
    decision_number = forms.CharField(label=gettext_lazy("Decision number"), max_length=64)
    decision_date = date_field(gettext_lazy("Decision date"))
    decided_by = forms.CharField(label=gettext_lazy("Decided by"), max_length=255, required=False)
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class PlanningForm(ScopedForm, _DecisionFields):
    organization = OrganizationField(gettext_lazy("Managing organization"), action=Action.MANAGE_CADRES)
    term_label = forms.CharField(label=gettext_lazy("Term of the planning"), max_length=20, help_text=gettext_lazy("Such as 2030–2035."))
    starts_on = date_field(gettext_lazy("The term starts on"))
    ends_on = date_field(gettext_lazy("The term ends on"))

    field_order = ["organization", "term_label", "starts_on", "ends_on", "decision_number", "decision_date", "decided_by", "note"]


class ReviewForm(_DecisionFields):
    """A yearly review's decision."""


class EntryForm(forms.Form):
    decision = forms.ModelChoiceField(label=gettext_lazy("Under the decision"), queryset=PlanningDecision.objects.none())
    position = forms.ModelChoiceField(label=gettext_lazy("Post"), queryset=Position.objects.none())
    cadre = forms.ModelChoiceField(label=gettext_lazy("Cadre"), queryset=Cadre.objects.none())

    def __init__(self, *args: Any, decisions: Any, positions: Any, cadres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]
        self.fields["position"].queryset = positions  # type: ignore[attr-defined]
        self.fields["cadre"].queryset = cadres  # type: ignore[attr-defined]
        self.fields["decision"].label_from_instance = lambda d: f"{d.decision_number} — {d.get_kind_display()}"  # type: ignore[attr-defined]


class RemoveForm(VersionForm):
    decision = forms.ModelChoiceField(label=gettext_lazy("By the review decision"), queryset=PlanningDecision.objects.none())
    reason = forms.CharField(label=gettext_lazy("Why the cadre is removed"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args: Any, decisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions.filter(kind=PlanningDecisionKind.REVIEW)  # type: ignore[attr-defined]

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"decision": d["decision"], "reason": d["reason"], "expected_version": d["version"]}


class ExitForm(VersionForm):
    note = forms.CharField(label=gettext_lazy("About the exit"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)

    def params(self) -> dict[str, Any]:
        return {"note": self.cleaned_data["note"], "expected_version": self.cleaned_data["version"]}


class TableDayForm(forms.Form):
    on = date_field(gettext_lazy("The planning as it stood on"), required=False)


class ExitsFilterForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason for leaving"),
        choices=[("", gettext_lazy("Any")), (ExitReason.DISCIPLINE, ExitReason.DISCIPLINE.label), (ExitReason.AGE, ExitReason.AGE.label)],
        required=False,
    )
