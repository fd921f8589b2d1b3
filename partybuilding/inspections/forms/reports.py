"""The picker of the inspection statistics (sent by GET): the organization (one above, itself,
one below), the form, and the period — its kind, year, month or quarter, or a free range."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partybuilding.core import paths
from partybuilding.core.forms import date_field
from partybuilding.core.scope import Action
from partybuilding.organizations.models import Organization

from ..statistics.definitions import FORMS
from ..statistics.periods import QUARTER_NAMES, Period, ReportPeriod, period_of

YEARS_OFFERED = 12


class StatisticsPicker(forms.Form):
    within = forms.TypedChoiceField(label=_("Organization"), coerce=int, required=False)
    form = forms.ChoiceField(label=_("Form"), required=False)
    period = forms.ChoiceField(label=pgettext_lazy("report", "Period"), choices=ReportPeriod.choices, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False, choices=[(m, f"{m:02d}") for m in range(1, 13)])
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, required=False, choices=[(n, name) for n, name in enumerate(QUARTER_NAMES, start=1)]
    )
    start = date_field(pgettext_lazy("date range", "From"), required=False)
    end = date_field(pgettext_lazy("date range", "To"), required=False)

    def __init__(self, data: Any, *, user: Any, org: Organization, today: dt.date) -> None:
        super().__init__(data)
        self.today = today
        above = Organization.objects.filter(path__in=paths.ancestor_paths(org.path)).exclude(pk=org.pk).visible_to(user, Action.INSPECT)
        below = Organization.objects.filter(parent=org).active().order_by("name", "code")
        within = self.fields["within"]
        assert isinstance(within, forms.ChoiceField)
        within.choices = [*((o.pk, o.name) for o in above.order_by("path")), (org.pk, org.name), *((o.pk, f"— {o.name}") for o in below)]
        within.initial = org.pk
        form = self.fields["form"]
        assert isinstance(form, forms.ChoiceField)
        form.choices = [(code, definition.title) for code, definition in FORMS.items()]
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = [(y, str(y)) for y in range(today.year, today.year - YEARS_OFFERED, -1)]
        self.fields["year"].initial = today.year
        self.fields["period"].initial = ReportPeriod.YEAR
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1
        self.fields["month"].initial = today.month

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") == ReportPeriod.RANGE:
            start, end = data.get("start"), data.get("end")
            if start is None or end is None:
                self.add_error("start" if start is None else "end", _("A range needs both its first and its last day."))
            elif start > end:
                self.add_error("end", _("The last day comes before the first."))
        return data

    def chosen(self) -> tuple[str, Period]:
        """The form's code and the period asked for; what is missing or wrong falls back to
        the summary of the current year (the errors stay on the picker)."""
        data = self.cleaned_data if self.is_valid() else {}
        code = data.get("form") or "summary"
        number = data.get("month") if data.get("period") == ReportPeriod.MONTH else data.get("quarter")
        period = period_of(
            data.get("period") or ReportPeriod.YEAR,
            year=data.get("year") or self.today.year,
            number=number or 1,
            start=data.get("start"),
            end=data.get("end"),
        )
        return code, period
