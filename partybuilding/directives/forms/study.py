"""The forms of the study of resolutions: a campaign, a session, its attendance, a member's
study outside a session, a study note, and the campaign's close."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partybuilding.core.forms import OrganizationField, ScopedForm, VersionForm, date_field
from partybuilding.core.scope import Action

from ..choices import DocumentStatus, StudyWay
from ..models import Document, StudyAssignment

DOCUMENTS_OFFERED = 200  # the newest documents in the list; an older one comes by its page's link

NOTE_CHOICES = [
    ("", _("As the rule in force on the first day says")),
    ("yes", _("Required")),
    ("no", _("Not required")),
]


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title of the campaign"), max_length=500)
    documents = forms.ModelMultipleChoiceField(label=_("Documents studied"), queryset=Document.objects.none())
    starts_on = date_field(pgettext_lazy("campaign", "First day"))
    deadline = date_field(pgettext_lazy("campaign", "Deadline for the study"))
    members_on = date_field(_("Members who must study: those of the organization on"))
    note_required = forms.ChoiceField(label=_("A written study note"), choices=NOTE_CHOICES, required=False)

    def __init__(self, data: Any = None, *, user: Any, chosen: Document | None = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        visible = Document.objects.visible_to(user).filter(status=DocumentStatus.IN_FORCE)
        field = self.fields["documents"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = visible
        newest = list(visible.order_by("-date", "-pk")[:DOCUMENTS_OFFERED])
        if chosen is not None and chosen not in newest:
            newest.insert(0, chosen)
        field.widget.choices = [(d.pk, f"{d.number} — {d.title}") for d in newest]
        field.widget.attrs["size"] = 8
        if chosen is not None:
            self.initial.setdefault("documents", [chosen.pk])
            self.initial.setdefault("title", chosen.title)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, deadline = data.get("starts_on"), data.get("deadline")
        if starts_on and deadline and deadline <= starts_on:
            self.add_error("deadline", _("The deadline must come after the first day."))
        return data

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        note = data.get("note_required") or ""
        return {
            "title": data["title"],
            "documents": list(data["documents"]),
            "starts_on": data["starts_on"],
            "deadline": data["deadline"],
            "members_on": data["members_on"],
            "note_required": None if note == "" else note == "yes",
        }


class SessionForm(ScopedForm):
    organization = OrganizationField(_("Held by"), action=Action.DIRECT)
    date = date_field(_("Date of the session"))
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    speaker = forms.CharField(label=_("Speaker"), max_length=255, required=False)


class AttendanceForm(forms.Form):
    """One line per member who must study in the session's organization."""

    present = forms.TypedMultipleChoiceField(label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    excused = forms.TypedMultipleChoiceField(label=_("Excused"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, data: Any = None, *, rows: list[StudyAssignment], session_id: int, **kwargs: Any) -> None:
        initial = {
            "present": [r.member_id for r in rows if r.session_id == session_id and r.way == StudyWay.SESSION],
            "excused": [r.member_id for r in rows if r.session_id == session_id and r.way == StudyWay.EXCUSED],
        }
        super().__init__(data, initial=initial, **kwargs)
        choices = [(r.member_id, r.member.full_name) for r in rows]
        for name in ("present", "excused"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if set(data.get("present") or ()) & set(data.get("excused") or ()):
            self.add_error("excused", _("A member is either present or excused, not both."))
        return data


class StudyRecordForm(forms.Form):
    way = forms.ChoiceField(
        label=_("How the member studied"),
        choices=[(w.value, w.label) for w in (StudyWay.MAKE_UP, StudyWay.ONLINE, StudyWay.EXCUSED)],
    )
    studied_on = date_field(_("Studied on"), required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Study note (plan of personal action)"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6}))


class CloseForm(VersionForm):
    date = date_field(_("Closed on"))

    def __init__(self, data: Any = None, *, today: dt.date, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.initial.setdefault("date", today)
