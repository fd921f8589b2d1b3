"""What a statistics page is asked for (sent by GET): the node of the tree, the period, the
tree as it stands now or as it stood then, and the version of the form; the picker that
shows and changes them.

The node is `?org=<id>` in every link the pages make (outside the user's scope: 404, as a
missing organization); the picker's text field (`node`) lets the user type another one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from partybuilding.core.forms import OrganizationField, ScopedForm, date_field
from partybuilding.core.scope import Action, organization_or_404, require, scope_of
from partybuilding.organizations.models import Organization

from .engine import version_for
from .models import FormVersion
from .periods import FIRST_YEAR, KINDS, LAST_YEAR, Period, PeriodError, period_of
from .places import MODES, NOW, THEN

TREES = {
    NOW: gettext_lazy("As it stands now"),
    THEN: gettext_lazy("As it stood then"),
}


class Picker(ScopedForm):
    """The node, the period and the tree of a form (the page's GET form). Only shown and
    read back: the period itself is parsed by `periods.period_of`, the same for the API."""

    node = OrganizationField(gettext_lazy("Organization"), action=Action.VIEW_MEMBERS, required=False)
    period = forms.ChoiceField(label=pgettext_lazy("statistical report", "Period"), choices=list(KINDS.items()), required=False)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    quarter = forms.TypedChoiceField(label=gettext_lazy("Quarter"), coerce=int, required=False, choices=[(q, str(q)) for q in range(1, 5)])
    month = forms.TypedChoiceField(label=gettext_lazy("Month"), coerce=int, required=False, choices=[(m, f"{m:02d}") for m in range(1, 13)])
    to_year = forms.IntegerField(label=gettext_lazy("Last year of the term"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    tree = forms.ChoiceField(
        label=gettext_lazy("Tree of organizations"),
        choices=list(TREES.items()),
        required=False,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "As it stood then: the organizations under the node on the day counted, before any later merger; "
            "now: today's tree, the records of merged organizations counted with their successor."
        ),
    )

    def __init__(self, data: Any, *, user: Any, choice: Choice | None) -> None:
        initial: dict[str, Any] = {"period": "year", "tree": NOW}
        if choice is not None:
            initial.update({"node": choice.org, "tree": choice.mode, **choice.period.query()})
            initial.update({"from": choice.period.start, "to": choice.period.end, "on": choice.period.stock_day(choice.today)})
        super().__init__(data, user=user, initial=initial)
        # "from" is a Python keyword: these two are added by name.
        self.fields["from"] = date_field(gettext_lazy("From (dates)"), required=False)
        self.fields["to"] = date_field(gettext_lazy("To (dates)"), required=False)
        self.fields["on"] = date_field(gettext_lazy("Day (on a day)"), required=False)
        self.order_fields(["node", "period", "year", "quarter", "month", "to_year", "from", "to", "on", "tree"])


@dataclass(frozen=True)
class Choice:
    """What a page counts: the node, the period, the tree, the form's version (chosen by
    `?version=`, or the one in force at the period's end) and today."""

    org: Organization
    period: Period
    mode: str
    version: FormVersion
    today: dt.date
    chosen_version: bool = False  # asked for by `?version=`

    def query(self, **extra: Any) -> dict[str, str]:
        """The query-string parameters that give this choice back (and `extra`)."""
        params = {"org": str(self.org.pk), **self.period.query(), "tree": self.mode}
        if self.chosen_version:
            params["version"] = str(self.version.pk)
        return {**params, **{k: str(v) for k, v in extra.items()}}


class ChoiceError(ValueError):
    """A parameter the page cannot read: its message for the user (and the picker)."""

    def __init__(self, message: str, org: Organization) -> None:
        super().__init__(message)
        self.org = org


def node_of(user: Any, params: Any, fallback: Callable[[], Organization]) -> Organization:
    """The organization asked for: the picker's text (`node`), `?org=<id>` (404 outside the
    scope), or `fallback()` (the one the user works in); the user must see its members (403)."""
    text = (params.get("node") or "").strip()
    if text:
        picked = OrganizationField(gettext_lazy("Organization"), action=Action.VIEW_MEMBERS, required=False)
        picked.user = user
        try:
            org = picked.clean(text)
        except forms.ValidationError as error:
            raise ChoiceError(" ".join(error.messages), fallback()) from None
        if org is not None:
            return org
    org_id = params.get("org") or ""
    if org_id:
        org = organization_or_404(user, org_id)
        require(user, Action.VIEW_MEMBERS, org)
        return org
    return fallback()


def versions_of(slug: str) -> list[FormVersion]:
    return list(FormVersion.objects.filter(slug=slug).order_by("-valid_from"))


def picked(user: Any, params: Any, today: dt.date, fallback: Callable[[], Organization]) -> tuple[Organization, Period, str]:
    """The node, the period and the tree `params` (a query) ask for; Http404 for an
    organization out of scope, ChoiceError (said on the page) for a node typed that cannot
    be found, a period or a tree that cannot be read."""
    org = node_of(user, params, fallback)
    try:
        period = period_of(params, today)
    except PeriodError as error:
        raise ChoiceError(str(error), org) from None
    mode = params.get("tree") or NOW
    if mode not in MODES:
        raise ChoiceError(_("The tree is counted “now” or “then”."), org)
    return org, period, mode


def chosen(user: Any, params: Any, slug: str, today: dt.date, fallback: Callable[[], Organization]) -> Choice:
    """`picked`, and the form's version: `?version=` (one of this form's, else 404), or the
    one in force at the period's end."""
    if not FormVersion.objects.filter(slug=slug).exists():
        raise Http404
    org, period, mode = picked(user, params, today, fallback)
    asked = params.get("version") or ""
    if asked:
        if not asked.isdigit() or len(asked) > 12:
            raise Http404
        version = FormVersion.objects.filter(slug=slug, pk=int(asked)).first()
        if version is None:
            raise Http404
        return Choice(org, period, mode, version, today, chosen_version=True)
    version = version_for(slug, period.end)
    if version is None:  # pragma: no cover - a form with a row in the table always has a version
        raise Http404
    return Choice(org, period, mode, version, today)


def chosen_by(request: HttpRequest, slug: str, today: dt.date) -> Choice:
    """The choice of a page: its query, by default the organization the user works in."""
    return chosen(request.user, request.GET, slug, today, lambda: scope_of(request, Action.VIEW_MEMBERS))
