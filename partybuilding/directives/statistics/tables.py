"""The three reports as plain tables (a title, a header, rows and a totals row), the same
for the Excel file and the PDF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .implementation import ImplementationReport, ImplementationRow
from .issued import IssuedReport
from .study import StudyReport, StudyRow


@dataclass
class Table:
    title: str
    subtitle: str
    header: list[str]
    rows: list[list[Any]]  # numbers stay numbers; a percent is a float, or None when there is nothing to count
    totals: list[Any]
    percent_columns: tuple[int, ...] = ()


def issued_table(report: IssuedReport) -> Table:
    header = [_("Issuer"), *(f"{k.name} ({k.code})" for k in report.kinds), _("Total"), _("of which withdrawn"), _("Total last year")]
    rows = []
    for group in report.groups:
        for line in group.lines:
            label = line.issuer.name if group.own else f"{line.issuer.name} — {line.issuer.organization.name}"
            rows.append([label, *(line.counts.get(k.code, 0) for k in report.kinds), line.total, line.withdrawn, line.last_year])
    totals = [_("Total"), *(k.this_year for k in report.kinds), report.total, report.withdrawn, report.last_total]
    scope_words = _("the organization and the levels below") if report.lower else _("the organization's own issuers")
    return Table(_("Documents issued in %(year)s") % {"year": report.year}, f"{report.scope.name} — {scope_words}", header, rows, totals)


def year_on_year_table(report: IssuedReport) -> Table:
    header = [_("Kind of document"), str(report.year), str(report.year - 1), _("Change")]
    rows = [[f"{k.name} ({k.code})", k.this_year, k.last_year, k.change] for k in report.kinds]
    totals = [_("Total"), report.total, report.last_total, report.total - report.last_total]
    title = _("Documents issued: %(year)s compared with %(last)s") % {"year": report.year, "last": report.year - 1}
    return Table(title, report.scope.name, header, rows, totals)


def _implementation_cells(row: ImplementationRow, label: str) -> list[Any]:
    f = row.figures
    return [label, row.total, f.done_on_time, f.done_late, f.overdue, row.open_in_time, f.cancelled, f.percent_done]


def implementation_header() -> list[str]:
    return [
        _("Organization"),
        _("Tasks"),
        _("Done on time"),
        _("Done late"),
        pgettext("tasks", "Overdue"),
        _("Open, within the deadline"),
        pgettext("tasks", "Cancelled"),
        _("Percent done"),
    ]


def own_label(scope: Any) -> str:
    return _("%(organization)s itself") % {"organization": scope.name}


def implementation_table(report: ImplementationReport) -> Table:
    rows = [_implementation_cells(row, row.organization.name if row.organization else own_label(report.scope)) for row in report.rows]
    if report.document is not None:
        title = _("Implementation of %(number)s") % {"number": report.document.number}
        subtitle = f"{report.document.title} — {report.scope.name}"
    else:
        title, subtitle = _("Implementation of tasks"), report.scope.name
    totals = _implementation_cells(report.whole, _("Total"))
    return Table(title, subtitle, implementation_header(), rows, totals, percent_columns=(7,))


def _study_cells(row: StudyRow, label: str) -> list[Any]:
    return [label, row.assigned, row.done, row.left, row.percent]


def study_header() -> list[str]:
    return [_("Organization"), _("Members who must study"), _("Studied"), _("Not yet"), _("Percent studied")]


def study_table(report: StudyReport) -> Table:
    rows = [_study_cells(row, row.organization.name if row.organization else own_label(report.scope)) for row in report.rows]
    title = _("Study completion: %(campaign)s") % {"campaign": report.campaign.title}
    return Table(title, report.scope.name, study_header(), rows, _study_cells(report.whole, _("Total")), percent_columns=(4,))
