"""The assessment reports: form 6 of HD 11 and the per-subordinate table (any scope, from the
year's counters; page, Excel, PDF), the year-by-member matrix of a cell or grassroots
organization, the members not yet reviewed in a round, and the members rated "did not
complete tasks" two years running."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core import charts
from partybuilding.core.audit import audit_export
from partybuilding.core.forms import querystring
from partybuilding.core.labels import Display
from partybuilding.core.listing import Listing
from partybuilding.core.pdf import pdf_response
from partybuilding.core.scope import Action, list_scope
from partybuilding.core.xlsx import xlsx_response
from partybuilding.members.models import Member
from partybuilding.members.records.selectors import search
from partybuilding.organizations.choices import GRASSROOTS_KINDS, OrgKind

from .. import reports
from ..choices import SHORT, Level, NotRated, Stage
from ..models import MemberRating, Round
from ..report_forms import MatrixFilter, ReportPicker, RoundPicker
from ..selectors import five_years_excellent, ratings_in, round_visible, rounds_for, two_years_not_completed

PAGE_SIZE = 50
# A matrix is of one grassroots organization at most: a province's list is no matrix.
MATRIX_KINDS = {*GRASSROOTS_KINDS, OrgKind.SUB_COMMITTEE, OrgKind.CELL}
MATRIX_YEARS = 10
NOT_REVIEWED = (Stage.LISTED, Stage.SELF_ASSESSED, Stage.PROPOSED)


@dataclass
class Column:
    label: str
    value: int


def _picked(request: HttpRequest, action: Action) -> dict[str, Any]:
    """The organization (?within=, else the working scope) and the year (?year=, else the
    latest with counters), with the picker that changes them."""
    org = list_scope(request, action, required=True)
    year, years = reports.chosen_year(org, request.GET.get("year"))
    picker = ReportPicker(None, user=request.user, org=org, year=year, years=years, action=action)
    return {
        "scope": org,
        "org": org,
        "year": year,
        "years_counted": years,
        "picker": picker,
        "querystring": querystring(request),
        "today": timezone.localdate(),
    }


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


# --- form 6 --------------------------------------------------------------------------------------


def _form6(request: HttpRequest) -> dict[str, Any]:
    context = _picked(request, Action.VIEW)
    context["form6"] = reports.form6(context["scope"], context["year"])
    return context


@login_required
def form6_page(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/report_form6.html", _form6(request))


def _form6_rows(form6: reports.Form6) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("Party organizations"), "", None, None]]
    for block in form6.organizations:
        rows.append([block.code, str(block.label), None, None])
        rows += [[row.number, "  " * row.depth + str(row.label), row.total, _number(row.percent)] for row in block.rows]
    rows.append([_("Party members"), "", None, None])
    rows += [[row.number, "  " * row.depth + str(row.label), row.total, _number(row.percent)] for row in form6.members]
    # the signature block the official forms print
    rows += [["", "", None, None], ["", _("Prepared by"), _("Head of the board"), None], ["", _("Telephone:"), None, None]]
    return rows


@login_required
def form6_xlsx(request: HttpRequest) -> FileResponse:
    context = _form6(request)
    title = _("Form 6, %(year)s") % {"year": context["year"]}
    header = [_("No."), _("Criterion"), _("Total"), _("Rate (%)")]
    return xlsx_response(title, header, _form6_rows(context["form6"]), filename=f"form6-{context['scope'].code}-{context['year']}.xlsx")


@login_required
def form6_pdf(request: HttpRequest) -> HttpResponse:
    context = _form6(request)
    return pdf_response(request, "assessments/pdf/report_form6.html", context, f"form6-{context['scope'].code}-{context['year']}.pdf")


# --- the per-subordinate table --------------------------------------------------------------------

TABLE_SORTS = {"name": ("name", "code"), "code": ("code",)}


def _table(request: HttpRequest, *, paged: bool) -> dict[str, Any]:
    context = _picked(request, Action.VIEW)
    org, year = context["scope"], context["year"]
    children = reports.subordinates(org, year)
    listing = Listing(request, TABLE_SORTS, per_page=PAGE_SIZE)
    page = listing.page(children) if paged else None
    shown = list(page) if page is not None else list(listing.ordered(children))
    lines, total = reports.table(org, shown, year)
    percent, citation = reports.quota_percent(year)
    context.update(listing=listing, page=page, lines=lines, total=total, quota_percent=percent, quota_citation=citation)
    context["levels"] = [(str(level), SHORT[level], level.label) for level in SHORT]
    context["levels_chart"] = charts.column_chart(
        [Column(SHORT[Level(level)], n) for level, n in total.levels.items()], _("Members by level, %(year)s") % {"year": year}
    )
    context["quota_chart"] = charts.column_chart(
        [Column(line.organization.name, line.excellent) for line in lines],
        _("“Excellent” per subordinate organization, against the quota"),
        targets=[line.quota.limit for line in lines] if percent is not None else None,
        value_label=_("Excellent"),
        target_label=_("Quota"),
    )
    return context


@login_required
def table_page(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/report_table.html", _table(request, paged=True))


def _table_row(line: reports.Line) -> list[Any]:
    cells: list[Any] = [line.organization.code, line.organization.name, line.present, line.rated]
    for _level, n, pct in line.level_cells:
        cells += [n, _number(pct)]
    cells += [
        _number(line.excellent_share),
        line.quota.limit,
        _("over the quota") if line.over_quota else "",
        _number(line.good_share),
        _number(line.last_good_share),
        _number(line.change),
    ]
    return cells


@login_required
def table_xlsx(request: HttpRequest) -> FileResponse:
    context = _table(request, paged=False)
    header: list[Any] = [_("Code"), _("Organization"), _("Members listed"), _("Members rated")]
    for _level, short, _label in context["levels"]:
        header += [short, f"{short} (%)"]
    header += [
        _("Excellent among good or above (%)"),
        _("Quota (members)"),
        _("Quota check"),
        _("Good or above, %"),
        _("Good or above last year, %"),
        _("Change (points)"),
    ]
    rows = [_table_row(line) for line in context["lines"]]
    total = context["total"]
    rows.append(["", _("Total") + " — " + context["scope"].name, *_table_row(total)[2:]])
    title = _("Assessment %(year)s by organization") % {"year": context["year"]}
    return xlsx_response(title, header, rows, filename=f"assessment-table-{context['scope'].code}-{context['year']}.xlsx")


@login_required
def table_pdf(request: HttpRequest) -> HttpResponse:
    context = _table(request, paged=False)
    return pdf_response(
        request, "assessments/pdf/report_table.html", context, f"assessment-table-{context['scope'].code}-{context['year']}.pdf"
    )


# --- the year-by-member matrix ----------------------------------------------------------------------


@dataclass
class MatrixRow:
    member: Member
    marks: list[str]
    five_years: bool


def _mark(rating: dict[str, Any], mapping: dict[str, str]) -> str:
    if rating["stage"] == Stage.DECIDED:
        return reports.short_code(rating["level"], mapping)
    if rating["stage"] == Stage.NOT_RATED:
        return _("exempt") if rating["not_rated"] == NotRated.EXEMPTED else _("not rated")
    return "…"  # the review is not finished


def matrix_rows(members: list[Member], years: list[int], five: set[int]) -> list[MatrixRow]:
    """Each member's mark per year (the level's short code, old labels read as the current ones)."""
    maps = {year: reports.legacy_map(year) for year in years}
    ratings = MemberRating.objects.filter(member__in=members, year__in=years, counted=True).values(
        "member_id", "year", "stage", "level", "not_rated"
    )
    by_member: dict[tuple[int, int], dict[str, Any]] = {(r["member_id"], r["year"]): dict(r) for r in ratings}
    return [
        MatrixRow(m, [_mark(by_member[(m.pk, y)], maps[y]) if (m.pk, y) in by_member else "" for y in years], m.pk in five) for m in members
    ]


def _matrix(request: HttpRequest) -> dict[str, Any]:
    context = _picked(request, Action.VIEW_MEMBERS)
    org, year = context["scope"], context["year"]
    context["too_large"] = org.kind not in MATRIX_KINDS
    filters = MatrixFilter(request.GET or None)
    d = filters.cleaned_data if filters.is_valid() else {}
    context.update(filters=filters, only_five=bool(d.get("five")))
    context["years"] = sorted(y for y in context["years_counted"] if y <= year)[-MATRIX_YEARS:]
    if context["too_large"]:
        context["members"] = Member.objects.none()
        return context
    members: QuerySet[Member] = Member.objects.visible_to(request.user).in_list().within(org).select_related("organization")
    if d.get("q"):
        members = search(members, d["q"])
    if context["only_five"]:
        ids = list(members.values_list("pk", flat=True))
        members = members.filter(pk__in=five_years_excellent(ids, year))
    context["members"] = members
    return context


MATRIX_SORTS = {"name": ("sort_key",), "cell": ("organization__name", "sort_key")}


@login_required
def matrix_page(request: HttpRequest) -> HttpResponse:
    context = _matrix(request)
    listing = Listing(request, MATRIX_SORTS, per_page=PAGE_SIZE)
    page = listing.page(context["members"].order_by("sort_key", "pk"))
    shown = list(page)
    five = five_years_excellent([m.pk for m in shown], context["year"]) if shown else set()
    context.update(listing=listing, page=page, rows=matrix_rows(shown, context["years"], five))
    return render(request, "assessments/report_matrix.html", context)


@login_required
def matrix_xlsx(request: HttpRequest) -> FileResponse:
    context = _matrix(request)
    members = list(context["members"].order_by("sort_key", "pk"))
    five = five_years_excellent([m.pk for m in members], context["year"]) if members else set()
    header = [_("Full name"), _("Party cell"), *(str(y) for y in context["years"]), _("5 years excellent")]
    rows = [
        [r.member.full_name, r.member.organization.name, *r.marks, "✓" if r.five_years else ""]
        for r in matrix_rows(members, context["years"], five)
    ]
    response = xlsx_response(
        _("Assessment by year"), header, rows, filename=f"assessment-matrix-{context['scope'].code}-{context['year']}.xlsx"
    )
    audit_export(actor=request.user, what="assessment_matrix", rows=len(rows), within=context["scope"])
    return response


# --- members not yet reviewed -----------------------------------------------------------------------

UNREVIEWED_SORTS = {
    "name": ("member__sort_key",),
    "cell": ("organization__name", "member__sort_key"),
    "stage": ("stage", "member__sort_key"),
}


def _unreviewed(request: HttpRequest) -> dict[str, Any]:
    org = list_scope(request, Action.VIEW_MEMBERS, required=True)
    rounds = list(rounds_for(request.user, org)[:30])
    asked = request.GET.get("round", "")
    chosen: Round | None = None
    if asked.isdigit():
        chosen = next((r for r in rounds if r.pk == int(asked)), None)
        if chosen is None:
            found = Round.objects.select_related("organization").filter(pk=int(asked)).first()
            chosen = found if found is not None and round_visible(request.user, found) else None
    if chosen is None and not asked:
        chosen = next((r for r in rounds if r.status == "open"), rounds[0] if rounds else None)
    today = timezone.localdate()
    days = (chosen.review_until - today).days if chosen else None
    rows = ratings_in(chosen, request.user, org).filter(stage__in=NOT_REVIEWED) if chosen else MemberRating.objects.none()
    return {
        "scope": org,
        "org": org,
        "round": chosen,
        "round_picker": RoundPicker(None, rounds=rounds if chosen in rounds or chosen is None else [chosen, *rounds], chosen=chosen),
        "rows": rows,
        "days_left": days,
        "days_past": -days if days is not None and days < 0 else 0,
        "today": today,
        "querystring": querystring(request),
    }


@login_required
def unreviewed_page(request: HttpRequest) -> HttpResponse:
    context = _unreviewed(request)
    listing = Listing(request, UNREVIEWED_SORTS, per_page=PAGE_SIZE)
    context.update(listing=listing, page=listing.page(context["rows"].order_by("member__sort_key", "pk")))
    return render(request, "assessments/report_unreviewed.html", context)


@login_required
def unreviewed_xlsx(request: HttpRequest) -> FileResponse:
    display = Display()  # each choice field's labels looked up once, not once a row
    context = _unreviewed(request)
    round_ = context["round"]
    header = [_("Full name"), _("Party cell"), _("Stage"), _("Cell review meetings until"), _("Days left (negative: past)")]
    rows = [
        [r.member.full_name, r.organization.name, display(r, "stage"), round_.review_until, context["days_left"]]
        for r in context["rows"].order_by("member__sort_key", "pk")
    ]
    response = xlsx_response(_("Not yet reviewed"), header, rows, filename=f"assessment-unreviewed-{context['scope'].code}.xlsx")
    audit_export(actor=request.user, what="assessment_unreviewed", rows=len(rows), within=context["scope"])
    return response


# --- two years "did not complete tasks" -------------------------------------------------------------


@login_required
def removal_page(request: HttpRequest) -> HttpResponse:
    context = _picked(request, Action.VIEW_MEMBERS)
    rows = two_years_not_completed(context["scope"], context["year"]).order_by("member__sort_key", "pk")
    listing = Listing(request, {"name": ("member__sort_key",), "cell": ("organization__name", "member__sort_key")}, per_page=PAGE_SIZE)
    context.update(listing=listing, page=listing.page(rows))
    return render(request, "assessments/report_removal.html", context)


urlpatterns: list[URLPattern] = [
    path("reports/form6/", form6_page, name="assessment_form6"),
    path("reports/form6/excel/", form6_xlsx, name="assessment_form6_xlsx"),
    path("reports/form6/pdf/", form6_pdf, name="assessment_form6_pdf"),
    path("reports/table/", table_page, name="assessment_table"),
    path("reports/table/excel/", table_xlsx, name="assessment_table_xlsx"),
    path("reports/table/pdf/", table_pdf, name="assessment_table_pdf"),
    path("reports/matrix/", matrix_page, name="assessment_matrix"),
    path("reports/matrix/excel/", matrix_xlsx, name="assessment_matrix_xlsx"),
    path("reports/unreviewed/", unreviewed_page, name="assessment_unreviewed"),
    path("reports/unreviewed/excel/", unreviewed_xlsx, name="assessment_unreviewed_xlsx"),
    path("reports/removal/", removal_page, name="assessment_removal"),
]
