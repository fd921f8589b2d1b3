"""Member records: the list with search and filters (and its Excel copy), the record with
its timeline (and as a PDF), the forms that enter a member and correct the record, and a
member's own data to download.

Citizen IDs and card numbers are masked (`personal.masked`): the record's page shows one in
full on request, an audited action; an export has them in full only when asked for by
someone who manages the list's members (`exports.full_ids_allowed`), and is audited too."""

from __future__ import annotations

import tempfile
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from partybuilding.core.audit import audit_export
from partybuilding.core.exporting import is_short
from partybuilding.core.files import as_download
from partybuilding.core.forms import form_page, saved
from partybuilding.core.jobs import start
from partybuilding.core.listing import Listing
from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action, can, list_scope
from partybuilding.core.xlsx import xlsx_response
from partybuilding.organizations.models import Organization

from ..choices import MemberStatus
from ..facts import noted
from ..models import Member
from ..own_data import SECTIONS, OwnData, write_workbook
from ..transfers.selectors import temporary_guests
from . import exports, selectors, services
from .forms import CitizenIdForm, MemberCreateForm, MemberEditForm, MemberFilterForm, RevealForm
from .services import probation_end

PAGE_SIZE = 50
RECORD_FORM = "members/record_form.html"  # the record's fields, then the statistics' own
# The columns the list sorts by; a text search ranks its matches itself and is not sorted.
SORTS = {
    "name": ("sort_key",),
    "born": ("date_of_birth",),
    "status": ("status",),
    "organization": ("organization__name", "sort_key"),
    "admitted": ("admission_date",),
}


def search_text(form: MemberFilterForm) -> str:
    return form.cleaned_data.get("q", "") if form.is_valid() else ""


def filtered(request: HttpRequest, form: MemberFilterForm) -> tuple[QuerySet[Member], Organization | None]:
    within = list_scope(request)
    filters = form.cleaned_data if form.is_valid() else {}
    return selectors.member_list(request.user, within, filters, timezone.localdate()), within


def member_listing(request: HttpRequest, form: MemberFilterForm) -> Listing:
    return Listing(request, SORTS, per_page=PAGE_SIZE, sortable=not search_text(form))


def list_page(listing: Listing, form: MemberFilterForm, members: QuerySet[Member], within: Organization | None) -> tuple[Page, bool]:
    """The page asked for, and whether a search found more than it lists. A search lists
    its best matches (selectors.ranked_search); otherwise the whole list is paged in the
    chosen order, counted from the subtree totals when the filters allow."""
    if text := search_text(form):
        found = selectors.ranked_search(members, text)
        by_rank: Paginator[Any] = Paginator(found[: selectors.SEARCH_LIMIT], listing.per)
        page = by_rank.get_page(listing.number)
        rows = members.select_related("organization__parent").in_bulk(page.object_list)
        page.object_list = [rows[pk] for pk in page.object_list]
        return page, len(found) > selectors.SEARCH_LIMIT
    paginator = listing.paginator(listing.ordered(members.select_related("organization__parent")))
    if within is not None and (form.is_valid() or not form.is_bound):  # unbound: the list opened without filters
        filters = form.cleaned_data if form.is_bound else {}
        known = selectors.counted_total(within, {k: v for k, v in filters.items() if k != "q"})
        if known is not None:
            paginator.count = known  # Paginator.count is a cached_property: set, it is not counted
    return listing.page(members, paginator), False


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    form = MemberFilterForm(request.GET or None)
    members, within = filtered(request, form)
    listing = member_listing(request, form)
    page, more = list_page(listing, form, members, within)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "listing": listing,
        "more_found": more,
        "search_limit": selectors.SEARCH_LIMIT,
        "within": within,
        "querystring": query.urlencode(),
        "today": timezone.localdate(),
        "citizen_form": CitizenIdForm(),
        "status_labels": dict(MemberStatus.choices),
        "can_manage": bool(within and can(request.user, Action.MANAGE_MEMBERS, within)),
        "export_query": export_query(request),
        "full_ids_allowed": exports.full_ids_allowed(request.user, within),
        # Members staying temporarily: listed apart, marked, not counted (read only by the full page).
        "guests": temporary_guests(within, timezone.localdate()) if within is not None and not request.GET.get("on") else [],
    }
    template = "members/_list_rows.html" if request.htmx else "members/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def export_query(request: HttpRequest) -> list[tuple[str, str]]:
    """The list's query, for the export form's hidden fields (the page and the choice of
    full identifiers are the form's own)."""
    return [(name, value) for name, values in request.GET.lists() if name not in ("page", "full_ids") for value in values]


def full_ids_refused(request: HttpRequest) -> HttpResponse:
    """Full identifiers asked for by someone who may not export them: refused, and said why."""
    return render(request, "members/full_ids_refused.html", status=403)


@login_required
def member_export(request: HttpRequest) -> HttpResponseBase:
    """The list as Excel: at once when it is short, else as a background job (its page shows
    the progress and offers the file). Card numbers masked unless asked for in full by one
    who may; audited with the number of rows."""
    within = list_scope(request)
    full_ids = exports.wants_full_ids(request.GET)
    if full_ids and not exports.full_ids_allowed(request.user, within):
        return full_ids_refused(request)
    members = exports.exported(request.user, request.GET.dict(), within)
    if is_short(members):
        written = exports.Counted(exports.rows(members, timezone.localdate(), full_ids=full_ids))
        response = xlsx_response(_("Party members"), exports.header(), written, filename="members.xlsx")
        audit_export(actor=request.user, what="member_list", rows=written.count, within=within, full_ids=full_ids)
        return response
    params = {"query": request.GET.dict(), "within": within.pk if within else None, "full_ids": full_ids}
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
        "noted": noted(member),  # what the statistics count, only what is set
    }


def _page(request: HttpRequest, member: Member, revealed: tuple[str, ...] = (), *, own: bool = False) -> dict[str, Any]:
    """What the record's page shows: to an officer of its scope, with their actions; to the
    member themself (`own`, or outside any scope of theirs), as their own record."""
    own = own or not can(request.user, Action.VIEW_MEMBERS, member.organization)
    context = {**_record(member), "own": own, "revealed": revealed, "full_pdf": _full_pdf_allowed(request, member)}
    if own:
        return context
    return {
        **context,
        "probation_end": probation_end(member.admission_date)[0] if member.status == MemberStatus.PROBATIONARY else None,
        "can_manage": can(request.user, Action.MANAGE_MEMBERS, member.organization),
        "can_audit": can(request.user, Action.VIEW_AUDIT, member.organization),
    }


def _full_pdf_allowed(request: HttpRequest, member: Member) -> bool:
    """Full identifiers in the printed record: for the member themself and those who manage them."""
    return member.user_id == request.user.pk or can(request.user, Action.MANAGE_MEMBERS, member.organization)


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "members/detail.html", _page(request, selectors.read_record(request.user, pk)))


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    """A member's own record and timeline (self-service)."""
    member = selectors.own_record(request.user)
    if member is None:
        return render(request, "members/no_record.html")
    member = selectors.read_record(request.user, member.pk, own=True)
    return render(request, "members/detail.html", _page(request, member, own=True))


@require_POST
@login_required
def member_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The record's page again, with the citizen ID or the card number in full ("Show in
    full"). Asked for by POST (a link, a prefetch or a crawler cannot do it), and audited."""
    form = RevealForm(request.POST)
    if not form.is_valid():
        return redirect("member_detail", pk=selectors.member_or_404(request.user, pk, own=True).pk)
    field = form.cleaned_data["field"]
    member = selectors.reveal_identifier(request.user, pk, [field])
    own = form.cleaned_data["own"] and member.user_id == request.user.pk  # asked from "My record"
    return render(request, "members/detail.html", _page(request, member, revealed=(field,), own=own))


@login_required
def member_record_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's record as the record page shows it; a member may also print their own.
    Printing the full record is reading it: the audit log says who did, and whether with
    the identifiers in full (`?full_ids=1`: for the member and those who manage them)."""
    full_ids = exports.wants_full_ids(request.GET)
    if full_ids and not _full_pdf_allowed(request, selectors.member_or_404(request.user, pk, own=True)):
        return full_ids_refused(request)
    member = selectors.read_record(request.user, pk, purpose="export_pdf", own=True, **({"full_ids": True} if full_ids else {}))
    # Oldest first: a record reads as a life story, unlike the page's latest-first timeline.
    context = {
        **_record(member, oldest_first=True),
        "org": member.organization,
        "revealed": ("citizen_id", "card_number") if full_ids else (),
    }
    return pdf_response(request, "members/pdf/record.html", context, f"member-{member.pk}.pdf")


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The page offering a member everything the system holds about them, to download."""
    member = selectors.own_record(request.user)
    if member is None:
        return render(request, "members/no_record.html")
    return render(request, "members/my_data.html", {"member": member, "sections": SECTIONS.values()})


def _own_data_or_404(request: HttpRequest, file_format: str) -> OwnData:
    data = selectors.own_data(request.user, file_format)
    if data is None:
        raise Http404
    return data


@login_required
def my_data_json(request: HttpRequest) -> HttpResponseBase:
    data = _own_data_or_404(request, "json")
    response = HttpResponse(data.as_json(), content_type="application/json; charset=utf-8")
    return as_download(response, f"my-data-{timezone.localdate():%Y%m%d}.json")


@login_required
def my_data_xlsx(request: HttpRequest) -> HttpResponseBase:
    data = _own_data_or_404(request, "xlsx")
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it once sent)
    write_workbook(data, handle)
    handle.seek(0)
    response = FileResponse(handle, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return as_download(response, f"my-data-{timezone.localdate():%Y%m%d}.xlsx")


@hide_identifiers
@login_required
def member_create(request: HttpRequest) -> HttpResponse:
    list_scope(request, Action.MANAGE_MEMBERS)
    form = MemberCreateForm(request.POST or None, user=request.user, initial={"submission": uuid.uuid4()})
    if entered := saved(request, form, services.member_register, actor=request.user, message=entered_message, then=record_url):
        return entered
    back = reverse("member_list")
    return form_page(request, form, title=_("New member record"), back=back, crumbs=[(_("Party members"), back)], template=RECORD_FORM)


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
    return form_page(request, form, title=_("Correct the record"), back=back, crumbs=[(member.full_name, back)], template=RECORD_FORM)
