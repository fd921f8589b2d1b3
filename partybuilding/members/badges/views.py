"""Badge pages: who is due on the next (or a chosen) award date, with its Excel copy, and
the form that records a badge awarded."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_export
from partybuilding.core.errors import Refusal
from partybuilding.core.exporting import is_short
from partybuilding.core.forms import form_page, querystring, saved
from partybuilding.core.jobs import start
from partybuilding.core.listing import Listing
from partybuilding.core.records import day_text
from partybuilding.core.scope import Action, can, list_scope
from partybuilding.core.xlsx import xlsx_response
from partybuilding.organizations.models import Organization

from ..choices import BadgeCase, MemberStatus
from ..models import BadgeAward, Member
from ..records import exports
from ..records.selectors import member_or_404
from ..records.views import export_query, full_ids_refused
from . import exports as badge_exports
from . import selectors as badges
from .forms import AwardForm, DueForm
from .services import badge_award as award

PAGE_SIZE = 50
SORTS = {
    "name": ("sort_key",),
    "badge": ("-milestone", "sort_key"),
    "admitted": ("admission_date",),
    "official": ("official_date",),
    "organization": ("organization__name", "sort_key"),
}


def _due(request: HttpRequest) -> tuple[DueForm, dt.date, QuerySet[Member], Organization | None, QuerySet[Member]]:
    """The form, the award date it chose (the next one by default), the due members of the
    scope (before the milestone filter: for the counts) and after it."""
    today = timezone.localdate()
    form = DueForm(request.GET or None, steps=badges.milestones(today))
    chosen = form.cleaned_data.get("award_date") if form.is_valid() else None
    try:
        # A date that is not an award day stands for the next award day after it.
        award_date = badges.next_award_date(chosen or today)
        badges.milestones(award_date)
    except Refusal as refusal:  # a date before any recorded rule set
        form.add_error("award_date", refusal.text)
        award_date = badges.next_award_date(today)
    within = list_scope(request)
    members = Member.objects.visible_to(request.user)
    if within is not None:
        members = members.within(within)
    everyone = badges.due(members, award_date)
    milestone = form.cleaned_data.get("milestone") if form.is_valid() else None
    return form, award_date, everyone, within, badge_exports.listed(everyone, milestone)


@login_required
def badge_due(request: HttpRequest) -> HttpResponse:
    form, award_date, everyone, within, found = _due(request)
    today = timezone.localdate()
    listing = Listing(request, SORTS, per_page=PAGE_SIZE)
    page = listing.page(found)
    members = Member.objects.visible_to(request.user)
    if within is not None:
        members = members.within(within)
    awarded = (
        BadgeAward.objects.filter(member__in=members, award_date=award_date).select_related("member").order_by("-years", "member__sort_key")
    )
    context = {
        "form": form,
        "award_date": award_date,
        "upcoming": badges.upcoming_award_dates(today),
        "counts": badges.due_counts(everyone, award_date),
        "page": page,
        "listing": listing,
        "rows": [(m, can(request.user, Action.MANAGE_MEMBERS, m.organization)) for m in page],
        "within": within,
        "querystring": querystring(request),
        "export_query": export_query(request) + ([] if request.GET.get("award_date") else [("award_date", day_text(award_date))]),
        "full_ids_allowed": exports.full_ids_allowed(request.user, within),
        "posthumous": badges.posthumous_candidates(members, award_date),
        "awarded": awarded[:200],
    }
    return render(request, "members/badge_due.html", context)


@login_required
def badge_export(request: HttpRequest) -> HttpResponseBase:
    """The members due as Excel: at once when the list is short, else as a background job
    (its page shows the progress and offers the file). Card numbers masked unless asked for
    in full by one who manages them; audited with the number of rows."""
    form, award_date, _everyone, within, found = _due(request)
    full_ids = exports.wants_full_ids(request.GET)
    if full_ids and not exports.full_ids_allowed(request.user, within):
        return full_ids_refused(request)
    if is_short(found):
        written = exports.Counted(badge_exports.rows(found, full_ids=full_ids))
        name = badge_exports.file_name(award_date)
        response = xlsx_response(badge_exports.title(award_date), badge_exports.header(), written, filename=name)
        audit_export(actor=request.user, what="badge_list", rows=written.count, within=within, full_ids=full_ids)
        return response
    milestone = form.cleaned_data.get("milestone") if form.is_valid() else None
    params = {"within": within.pk if within else None, "award_date": award_date.isoformat(), "milestone": milestone, "full_ids": full_ids}
    job = start("members.badges_export", user=request.user, org_path=within.path if within else "", params=params)
    return redirect("job_page", pk=job.pk)


@login_required
def badge_award(request: HttpRequest, member_pk: int) -> HttpResponse:
    member = member_or_404(request.user, member_pk, Action.MANAGE_MEMBERS)
    today = timezone.localdate()
    case = BadgeCase.POSTHUMOUS if member.status == MemberStatus.DECEASED else BadgeCase.REGULAR
    reached = [m for m in badges.milestones(today) if badges.milestone_date(member, m) <= badges.next_award_date(today)]
    initial = {"award_date": badges.next_award_date(today), "case": case, "years": reached[-1] if reached else None}
    form = AwardForm(request.POST or None, steps=badges.milestones(today), initial=initial)
    back = reverse("member_detail", args=[member.pk])
    if done := saved(request, form, award, actor=request.user, member=member, message=_("The badge was recorded."), then=back):
        return done
    return form_page(request, form, title=_("Record a Party badge"), back=back, crumbs=[(member.full_name, back)])
