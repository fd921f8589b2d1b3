"""The overdue board: by scope, how many of each kind of inspection work are past their
deadline, and the list (one kind or all), each row with its days late and a link to its
record; paged, and in Excel. Needs the inspection right over the organization."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.forms import querystring
from partybuilding.core.listing import Listing
from partybuilding.core.scope import Action, list_scope
from partybuilding.core.xlsx import xlsx_response

from ..selectors.overdue import KINDS, Board, overdue

PAGE_SIZE = 50


def _board(request: HttpRequest) -> dict[str, Any]:
    org = list_scope(request, Action.INSPECT, required=True)
    today = timezone.localdate()
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS else ""
    rows = Board(org, today, kind)
    return {
        "scope": org,
        "today": today,
        "kind": kind,
        "kinds": [(name, label, rows.counted[name]) for name, label in KINDS.items()],
        "rows": rows,
        "querystring": querystring(request),
    }


@login_required
def overdue_page(request: HttpRequest) -> HttpResponse:
    context = _board(request)
    listing = Listing(request, per_page=PAGE_SIZE, sortable=False)
    context.update(listing=listing, page=listing.page(context["rows"]))
    return render(request, "inspections/overdue.html", context)


@login_required
def overdue_xlsx(request: HttpRequest) -> FileResponse:
    context = _board(request)
    header = [_("Kind"), _("What"), _("Subject"), _("Organization"), _("Due on"), _("Days late (negative: days left)")]
    board = context["rows"]
    rows = [[r.kind_label, r.what, r.subject, r.organization, r.due, r.days_late] for r in overdue(board.org, board.today, board.kind)]
    return xlsx_response(_("Overdue inspection work"), header, rows, filename=f"inspection-overdue-{context['scope'].code}.xlsx")


urlpatterns: list[URLPattern] = [
    path("overdue/", overdue_page, name="inspection_overdue"),
    path("overdue/excel/", overdue_xlsx, name="inspection_overdue_xlsx"),
]
