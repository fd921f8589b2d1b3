"""The collection screen of a cell and a month: every member charged there with what is
due, paid and outstanding, one amount each, one submit for all (a fixed number of
queries whatever the size of the cell)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partybuilding.core.forms import saved, told
from partybuilding.core.records import day_text
from partybuilding.core.scope import Action, organization_or_404, require
from partybuilding.organizations.models import Organization

from .. import months, selectors, services
from ..choices import PaymentSource
from ..forms import CollectForm, OpenMonthForm


def _month(year: int, month: int) -> dt.date:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    return dt.date(year, month, 1)


def _cell(request: HttpRequest, org_id: int) -> Organization:
    org = organization_or_404(request.user, org_id)
    require(request.user, Action.MANAGE_MEMBERS, org)
    return org


@login_required
def dues_collect(request: HttpRequest, org_id: int, year: int, month: int) -> HttpResponse:
    org, the_month = _cell(request, org_id), _month(year, month)
    rows = selectors.collection_rows(org, the_month)
    # The meeting page links here with its own date: the cash was collected at that meeting.
    initial = {"paid_on": request.GET.get("paid_on") or day_text(timezone.localdate()), "submission": uuid.uuid4()}
    form = CollectForm(request.POST or None, rows=rows, month=the_month, initial=initial)
    here = reverse("dues_collect", kwargs={"org_id": org.pk, "year": year, "month": month})
    if done := saved(request, form, services.payments_record, actor=request.user, source=PaymentSource.CASH, message=_paid, then=here):
        return done
    for row in rows:
        row["input"] = form[row["field"]]
    context = {
        "org": org,
        "month": the_month,
        "rows": rows,
        "form": form,
        "previous": months.add(the_month, -1),
        "next": months.add(the_month, 1),
        "totals": {k: sum(getattr(r["charge"], k) for r in rows) for k in ("due", "paid")},
    }
    return render(request, "dues/collect.html", context, status=422 if form.errors else 200)


@require_POST
@login_required
def dues_open(request: HttpRequest, org_id: int, year: int, month: int) -> HttpResponse:
    """Charge the members of the organization for the month (those not charged yet)."""
    org, the_month = _cell(request, org_id), _month(year, month)
    told(request, services.dues_open_month, actor=request.user, organization=org, month=the_month, message=_charged)
    back = reverse("dues_collect", kwargs={"org_id": org.pk, "year": year, "month": month})
    # The meeting's date, when charged from a meeting: the collection screen keeps it.
    form = OpenMonthForm(request.POST)
    paid_on = form.cleaned_data["paid_on"] if form.is_valid() else None
    return redirect(f"{back}?{urlencode({'paid_on': day_text(paid_on)})}" if paid_on else back)


def _charged(opened: services.Opened) -> str:
    return _("%(charged)s members charged; %(already)s already were; %(without)s have no dues base recorded.") % {
        "charged": number_format(opened.charged), "already": number_format(opened.already), "without": number_format(opened.without_base),
    }  # fmt: skip


def _paid(recorded: list[Any]) -> str:
    return _("%(n)s payments were recorded.") % {"n": number_format(len(recorded))}
