"""The forms of appointment records: the list's and the due list's filters, the proposal, each
step (its fields are those of the step), and a document."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from partybuilding.core.api_types import FIRST_YEAR, LAST_YEAR
from partybuilding.core.forms import VersionForm, date_field
from partybuilding.core.records import Decision

from ..choices import AppointmentKind, AppointmentState
from ..models import Cadre, Position

ANY = [("", gettext_lazy("Any"))]
TEXT = forms.Textarea(attrs={"rows": 3})


class AppointmentFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Cadre or post"), required=False, max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of record"), choices=ANY + AppointmentKind.choices, required=False)
    state = forms.ChoiceField(label=gettext_lazy("State of the record"), choices=ANY + AppointmentState.choices, required=False)
    year = forms.IntegerField(label=gettext_lazy("Year proposed"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)


class DueFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Cadre or post"), required=False, max_length=100)
    past = forms.BooleanField(label=gettext_lazy("Term already ended"), required=False)


class CadreChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.date_of_birth:%d/%m/%Y})"


class PostChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ProposeForm(forms.Form):
    """A record proposed: its kind, the cadre and the post (among those the user manages)."""

    submission = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of record"), choices=AppointmentKind.choices)
    cadre = CadreChoice(label=gettext_lazy("Cadre"), queryset=Cadre.objects.none())
    position = PostChoice(label=gettext_lazy("Post"), queryset=Position.objects.none())
    proposed_on = date_field(gettext_lazy("Proposed on"))
    reason = forms.CharField(label=gettext_lazy("Reasons for the proposal"), widget=TEXT, max_length=4000, required=False)

    def __init__(self, *args: Any, user: Any, scope: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("submission", uuid.uuid4())
        super().__init__(*args, **kwargs)
        cadres = Cadre.objects.visible_to(user).within(scope).order_by("sort_key", "pk")
        posts = Position.objects.visible_to(user).within(scope).filter(active=True).order_by("manager_path", "grade", "name", "pk")
        self.fields["cadre"].queryset = cadres  # type: ignore[attr-defined]
        self.fields["position"].queryset = posts  # type: ignore[attr-defined]


class AppointmentStepForm(VersionForm):
    """A step of a record; its fields are those of the step (`kind`)."""

    submission = forms.UUIDField(widget=forms.HiddenInput)

    FIELDS: dict[str, tuple[str, ...]] = {
        "consult": ("date", "votes_for", "votes_total", "note"),
        "decide": ("decision_number", "decision_date", "decided_by", "effective_on", "term_months", "suspended_until"),
        "withdraw": ("date", "reason"),
    }

    def __init__(self, *args: Any, kind: str, appointment: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).update(version=appointment.version, submission=uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.kind = kind
        every = _step_fields()
        for name in self.FIELDS.get(kind, ()):
            if name == "suspended_until" and appointment.kind != AppointmentKind.SUSPENSION:
                continue
            if name == "term_months" and appointment.kind not in ("appointment", "reappointment", "nomination"):
                continue
            self.fields[name] = every[name]

    def params(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        params: dict[str, Any] = {"expected_version": d.pop("version"), "submission": d.pop("submission")}
        if self.kind == "decide":
            params["decision"] = Decision(number=d.pop("decision_number"), date=d.pop("decision_date"), decided_by=d.pop("decided_by"))
        return {**params, **d}


def _step_fields() -> dict[str, forms.Field]:
    return {
        "date": date_field(gettext_lazy("Date")),
        "votes_for": forms.IntegerField(label=gettext_lazy("Votes in favour"), min_value=0, max_value=999),
        "votes_total": forms.IntegerField(label=gettext_lazy("Members voting"), min_value=1, max_value=999),
        "note": forms.CharField(label=gettext_lazy("Note"), widget=TEXT, max_length=4000, required=False),
        "decision_number": forms.CharField(label=gettext_lazy("Decision number"), max_length=64),
        "decision_date": date_field(gettext_lazy("Decision date")),
        "decided_by": forms.CharField(label=gettext_lazy("Decided by"), max_length=255, required=False),
        "effective_on": date_field(gettext_lazy("Takes effect on (empty: the decision date)"), required=False),
        "term_months": forms.IntegerField(
            label=gettext_lazy("Term in months (empty: the term of the rule)"), min_value=1, max_value=120, required=False
        ),
        "suspended_until": date_field(gettext_lazy("Suspended until"), required=False),
        "reason": forms.CharField(label=gettext_lazy("Reason"), widget=TEXT, max_length=4000),
    }


class AppointmentFileForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the document"), max_length=255, required=False)
    file = forms.FileField(
        label=gettext_lazy("PDF file"),
        help_text=gettext_lazy("A PDF file, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
