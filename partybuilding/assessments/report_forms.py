"""The pickers of the assessment reports (sent by GET): the year, the organization (one above,
itself, one below), the round, a name to search and the "5 years excellent" filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partybuilding.core import paths
from partybuilding.core.scope import Action
from partybuilding.organizations.models import Organization


def _choose(field: forms.Field, choices: list[tuple[Any, str]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class ReportPicker(forms.Form):
    within = forms.TypedChoiceField(label=_("Organization"), coerce=int, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, data: Any, *, user: Any, org: Organization, year: int, years: list[int], action: Action = Action.VIEW) -> None:
        super().__init__(data)
        above = Organization.objects.filter(path__in=paths.ancestor_paths(org.path)).exclude(pk=org.pk).visible_to(user, action)
        below = Organization.objects.filter(parent=org).active().order_by("name", "code")
        _choose(
            self.fields["within"],
            [
                *((o.pk, o.name) for o in above.order_by("path")),
                (org.pk, org.name),
                *((o.pk, f"— {o.name}") for o in below),
            ],
        )
        self.fields["within"].initial = org.pk
        offered = sorted({*years, year, year - 1}, reverse=True)
        _choose(self.fields["year"], [(y, str(y)) for y in offered])
        self.fields["year"].initial = year


class MatrixFilter(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=150, required=False)
    five = forms.BooleanField(label=_("Only “5 years excellent”"), required=False)


class RoundPicker(forms.Form):
    round = forms.TypedChoiceField(label=_("Round"), coerce=int, required=False)

    def __init__(self, data: Any, *, rounds: list[Any], chosen: Any) -> None:
        super().__init__(data)
        _choose(self.fields["round"], [(r.pk, r.title) for r in rounds])
        self.fields["round"].initial = chosen.pk if chosen else None
