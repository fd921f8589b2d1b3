"""The forms of disciplines, suspensions and appeals: each hands its service its parameters
(`params()`); the page and the API make the same calls."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partybuilding.core.forms import OrganizationField, ScopedForm, date_field
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action

from ..choices import (
    AppealGround,
    AppealOutcome,
    AppealStatus,
    Body,
    ChangeReason,
    DisciplineForm,
    DisciplineStatus,
    DisciplineSubject,
    MemberContent,
    NoLimitMatter,
    OrganizationContent,
)
from .cases import MemberField

SETTLING_BODIES = [(code, label) for code, label in Body.choices if code != Body.CELL]
BLANK: list[tuple[str, Any]] = [("", "—")]
CONTENTS = [(_("About a member"), MemberContent.choices), (_("About an organization"), OrganizationContent.choices)]


def _decision(d: dict[str, Any], date_key: str = "decision_date") -> Decision:
    return Decision(number=d.pop("decision_number", "") or "", date=d.pop(date_key, None), decided_by=d.pop("decided_by", "") or "")


class _WithMember(ScopedForm):
    def full_clean(self) -> None:
        for field in self.fields.values():
            if isinstance(field, MemberField):
                field.user = self.user
        super().full_clean()


class DisciplineNewForm(_WithMember):
    """A proposal; with its decision (number and date) it is a discipline decided earlier."""

    organization = OrganizationField(_("Deciding organization"), action=Action.VIEW)
    body = forms.ChoiceField(label=_("Deciding body"), choices=Body.choices)
    member = MemberField(_("Member disciplined"), required=False)
    subject_organization = OrganizationField(_("Organization disciplined"), action=Action.VIEW, required=False)
    contents = forms.MultipleChoiceField(label=_("Violation"), choices=CONTENTS, required=False, widget=forms.CheckboxSelectMultiple)
    violation = forms.CharField(label=_("The violation in words"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    violation_date = date_field(_("Date of the violation"))
    new_violation_date = date_field(_("Date of a new violation (restarts the time limit)"), required=False)
    no_limit_matter = forms.ChoiceField(label=_("Matter without time limit"), choices=BLANK + NoLimitMatter.choices, required=False)
    proposed_form = forms.ChoiceField(label=_("Form proposed"), choices=DisciplineForm.choices)
    proposed_on = date_field(_("Proposed on"))
    proposed_by = forms.CharField(label=_("Proposed by"), max_length=255, required=False)
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=64,
        required=False,
        help_text=_("Only for a discipline decided earlier: it is then recorded as decided."),
    )
    decision_date = date_field(_("Decision date"), required=False)
    decided_by = forms.CharField(label=_("Decided by"), max_length=255, required=False)
    concluded_on = date_field(_("Violation concluded on (default: the decision date)"), required=False)
    notice_to = forms.CharField(label=_("Notice to (state body or mass organization)"), max_length=255, required=False)
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision_number") and not cleaned.get("decision_date"):
            self.add_error("decision_date", _("Give the date of the decision."))
        return cleaned

    @property
    def decided(self) -> bool:
        return bool(self.cleaned_data.get("decision_number"))

    def params(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        decision = _decision(d)
        concluded, notice_to = d.pop("concluded_on"), d.pop("notice_to")
        if decision.number:
            d.pop("proposed_on")
            return {**d, "decision": decision, "concluded_on": concluded, "notice_to": notice_to, "proposed_on": decision.date}
        return d


class StepForm(forms.Form):
    """A step of a discipline or an appeal: its date (or decision), and what it needs."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, kind: str, record: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name, field in self.step_fields(kind, record).items():
            self.fields[name] = field

    @staticmethod
    def step_fields(kind: str, record: Any) -> dict[str, forms.Field]:
        text = forms.Textarea(attrs={"rows": 2})
        decision = {
            "decision_number": forms.CharField(label=_("Decision number"), max_length=64),
            "decision_date": date_field(_("Decision date")),
            "decided_by": forms.CharField(label=_("Decided by"), max_length=255, required=False),
        }
        dated = {"date": date_field(_("Date"))}
        note = {"note": forms.CharField(label=_("Note"), widget=text, max_length=2000, required=False)}
        if kind == "decide":
            forms_allowed = [
                (c, label) for c, label in DisciplineForm.choices if record.subject != DisciplineSubject.ORGANIZATION or c != "expulsion"
            ]
            return {
                "form": forms.ChoiceField(label=_("Form decided"), choices=forms_allowed, initial=record.proposed_form),
                **decision,
                "concluded_on": date_field(_("Violation concluded on (default: the decision date)"), required=False),
                "notice_to": forms.CharField(label=_("Notice to (state body or mass organization)"), max_length=255, required=False),
            }
        if kind in ("not_disciplined", "settle"):
            fields: dict[str, forms.Field] = {**decision}
            if kind == "settle":
                fields = {
                    "outcome": forms.ChoiceField(label=_("Outcome"), choices=AppealOutcome.choices),
                    "new_form": forms.ChoiceField(label=_("Form after the appeal (increased or reduced)"), choices=BLANK + DisciplineForm.choices, required=False),
                    "change_reason": forms.ChoiceField(label=_("Reason for the change"), choices=BLANK + ChangeReason.choices, required=False),
                    **decision,
                }  # fmt: skip
            return fields
        if kind == "notice":
            return {
                **dated,
                "notice_to": forms.CharField(
                    label=_("Notice to (state body or mass organization)"), max_length=255, initial=record.notice_to
                ),
            }
        if kind == "response":
            return {**dated, "response": forms.CharField(label=_("Their action"), widget=text, max_length=4000)}
        if kind == "not_accepted":
            return {**dated, "reason": forms.CharField(label=_("Why it is not accepted"), widget=text, max_length=4000)}
        return {**dated, **note}

    def params(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d.pop("version"), d.pop("submission")
        if "decision_number" in d:
            d["decision"] = _decision(d)
        return d


class SuspensionForm(_WithMember):
    organization = OrganizationField(_("Deciding organization"), action=Action.VIEW)
    body = forms.ChoiceField(label=_("Deciding body"), choices=Body.choices)
    member = MemberField(_("Member"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    starts_on = date_field(pgettext_lazy("date range", "From"))
    ends_on = date_field(_("Until"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    decision_date = date_field(_("Decision date"), required=False)
    decided_by = forms.CharField(label=_("Decided by"), max_length=255, required=False)

    def params(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        return {**d, "decision": _decision(d)}


class LiftForm(forms.Form):
    date = date_field(_("Lifted on"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def params(self) -> dict[str, Any]:
        return {"date": self.cleaned_data["date"], "expected_version": self.cleaned_data["version"]}


class AppealForm(forms.Form):
    filed_on = date_field(_("Filed on"))
    body = forms.ChoiceField(label=_("Settling body"), choices=SETTLING_BODIES)
    grounds = forms.MultipleChoiceField(
        label=_("The appeal is about"), choices=AppealGround.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    submission = forms.UUIDField(widget=forms.HiddenInput)


class DisciplineFilterForm(forms.Form):
    q = forms.CharField(label=_("Member's name"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    form = forms.ChoiceField(label=_("Form in force"), choices=BLANK + DisciplineForm.choices, required=False)
    subject = forms.ChoiceField(label=_("Subject"), choices=BLANK + DisciplineSubject.choices, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=BLANK + DisciplineStatus.choices, required=False)
    body = forms.ChoiceField(label=_("Deciding body"), choices=BLANK + Body.choices, required=False)
    committee = forms.BooleanField(label=_("Committee members only"), required=False)
    notices_late = forms.BooleanField(label=_("Notices late"), required=False)


class AppealFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    status = forms.ChoiceField(label=_("Status"), choices=BLANK + AppealStatus.choices, required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    due_within = forms.IntegerField(label=_("Due within (days)"), required=False, min_value=0, max_value=366)
