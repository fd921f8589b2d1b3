"""Party card pages: the cards issued in the scope (by year and reason, with their Excel
copy), a member's cards on the record page, and the form that records a card issued.

Card numbers are masked (`personal.masked`) as on the record page; the export has them in
full only when asked for by someone who manages the list's members, and is audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_export
from partybuilding.core.exporting import is_short
from partybuilding.core.forms import form_page, posted, querystring, saved
from partybuilding.core.jobs import start
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, can, list_scope
from partybuilding.core.xlsx import xlsx_response
from partybuilding.organizations.models import Organization

from ..choices import CardIssueKind, MemberStatus
from ..models import CardIssue
from ..records import exports
from ..records.selectors import member_or_404
from ..records.views import export_query, full_ids_refused
from . import exports as card_exports
from . import selectors, services
from .forms import CardFilterForm, IssueForm

PAGE_SIZE = 50
SORTS = {
    "issued": ("issued_on",),
    "name": ("member__sort_key",),
    "kind": ("kind", "-issued_on"),
    "organization": ("member__organization__name", "member__sort_key"),
}


def _listed(request: HttpRequest) -> tuple[CardFilterForm, QuerySet[CardIssue], Organization | None]:
    form = CardFilterForm(request.GET or None)
    within = list_scope(request)
    return form, selectors.filtered(request.user, within, form.cleaned_data if form.is_valid() else {}), within


@login_required
def card_list(request: HttpRequest) -> HttpResponse:
    form, found, within = _listed(request)
    listing = Listing(request, SORTS, per_page=PAGE_SIZE)
    context = {
        "form": form,
        "page": listing.page(found),
        "listing": listing,
        "counts": selectors.counts(found),
        "within": within,
        "querystring": querystring(request),
        "export_query": export_query(request),
        "full_ids_allowed": exports.full_ids_allowed(request.user, within),
    }
    return render(request, "members/cards/list.html", context)


@login_required
def card_export(request: HttpRequest) -> HttpResponseBase:
    """The cards of the list as Excel (members' names: personal data): at once when short,
    else as a background job (its page shows the progress and offers the file); audited
    with the number of rows."""
    _form, found, within = _listed(request)
    full_ids = exports.wants_full_ids(request.GET)
    if full_ids and not exports.full_ids_allowed(request.user, within):
        return full_ids_refused(request)
    if not is_short(found):
        params = {"query": request.GET.dict(), "within": within.pk if within else None, "full_ids": full_ids}
        job = start("members.cards_export", user=request.user, org_path=within.path if within else "", params=params)
        return redirect("job_page", pk=job.pk)
    written = exports.Counted(card_exports.rows(found, full_ids=full_ids))
    response = xlsx_response(_("Party cards issued"), card_exports.header(), written, filename="party-cards.xlsx")
    audit_export(actor=request.user, what="card_list", rows=written.count, within=within, full_ids=full_ids)
    return response


@login_required
def card_member_section(request: HttpRequest, member_pk: int) -> HttpResponse:
    """The record page's Party cards, loaded as a fragment; a member sees their own."""
    member = member_or_404(request.user, member_pk, own=True)
    context = {
        "member": member,
        "cards": selectors.cards_of(member),
        "can_issue": member.status == MemberStatus.OFFICIAL and can(request.user, Action.MANAGE_MEMBERS, member.organization),
    }
    return render(request, "members/cards/_member.html", context)


@login_required
def card_issue(request: HttpRequest, member_pk: int) -> HttpResponse:
    member = member_or_404(request.user, member_pk, Action.MANAGE_MEMBERS)
    has_card = services.has_card(member)
    initial = {
        "version": member.version,
        "kind": CardIssueKind.LOST if has_card else CardIssueKind.FIRST,
        "issued_on": timezone.localdate(),
    }
    form = IssueForm(posted(request), initial=initial)
    back = reverse("member_detail", args=[member.pk])
    message = _("The Party card was recorded.")
    if done := saved(request, form, services.issue_card, actor=request.user, member=member, message=message, then=back):
        return done
    if form.is_bound:
        member.refresh_from_db()  # refused: the page shows the record as it is now
    note = _(
        "A first card is issued to an official member, from the date they became official; a member who has a card gets it "
        "re-issued after a loss or replaced because damaged. The card's number becomes the record's card number."
    )
    title = _("Issue a Party card")
    crumbs = [(member.full_name, back), (title, request.path)]
    return form_page(request, form, title=title, back=back, crumbs=crumbs, status=422 if form.is_bound else 200, note=note,
                     template="members/cards/form.html", member=member)  # fmt: skip
