"""The reports of an organization (`?within=`): documents issued per kind and issuer in a
year with the year before; the implementation of tasks per child organization (of one
document, `?document=`, or all of them); a study campaign's completion (`?campaign=`). Each
as a page with its charts, an Excel file and a PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _

from partybuilding.core import charts
from partybuilding.core.forms import querystring
from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action, list_scope, visible_or_404
from partybuilding.organizations.models import Organization

from ..forms.reports import ReportPicker
from ..models import Document, StudyCampaign
from ..statistics.export import printed_on, workbook_response
from ..statistics.implementation import ImplementationReport, ImplementationRow, of_document, overall
from ..statistics.issued import IssuedReport, issued
from ..statistics.sentence import sentences
from ..statistics.study import StudyReport, completion
from ..statistics.tables import Table, implementation_table, issued_table, study_table, year_on_year_table

REPORTS = ("issued", "implementation", "study")


class Bar:
    def __init__(self, label: str, value: int) -> None:
        self.label, self.value = label, value


def tasks_list_url(scope: Organization, row: ImplementationRow, document: Document | None) -> str:
    """The tasks list filtered to the row's organization (and the document)."""
    query = {"within": (row.organization or scope).pk, **({"document": document.pk} if document else {})}
    return f"{reverse('directive_tasks')}?{urlencode(query)}"


def kinds_chart(report: IssuedReport) -> Any:
    title = _("Documents issued in %(year)s by kind") % {"year": report.year}
    return charts.bar_chart([Bar(k.name, k.this_year) for k in report.kinds if k.this_year], title)


def percent_chart(labels: list[str], percents: list[float | None], title: str) -> Any:
    """Percent done per organization as bars over 100 (rounded: a bar needs whole numbers)."""
    figures = [Bar(label, round(p)) for label, p in zip(labels, percents, strict=True) if p is not None]
    return charts.bar_chart(figures, title, whole=0) if figures else charts.bar_chart([], title)


def _label(scope: Organization, org: Organization | None) -> str:
    return org.name if org else _("%(organization)s itself") % {"organization": scope.name}


def _reports(request: HttpRequest) -> dict[str, Any]:
    scope = list_scope(request, Action.VIEW, required=True)
    today = timezone.localdate()
    picker = ReportPicker(request.GET or None, user=request.user, org=scope, today=today)
    data = picker.cleaned_data if picker.is_valid() else {}
    year = data.get("year") or today.year
    # a document or campaign out of the user's reach answers 404, like a missing one
    document = visible_or_404(Document, request.user, request.GET["document"]) if request.GET.get("document") else None
    campaign = visible_or_404(StudyCampaign, request.user, request.GET["campaign"]) if request.GET.get("campaign") else None
    documents = issued(scope, year, today, lower=bool(data.get("lower")))
    tasks = of_document(document, scope, today) if document else overall(scope, today)
    study = completion(campaign, scope) if campaign else None
    return {
        "scope": scope,
        "org": scope,
        "today": today,
        "year": year,
        "picker": picker,
        "querystring": querystring(request),
        "documents": documents,
        "sentences": sentences(documents),
        "tasks": tasks,
        "study": study,
        "tables": _tables(documents, tasks, study),
    }


def _tables(documents: IssuedReport, tasks: ImplementationReport, study: StudyReport | None) -> dict[str, list[Table]]:
    return {
        "issued": [issued_table(documents), year_on_year_table(documents)],
        "implementation": [implementation_table(tasks)],
        "study": [study_table(study)] if study else [],
    }


@login_required
def reports_page(request: HttpRequest) -> HttpResponse:
    context = _reports(request)
    scope, tasks, study = context["scope"], context["tasks"], context["study"]
    context["task_rows"] = [(row, tasks_list_url(scope, row, tasks.document)) for row in tasks.rows]
    context["tasks_link"] = tasks_list_url(scope, tasks.whole, tasks.document)
    context["kinds_chart"] = kinds_chart(context["documents"])
    context["tasks_chart"] = percent_chart(
        [_label(scope, row.organization) for row in tasks.rows],
        [row.figures.percent_done for row in tasks.rows],
        _("Percent of tasks done"),
    )
    if study:
        context["study_chart"] = percent_chart(
            [_label(scope, row.organization) for row in study.rows],
            [row.percent for row in study.rows],
            _("Percent of members who studied"),
        )
    return render(request, "directives/report_page.html", context)


def _chosen(context: dict[str, Any], report: str) -> list[Table]:
    if report not in REPORTS:
        raise Http404
    tables = context["tables"][report]
    if not tables:  # the study report names its campaign
        raise Http404
    return tables


@login_required
def reports_xlsx(request: HttpRequest, report: str) -> FileResponse:
    context = _reports(request)
    tables = _chosen(context, report)
    filename = f"{report}-{context['scope'].code}-{context['year']}.xlsx"
    return workbook_response(tables, printed_on(context["today"]), filename=filename)


@login_required
def reports_pdf(request: HttpRequest, report: str) -> HttpResponse:
    context = _reports(request)
    context["chosen"] = _chosen(context, report)
    context["report"] = report
    filename = f"{report}-{context['scope'].code}-{context['year']}.pdf"
    response = pdf_response(request, "directives/report_pdf.html", context, filename)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    return response


urlpatterns: list[URLPattern] = [
    path("reports/", reports_page, name="directive_reports"),
    path("reports/<slug:report>/excel/", reports_xlsx, name="directive_reports_xlsx"),
    path("reports/<slug:report>/pdf/", reports_pdf, name="directive_reports_pdf"),
]
