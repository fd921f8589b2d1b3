"""The forms of issuers and documents: an issuer, the documents list's filters, a document
registered or edited, its withdrawal, a file."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from partybuilding.core.api_types import FIRST_YEAR, LAST_YEAR
from partybuilding.core.forms import OrganizationField, ScopedForm, VersionForm, date_field
from partybuilding.core.scope import Action
from partybuilding.organizations.choices import OrgKind

from ..choices import DocumentStatus, IssuerBody
from ..kinds import kinds_on
from ..models import Document, Issuer

ANY = [("", gettext_lazy("Any"))]


def kind_choices(day: Any = None) -> list[tuple[str, str]]:
    return [(code, f"{code} — {name}") for code, name in kinds_on(day or timezone.localdate()).items()]


class IssuerForm(ScopedForm):
    organization = OrganizationField(gettext_lazy("Organization"), action=Action.DIRECT)
    body = forms.ChoiceField(label=gettext_lazy("Body that issues"), choices=IssuerBody.choices)
    name = forms.CharField(label=gettext_lazy("Name of the issuer"), max_length=255)
    symbol = forms.CharField(
        label=gettext_lazy("Symbol"), max_length=20, help_text=gettext_lazy("What its numbers end with: TU in 15-NQ/TU")
    )


class IssuerEditForm(VersionForm):
    body = forms.ChoiceField(label=gettext_lazy("Body that issues"), choices=IssuerBody.choices)
    name = forms.CharField(label=gettext_lazy("Name of the issuer"), max_length=255)
    symbol = forms.CharField(
        label=gettext_lazy("Symbol"), max_length=20, help_text=gettext_lazy("What its numbers end with: TU in 15-NQ/TU")
    )
    active = forms.BooleanField(label=gettext_lazy("Still issues documents"), required=False)

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"body": d["body"], "name": d["name"], "symbol": d["symbol"], "active": d["active"], "expected_version": d["version"]}


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Words of the document"), required=False, max_length=200)
    number = forms.CharField(label=gettext_lazy("Number of the document"), required=False, max_length=40)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of document"), required=False)
    issuer = forms.ModelChoiceField(label=gettext_lazy("Issuer"), queryset=Issuer.objects.none(), required=False)
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    date_from = date_field(gettext_lazy("Issued from"), required=False)
    date_to = date_field(gettext_lazy("Issued until"), required=False)
    status = forms.ChoiceField(label=pgettext_lazy("document", "In force or not"), choices=ANY + DocumentStatus.choices, required=False)
    not_concretized = forms.BooleanField(label=gettext_lazy("Not yet concretized by every recipient"), required=False)

    def __init__(self, *args: Any, issuers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ANY + kind_choices()  # type: ignore[attr-defined]
        if issuers is not None:
            self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]


class OrganizationsField(forms.CharField):
    """Several organizations, one per line (or separated by “;”), each typed or picked as in
    the organization picker: by code or name."""

    def __init__(self, label: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", gettext_lazy("One organization per line: its code or its name."))
        super().__init__(label=label, max_length=20000, widget=forms.Textarea(attrs={"rows": 3}), **kwargs)
        self.user: Any = None

    def clean(self, value: Any) -> Any:
        text = super().clean(value) or ""
        picker = OrganizationField(self.label, action=Action.VIEW)
        picker.user = self.user
        found, errors = [], []
        for line in (part.strip() for part in re.split(r"[\n;]", text)):
            if not line:
                continue
            try:
                found.append(picker.clean(line))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return found


class DocumentField(forms.CharField):
    """A document of the system typed by its number, with its year when the number recurs:
    “15-NQ/TU (2025)”; among those the user reads."""

    def __init__(self, label: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", gettext_lazy("Its number, such as 15-NQ/TU; add the year when needed: 15-NQ/TU (2025)."))
        super().__init__(label=label, max_length=60, required=False, **kwargs)
        self.user: Any = None

    def prepare_value(self, value: Any) -> Any:
        return f"{value.number} ({value.year})" if isinstance(value, Document) else value

    def clean(self, value: Any) -> Any:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        with_year = re.fullmatch(r"(.+?)\s*\((\d{4})\)", text)
        number, year = (with_year.group(1).strip(), int(with_year.group(2))) if with_year else (text, None)
        rows = Document.objects.visible_to(self.user).filter(number__iexact=number)
        rows = rows.filter(year=year) if year else rows
        found = list(rows.order_by("-date")[:2])
        if len(found) == 1:
            return found[0]
        if found:
            raise forms.ValidationError(_("Several documents are numbered %(number)s: add the year, e.g. %(number)s (%(year)s).") % {"number": number, "year": found[0].year})  # fmt: skip
        raise forms.ValidationError(_("No document numbered %(number)s is within your reach.") % {"number": text})


class _DocumentFields(ScopedForm):
    def full_clean(self) -> None:
        for field in self.fields.values():
            if isinstance(field, OrganizationsField | DocumentField):
                field.user = self.user
        super().full_clean()


def _recipients_kind() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("And every organization of this kind below"),
        choices=[("", gettext_lazy("None")), *OrgKind.choices],
        required=False,
        help_text=gettext_lazy("For a few hundred at most; a document for every cell of a province is sent down from its tasks."),
    )


class DocumentForm(_DocumentFields):
    issuer = forms.ModelChoiceField(label=gettext_lazy("Issuer"), queryset=Issuer.objects.none())
    kind = forms.CharField(label=gettext_lazy("Kind of document"), max_length=8, widget=forms.Select)
    date = date_field(gettext_lazy("Date issued"))
    title = forms.CharField(label=gettext_lazy("Subject"), max_length=500, help_text=gettext_lazy("The “trích yếu”: what it is about."))
    signer = forms.CharField(label=gettext_lazy("Signed by"), max_length=255, required=False)
    summary = forms.CharField(label=gettext_lazy("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000, required=False)
    text = forms.CharField(label=gettext_lazy("Full text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=500000, required=False)
    recipients = OrganizationsField(gettext_lazy("Sent to"), required=False)
    recipients_kind = _recipients_kind()
    implements = DocumentField(gettext_lazy("Implements (a document in the system)"))
    implements_reference = forms.CharField(
        label=gettext_lazy("Implements (a document outside the system)"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Its number and subject, such as 57-NQ/TW."),
    )
    replaces = DocumentField(gettext_lazy("Replaces (an earlier document of the same issuer)"))
    expects_concretization = forms.BooleanField(label=gettext_lazy("The recipients are to concretize it"), required=False)

    def __init__(self, *args: Any, issuers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if issuers is not None:
            self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]
        self.fields["kind"].widget.choices = kind_choices()


class DocumentEditForm(_DocumentFields, VersionForm):
    signer = forms.CharField(label=gettext_lazy("Signed by"), max_length=255, required=False)
    summary = forms.CharField(label=gettext_lazy("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000, required=False)
    text = forms.CharField(label=gettext_lazy("Full text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=500000, required=False)
    add_recipients = OrganizationsField(gettext_lazy("Also send it to"), required=False)
    recipients_kind = _recipients_kind()

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        fields = ("signer", "summary", "text", "add_recipients", "recipients_kind")
        return {**{name: d[name] for name in fields}, "expected_version": d["version"]}


class WithdrawForm(VersionForm):
    reason = forms.CharField(label=gettext_lazy("Why it is withdrawn"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def params(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"], "expected_version": self.cleaned_data["version"]}


class DocumentFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("PDF file"), help_text=gettext_lazy("At most 10 MB."))
