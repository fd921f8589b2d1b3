"""The HD 11 forms 8–13 of an organization (`?within=`) for a year: the list of forms, a
page per form with its picker, the form as Excel in its own layout, and as a PDF to sign."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone

from partybuilding.core.forms import querystring
from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action, list_scope

from ..forms.reports import ReportPicker
from ..statistics.counting import Table, count
from ..statistics.export import workbook_response
from ..statistics.forms import SLUGS, form_of, has_levels
from ..statistics.texts import column_number, period_line, signature


def report_forms() -> list[Any]:
    """Every form; forms 9 and 12 under the province's letter (their page picks the level)."""
    return [form_of(slug) for slug in SLUGS]


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request, Action.VIEW_CADRES, required=True)
    return render(request, "cadres/report_list.html", {"scope": scope, "forms": report_forms(), "querystring": querystring(request)})


def _table(request: HttpRequest, slug: str) -> tuple[Table, ReportPicker]:
    if slug not in SLUGS:
        raise Http404
    scope = list_scope(request, Action.VIEW_CADRES, required=True)
    levels = has_levels(slug)
    picker = ReportPicker(request.GET or None, user=request.user, org=scope, today=timezone.localdate(), levels=levels)
    period, level = picker.chosen()
    form = form_of(slug, level)
    return count(form, scope, period, level if levels else ""), picker


def _context(request: HttpRequest, table: Table) -> dict[str, Any]:
    return {
        "scope": table.scope,
        "org": table.scope,
        "today": timezone.localdate(),
        "table": table,
        "period_line": period_line(table),
        "numbers": [column_number(table, header) for header in table.headers],
        "signature": signature(),
        "querystring": querystring(request),
    }


@login_required
def report_page(request: HttpRequest, form: str) -> HttpResponse:
    table, picker = _table(request, form)
    return render(request, "cadres/report_form.html", {**_context(request, table), "picker": picker, "slug": form})


def _filename(table: Table, extension: str) -> str:
    return f"{table.form.code}-{table.scope.code}-{table.period.end:%Y%m%d}.{extension}"


@login_required
def report_xlsx(request: HttpRequest, form: str) -> FileResponse:
    table, _picker = _table(request, form)
    return workbook_response(table, filename=_filename(table, "xlsx"))


@login_required
def report_pdf(request: HttpRequest, form: str) -> HttpResponse:
    table, _picker = _table(request, form)
    return pdf_response(request, "cadres/report_pdf.html", _context(request, table), _filename(table, "pdf"))


urlpatterns: list[URLPattern] = [
    path("reports/", report_list, name="cadre_reports"),
    path("reports/<slug:form>/", report_page, name="cadre_report"),
    path("reports/<slug:form>/excel/", report_xlsx, name="cadre_report_xlsx"),
    path("reports/<slug:form>/pdf/", report_pdf, name="cadre_report_pdf"),
]
