"""Forms of the round and rating pages: opening a round, the filters of a round's list, and
one form per step of a rating (built from the step's name and the rules of the round)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuilding.core.forms import OrganizationField, ScopedForm, date_field
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action

from . import judging
from .choices import MEMBER_GROUPS, PROPOSERS, Group, Level, NotCompletedReason, NotRated, PeriodKind, Stage
from .models import MemberRating

ANY: list[tuple[str, Any]] = [("", "—")]
TASK_FIELDS = {
    "done": _("Tasks done (%)"),
    "on_time": _("Tasks done on time (%)"),
    "exceeded": _("Tasks done beyond the requirement (%)"),
}
# The stages the list's filter offers besides each stage: those still waiting for the cell.
PENDING = "pending"
PENDING_STAGES = (Stage.LISTED, Stage.SELF_ASSESSED, Stage.PROPOSED)


class RoundForm(forms.Form):
    """A new round: its title, period and calendar (the scope is the user's working scope)."""

    title = forms.CharField(label=_("Title"), max_length=255)
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.YEAR)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period_start = date_field(_("Period from"))
    period_end = date_field(_("Period to"))
    cutoff = date_field(_("Cut-off date (who is listed)"))
    self_until = date_field(_("Self-assessments until (D1)"))
    review_until = date_field(_("Cell review meetings until (D2)"))
    decide_until = date_field(_("Committee decisions until (D3)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        end, year = data.get("period_end"), data.get("year")
        if end and year and end.year != year:
            self.add_error("period_end", _("The period of a round of %(year)s ends in %(year)s.") % {"year": year})
        return data

    def params(self) -> dict[str, Any]:
        """What `open_round` takes (it reads the year from the period's end)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "year"}


class RatingFilterForm(ScopedForm):
    """The filters of a round's ratings; the same form serves the page and its Excel export."""

    q = forms.CharField(label=_("Name"), required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[*ANY, (PENDING, _("Not yet reviewed by the cell")), *Stage.choices]
    )
    level = forms.ChoiceField(label=_("Final level"), required=False, choices=ANY + [(level.value, level.label) for level in Level])
    cell = OrganizationField(_("Party cell"), action=Action.VIEW_MEMBERS, required=False, help_text="")


def level_choices(rating: MemberRating) -> list[tuple[str, Any]]:
    """The levels in force on the last day of the rating's period."""
    return [(code, Level(code).label if code in Level.values else code) for code in judging.levels_in_force(rating.round.period_end)]


def _score_field(initial: int | None) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Score (of 100)"),
        min_value=0,
        max_value=100,
        required=False,
        initial=initial,
        help_text=_("Leave empty to keep the last score given."),
    )


def _note_field() -> forms.CharField:
    return forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StepForm(forms.Form):
    """The fields of one step of a rating; `kind` is the step's name in `RATING`."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, kind: str, rating: MemberRating, group: str = "", meetings: Any = None, override: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).update(version=rating.version, submission=uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.kind, self.rating = kind, rating
        self.criteria: list[judging.Criterion] = []
        if kind == "decide":
            self.fields["decision_number"] = forms.CharField(label=_("Decision number"), max_length=64)
            self.fields["decision_date"] = date_field(_("Decision date"))
        else:
            self.fields["date"] = date_field(_("Date"))
            self.initial.setdefault("date", timezone.localdate())
        getattr(self, f"_{kind}_fields")(group=group, meetings=meetings, override=override)

    # --- the fields of each step ---------------------------------------------------------

    def _self_fields(self, *, group: str, **_unused: Any) -> None:
        chosen = group if group in MEMBER_GROUPS else self.rating.group
        self.fields["group"] = forms.ChoiceField(
            label=_("Criteria group"), choices=[(g.value, g.label) for g in MEMBER_GROUPS], initial=chosen
        )
        self.criteria = judging.criteria(chosen, self.rating.round.period_end)
        for criterion in self.criteria:
            self.fields[criterion.code] = forms.IntegerField(
                label=criterion.label,
                min_value=0,
                max_value=criterion.points,
                help_text=_("At most %(points)s points") % {"points": criterion.points},
                widget=forms.NumberInput(attrs={"data-points": criterion.part, "inputmode": "numeric", "max": criterion.points}),
            )
        for name, label in TASK_FIELDS.items():
            self.fields[name] = forms.IntegerField(label=label, min_value=0, max_value=100, required=False)
        self.fields["level"] = forms.ChoiceField(label=_("Level I propose"), choices=ANY + level_choices(self.rating))
        self.fields["strengths"] = forms.CharField(label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
        self.fields["weaknesses"] = forms.CharField(
            label=_("Shortcomings and remedies"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def _propose_fields(self, **_unused: Any) -> None:
        self.fields["source"] = forms.ChoiceField(label=_("Proposed by"), choices=ANY + [(s.value, s.label) for s in PROPOSERS])
        self.fields["level"] = forms.ChoiceField(label=_("Level proposed"), choices=ANY + level_choices(self.rating))
        self.fields["score"] = _score_field(None)
        self.fields["note"] = _note_field()

    def _vote_fields(self, *, meetings: Any, **_unused: Any) -> None:
        self.fields["meeting"] = MeetingField(label=_("Review meeting"), queryset=meetings, empty_label="—")
        self.fields["votes_present"] = forms.IntegerField(label=_("Members present"), min_value=1)
        self.fields["votes_for"] = forms.IntegerField(label=_("Votes for this level"), min_value=1)
        self.fields["level"] = forms.ChoiceField(label=_("Level voted"), choices=ANY + level_choices(self.rating))
        self.fields["score"] = _score_field(self.rating.score)
        self.fields["note"] = _note_field()

    def _decide_fields(self, *, override: bool, **_unused: Any) -> None:
        self.fields["level"] = forms.ChoiceField(label=_("Level decided"), choices=ANY + level_choices(self.rating))
        self.fields["score"] = _score_field(self.rating.score)
        self.fields["not_completed_reason"] = forms.ChoiceField(
            label=_("Reason for “did not complete tasks”"), required=False, choices=ANY + NotCompletedReason.choices
        )
        # Asked for only when "excellent" would exceed the quota (the service refuses then).
        self.fields["quota_override"] = forms.CharField(
            label=_("Reason for exceeding the “excellent” quota"),
            max_length=255,
            required=False,
            widget=forms.TextInput() if override else forms.HiddenInput(),
        )
        self.fields["note"] = _note_field()

    def _unrated_fields(self, **_unused: Any) -> None:
        self.fields["reason"] = forms.ChoiceField(label=_("Not rated because"), choices=ANY + NotRated.choices)
        self.fields["note"] = _note_field()

    @property
    def last_criterion(self) -> str:
        """The field after which the running total of the points is shown."""
        return self.criteria[-1].code if self.criteria else ""

    def ask_override(self) -> None:
        """Show the quota override's field (the service refused for the quota)."""
        self.fields["quota_override"].widget = forms.TextInput()

    # --- what the service takes ------------------------------------------------------------

    def params(self) -> dict[str, Any]:
        """The step's parameters as `RATING.run` takes them (the page and the API alike)."""
        d = self.cleaned_data
        params: dict[str, Any] = {"expected_version": d["version"], "submission": d["submission"]}
        named = ("date", "level", "score", "note", "source", "meeting", "votes_for", "votes_present", "reason")
        params.update({name: d[name] for name in named if name in d})
        params.update({name: d[name] or "" for name in ("not_completed_reason", "quota_override", "strengths", "weaknesses") if name in d})
        if self.kind == "self":
            params["group"] = d["group"]
            params["scores"] = {c.code: d[c.code] for c in self.criteria}
            params["tasks"] = {name: d[name] for name in TASK_FIELDS if d.get(name) is not None}
        if self.kind == "decide":
            params["decision"] = Decision(number=d["decision_number"], date=d["decision_date"], note=d.get("note") or "")
        return params


class MeetingField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.date:%d/%m/%Y} — {obj.get_kind_display()}{': ' + obj.title if obj.title else ''}"


def group_form_letter(group: str) -> str:
    """The self-assessment form of a group (HD 43): 2A for leaders, 2B for members holding no
    leading post in the political system, 2C for those outside it."""
    if group in (Group.LEADER, Group.LEADER_CENTRAL):
        return "2A"
    return "2B" if group == Group.STAFF else "2C"
