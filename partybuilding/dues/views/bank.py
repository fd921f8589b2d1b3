"""Dues by bank transfer: the account an organization collects on, the member's VietQR
code (their page and its image), the cell's cards of the month to print, the import of a
bank statement and the queue of credits left to assign."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuilding.core import paths
from partybuilding.core.audit import audit_export
from partybuilding.core.exporting import is_short
from partybuilding.core.files import as_download
from partybuilding.core.forms import guarded, querystring, saved, told
from partybuilding.core.jobs import start
from partybuilding.core.listing import Listing
from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action, can, list_scope, organization_or_404, require, scope_of, visible_or_404
from partybuilding.core.xlsx import xlsx_response
from partybuilding.members.models import Member
from partybuilding.members.records.selectors import own_record
from partybuilding.organizations.models import Organization

from .. import bank_lists, months, transfers, vietqr
from ..choices import CreditState
from ..forms import CollectingAccountForm, CreditAssignForm, CreditFilterForm, StatementFilterForm, StatementForm
from ..models import BankCredit, Charge, CollectingAccount, Statement
from ..services import bank
from .collect import _cell, _month

# --- the account ------------------------------------------------------------------------------


@login_required
def bank_account(request: HttpRequest, org_id: int) -> HttpResponse:
    """The account collecting the organization's dues (its own or the nearest above), its
    history, and for the officers who manage its dues the form to set a new one."""
    org = organization_or_404(request.user, org_id)
    can_set = can(request.user, Action.MANAGE_MEMBERS, org)
    form = CollectingAccountForm(request.POST if request.method == "POST" else None, initial={"valid_from": timezone.localdate()})
    if request.method == "POST":
        require(request.user, Action.MANAGE_MEMBERS, org)
        here = reverse("dues_bank_account", args=[org.pk])
        message = _("The bank account was recorded.")
        if done := saved(request, form, bank.collecting_account_set, actor=request.user, organization=org, message=message, then=here):
            return done
    context = {
        "org": org,
        "current": transfers.collecting_account(org, timezone.localdate()),
        "history": transfers.accounts_of(org),
        "form": form,
        "can_set": can_set,
    }
    return render(request, "dues/bank_account.html", context, status=422 if form.errors else 200)


# --- the member's code ------------------------------------------------------------------------


@login_required
def my_qr_png(request: HttpRequest) -> HttpResponse:
    """The member's own VietQR code as an image, to save and open from the banking app."""
    member = own_record(request.user)
    found = transfers.transfer_for(member, timezone.localdate()) if member else None
    if found is None:
        raise Http404
    response = HttpResponse(vietqr.png(found.payload), content_type="image/png")
    return as_download(response, f"dang-phi-{found.reference.compact}.png")


# --- the cell's cards of the month ------------------------------------------------------------


def _cards(org: Organization, the_month: dt.date) -> list[dict[str, Any]]:
    """One card per member charged in the cell that month: what they owe up to it, and its code."""
    charged = Charge.objects.filter(organization=org, month=the_month).select_related("member").order_by("member__sort_key", "pk")
    members = [c.member for c in charged]
    account = transfers.collecting_account(org, months.last_day(the_month))
    owing = transfers.owed_months([m.pk for m in members], the_month)
    return [{"member": m, "transfer": transfers.transfer(m, account, owing.get(m.pk, []))} for m in members]


def _cards_context(request: HttpRequest, org_id: int, year: int, month: int) -> dict[str, Any]:
    org, the_month = _cell(request, org_id), _month(year, month)
    return {
        "org": org,
        "month": the_month,
        "account": transfers.collecting_account(org, months.last_day(the_month)),
        "cards": _cards(org, the_month),
        "today": timezone.localdate(),
    }


@login_required
def qr_cards(request: HttpRequest, org_id: int, year: int, month: int) -> HttpResponse:
    return render(request, "dues/qr_cards.html", _cards_context(request, org_id, year, month))


@login_required
def qr_cards_pdf(request: HttpRequest, org_id: int, year: int, month: int) -> HttpResponse:
    context = _cards_context(request, org_id, year, month)
    return pdf_response(request, "dues/pdf/qr_cards.html", context, f"dues-qr-{context['org'].code}-{year:04d}{month:02d}.pdf")


# --- statements -------------------------------------------------------------------------------


def _importable_accounts(user: Any) -> Any:
    """The accounts whose statements the user may import: of organizations where they manage members."""
    return (
        CollectingAccount.objects.visible_to(user, Action.MANAGE_MEMBERS)
        .select_related("organization", "bank")
        .order_by("organization__path", "-valid_from")
    )


@login_required
def statement_import(request: HttpRequest) -> HttpResponse:
    scope_of(request, Action.MANAGE_MEMBERS)  # the officers who manage the members' dues
    accounts = _importable_accounts(request.user)
    initial = {"submission": uuid.uuid4(), "dry_run": True}
    posted = request.method == "POST"
    form = StatementForm(request.POST if posted else None, request.FILES if posted else None, accounts=accounts, initial=initial)
    report = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        require(request.user, Action.MANAGE_MEMBERS, d["account"].organization)
        report = guarded(
            form, bank.statement_import, actor=request.user, account=d["account"], layout=d["layout"], upload=d["file"],
            name=d["file"].name, dry_run=d["dry_run"], submission=d["submission"], today=timezone.localdate(),
        )  # fmt: skip
        if report and report.ok and not report.dry_run:
            form = StatementForm(accounts=accounts, initial={**initial, "submission": uuid.uuid4()})  # the next file is another submission
    status = 422 if (form.errors or (report and not report.ok)) else 200
    return render(request, "dues/statement_import.html", {"form": form, "report": report, "has_accounts": accounts.exists()}, status=status)


# --- the queue of credits ---------------------------------------------------------------------

CREDIT_SORTS = {"day": ("booked_on",), "amount": ("amount",), "state": ("state",)}


def _credits(request: HttpRequest) -> tuple[Organization, CreditFilterForm, Any]:
    scope = list_scope(request, Action.VIEW_MEMBERS, required=True)
    form = CreditFilterForm(request.GET or None, initial={"state": CreditState.UNMATCHED})
    state, q = bank_lists.credit_filters(request.GET)
    return scope, form, bank_lists.credits(request.user, scope, state=state, q=q)


@login_required
def credit_list(request: HttpRequest) -> HttpResponse:
    """The credits of the statements imported in the scope: by default those left to assign."""
    scope, form, rows = _credits(request)
    listing = Listing(request, CREDIT_SORTS, per_page=50, tie_breaker="id")
    page = listing.page(rows)
    context = {
        "scope": scope,
        "form": form,
        "page": page,
        "listing": listing,
        "querystring": querystring(request),
        "can_manage": can(request.user, Action.MANAGE_MEMBERS, scope),
    }
    return render(request, "dues/credits.html", context)


@login_required
def credit_xlsx(request: HttpRequest) -> HttpResponseBase:
    """The credits the page's filters show, as Excel: at once when short, else as a
    background job. They name the payers: audited with the number of rows."""
    scope, _form, rows = _credits(request)
    if is_short(rows):
        written = list(bank_lists.credit_rows(rows))
        response = xlsx_response(_("Bank credits"), bank_lists.credit_header(), written, filename=f"dues-credits-{scope.code}.xlsx")
        audit_export(actor=request.user, what="dues_credits", rows=len(written), within=scope)
        return response
    params = {"query": request.GET.dict(), "within": scope.pk}
    job = start("dues.credits_export", user=request.user, org_path=scope.path, params=params)
    return redirect("job_page", pk=job.pk)


@login_required
def credit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One credit: what the bank wrote, and for a credit left unmatched, the treasurer's choice."""
    credit = visible_or_404(BankCredit.objects.select_related("organization", "account__bank", "member", "statement"), request.user, pk)
    can_manage = can(request.user, Action.MANAGE_MEMBERS, credit.organization)
    members = Member.objects.visible_to(request.user, Action.MANAGE_MEMBERS).in_list().filter(
        paths.subtree_q(credit.organization.path, "org_path")
    ).select_related("organization").order_by("sort_key")  # fmt: skip
    form = CreditAssignForm(
        request.POST if request.method == "POST" else None, members=members, initial={"month": months.first_of(credit.booked_on)}
    )
    if request.method == "POST":
        require(request.user, Action.MANAGE_MEMBERS, credit.organization)
        here = reverse("dues_credit", args=[credit.pk])
        message = _("The credit was recorded as the member's dues.")
        if done := saved(request, form, bank.credit_assign, actor=request.user, credit=credit, message=message, then=here):
            return done
    context = {
        "credit": credit,
        "form": form,
        "can_manage": can_manage and credit.state == CreditState.UNMATCHED,
        "can_undo": can_manage and credit.state == CreditState.NOT_DUES,
    }
    return render(request, "dues/credit.html", context, status=422 if form.errors else 200)


@require_POST
@login_required
def credit_not_dues(request: HttpRequest, pk: int) -> HttpResponse:
    credit = visible_or_404(BankCredit.objects.select_related("organization"), request.user, pk, Action.MANAGE_MEMBERS)
    told(request, bank.credit_dismiss, actor=request.user, credit=credit, message=_("The credit was marked as not dues."))
    return redirect("dues_credit", credit.pk)


@require_POST
@login_required
def credit_back_to_queue(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo "not dues": the credit waits in the list to assign again."""
    credit = visible_or_404(BankCredit.objects.select_related("organization"), request.user, pk, Action.MANAGE_MEMBERS)
    told(request, bank.credit_back_to_queue, actor=request.user, credit=credit, message=_("The credit is back in the list to assign."))
    return redirect("dues_credit", credit.pk)


# --- the statements imported ------------------------------------------------------------------

STATEMENT_SORTS = {"imported": ("recorded_at",), "first": ("first_day",), "file": ("file_name",), "lines": ("credits",)}


@login_required
def statement_list(request: HttpRequest) -> HttpResponse:
    """The statements imported in the scope: what each held and what became of its lines."""
    scope = list_scope(request, Action.VIEW_MEMBERS, required=True)
    form = StatementFilterForm(request.GET or None)
    d = form.cleaned_data if form.is_valid() else {}
    rows = bank_lists.statements(request.user, scope, q=d.get("q") or "", bank=d.get("bank"), first=d.get("first"), last=d.get("last"))
    listing = Listing(request, STATEMENT_SORTS, per_page=50, tie_breaker="id")
    context = {"scope": scope, "form": form, "page": listing.page(rows), "listing": listing}
    return render(request, "dues/statements.html", context)


@login_required
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One statement: each of its credit lines and what became of it."""
    statement = visible_or_404(Statement.objects.select_related("organization", "account__bank", "layout", "recorded_by"), request.user, pk)
    counted = bank_lists.statements(request.user, statement.organization).get(pk=statement.pk)
    context = {"statement": counted, "lines": bank_lists.statement_lines(statement)}
    return render(request, "dues/statement.html", context)
