"""The forms of the organizations' ratings and of the four-good model: the list's filters, the
self-assessment report (form 01), the decision one level up, and the four-good registration,
assessment and recognition. Each hands its service the parameters it takes (`params`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partybuilding.core.forms import date_field
from partybuilding.core.records import Decision
from partybuilding.meetings.models import Meeting
from partybuilding.organizations.choices import OrgKind

from . import judging
from .choices import CURRENT_LEVELS, FourGoodCriterion, FourGoodStage, Level, Stage

ANY: list[tuple[str, Any]] = [("", "—")]


class OrgRatingFilterForm(forms.Form):
    q = forms.CharField(label=_("Organization"), required=False, max_length=100, help_text=_("Part of its name; accents optional."))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + OrgKind.choices)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=ANY + Stage.choices)
    level = forms.ChoiceField(
        label=pgettext_lazy("rating", "Level"), required=False, choices=ANY + [(level.value, level.label) for level in CURRENT_LEVELS]
    )


def _level_choices(on: dt.date) -> list[tuple[str, Any]]:
    """The levels of organizations in force on the period's last day."""
    return ANY + [(code, Level(code).label if code in Level.values else code) for code in judging.levels_in_force(on, organization=True)]


def _percent(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=100)


class _OrgStepForm(forms.Form):
    """What both steps share: the level (of the rules in force), the score and the task results."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.ChoiceField(label=pgettext_lazy("rating", "Level"), choices=ANY)
    score = forms.IntegerField(label=_("Score (out of 100)"), required=False, min_value=0, max_value=100)
    done = _percent(_("Tasks done (%)"))
    on_time = _percent(_("Tasks done on time (%)"))
    exceeded = _percent(_("Tasks done beyond the requirement (%)"))

    def __init__(self, *args: Any, period_end: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"] = forms.ChoiceField(label=pgettext_lazy("rating", "Level"), choices=_level_choices(period_end))

    def tasks(self) -> dict[str, int]:
        d = self.cleaned_data
        return {name: d[name] for name in ("done", "on_time", "exceeded") if d.get(name) is not None}


class OrgSelfForm(_OrgStepForm):
    """The organization's self-assessment report (form 01)."""

    date = date_field(_("Date of the report"))
    report = forms.CharField(
        label=_("Self-assessment report"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Strengths, shortcomings and their causes, the remedies (form 01)."),
    )
    field_order = ["date", "report", "score", "done", "on_time", "exceeded", "level"]

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "expected_version": d["version"],
            "date": d["date"],
            "report": d["report"],
            "score": d["score"],
            "tasks": self.tasks(),
            "level": d["level"],
        }


class OrgDecideForm(_OrgStepForm):
    """The decision of the standing committee one level up."""

    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = date_field(_("Decision date"))
    field_order = ["decision_number", "decision_date", "level", "score", "done", "on_time", "exceeded"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["score"].help_text = _("Left empty: the self-assessed score.")
        for name in ("done", "on_time", "exceeded"):
            self.fields[name].help_text = _("Left empty: the self-assessed results.")

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "expected_version": d["version"],
            "decision": Decision(number=d["decision_number"], date=d["decision_date"]),
            "score": d["score"],
            "tasks": self.tasks(),
            "level": d["level"],
        }


# --- the four-good model -----------------------------------------------------------------------


class FourGoodFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("Organization"), required=False, max_length=100, help_text=_("Part of its name; accents optional."))
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=ANY + FourGoodStage.choices)
    honoured = forms.BooleanField(label=_("Recognized 5 consecutive years"), required=False)

    def year_or_this(self) -> int:
        year = self.cleaned_data.get("year") if self.is_valid() else None
        return year or timezone.localdate().year


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.date:%d/%m/%Y} — {obj.get_kind_display()}{' — ' + obj.title if obj.title else ''}"


class FourGoodRegisterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), widget=forms.HiddenInput, min_value=2000, max_value=2100)
    meeting = MeetingChoice(
        label=_("Registered at the meeting"),
        queryset=Meeting.objects.none(),
        help_text=_("A meeting the organization held in that year."),
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


class FourGoodAssessForm(forms.Form):
    note = forms.CharField(label=_("Assessment"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in FourGoodCriterion:
            self.fields[criterion.value] = forms.BooleanField(label=criterion.label, required=False)
        self.order_fields([*FourGoodCriterion.values, "note"])

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"criteria": {c: bool(d.get(c)) for c in FourGoodCriterion.values}, "note": d["note"]}


class FourGoodRecognizeForm(forms.Form):
    recognized = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Recognized as four-good")), ("no", _("Not recognized"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = date_field(_("Decision date"))

    def params(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"recognized": d["recognized"], "decision": Decision(number=d["decision_number"], date=d["decision_date"])}
