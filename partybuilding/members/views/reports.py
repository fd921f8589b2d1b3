"""The dashboard's attention list, and PDF exports: the dashboard of the scope and a
member's record (lý lịch đảng viên)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from partybuilding.accounts.middleware import scope_of
from partybuilding.accounts.policy import Action, can, require
from partybuilding.core.audit import audit_record
from partybuilding.reports.dashboard import member_dashboard, organization_counts
from partybuilding.reports.pdf import pdf_response

from ..attention import attention_counted
from ..models import Member
from .records import visible_members


@login_required
def dashboard_attention(request: HttpRequest) -> HttpResponse:
    """The attention list of the scope, loaded by the dashboard after its figures: counting
    it across a province or the country takes longer than the rest of the page."""
    scope = scope_of(request)
    if scope is None:
        raise Http404
    require(request.user, Action.VIEW_MEMBERS, scope)
    items, counted_at = attention_counted(scope, timezone.localdate(), request.user, fresh=request.GET.get("fresh") == "1")
    return render(request, "members/_attention.html", {"attention": items, "counted_at": counted_at})


@login_required
def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    """The home page's dashboard on paper: the same figures and the same charts."""
    scope = scope_of(request)
    if scope is None:
        raise Http404
    today = timezone.localdate()
    total, counts = organization_counts(scope)
    context = {
        "org": scope,
        "today": today,
        "total": total,
        "counts": counts,
        # Member figures only for the roles that may see members, as on the page.
        "members": member_dashboard(scope, today, links=False) if can(request.user, Action.VIEW_MEMBERS, scope) else None,
        "attention": attention_counted(scope, today, request.user)[0],  # empty for roles that see no members
    }
    return pdf_response(request, "members/pdf/dashboard.html", context, f"dashboard-{scope.code}-{today:%Y%m%d}.pdf")


@login_required
def member_record_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's record as the record page shows it; a member may also print their own."""
    member = visible_members(request).select_related("organization").filter(pk=pk).first()
    if member is None:  # outside the scope, unless it is the user's own record (as /members/me/ shows it)
        member = Member.objects.select_related("organization").filter(pk=pk, user_id=request.user.pk or 0).first()
    if member is None:
        raise Http404
    # Printing the full record is reading it: the audit log says who did.
    audit_record(actor=request.user, action="member.export_pdf", obj=member)
    today = timezone.localdate()
    context = {
        "org": member.organization,
        "member": member,
        "today": today,
        "age": member.age_on(today),
        "party_age": member.party_age_on(today),
        # Oldest first: a record reads as a life story, unlike the page's latest-first timeline.
        "events": member.events.select_related("organization", "to_organization").order_by("date", "id"),
    }
    return pdf_response(request, "members/pdf/record.html", context, f"member-{member.pk}.pdf")


urlpatterns = [
    path("dashboard.pdf", dashboard_pdf, name="dashboard_pdf"),
    path("attention/", dashboard_attention, name="dashboard_attention"),
    path("<int:pk>/record.pdf", member_record_pdf, name="member_record_pdf"),
]
