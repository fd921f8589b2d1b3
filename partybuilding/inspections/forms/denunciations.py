"""The forms of denunciations: the list's filters, the intake, each step, the handlers."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partybuilding.accounts.models import User
from partybuilding.core.forms import OrganizationField, ScopedForm, date_field
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action
from partybuilding.members.models import Member

from ..choices import (
    Body,
    Channel,
    DenunciationStatus,
    Finding,
    MemberContent,
    NotProcessed,
    OrganizationContent,
    PetitionKind,
    SubjectKind,
)
from ..models import Case, Denunciation, Discipline
from ..models.denunciations import IDENTITY_FIELDS

ANY: list[tuple[str, Any]] = [("", "—")]


class DenunciationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("In the content and the name of who is denounced; accents optional.")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + PetitionKind.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + DenunciationStatus.choices)
    channel = forms.ChoiceField(label=_("Received by"), required=False, choices=ANY + Channel.choices)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    overdue = forms.BooleanField(label=_("Past their handling time"), required=False)
    due_soon = forms.BooleanField(label=_("Due within 10 working days"), required=False)


class DenunciationForm(ScopedForm):
    """The intake: who handles it, what came in and how, who denounced (all optional), and
    who or what is denounced."""

    organization = OrganizationField(_("Handling organization"), action=Action.INSPECT)
    body = forms.ChoiceField(label=_("Handling body"), choices=Body.choices, initial=Body.COMMISSION)
    kind = forms.ChoiceField(label=_("Kind"), choices=PetitionKind.choices)
    channel = forms.ChoiceField(label=_("Received by"), choices=Channel.choices)
    received_on = date_field(_("Received on"))
    denouncer_name = forms.CharField(label=_("Name of the person denouncing"), max_length=150, required=False)
    denouncer_address = forms.CharField(label=_("Their address"), max_length=255, required=False)
    denouncer_phone = forms.CharField(label=_("Their telephone"), max_length=20, required=False)
    denouncer_email = forms.CharField(label=_("Their e-mail"), max_length=150, required=False)
    denouncer_id_number = forms.CharField(label=_("Their citizen ID"), max_length=12, required=False)
    subject_kind = forms.ChoiceField(label=_("Denounced"), choices=SubjectKind.choices, widget=forms.RadioSelect)
    subject_member = forms.CharField(
        label=_("Member denounced"), max_length=20, required=False, help_text=_("Their citizen ID, or the number of their record.")
    )
    subject_organization = OrganizationField(_("Organization denounced"), action=Action.INSPECT, required=False)
    summary = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))
    member_contents = forms.MultipleChoiceField(
        label=_("About (a member)"), choices=MemberContent.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    organization_contents = forms.MultipleChoiceField(
        label=_("About (an organization)"), choices=OrganizationContent.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    repeat_of = forms.IntegerField(
        label=_("Repeats the denunciation no."), required=False, min_value=1, help_text=_("The number of the earlier denunciation.")
    )
    new_evidence = forms.BooleanField(label=_("With new evidence"), required=False)
    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def clean_subject_member(self) -> Member | None:
        text = (self.cleaned_data.get("subject_member") or "").strip()
        if not text:
            return None
        rows = Member.objects.visible_to(self.user, Action.VIEW_MEMBERS)
        found = rows.filter(citizen_id=text).first() if len(text) == 12 else None
        if found is None and text.isdigit() and len(text) < 12:
            found = rows.filter(pk=int(text)).first()
        if found is None:
            raise forms.ValidationError(_("No member with this citizen ID or record number is within your scope."))
        return found

    def clean_repeat_of(self) -> Denunciation | None:
        number = self.cleaned_data.get("repeat_of")
        if not number:
            return None
        found = Denunciation.objects.visible_to(self.user).filter(pk=number).first()
        if found is None:
            raise forms.ValidationError(_("No denunciation with this number is within your scope."))
        return found

    def params(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        kind = data["subject_kind"]
        data["contents"] = data.pop("member_contents") if kind == SubjectKind.MEMBER else data.pop("organization_contents")
        data.pop("member_contents", None)
        data.pop("organization_contents", None)
        return data


class StepForm(forms.Form):
    """What every step's form carries: the record's version and the submission id."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def params(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version", None)
        return data


class NotProcessedForm(StepForm):
    reason = forms.ChoiceField(label=_("Not processed because"), choices=NotProcessed.choices)
    date = date_field(_("Date"))

    def __init__(self, *args: Any, reasons: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if reasons is not None:  # the reasons of the rule in force
            field: Any = self.fields["reason"]
            field.choices = [(c, label) for c, label in NotProcessed.choices if c in reasons]


class AcceptForm(StepForm):
    date = date_field(_("Accepted for handling on"))


class ExtendForm(StepForm):
    days = forms.IntegerField(label=_("Extension (working days)"), min_value=1, max_value=365)
    date = date_field(_("Extension notified on"))


class ConcludeForm(StepForm):
    finding = forms.ChoiceField(label=_("Finding"), choices=Finding.choices)
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}))
    decision_number = forms.CharField(label=_("Conclusion number"), max_length=64)
    decision_date = date_field(_("Conclusion date"))
    case = forms.IntegerField(label=_("Verified by the case no."), required=False, min_value=1)
    discipline = forms.IntegerField(label=_("Discipline that followed, no."), required=False, min_value=1)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_case(self) -> Case | None:
        return self._linked(Case, "case", _("No case with this number is within your scope."))

    def clean_discipline(self) -> Discipline | None:
        return self._linked(Discipline, "discipline", _("No discipline with this number is within your scope."))

    def _linked(self, model: Any, name: str, missing: Any) -> Any:
        number = self.cleaned_data.get(name)
        if not number:
            return None
        found = model.objects.visible_to(self.user).filter(pk=number).first()
        if found is None:
            raise forms.ValidationError(missing)
        return found

    def params(self) -> dict[str, Any]:
        data = super().params()
        data["decision"] = Decision(data.pop("decision_number"), data.pop("decision_date"))
        return data


class NotifyForm(StepForm):
    date = date_field(_("Result notified on"))


STEP_FORMS: dict[str, type[StepForm]] = {
    "not_processed": NotProcessedForm,
    "accept": AcceptForm,
    "extend": ExtendForm,
    "conclude": ConcludeForm,
    "notify": NotifyForm,
}


class HandlerForm(forms.Form):
    user: forms.ModelChoiceField[User] = forms.ModelChoiceField(label=_("Handler"), queryset=User.objects.none())
    date = date_field(_("Assigned on"))

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.queryset = User.objects.filter(pk__in=[u.pk for u in candidates]).order_by("username")
        field.label_from_instance = lambda u: u.get_full_name() or u.get_username()


class ReleaseForm(forms.Form):
    date = date_field(_("Released on"))


__all__ = ["IDENTITY_FIELDS", "STEP_FORMS", "DenunciationFilterForm", "DenunciationForm", "HandlerForm", "ReleaseForm"]
