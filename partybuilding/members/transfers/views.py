"""Transfer pages: the list of the scope's transfers with their deadlines (and its Excel
copy), the letter issued for a member, a member arriving from outside the system, and
the receiving side's answer (receive, hold, refuse) or the end of a temporary stay."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_export
from partybuilding.core.forms import form_page, querystring, saved
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.records import day_text
from partybuilding.core.scope import Action, can, list_scope
from partybuilding.core.xlsx import xlsx_response
from partybuilding.organizations.models import Organization

from ..models import Transfer
from ..records.exports import Counted
from ..records.selectors import member_or_404
from ..records.views import entered_message, hide_identifiers, record_url
from . import selectors, services
from .deadlines import deadlines
from .forms import ActionForm, ArrivalForm, IssueForm, TransferFilterForm
from .services import TRANSFER

PAGE_SIZE = 50
SORTS = {
    "name": ("member__sort_key",),
    "kind": ("kind",),
    "from": ("from_organization__name",),
    "to": ("to_organization__name",),
    "letter": ("letter_date",),
    "status": ("status", "-status_date"),
}


def _listed(request: HttpRequest) -> tuple[TransferFilterForm, QuerySet[Transfer], Organization | None]:
    form = TransferFilterForm(request.GET or None)
    within = list_scope(request)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.filtered(request.user, within, filters, timezone.localdate()), within


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    form, found, within = _listed(request)
    today = timezone.localdate()
    listing = Listing(request, SORTS, per_page=PAGE_SIZE)
    page = listing.page(found)
    context = {
        "form": form,
        "page": page,
        "listing": listing,
        "rows": [selectors.row(request.user, t, today) for t in page],
        "within": within,
        "querystring": querystring(request),
        "can_manage": bool(within and can(request.user, Action.MANAGE_MEMBERS, within)),
    }
    return render(request, "members/transfer_list.html", context)


@login_required
def transfer_export(request: HttpRequest) -> FileResponse:
    """The transfers as Excel (members' names and moves: personal data), audited with the number of rows."""
    display = Display()  # each choice field's labels looked up once, not once a row
    _form, found, within = _listed(request)
    today = timezone.localdate()
    header = [
        _("Full name"), _("Kind"), _("From"), _("To"), _("Date of the change"), _("Letter number"), _("Letter date"),
        _("Temporary until"), _("Status"), _("Status date"), _("Reason"), _("Deadlines"),
    ]  # fmt: skip

    def rows() -> Any:
        for t in found.iterator(chunk_size=2000):
            yield [
                t.member.full_name, display(t, "kind"), t.from_organization.name if t.from_organization else t.outside,
                t.to_organization.name if t.to_organization else t.outside, t.change_date, t.letter_number, t.letter_date, t.until,
                display(t, "status"), t.status_date, t.reason,
                "; ".join(f"{d.label}: {day_text(d.due)}, {d.text}" for d in deadlines(t, today)),
            ]  # fmt: skip

    written = Counted(rows())
    response = xlsx_response(_("Transfers"), header, written, filename="transfers.xlsx")
    audit_export(actor=request.user, what="transfer_list", rows=written.count, within=within)
    return response


@login_required
def transfer_issue(request: HttpRequest, member_pk: int) -> HttpResponse:
    member = member_or_404(request.user, member_pk, Action.MANAGE_MEMBERS)
    form = IssueForm(request.POST or None, user=request.user)
    back = reverse("member_detail", args=[member.pk])
    message = _("The transfer letter was recorded.")
    if done := saved(request, form, services.transfer_issue, actor=request.user, member=member, message=message, then=back):
        return done
    return form_page(request, form, title=_("Issue a transfer letter"), back=back, crumbs=[(member.full_name, back)])


@login_required
def transfer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """What the receiving side answers (or the end of a temporary stay): a step of TRANSFER."""
    step = TRANSFER.steps.get(action)
    if step is None:
        raise Http404
    transfer = selectors.transfer_or_404(request.user, pk)
    if not any(can(request.user, Action.MANAGE_MEMBERS, org) for org in selectors.handlers(transfer, action)):
        raise PermissionDenied
    form = ActionForm(request.POST or None, action=action, initial={"submission": uuid.uuid4(), "date": timezone.localdate()})
    if done := saved(
        request,
        form,
        TRANSFER.run,
        action,
        actor=request.user,
        obj=transfer,
        message=_("The transfer was updated."),
        then=reverse("transfer_list"),
    ):
        return done
    context: dict[str, Any] = {
        "t": transfer,
        "deadlines": deadlines(transfer, timezone.localdate()),
        "allowed": transfer.status in step.sources,
        "template": "members/transfer_action.html",
    }
    back = reverse("transfer_list")
    return form_page(request, form, title=step.label, back=back, crumbs=[(_("Transfers"), back)], **context)


@hide_identifiers
@login_required
def transfer_arrival(request: HttpRequest) -> HttpResponse:
    """A member arriving from outside the system, with the letter they brought."""
    list_scope(request, Action.MANAGE_MEMBERS)
    form = ArrivalForm(request.POST or None, user=request.user, initial={"submission": uuid.uuid4()})
    message, then = (lambda t: entered_message(t.member)), (lambda t: record_url(t.member))
    if arrived := saved(request, form, services.transfer_in_from_outside, actor=request.user, message=message, then=then):
        return arrived
    back = reverse("transfer_list")
    return form_page(request, form, title=_("A member arriving from outside the system"), back=back, crumbs=[(_("Transfers"), back)])


@login_required
def member_record_sections(request: HttpRequest, member_pk: int) -> HttpResponse:
    """The record page's transfers, badges and committee roles, loaded as a fragment so that
    their organizations come in a few joined queries however long the career. A member sees
    their own record's, as /members/me/ shows it."""
    member = member_or_404(request.user, member_pk, own=True)
    today = timezone.localdate()
    found = selectors.with_related(member.transfers.all()).order_by("-status_date", "-pk")
    context = {
        "member": member,
        "transfers": [selectors.row(request.user, t, today) for t in found],
        "badges": member.badges.order_by("years"),
        "roles": member.committee_roles.select_related("term", "term__organization").order_by("-since", "-pk"),
    }
    return render(request, "members/transfer_record_sections.html", context)
