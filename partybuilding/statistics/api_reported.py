"""The figures reported before the system, through the API (/api/statistics/reported): the
sets imported, one set's figures, its differences from the records, an import (the same
checks as the page, all lines or none, a 422 report naming each wrong line) and a removal.

A set is named by the id of its first figure, as on the pages."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.
import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Path, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, Day, Id, Pages, documented
from partybuilding.core.errors import Refusal
from partybuilding.core.files import MAX_FILE_BYTES
from partybuilding.core.scope import Action, organization_or_404

from .periods import FIRST_YEAR, LAST_YEAR, PeriodError, period_of
from .places import NOW, THEN
from .reconciliation import differences, reported_delete, reported_import
from .reported_sets import period_between, plain_figure, set_or_404, sets_in

router = Router(tags=["statistics"])

FormSlug = Annotated[str, Field(max_length=16, pattern=r"^[a-z0-9][a-z0-9-]{0,15}$")]
Figure = int | float | None
SetId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The set's id: the id of its first figure"))]
FIGURES = gettext_lazy("A whole figure as an integer, an average age as a number with its decimals")


def _number(value: Decimal | int | None) -> Figure:
    found = plain_figure(value)
    return float(found) if isinstance(found, Decimal) else found


class StatisticsReportedSetOut(Schema):
    id: int = Field(description=gettext_lazy("The set's id: the id of its first figure"))
    organization_id: int
    organization_code: str = Field(description=gettext_lazy("The organization's code"))
    organization_name: str
    form: str = Field(description=gettext_lazy("The form's slug (1, 2, 2b, 3, 4, 5, 7)"))
    start: dt.date
    end: dt.date
    period: str = Field(description=gettext_lazy("The kind of period the dates make: year, half, nine, quarter, month, term, range or day"))
    period_label: str = Field(description=gettext_lazy("The period in words (“Year 2025”)"))
    figures: int = Field(description=gettext_lazy("How many figures the set holds"))
    imported_by: str | None = Field(description=gettext_lazy("The username of who imported it"))
    imported_at: dt.datetime | None = Field(description=gettext_lazy("When it was imported"))
    file_name: str = Field(description=gettext_lazy("The name of the file imported"))

    @staticmethod
    def resolve_id(obj: Any) -> int:
        return int(obj["set_id"])

    @staticmethod
    def resolve_organization_id(obj: Any) -> int:
        return int(obj["organization"])

    @staticmethod
    def resolve_form(obj: Any) -> str:
        return str(obj["form_slug"])

    @staticmethod
    def resolve_period(obj: Any) -> str:
        return period_between(obj["start"], obj["end"]).kind

    @staticmethod
    def resolve_period_label(obj: Any) -> str:
        return period_between(obj["start"], obj["end"]).label

    @staticmethod
    def resolve_figures(obj: Any) -> int:
        return int(obj["figure_count"])

    @staticmethod
    def resolve_imported_by(obj: Any) -> str | None:
        return obj["importer"]

    @staticmethod
    def resolve_file_name(obj: Any) -> str:
        return obj["file"] or ""


class StatisticsReportedFilters(Schema):
    org: Id | None = Field(None, description=gettext_lazy("An organization: the sets of its whole subtree"))
    form: FormSlug | None = Field(None, description=gettext_lazy("The form's slug"))
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description=gettext_lazy("The year the period starts in"))
    q: str = Field("", max_length=100, description=gettext_lazy("An organization's name (diacritics ignored) or code"))


class StatisticsReportedFigureOut(Schema):
    row: str = Field(description=gettext_lazy("The row's code (a code the form uses twice is qualified by its section: “II.1”)"))
    column: str = Field(description=gettext_lazy("The column's code: “this” (this period) in a comparing form"))
    value: Figure = Field(description=FIGURES)


class StatisticsReportedSetDetailOut(StatisticsReportedSetOut):
    form_code: str = Field(description=gettext_lazy("The form's code as printed (“1-BTCTW”)"))
    values: list[StatisticsReportedFigureOut] = Field(description=gettext_lazy("The figures as reported"))


class StatisticsReportedIssueOut(Schema):
    line: int = Field(description=gettext_lazy("The line in the file, as Excel numbers it"))
    column: str = Field(description=gettext_lazy("row, column or figure; empty for the whole line or file"))
    message: str
    rule: str


class StatisticsReportedImportOut(Schema):
    rows: int = Field(description=gettext_lazy("The lines of figures read"))
    imported: int = Field(description=gettext_lazy("The figures written (none if a line was wrong)"))
    replaced: int = Field(description=gettext_lazy("The figures imported before for the same organization, form and period, now replaced"))
    set_id: int | None = Field(description=gettext_lazy("The id of the set written; null when nothing was written"))
    layout: str = Field(description=gettext_lazy("form (the form's own layout) or plain (row, column, figure)"))
    issues: list[StatisticsReportedIssueOut] = Field(description=gettext_lazy("Every wrong line, with the reason"))


class StatisticsReportedLineOut(Schema):
    row: str = Field(description=gettext_lazy("The row's code (a code the form uses twice is qualified by its section: “II.1”)"))
    label: str
    heading: bool
    indent: int
    column: str
    column_label: str = Field(description=gettext_lazy("The column's heading; empty in a comparing form (one figure per row)"))
    reported: Figure = Field(description=FIGURES)
    counted: Figure = Field(description=gettext_lazy("Counted from the records now; null when the records do not hold the row"))
    difference: Figure = Field(description=gettext_lazy("Counted minus reported"))
    differs: bool = Field(description=gettext_lazy("Whether the records count another figure than the one reported"))


class StatisticsReportedDifferencesOut(Schema):
    set_id: int = Field(description=gettext_lazy("The set's id: the id of its first figure"))
    tree: str = Field(description=gettext_lazy("then or now: the tree the records were counted in"))
    day: dt.date | None = Field(description=gettext_lazy("The day a stock form counts on; null for a flow form"))
    differing: int = Field(description=gettext_lazy("How many figures differ"))
    compared: int = Field(description=gettext_lazy("How many figures were both reported and counted"))
    not_held: int = Field(description=gettext_lazy("How many reported figures the records do not hold"))
    lines: list[StatisticsReportedLineOut]


class StatisticsReportedRemovedOut(Schema):
    removed: int = Field(description=gettext_lazy("How many figures were removed"))


def _set_out(figures: Any) -> dict[str, Any]:
    return {
        "set_id": figures.id, "organization": figures.organization.pk, "organization_code": figures.organization.code,
        "organization_name": figures.organization.name, "form_slug": figures.form_slug, "start": figures.start, "end": figures.end,
        "figure_count": figures.figures, "importer": figures.recorded_by.get_username() if figures.recorded_by else None,
        "imported_at": figures.recorded_at, "file": figures.file_name,
    }  # fmt: skip


@router.get(
    "",
    response=documented(list[StatisticsReportedSetOut], 403, 404, 422),
    summary=gettext_lazy("The sets of figures imported as reported, in your scope, the latest period first"),
)
@paginate(Pages)
def list_sets(request: HttpRequest, filters: Query[StatisticsReportedFilters]) -> Any:
    within = organization_or_404(request.user, filters.org, Action.VIEW_MEMBERS) if filters.org is not None else None
    return sets_in(request.user, within, q=filters.q, form=filters.form or "", year=filters.year).order_by("-start", "-end", "set_id")


@router.get(
    "/{set_id}",
    response=documented(StatisticsReportedSetDetailOut, 403, 404, 422),
    summary=gettext_lazy("One set of reported figures, figure by figure"),
)
def read_set(request: HttpRequest, set_id: SetId) -> Any:
    figures = set_or_404(request.user, set_id)
    values = [{"row": f.row, "column": f.column, "value": _number(f.value)} for f in figures.rows().order_by("pk")]
    return {**_set_out(figures), "form_code": figures.form_code, "values": values}


@router.get(
    "/{set_id}/differences",
    response=documented(StatisticsReportedDifferencesOut, 403, 404, 422),
    summary=gettext_lazy("A set's figures against the records: reported, counted now, and the difference"),
)
def read_differences(
    request: HttpRequest,
    set_id: SetId,
    tree: Literal["then", "now"] = Query(
        THEN, description=gettext_lazy("then: the tree as it stood on the period's last day (as the report was made); now: as it stands")
    ),
) -> Any:
    figures = set_or_404(request.user, set_id)
    found = differences(figures, mode=THEN if tree == THEN else NOW)
    lines = [
        {
            "row": line.key,
            "label": str(line.row.label),
            "heading": line.heading,
            "indent": line.row.indent,
            "column": line.column,
            "column_label": line.column_label,
            "reported": _number(line.reported),
            "counted": _number(line.counted),
            "difference": _number(line.difference),
            "differs": line.differs,
        }
        for line in found.lines
    ]
    day = found.table.day if found.table.definition.kind == "stock" else None
    return {
        "set_id": figures.id, "tree": tree, "day": day, "differing": found.differing, "compared": found.compared,
        "not_held": found.not_held, "lines": lines,
    }  # fmt: skip


@router.post(
    "",
    response=documented({200: StatisticsReportedImportOut, 422: StatisticsReportedImportOut}, 403, 404, 422),
    summary=gettext_lazy(
        "Import the figures an organization reported for a form and a past period (the form's own layout or a plain sheet): "
        "every line checked, all or nothing; the figures imported before for them are replaced"
    ),
)
def import_set(
    request: HttpRequest,
    org_id: Id = Form(..., description=gettext_lazy("The organization that reported")),
    form: FormSlug = Form(..., description=gettext_lazy("The form's slug (1, 2, 2b, 3, 4, 5, 7)")),
    period: Literal["year", "half", "nine", "quarter", "month", "term", "range", "day"] = Form("year"),
    year: int | None = Form(None, ge=FIRST_YEAR, le=LAST_YEAR),
    quarter: int | None = Form(None, ge=1, le=4),
    month: int | None = Form(None, ge=1, le=12),
    to_year: int | None = Form(None, ge=FIRST_YEAR, le=LAST_YEAR),
    start: Day | None = Form(None, alias="from", description=gettext_lazy("The first day, for period=range")),
    end: Day | None = Form(None, alias="to", description=gettext_lazy("The last day, for period=range")),
    on: Day | None = Form(None, description=gettext_lazy("The day the figures were as of, for period=day")),
    file: UploadedFile = File(...),
) -> Any:
    organization = organization_or_404(request.user, org_id, Action.MANAGE_MEMBERS)
    given = {"period": period, "year": year, "quarter": quarter, "month": month, "to_year": to_year, "from": start, "to": end, "on": on}
    try:
        chosen = period_of({name: value for name, value in given.items() if value is not None}, timezone.localdate())
    except PeriodError as error:
        raise Refusal(str(error), field="period") from error
    report = reported_import(
        actor=request.user, organization=organization, slug=form, period=chosen, content=file.read(MAX_FILE_BYTES + 1),
        name=file.name or "",
    )  # fmt: skip
    body = {
        "rows": report.rows, "imported": report.imported, "replaced": report.replaced, "set_id": report.set_id,
        "layout": report.layout, "issues": [issue.as_dict() for issue in report.issues],
    }  # fmt: skip
    return (200 if report.ok else 422), body


@router.delete(
    "/{set_id}",
    response=documented(StatisticsReportedRemovedOut, 403, 404, 422),
    summary=gettext_lazy("Remove a set of reported figures (the comparison columns count from the records again)"),
)
def delete_set(request: HttpRequest, set_id: SetId) -> Any:
    figures = set_or_404(request.user, set_id, Action.MANAGE_MEMBERS)
    return {"removed": reported_delete(actor=request.user, figures=figures)}
