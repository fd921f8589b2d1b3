from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partybuilding.core.forms import OrganizationField, ScopedForm, date_field
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action

from .choices import OrgKind
from .services import NewPart


class DecisionForm(ScopedForm):
    """The fields of the decision behind every restructuring event."""

    date = date_field(_("Effective date"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, help_text=_("e.g. 125-QĐ/TU"))
    decision_date = date_field(_("Decision date"))
    decided_by = forms.CharField(label=_("Decided by"), max_length=255, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def decision(self) -> Decision:
        d = self.cleaned_data
        return Decision(number=d["decision_number"], date=d["decision_date"], decided_by=d.get("decided_by", ""), note=d.get("note", ""))

    def params(self) -> dict[str, Any]:
        """The step's parameters, as `RESTRUCTURING.run` takes them (the page and the API alike)."""
        decided = ("decision_number", "decision_date", "decided_by", "note", "version")
        return {**{k: v for k, v in self.cleaned_data.items() if k not in decided}, "decision": self.decision()}


class VersionedDecisionForm(DecisionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def params(self) -> dict[str, Any]:
        return {**super().params(), "expected_version": self.cleaned_data["version"]}


class CreateForm(DecisionForm):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)
    field_order = ["code", "name", "kind", "date", "decision_number", "decision_date", "decided_by", "note"]

    def __init__(self, *args: Any, kinds: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Founded on")
        if kinds is not None:
            self.fields["kind"].choices = [(k, OrgKind(k).label) for k in kinds]  # type: ignore[attr-defined]

    def params(self) -> dict[str, Any]:
        """`organization_create`'s parameters: the date is the founding date."""
        d = self.cleaned_data
        return {"code": d["code"], "name": d["name"], "kind": d["kind"], "founded_on": d["date"], "decision": self.decision()}


class RenameForm(VersionedDecisionForm):
    name = forms.CharField(label=_("New name"), max_length=255)
    field_order = ["name"]


class MoveForm(VersionedDecisionForm):
    new_parent = OrganizationField(_("New parent organization"), action=Action.MANAGE_ORGANIZATIONS)
    field_order = ["new_parent"]


class MergeForm(VersionedDecisionForm):
    into = OrganizationField(_("Merge into"), action=Action.MANAGE_ORGANIZATIONS)
    field_order = ["into"]


class SplitForm(VersionedDecisionForm):
    parts = forms.CharField(
        label=_("New organizations"),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "CB-01 | Chi bộ 1\nCB-02 | Chi bộ 2"}),
        help_text=_("One per line: code | name."),
    )
    dissolve_original = forms.BooleanField(label=_("The original organization ends (it is dissolved)"), required=False)
    field_order = ["parts", "dissolve_original"]

    def clean_parts(self) -> list[NewPart]:
        parts = []
        for number, line in enumerate(self.cleaned_data["parts"].splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, name = line.partition("|")
            if not sep or not code.strip() or not name.strip():
                raise ValidationError(_("Line %(n)d: write “code | name”."), params={"n": number})
            parts.append(NewPart(code=code.strip(), name=name.strip()))
        return parts


class DissolveForm(VersionedDecisionForm):
    pass


class TermForm(forms.Form):
    start_year = forms.IntegerField(label=_("From year"), min_value=1930, max_value=2100)
    end_year = forms.IntegerField(label=_("To year"), min_value=1930, max_value=2100)
    congress_date = date_field(_("Congress date"), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class AsOfForm(forms.Form):
    on = date_field(_("Tree as of"), required=False)
