"""The consistency check's page: the form that starts one, and the user's recent checks. The
outcome is shown on the job's own page (core/job_views.py) with the kind's template."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from partybuilding.core.forms import guarded, posted
from partybuilding.core.listing import Listing
from partybuilding.core.models import Job
from partybuilding.core.scope import Action, organization_or_404, scope_of
from partybuilding.organizations.models import Organization

from .consistency import KIND, check_start, period_of_job
from .consistency_forms import CheckForm
from .forms import TREES

RECENT_PER_PAGE = 10
PERIOD_FIELDS = ("period", "year", "quarter", "month", "to_year", "from", "to", "on", "tree")


@dataclass(frozen=True)
class Recent:
    """A check the user started, as the list shows it."""

    job: Job
    org: Organization | None  # None: no longer in the user's scope
    period: str
    tree: str
    forms: str


def _initial(query: QueryDict, org: Organization) -> dict[str, Any]:
    """The form filled from the link that led here (a form's page passes its own parameters)."""
    initial: dict[str, Any] = {"org": org, "period": "year", "year": timezone.localdate().year}
    initial.update({name: query[name] for name in PERIOD_FIELDS if query.get(name)})
    return initial


def recent(request: HttpRequest, listing: Listing) -> Any:
    page = listing.page(Job.objects.filter(created_by_id=request.user.pk, kind=KIND).order_by("-id"))
    ids = {job.params.get("org") for job in page}
    orgs = Organization.objects.visible_to(request.user).in_bulk([i for i in ids if i])
    page.object_list = [
        Recent(
            job,
            orgs.get(job.params.get("org")),
            period_of_job(job).label,
            str(TREES.get(job.params.get("tree", ""), "")),
            ", ".join(f["code"] for f in (job.result or {}).get("forms", [])) or ", ".join(job.params.get("forms", [])),
        )
        for job in page
    ]
    return page


@login_required
def check_page(request: HttpRequest) -> HttpResponse:
    """Start a check (the node defaults to the one the user works in), or see the recent ones."""
    asked = request.GET.get("org")  # from a form's page: outside the scope, 404 as a missing one
    chosen = organization_or_404(request.user, asked, Action.VIEW_MEMBERS) if asked else scope_of(request, Action.VIEW_MEMBERS)
    form = CheckForm(posted(request), user=request.user, initial=_initial(request.GET, chosen))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = guarded(
            form, check_start, user=request.user, org=data["org"] or chosen, period=form.chosen_period, mode=data["tree"],
            forms=data["forms"], depth=data["depth"], today=timezone.localdate(),
        )  # fmt: skip
        if job is not None:
            return redirect("job_page", job.pk)
    listing = Listing(request, per_page=RECENT_PER_PAGE)
    context = {"form": form, "page": recent(request, listing), "listing": listing}
    return render(request, "statistics/consistency.html", context, status=422 if form.is_bound else 200)
