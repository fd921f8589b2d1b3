"""The pipeline board of a scope, and the targets editor (set by the level above)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.scope import Action, can, list_scope, organization_or_404, require
from partybuilding.organizations.models import Organization

from .. import selectors, services
from ..forms import TargetsForm, YearForm
from ..models import AdmissionTarget


@login_required
def admission_board(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request, Action.VIEW_MEMBERS)
    try:
        stuck_days = max(1, min(3650, int(request.GET.get("stuck_days", selectors.STUCK_AFTER_DAYS))))
    except ValueError:
        stuck_days = selectors.STUCK_AFTER_DAYS
    today = timezone.localdate()
    context = {"scope": scope, "today": today, "stuck_days": stuck_days, "board": selectors.board(request.user, scope, today, stuck_days)}
    return render(request, "admissions/board.html", context)


@login_required
def admission_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """The targets of an organization's subordinate organizations for a year: anyone in
    scope reads them; writing needs the right to manage members of this organization,
    the level above the organizations whose targets are set."""
    org = organization_or_404(request.user, pk)
    asked = YearForm(request.POST if request.method == "POST" else request.GET)
    if not asked.is_valid():
        raise Http404
    year = asked.cleaned_data["year"] or timezone.localdate().year
    children = list(Organization.objects.filter(parent=org).active().order_by("path"))
    current = dict(AdmissionTarget.objects.filter(organization__in=[org, *children], year=year).values_list("organization_id", "target"))
    initial = {"year": year, **{f"target_{c.pk}": current.get(c.pk) for c in children}}
    can_set = can(request.user, Action.MANAGE_MEMBERS, org)
    if request.method == "POST":
        require(request.user, Action.MANAGE_MEMBERS, org)
    form = TargetsForm(request.POST or None, organizations=children, initial=initial)
    if request.method == "POST" and form.is_valid():
        for child in children:
            value = form.cleaned_data[f"target_{child.pk}"]
            if value != current.get(child.pk):
                services.admission_target_set(actor=request.user, organization=child, year=year, target=value)
        messages.success(request, _("The targets for %(year)d were saved.") % {"year": year})
        return redirect(f"{request.path}?year={year}")
    context = {
        "org": org,
        "year": year,
        "form": form,
        "can_set": can_set,
        "own_target": current.get(org.pk),
        "years": range(year - 2, year + 3),
    }
    return render(request, "admissions/targets.html", context)
