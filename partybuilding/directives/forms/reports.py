"""The picker of the reports (sent by GET): the organization, the year, the lower levels,
the document whose tasks are followed and the study campaign."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from partybuilding.core import paths
from partybuilding.core.scope import Action
from partybuilding.organizations.models import Organization

from ..models import Document, StudyCampaign, Task

YEARS_OFFERED = 12
OFFERED = 200  # the most recent documents and campaigns offered; the API takes any id


class ReportPicker(forms.Form):
    within = forms.TypedChoiceField(label=_("Organization"), coerce=int, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    lower = forms.BooleanField(label=_("Include the lower levels' issuers"), required=False)
    document = forms.TypedChoiceField(label=_("Tasks of the document"), coerce=int, required=False)
    campaign = forms.TypedChoiceField(label=_("Study campaign"), coerce=int, required=False)

    def __init__(self, data: Any, *, user: Any, org: Organization, today: dt.date) -> None:
        super().__init__(data)
        above = Organization.objects.filter(path__in=paths.ancestor_paths(org.path)).exclude(pk=org.pk).visible_to(user, Action.VIEW)
        below = Organization.objects.filter(parent=org).active().order_by("name", "code")
        self._choices(
            "within", [*((o.pk, o.name) for o in above.order_by("path")), (org.pk, org.name), *((o.pk, f"— {o.name}") for o in below)]
        )
        self.fields["within"].initial = org.pk
        self._choices("year", [(y, str(y)) for y in range(today.year, today.year - YEARS_OFFERED, -1)])
        self.fields["year"].initial = today.year
        given = Task.objects.filter(document=OuterRef("pk"))
        documents = Document.objects.visible_to(user).filter(paths.line_q(org.path, "org_path"), Exists(given))
        self._choices("document", [("", _("Every task of the organization")), *((d.pk, str(d)[:120]) for d in documents[:OFFERED])])
        campaigns = StudyCampaign.objects.visible_to(user).filter(paths.line_q(org.path, "org_path"))
        self._choices("campaign", [("", "—"), *((c.pk, c.title[:120]) for c in campaigns[:OFFERED])])

    def _choices(self, name: str, choices: list[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
