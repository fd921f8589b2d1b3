"""Transfer pages: the list of the scope's transfers with their deadlines (and its Excel
copy), the letter issued for a member, a member arriving from outside the system, and
the receiving side's answer (receive, hold, refuse) or the end of a temporary stay."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core import paths
from partybuilding.core.forms import date_field, guarded
from partybuilding.core.scope import Action, can, organization_or_404, require, scope_of
from partybuilding.core.xlsx import xlsx_response
from partybuilding.organizations.models import Organization

from .. import selectors, transfers
from ..choices import TransferKind, TransferStatus
from ..forms import MemberCreateForm
from ..models import Member, Transfer
from .records import _target_cell, hide_identifiers, member_or_404

PAGE_SIZE = 50
ACTIONS: dict[str, Any] = {
    "receive": gettext_lazy("Receive the member"),
    "hold": gettext_lazy("Hold the transfer"),
    "refuse": gettext_lazy("Refuse the transfer"),
    "end": gettext_lazy("End the temporary stay"),
}
# The states from which each action can be taken (the services check them again).
ACTION_FROM = {
    "receive": transfers.OPEN,
    "hold": (TransferStatus.ISSUED,),
    "refuse": transfers.OPEN,
    "end": (TransferStatus.RECEIVED,),
}


# --- forms ------------------------------------------------------------------------------


class TransferFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name or card number"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", "—"), ("open", gettext_lazy("Waiting (issued or held)")), *TransferStatus.choices],
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False, choices=[("", "—"), *TransferKind.choices])
    direction = forms.ChoiceField(
        label=gettext_lazy("Direction"),
        required=False,
        choices=[("", "—"), ("out", gettext_lazy("Leaving the organization")), ("in", gettext_lazy("Arriving in the organization"))],
    )
    overdue = forms.BooleanField(label=gettext_lazy("Overdue only"), required=False)


class IssueForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=TransferKind.choices, widget=forms.RadioSelect, initial=TransferKind.OFFICIAL
    )
    to_organization = forms.CharField(
        label=gettext_lazy("Receiving Party cell of the system (code)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"list": "org-options", "autocomplete": "off"}),
    )
    outside = forms.CharField(label=gettext_lazy("or: receiving organization outside the system"), max_length=255, required=False)
    change_date = date_field(gettext_lazy("Date of the change (new job, retirement, move)"), required=False)
    letter_number = forms.CharField(label=gettext_lazy("Letter number"), max_length=64)
    letter_date = date_field(gettext_lazy("Letter date"))
    until = date_field(gettext_lazy("Temporary until"), required=False)
    training = forms.BooleanField(label=gettext_lazy("Temporary transfer for training"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("to_organization", "").strip()) == bool(cleaned.get("outside", "").strip()):
            raise ValidationError(_("Name either the receiving Party cell of the system or the organization outside it."))
        return cleaned


class ActionForm(forms.Form):
    date = date_field(gettext_lazy("Date"))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if action in ("hold", "refuse"):
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]


class ArrivalForm(MemberCreateForm):
    outside = forms.CharField(label=gettext_lazy("Coming from (organization outside the system)"), max_length=255)
    letter_number = forms.CharField(label=gettext_lazy("Letter number"), max_length=64)
    letter_date = date_field(gettext_lazy("Letter date"))
    date = date_field(gettext_lazy("Date received"))
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=TransferKind.choices,
        widget=forms.RadioSelect,
        initial=TransferKind.OFFICIAL,
        help_text=gettext_lazy("A temporary stay: listed here, marked, and counted by the organization the member comes from."),
    )
    until = date_field(gettext_lazy("Temporary until"), required=False)
    field_order = ["outside", "letter_number", "letter_date", "date", "kind", "until", *MemberCreateForm.field_order]


# --- reads ------------------------------------------------------------------------------


def transfer_or_404(request: HttpRequest, pk: int) -> Transfer:
    found = transfers.with_related(Transfer.objects.visible_to(request.user)).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def may(user: Any, transfer: Transfer, action: str) -> bool:
    return transfer.status in ACTION_FROM[action] and any(
        can(user, Action.MANAGE_MEMBERS, org) for org in transfers.handlers(transfer, action)
    )


def row(user: Any, transfer: Transfer, today: dt.date) -> dict[str, Any]:
    """A transfer as lists show it: its deadlines today and the actions the user may take."""
    actions = [(action, label) for action, label in ACTIONS.items() if may(user, transfer, action)]
    return {"t": transfer, "deadlines": transfers.deadlines(transfer, today), "actions": actions}


def filtered(request: HttpRequest, form: TransferFilterForm) -> tuple[QuerySet[Transfer], Organization | None]:
    scope = scope_of(request)
    within_id = request.GET.get("within")
    within = organization_or_404(request.user, within_id) if within_id else scope
    visible = Transfer.objects.visible_to(request.user)
    found: QuerySet[Transfer] = visible.within(within) if within is not None else visible
    d = form.cleaned_data if form.is_valid() else {}
    if d.get("q"):
        found = found.filter(member__in=selectors.search(Member.objects.all(), d["q"]).values("pk"))
    if d.get("status") == "open":
        found = found.filter(status__in=transfers.OPEN)
    elif d.get("status"):
        found = found.filter(status=d["status"])
    if d.get("kind"):
        found = found.filter(kind=d["kind"])
    if within is not None and d.get("direction") == "out":
        found = found.filter(paths.subtree_q(within.path, "from_organization__path"))
    elif within is not None and d.get("direction") == "in":
        found = found.filter(paths.subtree_q(within.path, "to_organization__path"))
    if d.get("overdue"):
        found = transfers.overdue(found, timezone.localdate())
    return transfers.with_related(found).order_by("-status_date", "-pk"), within


# --- pages ------------------------------------------------------------------------------


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    form = TransferFilterForm(request.GET or None)
    found, within = filtered(request, form)
    today = timezone.localdate()
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [row(request.user, t, today) for t in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "within": within,
        "querystring": query.urlencode(),
        "can_manage": bool(within and can(request.user, Action.MANAGE_MEMBERS, within)),
    }
    return render(request, "members/transfer_list.html", context)


@login_required
def transfer_export(request: HttpRequest) -> FileResponse:
    found, _within = filtered(request, TransferFilterForm(request.GET or None))
    today = timezone.localdate()
    header = [
        _("Full name"), _("Kind"), _("From"), _("To"), _("Date of the change"), _("Letter number"), _("Letter date"),
        _("Temporary until"), _("Status"), _("Status date"), _("Reason"), _("Deadlines"),
    ]  # fmt: skip

    def rows() -> Any:
        for t in found.iterator(chunk_size=2000):
            yield [
                t.member.full_name, t.get_kind_display(), t.from_organization.name if t.from_organization else t.outside,
                t.to_organization.name if t.to_organization else t.outside, t.change_date, t.letter_number, t.letter_date, t.until,
                t.get_status_display(), t.status_date, t.reason,
                "; ".join(f"{d.label}: {d.due:%d/%m/%Y}, {d.text}" for d in transfers.deadlines(t, today)),
            ]  # fmt: skip

    return xlsx_response(_("Transfers"), header, rows(), filename="transfers.xlsx")


@login_required
def transfer_issue(request: HttpRequest, member_pk: int) -> HttpResponse:
    member = member_or_404(request, member_pk)
    require(request.user, Action.MANAGE_MEMBERS, member.organization)
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        target = None
        code = d["to_organization"].strip()
        if code:
            # A letter may go to any cell of the system, not only to those the sender manages.
            target = Organization.objects.filter(code__iexact=code).first()
            if target is None:
                form.add_error("to_organization", _("No organization has the code %(code)s.") % {"code": code})
        if target is not None or not code:
            done = guarded(
                form,
                lambda: transfers.transfer_issue(
                    actor=request.user,
                    member=member,
                    kind=d["kind"] or TransferKind.OFFICIAL,
                    letter_number=d["letter_number"],
                    letter_date=d["letter_date"],
                    to_organization=target,
                    outside=d["outside"],
                    change_date=d["change_date"],
                    until=d["until"],
                    training=d["training"],
                ),
            )
            if done is not None:
                messages.success(request, _("The transfer letter was recorded."))
                return redirect("member_detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "member": member, "title": _("Issue a transfer letter")})


def _act(request: HttpRequest, action: str, transfer: Transfer, d: dict[str, Any]) -> Transfer:
    actor, day = request.user, d["date"]
    if action == "receive":
        return transfers.transfer_receive(actor=actor, transfer=transfer, date=day, submission=d["submission"])
    if action == "hold":
        return transfers.transfer_hold(actor=actor, transfer=transfer, date=day, reason=d["reason"])
    if action == "refuse":
        return transfers.transfer_refuse(actor=actor, transfer=transfer, date=day, reason=d["reason"])
    return transfers.transfer_end(actor=actor, transfer=transfer, date=day)


@login_required
def transfer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    transfer = transfer_or_404(request, pk)
    if not any(can(request.user, Action.MANAGE_MEMBERS, org) for org in transfers.handlers(transfer, action)):
        raise PermissionDenied
    form = ActionForm(request.POST or None, action=action, initial={"submission": uuid.uuid4(), "date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = guarded(form, lambda: _act(request, action, transfer, form.cleaned_data))
        if done is not None:
            messages.success(request, _("The transfer was updated."))
            return redirect("transfer_list")
    context = {
        "form": form,
        "t": transfer,
        "deadlines": transfers.deadlines(transfer, timezone.localdate()),
        "title": ACTIONS[action],
        "allowed": transfer.status in ACTION_FROM[action],
    }
    return render(request, "members/transfer_action.html", context)


@hide_identifiers
@login_required
def transfer_arrival(request: HttpRequest) -> HttpResponse:
    """A member arriving from outside the system, with the letter they brought."""
    scope = scope_of(request)
    if scope is None:
        raise Http404
    require(request.user, Action.MANAGE_MEMBERS, scope)
    form = ArrivalForm(request.POST or None, initial={"submission": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        cell = _target_cell(request, form, "organization")
        if cell is not None:
            d = form.cleaned_data
            done = guarded(
                form,
                lambda: transfers.transfer_in_from_outside(
                    actor=request.user,
                    organization=cell,
                    data=form.personal_data(),
                    admission_date=d["admission_date"],
                    official_date=d["official_date"],
                    card_number=d["card_number"],
                    origin=d["outside"],
                    letter_number=d["letter_number"],
                    letter_date=d["letter_date"],
                    date=d["date"],
                    kind=d["kind"] or TransferKind.OFFICIAL,
                    until=d["until"],
                    submission=d["submission"],
                ),
            )
            if done is not None:
                messages.success(request, _("The record of %(name)s was entered.") % {"name": done.member.full_name})
                return redirect("member_detail", pk=done.member_id)
    return render(request, "members/form.html", {"form": form, "title": _("A member arriving from outside the system")})


@login_required
def member_record_sections(request: HttpRequest, member_pk: int) -> HttpResponse:
    """The record page's transfers, badges and committee roles, loaded as a fragment so that
    their organizations come in a few joined queries however long the career."""
    member = Member.objects.visible_to(request.user).filter(pk=member_pk).first()
    if member is None:  # a member sees their own record, as /members/me/ shows it
        member = Member.objects.filter(pk=member_pk, user_id=request.user.pk or 0).first()
    if member is None:
        raise Http404
    today = timezone.localdate()
    found = transfers.with_related(member.transfers.all()).order_by("-status_date", "-pk")
    context = {
        "member": member,
        "transfers": [row(request.user, t, today) for t in found],
        "badges": member.badges.order_by("years"),
        "roles": member.committee_roles.select_related("term", "term__organization").order_by("-since", "-pk"),
    }
    return render(request, "members/transfer_record_sections.html", context)


urlpatterns = [
    path("transfers/", transfer_list, name="transfer_list"),
    path("transfers/export.xlsx", transfer_export, name="transfer_export"),
    path("transfers/arrival/", transfer_arrival, name="transfer_arrival"),
    path("transfers/new/<int:member_pk>/", transfer_issue, name="transfer_issue"),
    path("transfers/member/<int:member_pk>/", member_record_sections, name="member_record_sections"),
    path("transfers/<int:pk>/<slug:action>/", transfer_action, name="transfer_action"),
]
