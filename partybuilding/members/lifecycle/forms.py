"""The form of a lifecycle event, built from the step it records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partybuilding.core.forms import OrganizationField, ScopedForm, date_field
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action

from ..choices import RemovalReason


class EventForm(ScopedForm):
    """A lifecycle event: its date, the decision behind it, and one submission id so that a
    double click records it once."""

    date = date_field(_("Date"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    decision_date = date_field(_("Decision date"), required=False)
    decided_by = forms.CharField(label=_("Decided by"), max_length=255, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == "recognize":
            del self.fields["date"]
            self.fields["decision_date"].required = True
            self.fields["decision_date"].help_text = _("Official status dates from the end of probation, whatever the decision date.")
        if kind in ("transfer", "remove", "expel", "leave", "exempt", "lift", "transfer_out"):
            self.fields["decision_number"].required = kind in ("expel",)
        if kind == "transfer":
            self.fields["to_organization"] = OrganizationField(_("New Party cell"), action=Action.MANAGE_MEMBERS)
        if kind == "transfer_out":
            self.fields["outside"] = forms.CharField(label=_("Receiving organization (outside the system)"), max_length=255)
        if kind == "remove":
            self.fields["reason"] = forms.ChoiceField(label=_("Ground for removal"), choices=RemovalReason.choices)
            self.fields["votes_for"] = forms.IntegerField(label=_("Votes for (probationary members)"), required=False, min_value=0)
            self.fields["official_members"] = forms.IntegerField(label=_("Official members of the cell"), required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision_number") and not cleaned.get("decision_date"):
            raise ValidationError(_("Give the date of the decision."))
        return cleaned

    def params(self) -> dict[str, Any]:
        """The step's parameters, as `LIFECYCLE.run` takes them (the page and the API alike)."""
        d = dict(self.cleaned_data)
        decision = Decision(
            number=d.pop("decision_number") or "",
            date=d.pop("decision_date"),
            decided_by=d.pop("decided_by") or "",
            note=d.pop("note") or "",
        )
        kernel = {"expected_version": d.pop("version"), "submission": d.pop("submission")}
        return {**d, **kernel, "decision": decision}
