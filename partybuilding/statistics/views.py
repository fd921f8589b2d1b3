"""The statistics pages: the list of the HD 11 forms with the picker; a form for a node, a
period and a tree (the page with its charts, the Excel in the form's layout, the PDF to
sign); the node's children side by side; and the list behind any figure.

The figures are aggregates of members' records: a node's forms are for the roles that see
its members (404 outside the scope, 403 without the right). A parameter that cannot be read
(a period that does not parse, a row the form does not have) is said on the page (400)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_export
from partybuilding.core.exporting import is_short
from partybuilding.core.jobs import start
from partybuilding.core.listing import Listing
from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action, scope_of
from partybuilding.core.xlsx import xlsx_response
from partybuilding.members.choices import MemberStatus
from partybuilding.members.records.exports import Counted

from . import drill_lists
from .children import ChildLine, SideBySide, column_of, side_by_side
from .display import shown
from .engine import Header, Table, count, version_for
from .export import file_name, workbook_response, write_children, write_form
from .forms import Choice, ChoiceError, Picker, chosen_by, picked, versions_of
from .graphs import charts_of
from .models import FormVersion
from .periods import Period
from .texts import agency, failed_check_text, figure, form_code, period_line, signature, unit_line, version_line

# The forms in the order HD 11 numbers them.
ORDER = ("1", "2", "2b", "3", "4", "5", "7")
LANDSCAPE_FROM = 5  # a form with more figure columns than 4 is printed across the page


def _fallback(request: HttpRequest) -> Any:
    return lambda: scope_of(request, Action.VIEW_MEMBERS)


def _refused(request: HttpRequest, template: str, error: ChoiceError, **context: Any) -> HttpResponse:
    """The page with its picker as sent and what could not be read (400)."""
    data = request.GET.copy()
    if not data.get("node"):
        data["node"] = error.org.picker_text  # the organization counted stays the one shown
    picker = Picker(data, user=request.user, choice=None)
    picker.is_valid()
    if str(error) not in picker.non_field_errors() and not any(str(error) in errors for errors in picker.errors.values()):
        picker.add_error(None, str(error))
    kept = [(name, request.GET[name][:40]) for name in ("version", "row", "column") if request.GET.get(name)]
    context = {"picker": picker, "error": str(error), "org": error.org, "kept": kept, **context}
    return render(request, template, context, status=400)


def _form_order(slug: str) -> tuple[int, str]:
    return (ORDER.index(slug) if slug in ORDER else len(ORDER), slug)


@dataclass(frozen=True)
class Listed:
    """A form on the list: the version in force at the period's end, the others, its link."""

    slug: str
    version: FormVersion
    older: list[FormVersion]
    url: str


def _listed(slug: str, period: Period, query: str) -> Listed:
    versions = versions_of(slug)
    in_force = version_for(slug, period.end) or versions[0]  # the one the form's page counts with
    return Listed(slug, in_force, [v for v in versions if v != in_force], f"{reverse('statistics_form', args=[slug])}?{query}")


@login_required
def form_list(request: HttpRequest) -> HttpResponse:
    """The forms (code, title, the version in force for the period chosen and the older
    ones), each linked with the node, the period and the tree the picker holds."""
    today = timezone.localdate()
    try:
        org, period, mode = picked(request.user, request.GET, today, _fallback(request))
    except ChoiceError as error:
        return _refused(request, "statistics/form_list.html", error, forms=[])
    slugs = sorted(set(FormVersion.objects.values_list("slug", flat=True)), key=_form_order)
    query = urlencode({"org": org.pk, **period.query(), "tree": mode})
    forms = [_listed(slug, period, query) for slug in slugs]
    choice = Choice(org, period, mode, forms[0].version, today) if forms else None
    context = {"picker": Picker(None, user=request.user, choice=choice), "org": org, "period": period, "forms": forms, "query": query}
    return render(request, "statistics/form_list.html", context)


def _counted(choice: Choice) -> Table:
    return count(choice.version, choice.org, choice.period, mode=choice.mode, today=choice.today)


def _drill_link(slug: str, choice: Choice) -> Any:
    base = reverse("statistics_drill", args=[slug])
    return lambda position, header: f"{base}?{urlencode(choice.query(row=position, column=header.code, version=choice.version.pk))}"


def _printed(table: Table) -> dict[str, Any]:
    """What the page and the PDF print around the figures."""
    name, board = agency(table)
    return {
        "table": table,
        "definition": table.definition,
        "agency_name": name,
        "agency_board": board,
        "form_code": form_code(table.definition),
        "title": str(table.definition.title),
        "period_line": period_line(table.period, table.definition, table.today),
        "unit_line": unit_line(table.definition),
        "signature": signature(table.definition),
        "version_line": version_line(table.version),
        "failed_checks": failed_check_text(table),
        "note": str(table.definition.note) if table.definition.note else "",
        "org": table.org,
        "today": table.today,
    }


@login_required
def form_page(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    try:
        choice = chosen_by(request, slug, today)
    except ChoiceError as error:
        return _refused(request, "statistics/form.html", error, slug=slug)
    table = _counted(choice)
    view = shown(table, _drill_link(slug, choice))
    query = urlencode(choice.query())
    context = {
        **_printed(table),
        "slug": slug,
        "view": view,
        "charts": charts_of(view),
        "picker": Picker(None, user=request.user, choice=choice),
        "query": query,
        "versions": versions_of(slug),
        "version": choice.version,
        "chosen_version": choice.chosen_version,
        "kept": [(name, value) for name, value in choice.query().items() if name == "version"],
        "version_links": {v.pk: urlencode(choice.query(version=v.pk)) for v in versions_of(slug)},
    }
    return render(request, "statistics/form.html", context)


@login_required
def form_xlsx(request: HttpRequest, slug: str) -> HttpResponseBase:
    today = timezone.localdate()
    try:
        choice = chosen_by(request, slug, today)
    except ChoiceError as error:
        return _refused(request, "statistics/form.html", error, slug=slug)
    table = _counted(choice)
    return workbook_response(write_form, table, filename=file_name(table, "xlsx"))


@login_required
def form_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    try:
        choice = chosen_by(request, slug, today)
    except ChoiceError as error:
        return _refused(request, "statistics/form.html", error, slug=slug)
    table = _counted(choice)
    context = {**_printed(table), "view": shown(table), "landscape": len(table.headers) >= LANDSCAPE_FROM}
    return pdf_response(request, "statistics/form_pdf.html", context, file_name(table, "pdf"))


def _side_by_side(request: HttpRequest, slug: str) -> tuple[Choice, SideBySide]:
    today = timezone.localdate()
    choice = chosen_by(request, slug, today)
    table = _counted(choice)
    column: Header | None = column_of(table, request.GET.get("column", ""))
    if column is None:
        raise ChoiceError(_("The form has no column %(column)s.") % {"column": request.GET.get("column", "")[:20]}, choice.org)
    return choice, side_by_side(choice.version, choice.org, choice.period, mode=choice.mode, today=today, column=column, node=table)


def _child_cells(slug: str, choice: Choice, side: SideBySide, line: ChildLine) -> list[tuple[str, str]]:
    """Each child's figure (and the node's) as written, with the list behind it when the records give it."""
    index = side.node.headers.index(side.column)
    cells = side.node.lines[line.position - 1].cells
    counted = bool(cells) and cells[index].request is not None
    base = reverse("statistics_drill", args=[slug])
    found = []
    for org, value in zip([*side.children, choice.org], line.values, strict=True):
        query = {**choice.query(row=line.position, column=side.column.code, version=choice.version.pk), "org": str(org.pk)}
        found.append(("" if line.heading else figure(value), f"{base}?{urlencode(query)}" if counted and value is not None else ""))
    return found


@login_required
def children_page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        choice, side = _side_by_side(request, slug)
    except ChoiceError as error:
        return _refused(request, "statistics/children.html", error, slug=slug)
    table = side.node
    query = urlencode(choice.query(column=side.column.code))
    lines = [{**vars(line), "cells": _child_cells(slug, choice, side, line)} for line in side.lines]
    context = {
        **_printed(table),
        "slug": slug,
        "side": side,
        "lines": lines,
        "numbers": [str(n) for n in range(1, len(side.children) + 2)],
        "picker": Picker(None, user=request.user, choice=choice),
        "kept": [("column", side.column.code), *((n, v) for n, v in choice.query().items() if n == "version")],
        "picker_query": sorted(choice.query().items()),
        "child_queries": {child.pk: urlencode({**choice.query(), "org": child.pk}) for child in side.children},
        "query": query,
        "form_query": urlencode(choice.query()),
        "columns": [] if table.definition.compare else list(table.headers),
    }
    return render(request, "statistics/children.html", context)


@login_required
def children_xlsx(request: HttpRequest, slug: str) -> HttpResponseBase:
    try:
        _choice, side = _side_by_side(request, slug)
    except ChoiceError as error:
        return _refused(request, "statistics/children.html", error, slug=slug)
    return workbook_response(write_children, side, filename=file_name(side.node, "xlsx", children=True))


def _asked(request: HttpRequest, slug: str) -> drill_lists.Asked:
    choice = chosen_by(request, slug, timezone.localdate())
    return drill_lists.figure_asked(choice, request.GET.get("row", ""), request.GET.get("column", ""))


@login_required
def drill_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The members (or organizations) behind one figure; reading them is audited."""
    try:
        asked = _asked(request, slug)
    except ChoiceError as error:
        return _refused(request, "statistics/drill.html", error, slug=slug)
    found = drill_lists.listed(asked)
    text = request.GET.get("q", "").strip()[:100]
    rows = drill_lists.searched(found, text)
    sorts = drill_lists.MEMBER_SORTS if found.of_members else drill_lists.ORGANIZATION_SORTS
    listing = Listing(request, sorts, per_page=50, sortable=not text)
    page = listing.page(rows)
    drill_lists.read_audited(request.user, asked, page.paginator.count)
    choice = asked.choice
    context = {
        "slug": slug,
        "asked": asked,
        "choice": choice,
        "org": choice.org,
        "form_code": form_code(asked.definition),
        "title": str(asked.definition.title),
        "period_label": choice.period.label,
        "period_line": period_line(choice.period, asked.definition, choice.today),
        "row_label": str(asked.row.label),
        "column_label": str(asked.column.label),
        "of_members": found.of_members,
        "page": page,
        "listing": listing,
        "q": text,
        "kept": sorted(asked.query().items()),
        "query": urlencode(asked.query()),
        "export_query": urlencode({**asked.query(), **({"q": text} if text else {})}),
        "form_query": urlencode(choice.query()),
        "status_labels": dict(MemberStatus.choices),
    }
    return render(request, "statistics/drill.html", context)


@login_required
def drill_xlsx(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The list behind the figure as Excel, audited as an export of personal data; a long
    one is written by a background job whose page offers the file."""
    try:
        asked = _asked(request, slug)
    except ChoiceError as error:
        return _refused(request, "statistics/drill.html", error, slug=slug)
    found = drill_lists.listed(asked)
    text = request.GET.get("q", "").strip()[:100]
    rows = drill_lists.searched(found, text)
    if is_short(rows):
        written = Counted(drill_lists.rows(rows, found.of_members))
        response = xlsx_response(
            drill_lists.sheet_title(asked), drill_lists.header(found.of_members), written, filename=drill_lists.export_file_name(asked)
        )
        audit_export(actor=request.user, what="statistics_drill", rows=written.count, within=asked.choice.org, **asked.about())
        return response
    params = {"slug": slug, "query": {**asked.query(), "q": text}, "today": asked.choice.today.isoformat()}
    job = start("statistics.drill_export", user=request.user, org_path=asked.choice.org.path, params=params)
    return redirect("job_page", pk=job.pk)
