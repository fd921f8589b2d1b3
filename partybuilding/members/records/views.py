"""Member records: the list with search and filters (and its Excel copy), the record with
its timeline (and as a PDF), the forms that enter a member and correct the record."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from partybuilding.core.forms import form_page, saved
from partybuilding.core.jobs import start
from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action, can, list_scope
from partybuilding.core.xlsx import xlsx_response
from partybuilding.organizations.models import Organization

from ..choices import MemberStatus
from ..models import Member
from ..transfers.selectors import temporary_guests
from . import exports, selectors, services
from .forms import CitizenIdForm, MemberCreateForm, MemberEditForm, MemberFilterForm
from .services import probation_end

PAGE_SIZE = 50


def search_text(form: MemberFilterForm) -> str:
    return form.cleaned_data.get("q", "") if form.is_valid() else ""


def filtered(request: HttpRequest, form: MemberFilterForm) -> tuple[QuerySet[Member], Organization | None]:
    within = list_scope(request)
    filters = form.cleaned_data if form.is_valid() else {}
    return selectors.member_list(request.user, within, filters, timezone.localdate()), within


def list_page(request: HttpRequest, form: MemberFilterForm, members: QuerySet[Member], within: Organization | None) -> tuple[Page, bool]:
    """The page asked for, and whether a search found more than it lists. A search lists
    its best matches (selectors.ranked_search); otherwise the whole list is paged, counted
    from the subtree totals when the filters allow."""
    number = request.GET.get("page")
    if text := search_text(form):
        found = selectors.ranked_search(members, text)
        by_rank: Paginator[Any] = Paginator(found[: selectors.SEARCH_LIMIT], PAGE_SIZE)
        page = by_rank.get_page(number)
        rows = members.select_related("organization").in_bulk(page.object_list)
        page.object_list = [rows[pk] for pk in page.object_list]
        return page, len(found) > selectors.SEARCH_LIMIT
    paginator = Paginator(members.select_related("organization"), PAGE_SIZE)
    if within is not None and form.is_valid():
        known = selectors.counted_total(within, {k: v for k, v in form.cleaned_data.items() if k != "q"})
        if known is not None:
            paginator.count = known  # Paginator.count is a cached_property: set, it is not counted
    return paginator.get_page(number), False


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    form = MemberFilterForm(request.GET or None)
    members, within = filtered(request, form)
    page, more = list_page(request, form, members, within)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "more_found": more,
        "search_limit": selectors.SEARCH_LIMIT,
        "within": within,
        "querystring": query.urlencode(),
        "today": timezone.localdate(),
        "citizen_form": CitizenIdForm(),
        "status_labels": dict(MemberStatus.choices),
        "can_manage": bool(within and can(request.user, Action.MANAGE_MEMBERS, within)),
        # Members staying temporarily: listed apart, marked, not counted (read only by the full page).
        "guests": temporary_guests(within, timezone.localdate()) if within is not None and not request.GET.get("on") else [],
    }
    template = "members/_list_rows.html" if request.htmx else "members/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def member_export(request: HttpRequest) -> HttpResponseBase:
    """The list as Excel: at once when it is short, else as a background job (its page shows
    the progress and offers the file)."""
    within = list_scope(request)
    members = exports.exported(request.user, request.GET.dict(), within)
    if exports.is_short(members):
        return xlsx_response(_("Party members"), exports.header(), exports.rows(members, timezone.localdate()), filename="members.xlsx")
    params = {"query": request.GET.dict(), "within": within.pk if within else None}
    job = start("members.export", user=request.user, org_path=within.path if within else "", params=params)
    return redirect("job_page", pk=job.pk)


# Error reports and logs must not carry personal identifiers.
hide_identifiers = sensitive_post_parameters("citizen_id", "phone")


@require_POST
@hide_identifiers
@login_required
def member_find_by_citizen_id(request: HttpRequest) -> HttpResponse:
    form = CitizenIdForm(request.POST)
    if form.is_valid():
        found = Member.objects.visible_to(request.user).filter(citizen_id=form.cleaned_data["citizen_id"]).first()
        if found is not None:
            return redirect("member_detail", pk=found.pk)
    messages.error(request, _("No member within your scope has this citizen ID."))
    return redirect("member_list")


def _record(member: Member, *, oldest_first: bool = False) -> dict[str, Any]:
    """What the record's page and its PDF show of a member."""
    today = timezone.localdate()
    order = ("date", "id") if oldest_first else ("-date", "-id")
    return {
        "member": member,
        "events": member.events.select_related("organization", "to_organization", "recorded_by").order_by(*order),
        "today": today,
        "age": member.age_on(today),
        "party_age": member.party_age_on(today),
    }


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.read_record(request.user, pk)
    context = {
        **_record(member),
        "probation_end": probation_end(member.admission_date)[0] if member.status == MemberStatus.PROBATIONARY else None,
        "can_manage": can(request.user, Action.MANAGE_MEMBERS, member.organization),
        "can_audit": can(request.user, Action.VIEW_AUDIT, member.organization),
    }
    return render(request, "members/detail.html", context)


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    """A member's own record and timeline (self-service)."""
    member = selectors.own_record(request.user)
    if member is None:
        return render(request, "members/no_record.html")
    return render(request, "members/detail.html", {**_record(selectors.read_record(request.user, member.pk, own=True)), "own": True})


@login_required
def member_record_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's record as the record page shows it; a member may also print their own.
    Printing the full record is reading it: the audit log says who did."""
    member = selectors.read_record(request.user, pk, purpose="export_pdf", own=True)
    # Oldest first: a record reads as a life story, unlike the page's latest-first timeline.
    context = {**_record(member, oldest_first=True), "org": member.organization}
    return pdf_response(request, "members/pdf/record.html", context, f"member-{member.pk}.pdf")


@hide_identifiers
@login_required
def member_create(request: HttpRequest) -> HttpResponse:
    list_scope(request, Action.MANAGE_MEMBERS)
    form = MemberCreateForm(request.POST or None, user=request.user, initial={"submission": uuid.uuid4()})
    if entered := saved(request, form, services.member_register, actor=request.user, message=entered_message, then=record_url):
        return entered
    back = reverse("member_list")
    return form_page(request, form, title=_("New member record"), back=back, crumbs=[(_("Party members"), back)])


def entered_message(member: Member) -> str:
    return _("The record of %(name)s was entered.") % {"name": member.full_name}


def record_url(member: Member) -> str:
    return reverse("member_detail", args=[member.pk])


@hide_identifiers
@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_or_404(request.user, pk, Action.MANAGE_MEMBERS)
    form = MemberEditForm.editing(member, request.POST or None)
    back = record_url(member)
    if done := saved(
        request, form, services.member_update, actor=request.user, member=member, message=_("The record was saved."), then=back
    ):
        return done
    if form.is_bound:
        member.refresh_from_db()  # refused: the page shows the record as it is now
    return form_page(request, form, title=_("Correct the record"), back=back, crumbs=[(member.full_name, back)])
