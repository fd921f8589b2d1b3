"""Forms of the meeting pages."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuilding.core.errors import Refusal
from partybuilding.core.forms import date_field

from .choices import CriterionKind, MeetingKind, MeetingStatus, Presence
from .roster import Expected
from .services import AttendanceIn, CriterionIn, Details, ItemIn
from .services.base import refuse_excess_votes

ANY: list[tuple[str, Any]] = [("", "—")]
MONTHS: list[tuple[Any, Any]] = [(m, f"{m:02d}") for m in range(1, 13)]


class MeetingFilterForm(forms.Form):
    q = forms.CharField(label=_("Organization"), required=False, max_length=100, help_text=_("Part of its name; accents optional."))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + MeetingKind.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + MeetingStatus.choices)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(label=_("Month"), required=False, coerce=int, empty_value=None, choices=ANY + MONTHS)


def time_field(label: Any, help_text: Any = "") -> forms.TimeField:
    return forms.TimeField(
        label=label, required=False, input_formats=["%H:%M"], widget=forms.TimeInput(format="%H:%M"), help_text=help_text
    )


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    date = date_field(_("Date"))
    starts_at = time_field(_("Starts at"), _("HH:MM. With the end, members can check in by QR code."))
    ends_at = time_field(_("Ends at"))
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    title = forms.CharField(label=_("Topic"), max_length=255, required=False)
    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class PlanYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    day = forms.IntegerField(label=_("Day of the month"), min_value=1, max_value=28, initial=5)


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Item voted on"), max_length=255, required=False)
    votes_for = forms.IntegerField(label=_("For"), min_value=0, initial=0, required=False)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, initial=0, required=False)
    votes_abstain = forms.IntegerField(label=_("Abstain"), min_value=0, initial=0, required=False)

    def __init__(self, *args: Any, present: int | None = None, recorded: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.present, self.recorded = present, recorded  # who may vote: the service's bound, checked as typed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        item = self.item()
        if item is not None and self.present is not None:
            try:
                refuse_excess_votes([item], self.present, recorded=self.recorded)
            except Refusal as refusal:
                raise forms.ValidationError(refusal.text) from refusal
        return data

    def item(self) -> ItemIn | None:
        d = self.cleaned_data
        if not d.get("title"):
            return None
        return ItemIn(d["title"], d.get("votes_for") or 0, d.get("votes_against") or 0, d.get("votes_abstain") or 0)


ItemFormSet = forms.formset_factory(ItemForm, extra=2)


class AmendableForm(forms.Form):
    """A form of a meeting's record; once the meeting is closed, a change needs its reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, closed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if closed:
            self.fields["amendment_reason"] = forms.CharField(
                label=_("Reason for the amendment"),
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("The meeting is closed: the change is kept with its reason in the meeting's history."),
            )


class RecordForm(AmendableForm):
    date = date_field(_("Date held"))
    starts_at = time_field(_("Starts at"))
    ends_at = time_field(_("Ends at"), _("Planned: with the start, the window in which members check in by QR code."))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=24 * 60, required=False)
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    title = forms.CharField(label=_("Topic"), max_length=255, required=False)
    chair = forms.TypedChoiceField(label=_("Chair"), required=False, coerce=int, empty_value=None)
    secretary = forms.TypedChoiceField(label=_("Secretary of the meeting"), required=False, coerce=int, empty_value=None)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    discussion = forms.CharField(label=_("Discussion and contributions"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    resolution = forms.CharField(label=_("Resolution adopted"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, expected: list[Expected], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = ANY + [(e.member.pk, e.member.full_name) for e in expected]
        self.fields["chair"].choices = choices  # type: ignore[attr-defined]
        self.fields["secretary"].choices = choices  # type: ignore[attr-defined]

    def details(self, items: list[ItemIn]) -> Details:
        d = self.cleaned_data
        return Details(
            date=d["date"],
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            duration_minutes=d["duration_minutes"],
            place=d["place"],
            title=d["title"],
            chair_id=d["chair"],
            secretary_id=d["secretary"],
            agenda=d["agenda"],
            discussion=d["discussion"],
            resolution=d["resolution"],
            items=tuple(items),
        )


class AttendanceForm(AmendableForm):
    """One row per expected member: attendance, reason, number of contributions."""

    def __init__(self, *args: Any, expected: list[Expected], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected
        for e in expected:
            pk = e.member.pk
            self.fields[f"p_{pk}"] = forms.ChoiceField(
                label=e.member.full_name, choices=Presence.choices, widget=forms.RadioSelect, required=e.required
            )
            self.fields[f"r_{pk}"] = forms.CharField(label=_("Reason"), max_length=255, required=False)
            self.fields[f"c_{pk}"] = forms.IntegerField(label=_("Contributions"), min_value=0, max_value=99, required=False)

    def rows(self) -> list[dict[str, Any]]:
        return [{"expected": e, "presence": self[f"p_{e.member.pk}"], "reason": self[f"r_{e.member.pk}"], "contributions": self[f"c_{e.member.pk}"]} for e in self.expected]  # fmt: skip

    def entries(self) -> list[AttendanceIn]:
        d = self.cleaned_data
        return [
            AttendanceIn(e.member.pk, d[f"p_{e.member.pk}"], d[f"r_{e.member.pk}"], d[f"c_{e.member.pk}"] or 0)
            for e in self.expected
            if d.get(f"p_{e.member.pk}")
        ]


class LeaveForm(forms.Form):
    reason = forms.CharField(label=_("Why you cannot attend"), max_length=255)


class SettleForm(forms.Form):
    keep = forms.ChoiceField(choices=[("kept", "kept"), ("overruled", "overruled")])


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class SchemeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    effective_from = date_field(_("Effective from"))
    citation = forms.CharField(label=_("Decision"), max_length=255, required=False)
    good_min = forms.IntegerField(label=_("Good from (points)"), min_value=1, max_value=100, initial=90)
    fair_min = forms.IntegerField(label=_("Fair from (points)"), min_value=1, max_value=100, initial=70)
    average_min = forms.IntegerField(label=_("Average from (points)"), min_value=0, max_value=100, initial=50)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in CriterionKind.choices:
            self.fields[f"{kind}_points"] = forms.IntegerField(label=label, min_value=0, max_value=100, initial=0)
            self.fields[f"{kind}_threshold"] = forms.IntegerField(label=_("Threshold for full points"), min_value=1, initial=1)
            self.fields[f"{kind}_good"] = forms.BooleanField(label=_("Full points needed for “good”"), required=False)

    def criteria(self) -> list[CriterionIn]:
        d = self.cleaned_data
        return [CriterionIn(k, d[f"{k}_points"], d[f"{k}_threshold"], d[f"{k}_good"]) for k in CriterionKind.values]

    def params(self) -> dict[str, Any]:
        """`scheme_create`'s parameters: the scheme's fields and its criteria."""
        d = self.cleaned_data
        named = ("name", "effective_from", "good_min", "fair_min", "average_min", "citation")
        return {**{name: d[name] for name in named}, "criteria": self.criteria()}


class MissingForm(forms.Form):
    WHAT = [
        ("regular", _("Cells without a regular meeting in the month")),
        ("thematic", _("Cells without a thematic meeting in the quarter")),
        ("unexcused", _("Members absent without reason (removal rule)")),
    ]
    what = forms.ChoiceField(label=_("What"), choices=WHAT, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, choices=MONTHS, required=False, empty_value=None)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, choices=[(q, q) for q in range(1, 5)], required=False, empty_value=None
    )

    def choices(self) -> tuple[str, int, int, int]:
        today = timezone.localdate()
        d = self.cleaned_data if self.is_valid() else {}
        return (
            d.get("what") or "regular",
            d.get("year") or today.year,
            d.get("month") or today.month,
            d.get("quarter") or (today.month - 1) // 3 + 1,
        )
