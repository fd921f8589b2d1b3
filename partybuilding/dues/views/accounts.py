"""A member's dues account: months due, paid, outstanding, credit and payments; for the
member themself (read only), and for the roles that work with members, with the forms
that record the dues base and an exemption or reduction."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.forms import saved
from partybuilding.core.scope import Action, can, require
from partybuilding.members.models import Member
from partybuilding.members.records.selectors import member_or_404, own_record

from .. import selectors, services, transfers
from ..forms import BaseForm, ReliefForm
from ..models import DuesBase, Relief


def _context(member: Member, **extra: Any) -> dict[str, Any]:
    return {
        "member": member,
        "account": selectors.account(member),
        "bases": DuesBase.objects.filter(member=member).order_by("-from_month"),
        "reliefs": Relief.objects.filter(member=member).order_by("-from_month"),
        **extra,
    }


@login_required
def my_dues(request: HttpRequest) -> HttpResponse:
    member = own_record(request.user)
    if member is None:
        return render(request, "members/no_record.html")
    # What to transfer, with its VietQR code: only on the member's own page.
    transfer = transfers.transfer_for(member, timezone.localdate())
    account = transfer.account if transfer else transfers.collecting_account(member.organization, timezone.localdate())
    return render(request, "dues/account.html", _context(member, own=True, transfer=transfer, bank_account=account))


@login_required
def member_dues(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_or_404(request.user, pk)
    can_manage = can(request.user, Action.MANAGE_MEMBERS, member.organization)
    base_form = BaseForm(prefix="base")
    relief_form = ReliefForm(prefix="relief", initial={"submission": uuid.uuid4()})
    if request.method == "POST":
        require(request.user, Action.MANAGE_MEMBERS, member.organization)
        here = reverse("dues_member", args=[member.pk])
        if "base-kind" in request.POST:
            base_form = BaseForm(request.POST, prefix="base")
            message = _("The dues base was recorded.")
            if done := saved(request, base_form, services.dues_base_record, actor=request.user, member=member, message=message, then=here):
                return done
        else:
            relief_form = ReliefForm(request.POST, prefix="relief")
            message = _("The exemption or reduction was recorded.")
            if done := saved(request, relief_form, services.relief_record, actor=request.user, member=member, message=message, then=here):
                return done
    context = _context(member, can_manage=can_manage, base_form=base_form, relief_form=relief_form)
    status = 422 if base_form.errors or relief_form.errors else 200
    return render(request, "dues/account.html", context, status=status)
