"""Arrears (who owes what, for which months) and the collection report of a scope, as
pages and Excel, from the selectors the API uses too."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partybuilding.core.audit import audit_export
from partybuilding.core.exporting import is_short
from partybuilding.core.forms import querystring
from partybuilding.core.jobs import start
from partybuilding.core.listing import Listing
from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action, can, list_scope, scope_of
from partybuilding.core.xlsx import xlsx_response

from .. import exports, selectors
from ..forms import ArrearsFilterForm, ReportForm

PAGE_SIZE = 50
ARREARS_SORTS = {
    "name": ("member__sort_key",),
    "cell": ("member__organization__name", "member__sort_key"),
    "months": ("months", "owed"),
    "owed": ("owed",),
}


def _arrears(request: HttpRequest) -> dict[str, Any]:
    scope, today = list_scope(request, Action.VIEW_MEMBERS), timezone.localdate()
    form = ArrearsFilterForm(request.GET or None)
    d = form.cleaned_data if form.is_valid() else {}
    rows = selectors.arrears(scope, year=d.get("year"), today=today, min_months=d.get("min_months") or 0, q=d.get("q") or "")
    return {"scope": scope, "form": form, "rows": rows, "year": d.get("year"), "today": today, "querystring": querystring(request)}


@login_required
def arrears_page(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request)
    if not request.GET.get("within") and scope is not None and not can(request.user, Action.VIEW_MEMBERS, scope):
        return redirect("dues_me")  # a plain member's way in from the menu: their own account
    context = _arrears(request)
    listing = Listing(request, ARREARS_SORTS, per_page=PAGE_SIZE, tie_breaker="member_id")
    page = listing.page(context["rows"])
    context.update(page=page, listing=listing)
    context["lines"] = selectors.arrears_rows(list(page), context["scope"], context["year"], context["today"])
    year = context["year"] or context["today"].year
    context["threshold"], context["citation"] = selectors.removal_threshold(year)
    return render(request, "dues/arrears.html", context)


@login_required
def arrears_xlsx(request: HttpRequest) -> HttpResponseBase:
    """The arrears as Excel: at once when short, else as a background job (its page shows
    the progress and offers the file). Who owes what: audited with the number of rows."""
    context = _arrears(request)
    scope, rows = context["scope"], context["rows"]
    if not is_short(rows):
        job = start("dues.arrears_export", user=request.user, org_path=scope.path, params={"query": request.GET.dict(), "within": scope.pk})
        return redirect("job_page", pk=job.pk)
    written = exports.Counted(exports.arrears_rows(rows, scope, context["year"], context["today"]))
    response = xlsx_response(_("Arrears"), exports.arrears_header(), written, filename=exports.file_name(scope))
    audit_export(actor=request.user, what="dues_arrears", rows=written.count, within=scope)  # personal data: who owes what
    return response


def _report(request: HttpRequest) -> dict[str, Any]:
    scope, today = list_scope(request, Action.VIEW_MEMBERS), timezone.localdate()
    form = ReportForm(request.GET or None)
    first, last = form.period(today)
    return {
        "scope": scope,
        "form": form,
        "report": selectors.report(scope, first, last),
        "rate_chart": selectors.rate_chart(scope, first, last),
        "querystring": querystring(request),
    }


@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    return render(request, "dues/report.html", _report(request))


@login_required
def report_xlsx(request: HttpRequest) -> FileResponse:
    context = _report(request)
    report = context["report"]
    header = [_("Organization"), _("Due"), _("Collected"), _("Exempted"), _("Reduced"), _("Outstanding"), _("Collection rate (%)")]

    def cells(name: str, line: selectors.Line) -> list[Any]:
        return [name, line.due, line.collected, line.exempted, line.reduced, line.outstanding, line.rate]

    rows = [cells(line.organization.name, line) for line in report.lines]
    rows.append(cells(pgettext("the sum of a column", "Total") + " — " + report.scope.name, report.total))
    filename = f"dues-report-{report.scope.code}-{report.first:%Y%m}-{report.last:%Y%m}.xlsx"
    return xlsx_response(_("Dues collection"), header, rows, filename=filename)


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The collection report to print: the rate by month as a chart, then the table."""
    context = {**_report(request), "today": timezone.localdate()}
    context["org"] = context["scope"]
    report = context["report"]
    return pdf_response(
        request, "dues/pdf/report.html", context, f"dues-report-{report.scope.code}-{report.first:%Y%m}-{report.last:%Y%m}.pdf"
    )
