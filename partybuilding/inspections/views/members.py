"""The member record page's section of disciplines and suspensions (loaded as a fragment):
a member sees their own, as their own data holds them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from partybuilding.core.scope import Action, can
from partybuilding.members.records.selectors import member_or_404

from .. import facts


@login_required
def inspection_member_record(request: HttpRequest, member_pk: int) -> HttpResponse:
    member = member_or_404(request.user, member_pk, own=True)
    context = {
        "member": member,
        "disciplines": facts.of_member(member.pk).select_related("organization"),
        "suspensions": member.suspensions.order_by("-starts_on", "-pk"),
        "linked": can(request.user, Action.VIEW_MEMBERS, member.organization),
    }
    return render(request, "inspections/member_record.html", context)


urlpatterns = [path("member/<int:member_pk>/", inspection_member_record, name="inspection_member_record")]
