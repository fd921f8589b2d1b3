"""Forms of the admission pages: the candidate list's filters, the candidate's record, one
form per step (built from the step's kind), the targets editor and the report's choices."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuilding.core.forms import OrganizationField, date_field
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action
from partybuilding.core.sheets import SHEET_ACCEPT, SHEET_HELP
from partybuilding.members.models import Member
from partybuilding.members.records.forms import PersonalForm

from .checks import IntroducerIn, Votes
from .choices import Stage, StepKind

ANY: list[tuple[str, Any]] = [("", "—")]


class CandidateFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("In the pipeline")), *Stage.choices, ("all", _("All"))])


def readmission_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Re-admission"),
        required=False,
        help_text=_("A former Party member admitted again: the member record will say so, and form 2 counts it among the re-admitted."),
    )


class CandidateForm(PersonalForm):
    organization = OrganizationField(_("Party cell"), action=Action.MANAGE_MEMBERS)
    recorded_on = date_field(_("Recorded as an outstanding non-member on"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    readmission = readmission_field()
    passes = ("organization", "recorded_on", "readmission", "note", "submission")
    field_order = [
        "organization", "family_name", "middle_name", "given_name", "gender", "date_of_birth", "recorded_on", "readmission", "youth_union"
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["card_number"]  # given with the admission decision
        self.fields["youth_union"].label = _("Youth Union member")


class CandidateEditForm(PersonalForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    readmission = readmission_field()
    passes = ("readmission",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["card_number"]
        self.fields["youth_union"].label = _("Youth Union member")


def _votes_fields(form: forms.Form) -> None:
    form.fields["official_members"] = forms.IntegerField(label=_("Official members of the cell"), min_value=1)
    form.fields["present"] = forms.IntegerField(label=_("Official members present"), min_value=0)
    form.fields["votes_for"] = forms.IntegerField(label=_("Votes for"), min_value=0)
    form.fields["votes_against"] = forms.IntegerField(label=_("Votes against"), min_value=0, initial=0)


def _decision_fields(form: forms.Form, required: bool) -> None:
    form.fields["decision_number"] = forms.CharField(label=_("Decision number"), max_length=64, required=required)
    form.fields["decision_date"] = date_field(_("Decision date"), required=required)
    form.fields["decided_by"] = forms.CharField(label=_("Decided by"), max_length=255, required=False)


class StepForm(forms.Form):
    """The fields of one step; `kind` is a StepKind value."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, kind: str, introducer_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind not in (StepKind.DECISION, StepKind.RECOGNITION, StepKind.COURSE):
            self.fields["date"] = date_field(_("Date"))
        if kind == StepKind.COURSE:
            self.fields["certificate_date"] = date_field(_("Certificate date"))
            self.fields["certificate_number"] = forms.CharField(label=_("Certificate number"), max_length=64, required=False)
        if kind == StepKind.INTRODUCERS:
            members = introducer_choices if introducer_choices is not None else Member.objects.none()
            self.fields["youth_union_committee"] = forms.BooleanField(
                label=_("The first introducer is the Youth Union executive committee"), required=False
            )
            for n in (1, 2):
                self.fields[f"introducer{n}"] = IntroducerField(
                    label=_("Introducer %(n)d") % {"n": n}, queryset=members.select_related("organization"), required=n == 2
                )
                self.fields[f"known_since{n}"] = date_field(_("Has known the applicant since"), required=n == 2)
        if kind in (StepKind.CELL_RESOLUTION, StepKind.CONSIDERATION, StepKind.NOT_RECOGNIZED):
            _votes_fields(self)
        if kind == StepKind.CELL_RESOLUTION:
            self.fields["age_exception"] = forms.CharField(
                label=_("Age exception (decision), for an applicant over 60"), max_length=255, required=False
            )
        if kind in (StepKind.DECISION, StepKind.RECOGNITION, StepKind.NOT_RECOGNIZED):
            _decision_fields(self, required=kind != StepKind.NOT_RECOGNIZED)
        if kind == StepKind.DECISION:
            self.fields["card_number"] = forms.RegexField(label=_("Card number"), regex=r"^\d{6,20}$", required=False)
        if kind == StepKind.RECOGNITION:
            self.fields["decision_date"].help_text = _("Official status dates from the end of probation, whatever the decision date.")
        if kind == StepKind.NOT_RECOGNIZED:
            self.fields["votes_for"].label = _("Votes for the removal")
        self.fields["note"] = forms.CharField(
            label=_("Note"), required=kind == StepKind.WITHDRAWN, widget=forms.Textarea(attrs={"rows": 2})
        )
        self.order_fields(["date", "certificate_date", "decision_number", "decision_date"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.kind == StepKind.INTRODUCERS and not cleaned.get("youth_union_committee"):
            if not cleaned.get("introducer1"):
                self.add_error("introducer1", _("Name the introducer."))
            if not cleaned.get("known_since1"):
                self.add_error("known_since1", _("Give the date."))
        if cleaned.get("decision_number") and not cleaned.get("decision_date"):
            raise ValidationError(_("Give the date of the decision."))
        return cleaned

    def votes(self) -> Votes:
        d = self.cleaned_data
        return Votes(
            votes_for=d["votes_for"], votes_against=d["votes_against"] or 0, present=d["present"], official_members=d["official_members"]
        )

    def params(self) -> dict[str, Any]:
        """The step's parameters as `CANDIDATE.run` takes them (the page and the API alike)."""
        d = self.cleaned_data
        named = ("date", "certificate_date", "certificate_number", "age_exception", "card_number", "note")
        params: dict[str, Any] = {name: d[name] for name in named if name in d}
        params.update(expected_version=d["version"], submission=d["submission"])
        if "decision_number" in d:
            params["decision"] = Decision(
                number=d["decision_number"] or "", date=d["decision_date"], decided_by=d.get("decided_by") or "", note=d["note"]
            )
        if "votes_for" in d:
            params["votes"] = self.votes()
        if self.kind == StepKind.INTRODUCERS:
            params["introducers"] = self.introducers()
        return params

    def introducers(self) -> list[IntroducerIn]:
        d = self.cleaned_data
        first = (
            IntroducerIn(youth_union_committee=True)
            if d.get("youth_union_committee")
            else IntroducerIn(member=d["introducer1"], known_since=d["known_since1"])
        )
        return [first, IntroducerIn(member=d["introducer2"], known_since=d["known_since2"])]


class YearForm(forms.Form):
    """The year a page is of (this year when none is given)."""

    year = forms.IntegerField(required=False, min_value=1990, max_value=2200)


class TargetsForm(forms.Form):
    """One target field per subordinate organization, for one year."""

    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2200, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organizations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organizations = organizations
        for org in organizations:
            self.fields[f"target_{org.pk}"] = forms.IntegerField(label=org.name, min_value=0, required=False)


class ReportForm(forms.Form):
    from_year = forms.IntegerField(label=_("From year"), min_value=1990, max_value=2200, required=False)
    to_year = forms.IntegerField(label=_("To year"), min_value=1990, max_value=2200, required=False)
    flag_on = date_field(_("Flag units behind their target on"), required=False)
    below_percent = forms.IntegerField(label=_("Flag under (percent of the target)"), min_value=1, max_value=100, required=False)

    def choices(self) -> tuple[int, int, Any, int]:
        """(from year, to year, flag date, percent), with defaults: the last five years, today, 10%."""
        today = timezone.localdate()
        d = self.cleaned_data if self.is_valid() else {}
        to_year = d.get("to_year") or today.year
        from_year = d.get("from_year") or to_year - 4
        if from_year > to_year:
            from_year, to_year = to_year, from_year
        # A range longer than 30 years is no report anyone publishes; keep the table readable.
        from_year = max(from_year, to_year - 30)
        return from_year, to_year, d.get("flag_on") or today, d.get("below_percent") or 10


class IntroducerField(forms.ModelChoiceField):
    """A member of the grassroots organization, shown with their cell: the cells below it
    may hold namesakes."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} — {obj.organization.name}"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel or CSV file"),
        help_text=SHEET_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": SHEET_ACCEPT}),
    )
    dry_run = forms.BooleanField(label=_("Dry run: check every row, write nothing"), required=False, initial=True)
