"""The forms of the reported figures: the import (node, form, period, file), the list's
filters, and the differences' choice of tree."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.files import MAX_FILE_BYTES
from partybuilding.core.forms import OrganizationField, ScopedForm, date_field
from partybuilding.core.scope import Action
from partybuilding.core.sheets import SHEET_ACCEPT

from .models import FormVersion
from .periods import FIRST_YEAR, KINDS, LAST_YEAR, PeriodError, period_of
from .places import NOW, THEN

EXTENSIONS = tuple(SHEET_ACCEPT.split(","))
PERIOD_FIELDS = ("period", "year", "quarter", "month", "to_year", "from", "to", "on")


def form_choices() -> list[tuple[str, str]]:
    """Each form once, by its latest version's code and title."""
    latest: dict[str, FormVersion] = {}
    for version in FormVersion.objects.order_by("slug", "valid_from"):
        latest[version.slug] = version
    return [(slug, f"{version.code} — {version.title}") for slug, version in sorted(latest.items(), key=lambda item: _slug_order(item[0]))]


def _slug_order(slug: str) -> tuple[int, str]:
    digits = "".join(ch for ch in slug if ch.isdigit())
    return (int(digits) if digits else 0, slug)


class PeriodForm(forms.Form):
    """The period fields of the statistics pages, read as the pages read them (`period_of`)."""

    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=list(KINDS.items()), initial="year")
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"), choices=[("", "")] + [(str(q), str(q)) for q in range(1, 5)], coerce=int, required=False
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("Month"), choices=[("", "")] + [(str(m), f"{m:02d}") for m in range(1, 13)], coerce=int, required=False
    )
    to_year = forms.IntegerField(label=gettext_lazy("Last year of the term"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" and "to", as the pages' query strings name them (Python keywords: added here).
        self.fields["from"] = date_field(gettext_lazy("From (a range of dates)"), required=False)
        self.fields["to"] = date_field(gettext_lazy("To"), required=False)
        self.fields["on"] = date_field(gettext_lazy("On the day (figures as of one day)"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        params = {name: _as_param(cleaned.get(name)) for name in PERIOD_FIELDS}
        try:
            cleaned["chosen_period"] = period_of(params, timezone.localdate())
        except PeriodError as error:
            self.add_error("period", str(error))
        return cleaned


def _as_param(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


class ImportForm(ScopedForm, PeriodForm):
    organization = OrganizationField(gettext_lazy("Organization that reported"), action=Action.MANAGE_MEMBERS)
    form = forms.ChoiceField(label=gettext_lazy("Form"))
    file = forms.FileField(
        label=gettext_lazy("File of the figures as reported"),
        help_text=gettext_lazy(
            "The form as our Excel export lays it out, or a plain sheet of row codes and figures (.xlsx, .xls, .ods, .csv)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": SHEET_ACCEPT}),
    )

    field_order = ["organization", "form", *PERIOD_FIELDS, "file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["form"]).choices = form_choices()
        self.order_fields(self.field_order)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx, .xls, .xlsb or .ods) or a CSV file (.csv)."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // 2**20})
        return upload

    def params(self) -> dict[str, Any]:
        upload = self.cleaned_data["file"]
        return {
            "organization": self.cleaned_data["organization"],
            "slug": self.cleaned_data["form"],
            "period": self.cleaned_data["chosen_period"],
            "content": upload.read(MAX_FILE_BYTES + 1),
            "name": upload.name,
        }


class SetFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Organization"), max_length=100, required=False, help_text=gettext_lazy("Name or code"))
    form = forms.ChoiceField(label=gettext_lazy("Form"), required=False)
    year = forms.IntegerField(label=gettext_lazy("Year of the period"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["form"]).choices = [("", _("All forms")), *form_choices()]


class DifferencesForm(forms.Form):
    tree = forms.ChoiceField(
        label=gettext_lazy("Tree"),
        choices=[(THEN, gettext_lazy("As it stood then")), (NOW, gettext_lazy("As it stands now"))],
        required=False,
        help_text=gettext_lazy("As it stood then: the organization's subtree on the period's last day, as the report was made."),
    )
    only = forms.BooleanField(label=gettext_lazy("Only the figures that differ"), required=False)

    @property
    def mode(self) -> str:
        return (self.cleaned_data.get("tree") if self.is_valid() else "") or THEN


class RemoveForm(forms.Form):
    """The removal of a set: nothing to fill in, the button that asks first."""
