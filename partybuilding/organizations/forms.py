from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partybuilding.core.forms import OrganizationField, ScopedForm, date_field
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action

from .choices import OrgKind, UnitType
from .models import Organization
from .services import UNIT_SETTERS, NewPart
from .services.units import ABOVE_UNITS

UNIT_TYPE_HELP = _("Set here, the organizations under it take the same type (a grassroots organization below may have its own).")


def unit_type_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Type of unit"), choices=[("", _("Not set")), *UnitType.choices], required=False, help_text=UNIT_TYPE_HELP
    )


def no_candidates_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("No non-members left to admit"),
        required=False,
        help_text=_("No outstanding non-member is left in the unit to be followed towards admission."),
    )


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
    unit_type = unit_type_field()
    no_candidates_left = no_candidates_field()
    field_order = ["code", "name", "kind", "unit_type", "no_candidates_left", "date"]  # then the decision's fields

    def __init__(self, *args: Any, kinds: list[str] | None = None, parent: Organization | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].label = _("Founded on")
        if kinds is not None:
            self.fields["kind"].choices = [(k, OrgKind(k).label) for k in kinds]  # type: ignore[attr-defined]
        if parent is not None:  # a new organization takes its parent's type unless another is picked
            self.fields["unit_type"].initial = parent.unit_type
            by_default = _("%(help)s By default, that of %(parent)s.")
            self.fields["unit_type"].help_text = by_default % {"help": UNIT_TYPE_HELP, "parent": parent.name}

    def params(self) -> dict[str, Any]:
        """`organization_create`'s parameters: the date is the founding date."""
        d = self.cleaned_data
        return {
            "code": d["code"], "name": d["name"], "kind": d["kind"], "founded_on": d["date"], "decision": self.decision(),
            # Not set, for an organization inside a grassroots unit: its unit's (organization_create's default).
            "unit_type": d["unit_type"] if d["unit_type"] or d["kind"] in UNIT_SETTERS else None,
            "no_candidates_left": d["no_candidates_left"],
        }  # fmt: skip


class FactsForm(forms.Form):
    """What the statistics count about an organization: its type of unit (set on a grassroots
    organization or a commune-level committee, shown for the others) and whether any
    non-member is left to admit there."""

    unit_type = unit_type_field()
    no_candidates_left = no_candidates_field()
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data: Any = None, *, org: Organization) -> None:
        super().__init__(data, initial={"unit_type": org.unit_type, "no_candidates_left": org.no_candidates_left, "version": org.version})
        if org.kind not in UNIT_SETTERS:
            field = self.fields["unit_type"]
            field.disabled = True  # the submitted value is ignored: the unit's own stays
            field.help_text = (
                _("Set on the grassroots organizations and commune-level committees.")
                if org.kind in ABOVE_UNITS or org.parent is None
                else _("Shared with the grassroots organization above it, %(parent)s: change it there.") % {"parent": org.parent.name}
            )

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"unit_type": d["unit_type"], "no_candidates_left": d["no_candidates_left"], "expected_version": d["version"]}


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
