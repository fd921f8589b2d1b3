"""The HD 11 forms 1–7 through the API, with the same parameters as the pages: the counted
table of a node for a period, the members or organizations behind one figure (personal
data: reading audited), and the consistency check as a background job. A node's forms are
for the roles that see its members."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Path, Query, Router

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, Pages, documented
from partybuilding.core.errors import Refusal
from partybuilding.core.models import Job
from partybuilding.core.scope import Action, organization_or_404, require, scope_of
from partybuilding.organizations.models import Organization

from . import drill_lists
from .api_schemas import (
    FORM_SLUG,
    StatisticsCheckIn,
    StatisticsCheckOut,
    StatisticsCheckStartedOut,
    StatisticsDrillOut,
    StatisticsDrillQuery,
    StatisticsFormOut,
    StatisticsTableOut,
    StatisticsTableQuery,
)
from .consistency import KIND, check_start
from .engine import LAST, Table, Value, count
from .forms import Choice, ChoiceError, chosen
from .models import FormVersion
from .periods import Period, PeriodError, period_of

router = Router(tags=["statistics"])

CheckId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The check's background job"))]
FormSlug = Annotated[str, Path(max_length=16, pattern=FORM_SLUG, description=gettext_lazy("The form: 1, 2, 2b, 3, 4, 5 or 7"))]


# --- what every operation reads: the same choice as the pages (forms.py) ------------------------


def choice_of(request: HttpRequest, slug: str, query: StatisticsTableQuery) -> Choice:
    """The node (404 outside the scope; the one the user works in by default; 403 without
    the right to see its members), the period, the tree and the version, read as the
    pages read them; what cannot be read is a 422 with the page's message."""
    params: dict[str, Any] = {**query.params(), "tree": query.tree}
    if query.org is not None:
        params["org"] = str(query.org)
    if query.version is not None:
        params["version"] = str(query.version)
    try:
        return chosen(request.user, params, slug, timezone.localdate(), lambda: scope_of(request, Action.VIEW_MEMBERS))
    except ChoiceError as error:
        raise Refusal(str(error), field="period") from error


def node_of(request: HttpRequest, org_id: int | None) -> Organization:
    """The organization asked for (404 outside the scope), else the one the user works in;
    its figures need the right to see its members (403)."""
    org = organization_or_404(request.user, org_id) if org_id is not None else scope_of(request)
    if org is None:
        raise Http404
    require(request.user, Action.VIEW_MEMBERS, org)
    return org


def _node(org: Organization) -> dict[str, Any]:
    return {"id": org.pk, "code": org.code, "name": org.name}


def _period(period: Period) -> dict[str, Any]:
    return {"kind": period.kind, "start": period.start, "end": period.end, "label": period.label}


def _value(value: Value) -> int | str | None:
    """A count as a number; an average or a percent as its exact decimal text."""
    return str(value) if isinstance(value, Decimal) else value


# --- the forms and their tables ---------------------------------------------------------------


@router.get("/forms", response=documented(list[StatisticsFormOut]), summary=gettext_lazy("The HD 11 statistical forms: every version, with its dates"))  # fmt: skip
def list_forms(request: HttpRequest) -> Any:
    today = timezone.localdate()
    return [
        {**{f: getattr(v, f) for f in ("id", "slug", "code", "title_vi", "title_en", "valid_from", "valid_to", "source")},
         "in_force": v.valid_from <= today and (v.valid_to is None or v.valid_to >= today)}
        for v in FormVersion.objects.order_by("slug", "valid_from")
    ]  # fmt: skip


@router.get(
    "/forms/{slug}",
    response=documented(StatisticsTableOut, 403, 404, 422),
    summary=gettext_lazy("A form counted for an organization's subtree and a period, as the page shows it"),
)
def form_table(request: HttpRequest, slug: FormSlug, query: Query[StatisticsTableQuery]) -> Any:
    choice = choice_of(request, slug, query)
    return table_json(count(choice.version, choice.org, choice.period, mode=choice.mode, today=choice.today))


def table_json(table: Table) -> dict[str, Any]:
    definition, width = table.definition, len(table.headers)
    return {
        "form": definition.slug,
        "version_id": table.version.pk,
        "code": definition.code,
        "title": str(definition.title),
        "unit": str(definition.unit),
        "stock": definition.kind == "stock",
        "node": _node(table.org),
        "period": _period(table.period),
        "day": table.day,
        "tree": table.mode,
        "headers": [
            {"code": h.code, "label": str(h.label), "group": str(h.group) if h.group else None, "number": h.number, "percent": h.percent}
            for h in table.headers
        ],
        "lines": [
            {
                "position": position,
                "code": line.row.code,
                "label": str(line.row.label),
                "indent": line.row.indent,
                "heading": line.heading,
                "not_recorded": line.not_recorded,
                "average": bool(line.row.average),
                "values": [_value(cell.value) for cell in line.cells] or [None] * width,
                "drillable": [cell.request is not None for cell in line.cells] or [False] * width,
            }
            for position, line in enumerate(table.lines, start=1)
        ],
        "reported_last": table.reported_last,
        "failed_checks": [{"row": row, "sum": total, "figure": figure} for row, total, figure in table.failed_checks],
        "note": str(definition.note) if definition.note else "",
    }


# --- the list behind a figure ------------------------------------------------------------------


@router.get(
    "/forms/{slug}/drill",
    response=documented(StatisticsDrillOut, 403, 404, 422),
    summary=gettext_lazy("The members or organizations behind one figure of a form, by page (the reading is audited)"),
)
def form_drill(request: HttpRequest, slug: FormSlug, query: Query[StatisticsDrillQuery]) -> Any:
    choice = choice_of(request, slug, query)
    try:
        asked = drill_lists.figure_asked(choice, str(query.row), query.column)
    except ChoiceError as error:
        raise Refusal(str(error), field="row") from error
    found = drill_lists.listed(asked)
    size = Pages()._get_page_size(query.page_size)
    first = (query.page - 1) * size
    page, total = list(found.rows[first : first + size]), found.rows.count()
    drill_lists.read_audited(request.user, asked, total)
    shown = choice.period.previous() if asked.request.period == LAST else choice.period
    members = [
        {"id": m.pk, "full_name": m.full_name, "organization_id": m.organization_id, "organization_name": m.organization.name, "status": m.status}
        for m in page
    ] if found.of_members else []  # fmt: skip
    organizations = [] if found.of_members else [
        {"id": o.pk, "code": o.code, "name": o.name, "kind": o.kind, "unit_type": o.unit_type} for o in page
    ]  # fmt: skip
    return {
        "form": asked.definition.slug,
        "code": asked.definition.code,
        "row": query.row,
        "row_code": asked.row.code,
        "row_label": str(asked.row.label),
        "column": asked.column.code,
        "column_label": str(asked.column.label),
        "node": _node(choice.org),
        "period": _period(shown),
        "of": "members" if found.of_members else "organizations",
        "count": total,
        "members": members,
        "organizations": organizations,
    }


# --- the consistency check ---------------------------------------------------------------------


@router.post(
    "/checks",
    response=documented({202: StatisticsCheckStartedOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Start a consistency check: each organization's figures against its children's, as a background job"),
)
def start_check(request: HttpRequest, payload: StatisticsCheckIn) -> Any:
    today = timezone.localdate()
    org = node_of(request, payload.org)
    try:
        period = period_of(payload.params(), today)
    except PeriodError as error:  # the message the pages give, as a 422
        raise Refusal(str(error), field="period") from error
    job = check_start(user=request.user, org=org, period=period, mode=payload.tree, forms=payload.forms, depth=payload.depth, today=today)
    status_url = reverse("api:statistics_check", kwargs={"job_id": job.pk})
    return 202, {"job_id": job.pk, "url": reverse("job_page", args=[job.pk]), "status_url": status_url}


@router.get(
    "/checks/{job_id}",
    response=documented(StatisticsCheckOut, 403, 404, 422),
    summary=gettext_lazy("A consistency check you started: its progress, then the differences found"),
    url_name="statistics_check",
)
def get_check(request: HttpRequest, job_id: CheckId) -> Any:
    job = Job.objects.filter(pk=job_id, created_by_id=request.user.pk, kind=KIND).first()
    if job is None:
        raise Http404
    node_of(request, job.params.get("org"))  # the right to see the node's members, still held
    return {
        **{f: getattr(job, f) for f in ("id", "status", "phase", "done", "total", "message", "created_at", "finished_at")},
        "url": reverse("job_page", args=[job.pk]),
        "result": job.result if job.status == "done" else None,
    }
