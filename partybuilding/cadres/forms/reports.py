"""The picker of a cadre report (sent by GET): the organization (one above, itself, one
below), the year, the day a stock is counted on, and the level of the posts (forms 9, 12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partybuilding.core import paths
from partybuilding.core.forms import date_field
from partybuilding.core.scope import Action
from partybuilding.organizations.models import Organization

from ..choices import Level
from ..statistics.forms import LEVELS
from ..statistics.layout import Period

YEARS_OFFERED = 12


class ReportPicker(forms.Form):
    within = forms.TypedChoiceField(label=_("Organization"), coerce=int, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    on = date_field(_("Counted on (stocks; 31/12 if empty)"), required=False)
    level = forms.ChoiceField(label=_("Level of the posts"), required=False, choices=[(lv.value, lv.label) for lv in LEVELS])

    def __init__(self, data: Any, *, user: Any, org: Organization, today: dt.date, levels: bool) -> None:
        super().__init__(data)
        self.today = today
        above = Organization.objects.filter(path__in=paths.ancestor_paths(org.path)).exclude(pk=org.pk)
        above = above.visible_to(user, Action.VIEW_CADRES)
        below = Organization.objects.filter(parent=org).active().order_by("name", "code")
        within = self.fields["within"]
        assert isinstance(within, forms.ChoiceField)
        within.choices = [*((o.pk, o.name) for o in above.order_by("path")), (org.pk, org.name), *((o.pk, f"— {o.name}") for o in below)]
        within.initial = org.pk
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = [(y, str(y)) for y in range(today.year, today.year - YEARS_OFFERED, -1)]
        year.initial = today.year
        self.fields["level"].initial = Level.PROVINCE
        if not levels:
            del self.fields["level"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        on, year = data.get("on"), data.get("year") or self.today.year
        if on is not None and on.year != year:
            self.add_error("on", _("The day counted on must fall in the year of the report."))
        return data

    def chosen(self) -> tuple[Period, str]:
        """The period and level asked for; what is missing or wrong falls back to the
        current year to 31/12 and the province (the errors stay on the picker)."""
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year") or self.today.year
        return Period.of(year, data.get("on")), data.get("level") or Level.PROVINCE
