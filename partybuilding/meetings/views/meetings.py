"""Meetings: the list of a scope, planning, the meeting page, and closing."""

from __future__ import annotations

import uuid
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuilding.core.exporting import is_short
from partybuilding.core.forms import VersionForm, querystring, saved, told
from partybuilding.core.jobs import start
from partybuilding.core.listing import Listing
from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action, can, list_scope, organization_or_404
from partybuilding.core.xlsx import xlsx_response
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .. import exports, selectors, services
from ..choices import KINDS_OF_ORG, Presence
from ..forms import MeetingFilterForm, PlanForm, PlanYearForm
from ..models import Meeting
from .common import PAGE_SIZE, meetings_form_page

MEETING_SORTS = {
    "date": ("date",),
    "organization": ("organization__name", "date"),
    "kind": ("kind", "date"),
    "topic": ("title",),
    "status": ("status", "date"),
    "score": ("score",),
}


class Listed(NamedTuple):
    form: MeetingFilterForm
    scope: Organization | None
    meetings: QuerySet[Meeting]
    attendee: Member | None  # whose attendance the list shows beside each meeting
    own: bool  # a plain member's own cell, read-only


def _listed(request: HttpRequest) -> Listed:
    form = MeetingFilterForm(request.GET or None)
    scope = list_scope(request)
    # A plain member reads their own cell's meetings (read-only, with their own attendance);
    # a record's link (`member`) the meetings they were expected at.
    meetings, attendee, own = exports.listed(request.user, form, scope, request.GET.get("member"))
    return Listed(form, scope, meetings, attendee, own)


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    form, scope, meetings, attendee, own_cell = _listed(request)
    listing = Listing(request, MEETING_SORTS, per_page=PAGE_SIZE)
    page = listing.page(meetings)
    if attendee is not None:  # the member's attendance, in words
        page.object_list = [_with_presence_label(m) for m in page.object_list]
    cell = scope if scope is not None and any(scope.kind in kinds for kinds in KINDS_OF_ORG.values()) else None
    charted = attendee.organization if own_cell and attendee is not None else scope  # a member's own cell
    context = {
        "form": form,
        "page": page,
        "listing": listing,
        "within": scope,
        "querystring": querystring(request),
        "can_plan": cell is not None and can(request.user, Action.MANAGE_MEMBERS, cell),
        "own_cell": own_cell,
        "attendee": attendee,
        "quality_chart": selectors.quality_chart(charted, _chart_year(form)) if charted else None,
        "chart_year": _chart_year(form),
        "can_print_quality": scope is not None and can(request.user, Action.VIEW_MEMBERS, scope),
        "year_form": PlanYearForm(initial={"year": timezone.localdate().year + 1, "day": 5}),
        "figure": selectors.yearly_figure(cell, timezone.localdate().year)
        if cell is not None and can(request.user, Action.VIEW_MEMBERS, cell)
        else None,
    }
    return render(request, "meetings/list.html", context)


def _chart_year(form: MeetingFilterForm) -> int:
    return (form.cleaned_data.get("year") if form.is_valid() else None) or timezone.localdate().year


def _with_presence_label(meeting: Meeting) -> Meeting:
    meeting.my_presence_label = Presence(meeting.my_presence).label if meeting.my_presence else ""  # type: ignore[attr-defined]
    return meeting


@login_required
def meeting_export(request: HttpRequest) -> HttpResponseBase:
    """The list as Excel: at once when it is short, else as a background job (its page shows
    the progress and offers the file)."""
    listed = _listed(request)
    if is_short(listed.meetings):
        return xlsx_response(_("Meetings"), exports.header(), exports.rows(listed.meetings), filename="meetings.xlsx")
    params = {"query": request.GET.dict(), "within": listed.scope.pk if listed.scope else None}
    job = start("meetings.export", user=request.user, org_path=listed.scope.path if listed.scope else "", params=params)
    return redirect("job_page", pk=job.pk)


@login_required
def meeting_quality_pdf(request: HttpRequest) -> HttpResponse:
    """Meeting quality by month to print: the chart, then each month's figures, of the
    list's organization and year (for the roles that read its meetings)."""
    scope = list_scope(request, Action.VIEW_MEMBERS, required=True)
    form = MeetingFilterForm(request.GET or None)
    year = _chart_year(form)
    context = {
        "org": scope,
        "scope": scope,
        "year": year,
        "months": selectors.quality_by_month(scope, year),
        "quality_chart": selectors.quality_chart(scope, year),
        "today": timezone.localdate(),
    }
    return pdf_response(request, "meetings/pdf/quality.html", context, f"meeting-quality-{scope.code}-{year}.pdf")


@login_required
def meeting_plan(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = organization_or_404(request.user, org_pk, Action.MANAGE_MEMBERS)
    form = PlanForm(request.POST or None, initial={"submission": uuid.uuid4(), "date": timezone.localdate()})
    then = lambda m: reverse("meeting_detail", args=[m.pk])  # noqa: E731
    if done := saved(
        request, form, services.meeting_plan, actor=request.user, organization=org, message=_("The meeting was planned."), then=then
    ):
        return done
    return meetings_form_page(request, form, org, _("Plan a meeting"))


@require_POST
@login_required
def meeting_plan_year(request: HttpRequest, org_pk: int) -> HttpResponse:
    org = organization_or_404(request.user, org_pk, Action.MANAGE_MEMBERS)
    form = PlanYearForm(request.POST)
    if form.is_valid():
        told(request, services.meetings_plan_year, actor=request.user, organization=org, **form.cleaned_data, message=_planned)
    else:
        messages.error(request, _("Give the year and a day between 1 and 28."))
    return redirect(f"{reverse('meeting_list')}?within={org.pk}")


def _planned(created: list[Meeting]) -> str:
    return _("%(n)d meetings were planned.") % {"n": len(created)}


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(request.user, pk)
    context = {
        **selectors.held(meeting),
        "documents": selectors.documents(meeting),
        "amendments": meeting.amendments.select_related("made_by").order_by("made_at"),
        "can_manage": can(request.user, Action.MANAGE_MEMBERS, meeting.organization),
        "leave_requests": selectors.leave_requests(meeting),
        "unmarked": selectors.unmarked_count(meeting),
        "conflicts": selectors.open_conflicts(meeting),
        "can_audit": can(request.user, Action.VIEW_AUDIT, meeting.organization),
    }
    return render(request, "meetings/detail.html", context)


@require_POST
@login_required
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_or_404(request.user, pk, Action.MANAGE_MEMBERS)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    told(
        request,
        services.meeting_close,
        actor=request.user,
        meeting=meeting,
        expected_version=version,
        message=_("The meeting was closed: its record is frozen."),
    )
    return redirect("meeting_detail", pk=meeting.pk)
