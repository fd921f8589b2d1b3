"""The forms of moves: the list's and the periodic change's filters, and a move (new or edited)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from partybuilding.core.api_types import FIRST_YEAR, LAST_YEAR
from partybuilding.core.forms import date_field
from partybuilding.core.records import Decision

from ..choices import Direction, MoveKind
from ..models import Cadre, Position
from .appointments import ANY, TEXT, CadreChoice, PostChoice


class MoveFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Cadre"), required=False, max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of move"), choices=ANY + MoveKind.choices, required=False)
    direction = forms.ChoiceField(label=gettext_lazy("Direction of the move"), choices=ANY + Direction.choices, required=False)
    year = forms.IntegerField(label=gettext_lazy("Year the move starts"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)


class PeriodicFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Cadre or post"), required=False, max_length=100)
    past = forms.BooleanField(label=gettext_lazy("Only those already due"), required=False)


class MoveForm(forms.Form):
    """A move: the cadre, where from and where to (a post of the records or in words), the
    period, its purpose and decision; when new, whether the cadre takes up the post now."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of move"), choices=MoveKind.choices)
    cadre = CadreChoice(label=gettext_lazy("Cadre"), queryset=Cadre.objects.none())
    from_position = PostChoice(label=gettext_lazy("From the post (of the records)"), queryset=Position.objects.none(), required=False)
    from_text = forms.CharField(label=gettext_lazy("From (a post outside the records)"), max_length=255, required=False)
    to_position = PostChoice(label=gettext_lazy("To the post (of the records)"), queryset=Position.objects.none(), required=False)
    to_text = forms.CharField(label=gettext_lazy("To (a post outside the records)"), max_length=255, required=False)
    direction = forms.ChoiceField(label=gettext_lazy("Direction of the move"), choices=Direction.choices)
    starts_on = date_field(gettext_lazy("Period starts on"))
    ends_on = date_field(gettext_lazy("Period ends on"), required=False)
    purpose = forms.CharField(label=gettext_lazy("Purpose"), widget=TEXT, max_length=4000, required=False)
    additional_post = forms.BooleanField(label=gettext_lazy("An additional post (held concurrently)"), required=False)
    decision_number = forms.CharField(label=gettext_lazy("Decision number"), max_length=64, required=False)
    decision_date = date_field(gettext_lazy("Decision date"), required=False)
    decided_by = forms.CharField(label=gettext_lazy("Decided by"), max_length=255, required=False)
    takes_up = forms.BooleanField(
        label=gettext_lazy("The cadre takes up the post"),
        help_text=gettext_lazy(
            "Ends the post moved from (unless the new one is additional) and opens the post moved to, from the first day."
        ),
        required=False,
    )

    def __init__(self, *args: Any, user: Any, scope: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        posts = Position.objects.visible_to(user).order_by("manager_path", "grade", "name", "pk")
        self.fields["cadre"].queryset = Cadre.objects.visible_to(user).within(scope).order_by("sort_key", "pk")  # type: ignore[attr-defined]
        self.fields["from_position"].queryset = posts  # type: ignore[attr-defined]
        self.fields["to_position"].queryset = posts  # type: ignore[attr-defined]
        if editing:
            del self.fields["takes_up"]

    def params(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["decision"] = Decision(number=d.pop("decision_number") or "", date=d.pop("decision_date"), decided_by=d.pop("decided_by") or "")
        version = d.pop("version")
        if self.editing:
            d["expected_version"] = version
        return d
