from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partybuilding.core.forms import OrganizationField, ScopedForm, date_field
from partybuilding.core.scope import Action

from ..choices import (
    ETHNICITY_CHOICES,
    AcademicTitle,
    Gender,
    GeneralEducation,
    MemberStatus,
    Occupation,
    Qualification,
    Religion,
    TheoryLevel,
)
from ..facts import FACT_FIELDS, FLAGS, MemberFacts
from ..personal import FIELDS, PersonalData
from .selectors import AGE_BANDS, PARTY_AGE_BANDS, band_label

ANY: list[tuple[str, Any]] = [("", "—")]


class MemberFilterForm(forms.Form):
    """The filters of the member list; the same form serves the page, the export and the API."""

    # Shown above the folded filters, in their form all the same (members/list.html).
    q = forms.CharField(label=_("Name or card number"), required=False, widget=forms.TextInput(attrs={"form": "member-filters"}))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("In the list")), *MemberStatus.choices, ("all", _("All records"))]
    )
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=ANY + Gender.choices)
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"), required=False, choices=[*ANY, ("minority", _("Ethnic minorities")), *ETHNICITY_CHOICES]
    )
    religion = forms.ChoiceField(label=_("Religion"), required=False, choices=[*ANY, ("any", _("Any religion")), *Religion.choices])
    age = forms.ChoiceField(label=_("Age"), required=False, choices=ANY + [(f"{lo}-{hi}", band_label(lo, hi)) for lo, hi in AGE_BANDS])
    party_age = forms.ChoiceField(
        label=_("Party age"), required=False, choices=ANY + [(f"{lo}-{hi}", band_label(lo, hi)) for lo, hi in PARTY_AGE_BANDS]
    )
    education = forms.ChoiceField(label=_("General education"), required=False, choices=ANY + GeneralEducation.choices)
    qualification = forms.ChoiceField(label=_("Professional qualification"), required=False, choices=ANY + Qualification.choices)
    theory = forms.ChoiceField(label=_("Political theory"), required=False, choices=ANY + TheoryLevel.choices)
    occupation = forms.ChoiceField(label=_("Occupation"), required=False, choices=ANY + Occupation.choices)
    exempt = forms.ChoiceField(label=_("Exemption"), required=False, choices=[*ANY, ("yes", _("Exempted")), ("no", _("Not exempted"))])
    on = date_field(_("Members on date"), required=False)


class CitizenIdForm(forms.Form):
    """Looked up by POST so that the number never appears in a URL or a server log."""

    citizen_id = forms.CharField(label=_("Citizen ID"), min_length=9, max_length=12)


class RevealForm(forms.Form):
    """The identifier "Show in full" asks for, on the record's page."""

    field = forms.ChoiceField(choices=[("citizen_id", _("Citizen ID")), ("card_number", _("Card number"))])
    own = forms.BooleanField(required=False, widget=forms.HiddenInput)  # asked from the member's own page


class PersonalForm(ScopedForm):
    family_name = forms.CharField(label=_("Family name"), max_length=40)
    middle_name = forms.CharField(label=_("Middle name"), max_length=60, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=40)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    date_of_birth = date_field(_("Date of birth"))
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), choices=ETHNICITY_CHOICES, initial="01")
    religion = forms.ChoiceField(label=_("Religion"), choices=Religion.choices, initial=Religion.NONE)
    home_town = forms.CharField(label=_("Home town"), max_length=255, required=False)
    citizen_id = forms.RegexField(
        label=_("Citizen ID"),
        regex=r"^\d{9}(\d{3})?$",
        required=False,
        error_messages={"invalid": _("A citizen ID has 12 digits (or 9 for an old identity card).")},
    )
    phone = forms.RegexField(label=_("Phone"), regex=r"^[0-9 +.]{8,20}$", required=False)
    education = forms.ChoiceField(label=_("General education"), choices=GeneralEducation.choices, initial=GeneralEducation.UPPER_SECONDARY)
    qualification = forms.ChoiceField(label=_("Professional qualification"), choices=Qualification.choices)
    theory = forms.ChoiceField(label=_("Political theory"), choices=TheoryLevel.choices)
    occupation = forms.ChoiceField(label=_("Occupation"), choices=Occupation.choices, initial=Occupation.OTHER)
    workplace = forms.CharField(label=_("Workplace"), max_length=255, required=False)
    positions = forms.CharField(label=_("Positions"), max_length=255, required=False)
    youth_union = forms.BooleanField(label=_("Youth Union member at admission"), required=False)
    card_number = forms.RegexField(label=_("Card number"), regex=r"^\d{6,20}$", required=False)

    # The fields the service takes as they are; the personal ones go together as `data`.
    passes: tuple[str, ...] = ()

    @classmethod
    def editing(cls, record: Any, data: Any = None) -> Any:
        """The form correcting `record`: shown with the record's fields (its version included)."""
        return cls(data, initial={name: getattr(record, name) for name in cls.base_fields if hasattr(record, name)})

    def personal_data(self) -> PersonalData:
        d = self.cleaned_data
        return PersonalData(**{name: d[name] for name in FIELDS})

    def params(self) -> dict[str, Any]:
        """The service's parameters (a version becomes the `expected_version` it checks)."""
        d = self.cleaned_data
        found = {"data": self.personal_data(), **{name: d[name] for name in self.passes}}
        if "version" in d:
            found["expected_version"] = d["version"]
        return found


# The fields of the statistics' own fieldset on the record's form (records/record_form.html).
STATISTICS_FIELDS = frozenset({"youth_union", *FLAGS})


class MemberFactsForm(PersonalForm):
    """A member record's form: the personal fields, and what the official statistics count
    about the member (`facts.MemberFacts`), each flag a checkbox with a line of help."""

    academic_title = forms.TypedChoiceField(
        label=_("Academic title"),
        choices=AcademicTitle.choices,
        initial=AcademicTitle.NONE,
        required=False,
        empty_value=AcademicTitle.NONE.value,  # left out (a form of before the statistics' fields): none
        help_text=_("The highest title conferred: the statistics count it once."),
    )
    readmitted = forms.BooleanField(
        label=_("Re-admitted to the Party"), required=False, help_text=_("Admitted again after having once left the Party.")
    )
    private_business_owner = forms.BooleanField(
        label=_("Owner of a private business"), required=False, help_text=_("Owns a private enterprise.")
    )
    married_to_foreigner = forms.BooleanField(
        label=_("Married to a foreigner"), required=False, help_text=_("The spouse is of foreign nationality.")
    )
    family_planning_violation = forms.BooleanField(
        label=_("Had violated the family-planning policy when admitted"),
        required=False,
        help_text=_("As a non-member, had violated the population and family-planning policy before admission."),
    )
    foreign_origin = forms.BooleanField(
        label=_("Vietnamese citizen of foreign origin"), required=False, help_text=_("A foreigner who took Vietnamese nationality.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = [name for name in self.fields if name != "academic_title"]
        names.insert(names.index("qualification") + 1, "academic_title")  # with the qualifications
        self.order_fields(names)

    def groups(self) -> list[tuple[Any, list[Any]]]:
        """The visible fields: the record's, then the statistics' own (the page's fieldsets)."""
        visible = self.visible_fields()
        return [
            (None, [f for f in visible if f.name not in STATISTICS_FIELDS]),
            (_("For the statistics"), [f for f in visible if f.name in STATISTICS_FIELDS]),
        ]

    def member_facts(self) -> MemberFacts:
        return MemberFacts(**{name: self.cleaned_data[name] for name in FACT_FIELDS})

    def params(self) -> dict[str, Any]:
        return {**super().params(), "facts": self.member_facts()}


class MemberCreateForm(MemberFactsForm):
    organization = OrganizationField(_("Party cell"), action=Action.MANAGE_MEMBERS)
    admission_date = date_field(_("Admission date"))
    official_date = date_field(_("Official date"), required=False)
    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    passes: tuple[str, ...] = ("organization", "admission_date", "official_date", "card_number", "submission")
    field_order = [
        "organization",
        "family_name",
        "middle_name",
        "given_name",
        "gender",
        "date_of_birth",
        "admission_date",
        "official_date",
        "card_number",
    ]


class MemberEditForm(MemberFactsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    passes = ("card_number",)
