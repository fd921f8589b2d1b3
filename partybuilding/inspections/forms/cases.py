"""The forms of programmes and cases: filters of the lists, a programme and its items, the
adoption, a case and each of its steps, a shortcoming, its remedy or its dropping."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from partybuilding.core.api_types import FIRST_YEAR, LAST_YEAR
from partybuilding.core.forms import OrganizationField, ScopedForm, VersionForm, date_field
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action
from partybuilding.core.text import search_key
from partybuilding.members.models import Member

from ..choices import Body, CaseKind, CaseStatus, MemberContent, OrganizationContent, SubjectKind

ANY = [("", gettext_lazy("Any"))]


def _year_field(required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(label=gettext_lazy("Year"), required=required, min_value=FIRST_YEAR, max_value=LAST_YEAR)


class ProgrammeFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=100)
    year = _year_field()
    body = forms.ChoiceField(label=gettext_lazy("Conducted by"), choices=ANY + Body.choices, required=False)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Subject's name"), required=False, max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ANY + CaseKind.choices, required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ANY + CaseStatus.choices, required=False)
    body = forms.ChoiceField(label=gettext_lazy("Conducted by"), choices=ANY + Body.choices, required=False)
    subject_kind = forms.ChoiceField(label=gettext_lazy("Subject"), choices=ANY + SubjectKind.choices, required=False)
    year = _year_field()
    overdue = forms.BooleanField(label=gettext_lazy("Open past their period"), required=False)
    overdue_shortcomings = forms.BooleanField(label=gettext_lazy("With shortcomings past their deadline"), required=False)


class ProgrammeForm(forms.Form):
    body = forms.ChoiceField(label=gettext_lazy("Conducted by"), choices=Body.choices)
    year = _year_field(required=True)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=255)


class MemberField(forms.CharField):
    """A member typed by card number or full name (diacritics ignored), among the members
    the user sees; a name several members bear is refused with their cells named."""

    def __init__(self, label: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", gettext_lazy("The member's card number, or full name."))
        super().__init__(label=label, max_length=150, **kwargs)
        self.user: Any = None

    def prepare_value(self, value: Any) -> Any:
        return value.full_name if isinstance(value, Member) else value

    def clean(self, value: Any) -> Any:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        rows = Member.objects.visible_to(self.user, Action.VIEW_MEMBERS).select_related("organization")
        found = rows.filter(card_number=text).first() or None
        if found is not None:
            return found
        named = list(rows.filter(name_search=search_key(text))[:6])
        if len(named) == 1:
            return named[0]
        if named:
            listed = "; ".join(f"{m.full_name} ({m.organization.name})" for m in named[:5])
            raise forms.ValidationError(
                _("Several members are called %(name)s: %(list)s. Type the card number.") % {"name": text, "list": listed}
            )
        raise forms.ValidationError(_("No member called %(name)s is within your scope.") % {"name": text})


class SubjectForm(ScopedForm):
    """The subject of an item or a case: an organization or a member."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CaseKind.choices)
    subject_kind = forms.ChoiceField(label=gettext_lazy("Subject"), choices=SubjectKind.choices)
    subject_organization = OrganizationField(gettext_lazy("Organization inspected"), action=Action.VIEW, required=False)
    subject_member = MemberField(gettext_lazy("Member inspected"), required=False)

    def full_clean(self) -> None:
        for field in self.fields.values():
            if isinstance(field, MemberField):
                field.user = self.user
        super().full_clean()


class ItemForm(SubjectForm):
    content = forms.CharField(label=gettext_lazy("Content"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    planned_from = date_field(gettext_lazy("Planned from"))
    planned_to = date_field(gettext_lazy("Planned to"))
    lead = forms.CharField(label=gettext_lazy("Led by"), max_length=255, required=False)


CONTENT_CHOICES = [
    (gettext_lazy("About a member"), MemberContent.choices),
    (gettext_lazy("About an organization"), OrganizationContent.choices),
]


class CaseForm(SubjectForm):
    body = forms.ChoiceField(label=gettext_lazy("Conducted by"), choices=Body.choices)
    contents = forms.MultipleChoiceField(
        label=gettext_lazy("Content"), required=False, choices=[(c, f"{g}: {label}") for g, pairs in CONTENT_CHOICES for c, label in pairs]
    )
    content_note = forms.CharField(
        label=gettext_lazy("Content in words"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )

    field_order = ["body", "kind", "subject_kind", "subject_organization", "subject_member", "contents", "content_note"]

    def clean_contents(self) -> list[str]:
        # member and organization contents share codes ("finance", "other"): the subject decides
        return list(self.cleaned_data.get("contents") or [])


class AdoptForm(VersionForm):
    decision_number = forms.CharField(label=gettext_lazy("Decision number"), max_length=64)
    decision_date = date_field(gettext_lazy("Decision date"))
    decided_by = forms.CharField(label=gettext_lazy("Decided by"), max_length=255, required=False)

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "decision": Decision(number=d["decision_number"], date=d["decision_date"], decided_by=d["decided_by"]),
            "expected_version": d["version"],
        }


class StepForm(VersionForm):
    """A step of a case; its fields are those of the step (`kind`)."""

    submission = forms.UUIDField(widget=forms.HiddenInput)

    FIELDS: dict[str, tuple[str, ...]] = {
        "open": ("decision_number", "decision_date", "decided_by", "team", "period_from", "period_to"),
        "self_report": ("date", "text"),
        "findings": ("date", "text"),
        "conclude": ("conclusion_number", "conclusion_date", "conclusion", "result", "discipline_required"),
        "cancel": ("date", "reason"),
    }

    def __init__(self, *args: Any, kind: str, case: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).update(version=case.version, submission=uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.kind = kind
        every = _step_fields(case)
        for name in self.FIELDS.get(kind, ()):
            self.fields[name] = every[name]

    def params(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        params: dict[str, Any] = {"expected_version": d.pop("version"), "submission": d.pop("submission")}
        if self.kind == "open":
            params["decision"] = Decision(number=d.pop("decision_number"), date=d.pop("decision_date"), decided_by=d.pop("decided_by"))
        return {**params, **d}


def _step_fields(case: Any) -> dict[str, forms.Field]:
    from ..services.cases import results_of

    text = forms.Textarea(attrs={"rows": 4})
    return {
        "decision_number": forms.CharField(label=gettext_lazy("Decision number"), max_length=64),
        "decision_date": date_field(gettext_lazy("Decision date")),
        "decided_by": forms.CharField(label=gettext_lazy("Decided by"), max_length=255, required=False),
        "team": forms.CharField(label=gettext_lazy("Team (head and members)"), widget=text, max_length=4000, required=False),
        "period_from": date_field(pgettext_lazy("date range", "From"), required=False),
        "period_to": date_field(pgettext_lazy("date range", "To"), required=False),
        "date": date_field(gettext_lazy("Date")),
        "text": forms.CharField(label=gettext_lazy("Text"), widget=text, max_length=20000),
        "conclusion_number": forms.CharField(label=gettext_lazy("Conclusion number"), max_length=64),
        "conclusion_date": date_field(gettext_lazy("Conclusion date")),
        "conclusion": forms.CharField(label=gettext_lazy("Conclusion"), widget=text, max_length=20000),
        "result": forms.ChoiceField(label=gettext_lazy("Result"), choices=[(r.value, r.label) for r in results_of(case.kind)]),
        "discipline_required": forms.BooleanField(label=gettext_lazy("Discipline required"), required=False),
        "reason": forms.CharField(label=gettext_lazy("Reason"), widget=text, max_length=4000),
    }


class ShortcomingForm(forms.Form):
    description = forms.CharField(label=gettext_lazy("Shortcoming to remedy"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    responsible = forms.CharField(label=gettext_lazy("Responsible"), max_length=255, required=False)
    deadline = date_field(gettext_lazy("Deadline"))


class RemedyForm(VersionForm):
    date = date_field(gettext_lazy("Remedied on"))
    evidence = forms.CharField(label=gettext_lazy("Evidence of the remedy"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    evidence_file = forms.FileField(
        label=gettext_lazy("Evidence file"),
        required=False,
        help_text=gettext_lazy("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        upload = d.get("evidence_file")
        files = {"file_type": upload.content_type or "", "file_content": upload.read()} if upload else {}
        return {"date": d["date"], "evidence": d["evidence"], "expected_version": d["version"], **files}


class DropForm(VersionForm):
    date = date_field(gettext_lazy("Date"))
    reason = forms.CharField(label=gettext_lazy("Why it no longer applies"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"date": d["date"], "reason": d["reason"], "expected_version": d["version"]}
