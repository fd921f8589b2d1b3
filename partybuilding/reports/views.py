"""The dashboard of the scope the user works in: the page, its attention list (loaded after
the figures) and the same dashboard as a PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from partybuilding.core import paths
from partybuilding.core.attention import attention_counted, attention_now, counted_items
from partybuilding.core.models import JobStatus
from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action, can, scope_of
from partybuilding.members.records.selectors import own_record
from partybuilding.organizations.models import OrganizationEvent

from . import home as home_page
from .dashboard import member_dashboard, organization_counts


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where each user starts: a cell secretary on their cell's work, a member on their own
    things, an officer on the dashboard of the scope they work in."""
    kind, cell = home_page.kind_of(request.user)
    today = timezone.localdate()
    if kind == home_page.OFFICER:
        return dashboard(request)
    member = own_record(request.user)
    if kind == home_page.SECRETARY and cell is not None:
        context = {"home": home_page.cell_home(request.user, cell, today), "member": member, "own_work": home_page.own_work(member, today)}
        return render(request, "reports/home_cell.html", context)
    if member is not None:
        return render(request, "reports/home_member.html", {"home": home_page.member_home(member, today)})
    return dashboard(request)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard of the scope the user works in."""
    scope = scope_of(request)
    context: dict[str, object] = {"scope": scope, "own_work": home_page.own_work(own_record(request.user), timezone.localdate())}
    if scope is not None:
        context["total"], context["counts"] = organization_counts(scope)
        context["recent_events"] = (
            OrganizationEvent.objects.filter(paths.subtree_q(scope.path, "organization__path"))
            .select_related("organization")
            .order_by("-recorded_at")[:10]
        )
        # Member figures are personal data in aggregate: only for roles that see members.
        if can(request.user, Action.VIEW_MEMBERS, scope):
            context["members"] = member_dashboard(scope, timezone.localdate())
    return render(request, "reports/home.html", context)


@login_required
def dashboard_attention(request: HttpRequest) -> HttpResponse:
    """The attention list of the scope, loaded by the dashboard after its figures: counting
    it across a province or the country takes longer than the rest of the page, so a
    background job counts it; while it runs, the fragment shows its progress and asks again
    every second."""
    scope = scope_of(request, Action.VIEW_MEMBERS)
    job = attention_counted(scope, timezone.localdate(), request.user, fresh=request.GET.get("fresh") == "1")
    counted_at = job.finished_at if job.status == JobStatus.DONE else None
    # htmx swaps the fragment in place; a plain visit (no script, a new tab) gets a whole page.
    template = "reports/_attention.html" if request.htmx else "reports/attention_page.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job, "attention": counted_items(job), "counted_at": counted_at, "scope": scope})


@login_required
def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    """The home page's dashboard on paper: the same figures and the same charts."""
    scope = scope_of(request, Action.VIEW)
    today = timezone.localdate()
    total, counts = organization_counts(scope)
    context = {
        "org": scope,
        "today": today,
        "total": total,
        "counts": counts,
        # Member figures only for the roles that may see members, as on the page.
        "members": member_dashboard(scope, today, links=False) if can(request.user, Action.VIEW_MEMBERS, scope) else None,
        "attention": attention_now(scope, today, request.user),  # empty for roles that see no members
    }
    return pdf_response(request, "reports/pdf/dashboard.html", context, f"dashboard-{scope.code}-{today:%Y%m%d}.pdf")
