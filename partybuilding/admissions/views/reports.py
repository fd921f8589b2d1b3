"""The admission report of a scope: the page, Excel and PDF from one selector."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action, list_scope
from partybuilding.core.xlsx import xlsx_response

from ..forms import ReportForm
from ..report import BREAKDOWNS, admission_report, lagging_units


def _context(request: HttpRequest) -> dict[str, Any]:
    # Aggregates of member records: for the roles that see members, as the dashboard does.
    scope = list_scope(request, Action.VIEW_MEMBERS)
    form = ReportForm(request.GET or None)
    from_year, to_year, flag_on, below = form.choices()
    query = request.GET.copy()
    return {
        "scope": scope,
        "form": form,
        "report": admission_report(scope, from_year, to_year),
        "lagging": lagging_units(scope, flag_on, below),
        "flag_on": flag_on,
        "below": below,
        "breakdowns": [(key, label) for key, label, _q in BREAKDOWNS],
        "querystring": query.urlencode(),
        "today": timezone.localdate(),
    }


@login_required
def admission_report_page(request: HttpRequest) -> HttpResponse:
    return render(request, "admissions/report.html", _context(request))


def _rows(context: dict[str, Any]) -> list[list[Any]]:
    report = context["report"]
    keys = [key for key, _label in context["breakdowns"]]
    rows = []
    for year in report.years:
        for unit in report.units:
            f = unit.years[year]
            rows.append(
                [year, unit.organization.name, f.admitted, f.target, f.percent and float(f.percent), *[f.breakdown.get(k, 0) for k in keys]]
            )
        total = report.total[year]
        rows.append(
            [year, _("Total") + " — " + report.scope.name, total.admitted, total.target, total.percent and float(total.percent)]
            + [total.breakdown.get(k, 0) for k in keys]
        )
    return rows


@login_required
def admission_report_xlsx(request: HttpRequest) -> FileResponse:
    context = _context(request)
    header = [_("Year"), _("Organization"), _("Admitted"), _("Target"), _("%"), *[label for _key, label in context["breakdowns"]]]
    return xlsx_response(_("Admissions"), header, _rows(context), filename=f"admissions-{context['scope'].code}.xlsx")


@login_required
def admission_report_pdf(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    context["org"] = context["scope"]
    return pdf_response(request, "admissions/pdf/report.html", context, f"admissions-{context['scope'].code}.pdf")
