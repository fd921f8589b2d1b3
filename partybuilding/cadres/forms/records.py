"""The forms of posts, cadre records, posts held and courses, and the filters of their lists."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partybuilding.core.api_types import FIRST_YEAR, LAST_YEAR
from partybuilding.core.files import MAX_FILE_BYTES
from partybuilding.core.forms import OrganizationField, ScopedForm, VersionForm, date_field
from partybuilding.core.scope import Action
from partybuilding.members.choices import Gender
from partybuilding.members.models import Member
from partybuilding.members.personal import FIELDS as PERSONAL_FIELDS
from partybuilding.members.personal import PersonalData
from partybuilding.members.records.forms import PersonalForm
from partybuilding.organizations.models import Organization

from ..choices import (
    AcademicTitle,
    Body,
    CourseKind,
    CourseLevel,
    CourseMode,
    CoursePlace,
    Level,
    RefresherTopic,
    StaffCategory,
    StaffIn,
    StaffOut,
    StateManagement,
    Title,
)
from ..models import Position
from ..services.cadres import CADRE_FIELDS

ANY: list[tuple[str, Any]] = [("", "—")]
YES_NO: list[tuple[str, Any]] = [*ANY, ("yes", pgettext_lazy("filter", "Yes")), ("no", pgettext_lazy("filter", "No"))]


def _managers_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=_("Managing organization"), queryset=Organization.objects.none(), required=False)


# --- posts ------------------------------------------------------------------------------------------


class PositionFilterForm(forms.Form):
    q = forms.CharField(label=_("Name of the post"), required=False, max_length=200)
    level = forms.ChoiceField(label=_("Level of the post"), choices=ANY + Level.choices, required=False)
    body = forms.ChoiceField(label=_("Body of the post"), choices=ANY + Body.choices, required=False)
    title = forms.ChoiceField(label=_("Title of the post"), choices=ANY + Title.choices, required=False)
    managed_by = _managers_field()
    vacant = forms.ChoiceField(label=_("Vacant post"), choices=YES_NO, required=False)
    active = forms.ChoiceField(
        label=_("Post in use"),
        choices=[("yes", _("In use")), ("no", _("Out of use")), ("all", _("In use or not"))],
        required=False,
    )

    def __init__(self, *args: Any, managers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if managers is not None:
            self.fields["managed_by"].queryset = managers  # type: ignore[attr-defined]


class _PositionFields(forms.Form):
    body = forms.ChoiceField(label=_("Body of the post"), choices=Body.choices)
    title = forms.ChoiceField(label=_("Title of the post"), choices=Title.choices)
    name = forms.CharField(label=_("Name of the post"), max_length=255, help_text=_("Such as: Secretary of the commune Party committee"))
    level = forms.ChoiceField(
        label=_("Level of the post"), choices=ANY + Level.choices, required=False, help_text=_("Empty: the managing organization's level.")
    )
    grade = forms.IntegerField(
        label=_("Grade (1 is the highest)"), min_value=1, max_value=20, required=False, help_text=_("Empty: the title's usual grade.")
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, initial=1)
    corruption_prone = forms.BooleanField(label=_("Prone to corruption (periodic change of post)"), required=False)


class PositionForm(ScopedForm, _PositionFields):
    organization = OrganizationField(_("Organization of the post"), action=Action.MANAGE_CADRES)
    managed_by = OrganizationField(
        _("Managed by"), action=Action.MANAGE_CADRES, required=False, help_text=_("The organization itself or one above it; empty: itself.")
    )
    field_order = ["organization", "managed_by", "body", "title", "name", "level", "grade", "seats", "corruption_prone"]

    def params(self) -> dict[str, Any]:
        d = {**self.cleaned_data}
        d["managed_by"] = d["managed_by"] or d["organization"]
        return d


class PositionEditForm(VersionForm, _PositionFields):
    def params(self) -> dict[str, Any]:
        d = {**self.cleaned_data}
        d["expected_version"] = d.pop("version")
        return d


# --- cadres ---------------------------------------------------------------------------------------


class CadreFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    managed_by = _managers_field()
    gender = forms.ChoiceField(label=_("Gender"), choices=ANY + Gender.choices, required=False)
    age = forms.ChoiceField(label=_("Age group"), required=False)
    level = forms.ChoiceField(label=_("Level of a present post"), choices=ANY + Level.choices, required=False)
    title = forms.ChoiceField(label=_("Title of a present post"), choices=ANY + Title.choices, required=False)
    planned = forms.ChoiceField(label=_("In a planning"), choices=YES_NO, required=False)
    member = forms.ChoiceField(label=_("Party member record"), choices=YES_NO, required=False)

    def __init__(self, *args: Any, managers: Any = None, bands: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if managers is not None:
            self.fields["managed_by"].queryset = managers  # type: ignore[attr-defined]
        self.fields["age"].choices = ANY + list(bands)  # type: ignore[attr-defined]


class _CadreFacts(forms.Form):
    birth_place = forms.CharField(label=_("Place of birth"), max_length=255, required=False)
    residence = forms.CharField(label=_("Residence"), max_length=255, required=False)
    academic_title = forms.ChoiceField(label=_("Academic title"), choices=AcademicTitle.choices, initial=AcademicTitle.NONE)
    state_management = forms.ChoiceField(label=_("State management"), choices=StateManagement.choices, initial=StateManagement.NONE)
    languages = forms.CharField(label=_("Foreign languages"), max_length=255, required=False)
    it_skills = forms.CharField(label=_("Information technology"), max_length=255, required=False)
    staff_category = forms.ChoiceField(label=_("Staff category"), choices=StaffCategory.choices, initial=StaffCategory.CIVIL_SERVANT)
    staff_since = date_field(_("On the payroll since"), required=False)
    staff_in = forms.ChoiceField(label=_("Came in by"), choices=ANY + StaffIn.choices, required=False)
    staff_until = date_field(_("Left the payroll on"), required=False)
    staff_out = forms.ChoiceField(label=_("Left by"), choices=ANY + StaffOut.choices, required=False)
    work_history = forms.CharField(
        label=_("Work history before the records"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000, required=False
    )
    rewards = forms.CharField(label=_("Rewards"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000, required=False)

    def facts(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CADRE_FIELDS}


def _manager() -> OrganizationField:
    return OrganizationField(
        _("Managed by"), action=Action.MANAGE_CADRES, help_text=_("The organization whose committee manages the cadre.")
    )


class MemberField(forms.IntegerField):
    """A member record the user may see, by its number (shown on the member's page)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("Member record no."), min_value=1, max_value=2**63 - 1, **kwargs)
        self.user: Any = None

    def clean(self, value: Any) -> Any:
        pk = super().clean(value)
        found = Member.objects.visible_to(self.user).filter(pk=pk).first() if pk else None
        if found is None:
            raise forms.ValidationError(_("No member record no. %(n)s is within your scope.") % {"n": pk})
        return found


class CadreFromMemberForm(ScopedForm, _CadreFacts):
    member = MemberField()
    managed_by = _manager()
    field_order = ["member", "managed_by"]

    def full_clean(self) -> None:
        self.fields["member"].user = self.user  # type: ignore[attr-defined]
        super().full_clean()

    def params(self) -> dict[str, Any]:
        return {"member": self.cleaned_data["member"], "managed_by": self.cleaned_data["managed_by"], **self.facts()}


class _CadrePersonal(PersonalForm):
    youth_union = None  # type: ignore[assignment]  # a member record's, not a cadre's
    card_number = None  # type: ignore[assignment]

    def personal_data(self) -> PersonalData:
        d = self.cleaned_data
        return PersonalData(**{name: d[name] for name in PERSONAL_FIELDS if name in d})


class CadrePersonForm(_CadrePersonal, _CadreFacts):
    managed_by = _manager()
    field_order = ["managed_by"]

    def params(self) -> dict[str, Any]:
        return {"managed_by": self.cleaned_data["managed_by"], "data": self.personal_data(), **self.facts()}


class CadreEditForm(ScopedForm, VersionForm, _CadreFacts):
    """A member's cadre record: the facts of cadre work (the personal fields come from the member record)."""

    managed_by = _manager()
    field_order = ["managed_by"]

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"managed_by": d["managed_by"], "expected_version": d["version"], **self.facts()}


class CadrePersonEditForm(_CadrePersonal, VersionForm, _CadreFacts):
    managed_by = _manager()
    field_order = ["managed_by"]

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"managed_by": d["managed_by"], "data": self.personal_data(), "expected_version": d["version"], **self.facts()}


class HoldingForm(forms.Form):
    position = forms.ModelChoiceField(label=_("Post"), queryset=Position.objects.none())
    started_on = date_field(_("In the post since"))
    term_ends = date_field(_("Term ends on"), required=False)
    ended_on = date_field(_("Left the post on"), required=False)

    def __init__(self, *args: Any, positions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if positions is not None:
            self.fields["position"].queryset = positions  # type: ignore[attr-defined]
        self.fields["term_ends"].help_text = _("Empty: one appointment term after the start.")


# --- courses -------------------------------------------------------------------------------------------


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of course"), choices=CourseKind.choices)
    level = forms.ChoiceField(label=_("Level obtained"), choices=CourseLevel.choices, initial=CourseLevel.NONE)
    topic = forms.ChoiceField(label=_("Refresher topic"), choices=ANY + RefresherTopic.choices, required=False)
    name = forms.CharField(label=_("Course"), max_length=255)
    institution = forms.CharField(label=_("Institution"), max_length=255, required=False)
    mode = forms.ChoiceField(label=_("Mode of study"), choices=CourseMode.choices)
    place = forms.ChoiceField(label=_("Where the course took place"), choices=CoursePlace.choices)
    starts_on = date_field(_("Course from"))
    ends_on = date_field(_("Course until"))
    completed = forms.BooleanField(label=_("Completed"), required=False)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=64, required=False)
    certificate_date = date_field(_("Certificate date"), required=False)
    certificate = forms.FileField(label=_("Certificate (PDF)"), required=False, help_text=_("At most 10 MB."))

    def params(self) -> dict[str, Any]:
        d = {**self.cleaned_data}
        upload = d.pop("certificate", None)
        if "version" in d:
            d["expected_version"] = d.pop("version")
        d["certificate"] = upload.read(MAX_FILE_BYTES + 1) if upload else None  # the service checks its size and first bytes
        return d


class TrainingEditForm(TrainingForm, VersionForm):
    pass


class TrainingFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of course"), choices=ANY + CourseKind.choices, required=False)
    year = forms.IntegerField(label=_("Year of the course"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    completed = forms.ChoiceField(label=_("Completed"), choices=YES_NO, required=False)
