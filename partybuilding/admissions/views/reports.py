"""The admission report of a scope: the page, Excel and PDF from one selector."""

from __future__ import annotations

from decimal import Decimal
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
from ..report import BREAKDOWNS, Figures, admission_report, lagging_units


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


def _figures_row(figures: Figures) -> list[Any]:
    """Admitted, target, % of the target, then each breakdown's count and its share of the admitted."""
    cells: list[Any] = [figures.admitted, figures.target, _number(figures.percent)]
    for n, share in figures.breakdown_cells():
        cells += [n, _number(share)]
    return cells


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _rows(context: dict[str, Any]) -> list[list[Any]]:
    report = context["report"]
    rows = []
    for year in report.years:
        for unit in report.units:
            rows.append([year, unit.organization.name, *_figures_row(unit.years[year])])
        rows.append([year, _("Total") + " — " + report.scope.name, *_figures_row(report.total[year])])
    return rows


@login_required
def admission_report_xlsx(request: HttpRequest) -> FileResponse:
    context = _context(request)
    header = [_("Year"), _("Organization"), _("Admitted"), _("Target"), _("Percent of the target")]
    for _key, label in context["breakdowns"]:
        header += [label, _("%(breakdown)s (%% of the admitted)") % {"breakdown": label}]
    return xlsx_response(_("Admissions"), header, _rows(context), filename=f"admissions-{context['scope'].code}.xlsx")


@login_required
def admission_report_pdf(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    context["org"] = context["scope"]
    return pdf_response(request, "admissions/pdf/report.html", context, f"admissions-{context['scope'].code}.pdf")
