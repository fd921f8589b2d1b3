"""The form that starts a consistency check: the node, the period (the same fields as the
forms' pages), the tree, the forms and how deep to go."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from partybuilding.core.forms import OrganizationField, ScopedForm, date_field
from partybuilding.core.scope import Action

from .consistency import MAX_DEPTH, form_slugs
from .engine import version_for
from .forms import TREES, Picker
from .periods import FIRST_YEAR, KINDS, LAST_YEAR, Period, PeriodError, period_of
from .places import NOW


def depth_choices() -> list[tuple[str, str]]:
    levels = [(str(n), ngettext("%(n)d level below the organization", "%(n)d levels below the organization", n) % {"n": n}) for n in range(1, MAX_DEPTH + 1)]  # fmt: skip
    return [("", str(_("Every level, down to the grassroots organizations"))), *levels]


class CheckForm(ScopedForm):
    org = OrganizationField(
        _("Organization"), action=Action.VIEW_MEMBERS, required=False, help_text=_("Empty: the organization you work in.")
    )
    period = forms.ChoiceField(label=pgettext_lazy("statistical report", "Period"), choices=list(KINDS.items()))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    quarter = forms.IntegerField(label=_("Quarter"), required=False, min_value=1, max_value=4)
    month = forms.IntegerField(label=_("Month"), required=False, min_value=1, max_value=12)
    to_year = forms.IntegerField(label=_("Last year of the term"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    tree = forms.ChoiceField(
        label=_("Tree of organizations"),
        choices=list(TREES.items()),
        initial=NOW,
        widget=forms.RadioSelect,
        help_text=Picker.base_fields["tree"].help_text,  # the forms' pages say what "then" and "now" mean
    )
    depth = forms.TypedChoiceField(label=_("Depth"), required=False, coerce=int, empty_value=None)
    # Last: the name hides the module `forms` from the lines below it.
    forms = forms.MultipleChoiceField(
        label=_("Forms"), required=False, widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every form.")
    )

    field_order = ["org", "period", "year", "quarter", "month", "to_year", "from", "to", "on", "tree", "forms", "depth"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" and "to", as on the forms' pages: not names a class attribute can take.
        self.fields["from"] = date_field(_("From (dates)"), required=False)
        self.fields["to"] = date_field(_("To (dates)"), required=False)
        self.fields["on"] = date_field(_("Day (on a day)"), required=False)
        self.order_fields(self.field_order)
        cast(forms.ChoiceField, self.fields["forms"]).choices = [(slug, _form_label(slug)) for slug in form_slugs()]
        cast(forms.ChoiceField, self.fields["depth"]).choices = depth_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        asked = {name: data.get(name) for name in ("period", "year", "quarter", "month", "to_year", "from", "to", "on")}
        try:
            data["the_period"] = period_of({k: v for k, v in asked.items() if v not in (None, "")}, timezone.localdate())
        except PeriodError as exc:
            self.add_error("period", str(exc))
        return data

    @property
    def chosen_period(self) -> Period:
        return self.cleaned_data["the_period"]


def _form_label(slug: str) -> str:
    version = version_for(slug, timezone.localdate())
    return f"{version.code} — {version.title}" if version else slug
