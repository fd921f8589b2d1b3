"""The inspection commissions' statistics: any form of an organization's subtree for a
period, with the same period last year (page, Excel with every form, PDF); the summary with
its narrative line and the chart of members disciplined by form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core import charts
from partybuilding.core.forms import querystring
from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action, list_scope

from ..forms.reports import StatisticsPicker
from ..statistics.counting import Table, count
from ..statistics.definitions import FORMS, MEMBER_FORMS, SUMMARY
from ..statistics.export import workbook_response
from ..statistics.narrative import narrative


@dataclass
class Column:
    label: str
    value: int


def members_chart(summary: Table) -> Any:
    """Members disciplined by form: this period's columns, last year's marks across them."""
    lines = [summary.value(f"members.form.{code}") for code in MEMBER_FORMS]
    return charts.column_chart(
        [Column(str(line.label), line.this) for line in lines],
        _("Party members disciplined by form"),
        targets=[line.last for line in lines],
        value_label=summary.period.label(),
        target_label=summary.previous.label(),
    )


def _statistics(request: HttpRequest) -> dict[str, Any]:
    org = list_scope(request, Action.INSPECT, required=True)
    picker = StatisticsPicker(request.GET or None, user=request.user, org=org, today=timezone.localdate())
    code, period = picker.chosen()
    table = count(FORMS[code], org, period)
    context: dict[str, Any] = {"scope": org, "picker": picker, "table": table, "forms": FORMS, "querystring": querystring(request)}
    if code == SUMMARY.code:
        context["narrative"] = narrative(table, org)
        context["chart"] = members_chart(table)
    return context


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    return render(request, "inspections/report_statistics.html", _statistics(request))


@login_required
def statistics_xlsx(request: HttpRequest) -> FileResponse:
    """Every form, one sheet each, for the organization and period picked."""
    context = _statistics(request)
    org, period = context["scope"], context["table"].period
    tables = [count(form, org, period) for form in FORMS.values()]
    return workbook_response(tables, org, filename=f"inspection-statistics-{org.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx")


@login_required
def statistics_pdf(request: HttpRequest) -> HttpResponse:
    context = _statistics(request)
    table = context["table"]
    filename = f"inspection-{table.form.code}-{context['scope'].code}-{table.period.start:%Y%m%d}.pdf"
    return pdf_response(request, "inspections/pdf/report_statistics.html", context, filename)


urlpatterns: list[URLPattern] = [
    path("reports/", statistics_page, name="inspection_reports"),
    path("reports/excel/", statistics_xlsx, name="inspection_reports_xlsx"),
    path("reports/pdf/", statistics_pdf, name="inspection_reports_pdf"),
]
