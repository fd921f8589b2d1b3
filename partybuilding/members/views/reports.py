"""A member's record (lý lịch đảng viên) as a PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone

from partybuilding.core.audit import audit_record
from partybuilding.core.pdf import pdf_response

from ..models import Member
from .records import visible_members


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
    path("<int:pk>/record.pdf", member_record_pdf, name="member_record_pdf"),
]
