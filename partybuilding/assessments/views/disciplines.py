"""Disciplines recorded as facts, until the inspection records hold them: a member
disciplined during a period is rated "did not complete tasks" for it. The list of a scope and
year, and the form on a member's behalf."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuilding.core import paths
from partybuilding.core.forms import date_field, form_page, saved
from partybuilding.core.listing import Listing
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action, list_scope
from partybuilding.members.records.selectors import member_or_404

from ..choices import DisciplineForm
from ..models import DisciplineFact
from ..services.ratings import record_discipline


class DisciplineFactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Form of discipline"), choices=DisciplineForm.choices)
    date = date_field(_("Date of the discipline"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decided_by = forms.CharField(label=_("Decided by"), max_length=255, required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def params(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        decision = Decision(number=d.pop("decision_number"), date=d["date"], decided_by=d.pop("decided_by") or "")
        return {**d, "decision": decision}


@login_required
def discipline_new(request: HttpRequest, member_pk: int) -> HttpResponse:
    member = member_or_404(request.user, member_pk, Action.MANAGE_MEMBERS)
    form = DisciplineFactForm(request.POST or None)
    done = saved(
        request,
        form,
        record_discipline,
        actor=request.user,
        member=member,
        message=_("The discipline is recorded."),
        then=reverse("discipline_list") + f"?within={member.organization_id}",
    )
    back = reverse("member_detail", args=[member.pk])
    return done or form_page(request, form, title=_("Record a discipline: %(name)s") % {"name": member.full_name}, back=back)


SORTS = {"date": ("-date", "-pk"), "name": ("member__sort_key", "pk"), "form": ("form", "-date")}


@login_required
def discipline_list(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request, Action.VIEW_MEMBERS, required=True)
    year = _year(request.GET.get("year"))
    rows = (
        DisciplineFact.objects.filter(paths.subtree_q(scope.path, "member__org_path"), date__year=year)
        .select_related("member", "member__organization")
        .order_by("-date", "-pk")
    )
    listing = Listing(request, SORTS)
    page = listing.page(rows)
    return render(request, "assessments/discipline_list.html", {"scope": scope, "year": year, "listing": listing, "page": page})


def _year(given: str | None) -> int:
    today = timezone.localdate()
    try:
        year = int(given or today.year)
    except ValueError:
        return today.year
    return year if dt.MINYEAR < year <= today.year else today.year


urlpatterns: list[URLPattern] = [
    path("disciplines/", discipline_list, name="discipline_list"),
    path("disciplines/member/<int:member_pk>/new/", discipline_new, name="discipline_new"),
]
