"""The pages of the reported figures: the sets imported (filters, pages, Excel), the import
with its line-by-line report, one set's figures, its differences from the records (Excel),
and its removal."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partybuilding.core.audit import audit_export
from partybuilding.core.forms import form_page, guarded, posted, saved
from partybuilding.core.listing import Listing
from partybuilding.core.records import day_text
from partybuilding.core.scope import Action, can, list_scope, scope_of
from partybuilding.core.xlsx import xlsx_response

from .engine import version_for
from .reconciliation import ImportReport, differences, reported_delete, reported_import
from .reported_export import differences_rows, plain_template, set_rows
from .reported_forms import DifferencesForm, ImportForm, RemoveForm, SetFilterForm
from .reported_reading import PLAIN_COLUMNS, row_keys
from .reported_sets import ReportedSet, as_sets, following, plain_figure, set_or_404, sets_in

SORTS = {
    "period": ("start", "end"),
    "organization": ("organization__path",),
    "form": ("form_slug",),
    "imported": ("imported_at",),
    "figures": ("figure_count",),
}
EXPORT_LIMIT = 20_000


def _crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Statistics"), reverse("statistics")), (_("Reported figures"), reverse("statistics_reported")), *more]


def _listed(request: HttpRequest) -> tuple[Any, SetFilterForm, Any]:
    within = list_scope(request, Action.VIEW_MEMBERS, required=True)
    form = SetFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = sets_in(request.user, within, q=filters.get("q") or "", form=filters.get("form") or "", year=filters.get("year"))
    return within, form, found


@login_required
def reported_list(request: HttpRequest) -> HttpResponse:
    within, form, found = _listed(request)
    listing = Listing(request, SORTS, per_page=50, tie_breaker="set_id")
    page = listing.page(found)
    context = {
        "form": form,
        "within": within,
        "listing": listing,
        "page": page,
        "sets": as_sets(page.object_list),
        "export_query": listing.querystring,
        "may_import": can(request.user, Action.MANAGE_MEMBERS, within),
    }
    return render(request, "statistics/reported_list.html", context)


@login_required
def reported_list_xlsx(request: HttpRequest) -> FileResponse:
    within, _form, found = _listed(request)
    sets = as_sets(found[:EXPORT_LIMIT])
    audit_export(actor=request.user, what="statistics.reported_sets", rows=len(sets), within=within)
    header = [_("Organization"), _("Code"), _("Form"), _("Period"), _("From"), _("To"), _("Figures"), _("Imported by"), _("Imported on"), _("File")]  # fmt: skip
    return xlsx_response(_("Reported figures"), header, set_rows(sets), filename=f"reported-figures-{within.code}.xlsx")


@login_required
def reported_import_page(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request, Action.MANAGE_MEMBERS)
    today = timezone.localdate()
    initial = {"organization": scope, "period": "year", "year": today.year - 1}
    form = ImportForm(posted(request), request.FILES or None, user=request.user, initial=initial)
    report: ImportReport | None = None
    if request.method == "POST" and form.is_valid():
        report = guarded(form, reported_import, actor=request.user, **form.params())
        if report is not None and report.ok and report.set_id:
            messages.success(request, _imported_message(report))
            return redirect("statistics_reported_set", pk=report.set_id)
    title = _("Import figures as reported")
    status = 422 if form.is_bound else 200
    return form_page(
        request, form, title=title, back=reverse("statistics_reported"), crumbs=_crumbs((title, request.path)), status=status,
        template="statistics/reported_import.html", report=report, submit=_("Check and import"), plain_columns=PLAIN_COLUMNS.values(),
    )  # fmt: skip


def _imported_message(report: ImportReport) -> str:
    imported = ngettext("%(n)d figure was imported.", "%(n)d figures were imported.", report.imported) % {"n": report.imported}
    if not report.replaced:
        return imported
    replaced = ngettext(
        "It replaces %(n)d figure imported before for the same organization, form and period.",
        "They replace %(n)d figures imported before for the same organization, form and period.",
        report.replaced,
    ) % {"n": report.replaced}
    return f"{imported} {replaced}"


@login_required
def reported_template(request: HttpRequest) -> FileResponse:
    """A plain sheet to fill in: every row and figure column of the form, the figures blank."""
    slug = request.GET.get("form", "")[:16]
    version = version_for(slug, timezone.localdate()) if slug else None
    if version is None:
        raise Http404
    header = [f"{vi} / {en}" for vi, en in PLAIN_COLUMNS.values()] + [_("Criterion")]
    return xlsx_response(version.code, header, plain_template(version), filename=f"reported-{version.slug}-template.xlsx")


def _set_crumbs(figures: ReportedSet, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return _crumbs((str(figures), reverse("statistics_reported_set", args=[figures.id])), *more)


@login_required
def reported_set(request: HttpRequest, pk: int) -> HttpResponse:
    figures = set_or_404(request.user, pk)
    definition = figures.definition
    keys = row_keys(definition) if definition else []
    rows = dict(zip(keys, definition.rows, strict=True)) if definition else {}
    order = {key: n for n, key in enumerate(keys)}
    found = sorted(figures.rows(), key=lambda f: (order.get(f.row, len(order)), f.row, f.column))
    lines = [(f, rows.get(f.row), plain_figure(f.value)) for f in found]
    context = {
        "figures": figures,
        "lines": lines,
        "crumbs": _crumbs((str(figures), request.path)),
        "may_delete": can(request.user, Action.MANAGE_MEMBERS, figures.organization),
        "compare": bool(definition and definition.compare),
        "form_url": _form_url(figures),
    }
    return render(request, "statistics/reported_set.html", context)


def _form_url(figures: ReportedSet) -> str:
    """The form for the period after (its comparison column reads these figures)."""
    query = {"org": figures.organization.pk, **following(figures.period).query()}
    return reverse("statistics_form", args=[figures.form_slug]) + "?" + urlencode(query)


@login_required
def reported_differences(request: HttpRequest, pk: int) -> HttpResponse:
    figures = set_or_404(request.user, pk)
    form = DifferencesForm(request.GET or None)
    found = differences(figures, mode=form.mode)
    only = form.is_valid() and form.cleaned_data.get("only")
    lines = [line for line in found.lines if line.differs or line.not_held] if only else found.lines
    title = _("Differences from the records")
    context = {
        "figures": figures,
        "found": found,
        "lines": lines,
        "form": form,
        "title": title,
        "crumbs": _set_crumbs(figures, (title, request.path)),
        "export_query": request.GET.urlencode(),
        "stock_day": day_text(found.table.day) if found.table.definition.kind == "stock" else "",
    }
    return render(request, "statistics/reported_differences.html", context)


@login_required
def reported_differences_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    figures = set_or_404(request.user, pk)
    form = DifferencesForm(request.GET or None)
    found = differences(figures, mode=form.mode)
    rows = differences_rows(found)
    audit_export(actor=request.user, what="statistics.reported_differences", rows=len(rows), within=figures.organization, set=figures.id)
    header = [_("Row"), _("Criterion"), _("Column"), _("As reported"), _("Counted from the records"), _("Difference"), _("Differs")]
    name = f"differences-{figures.form_slug}-{figures.organization.code}-{figures.start:%Y%m%d}-{figures.end:%Y%m%d}.xlsx"
    return xlsx_response(_("Differences"), header, rows, filename=name)


@login_required
def reported_delete_page(request: HttpRequest, pk: int) -> HttpResponse:
    figures = set_or_404(request.user, pk, Action.MANAGE_MEMBERS)
    form = RemoveForm(posted(request))
    message = ngettext("%(n)d figure was removed.", "%(n)d figures were removed.", figures.figures) % {"n": figures.figures}
    if done := saved(request, form, reported_delete, actor=request.user, figures=figures, message=message, then=reverse("statistics_reported")):  # fmt: skip
        return done
    title = _("Remove the figures reported")
    question = _("Remove the %(n)s figures of %(set)s? The comparison columns will count from the records again.") % {
        "n": figures.figures, "set": figures,
    }  # fmt: skip
    back = reverse("statistics_reported_set", args=[figures.id])
    return form_page(
        request, form, title=title, back=back, crumbs=_set_crumbs(figures, (title, request.path)), confirm=question,
        submit=_("Remove"), question=question, template="statistics/reported_delete.html",
    )  # fmt: skip


urlpatterns: list[URLPattern] = [
    path("reported/", reported_list, name="statistics_reported"),
    path("reported/excel/", reported_list_xlsx, name="statistics_reported_xlsx"),
    path("reported/import/", reported_import_page, name="statistics_reported_import"),
    path("reported/template/", reported_template, name="statistics_reported_template"),
    path("reported/<int:pk>/", reported_set, name="statistics_reported_set"),
    path("reported/<int:pk>/differences/", reported_differences, name="statistics_reported_differences"),
    path("reported/<int:pk>/differences/excel/", reported_differences_xlsx, name="statistics_reported_differences_xlsx"),
    path("reported/<int:pk>/delete/", reported_delete_page, name="statistics_reported_delete"),
]
