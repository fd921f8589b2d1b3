"""The inspection statistics and the overdue board through the API: the same counting and
selectors as the pages, for an organization the user may inspect."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.errors import Refusal
from partybuilding.core.scope import Action, organization_or_404, require

from ..selectors.overdue import Board
from ..statistics.counting import count
from ..statistics.definitions import FORMS, SUMMARY
from ..statistics.narrative import narrative
from ..statistics.periods import Period, ReportPeriod, period_of
from .reports_schemas import OverdueOut, OverdueQuery, StatisticsOut, StatisticsQuery
from .router import router


def _period(query: StatisticsQuery) -> Period:
    if query.period == ReportPeriod.RANGE:
        if query.start is None or query.end is None:
            raise Refusal(_("A range needs both its first and its last day."), field="start" if query.start is None else "end")
        if query.start > query.end:
            raise Refusal(_("The last day comes before the first."), field="end")
    if query.period == ReportPeriod.QUARTER and query.number > 4:
        raise Refusal(_("A year has four quarters."), field="number")
    return period_of(query.period, year=query.year, number=query.number, start=query.start, end=query.end)


def _period_out(period: Period) -> dict[str, Any]:
    return {"label": period.label(), "start": period.start, "end": period.end}


@router.get(
    "/statistics",
    response=documented(StatisticsOut, 403, 404, 422),
    summary=gettext_lazy("A statistical form of an organization's subtree for a period, with the same period last year"),
)
def statistics(request: HttpRequest, query: Query[StatisticsQuery]) -> Any:
    org = organization_or_404(request.user, query.within)
    require(request.user, Action.INSPECT, org)
    table = count(FORMS[query.form], org, _period(query))
    rows = [
        {
            "key": line.key,
            "label": str(line.label),
            "depth": line.depth,
            "heading": line.heading,
            "this_period": None if line.heading else line.this,
            "last_year": None if line.heading else line.last,
            "percent": line.percent,
            "share": line.share,
        }
        for line in table.lines
    ]
    return {
        "form": table.form.code,
        "title": str(table.form.title),
        "period": _period_out(table.period),
        "previous": _period_out(table.previous),
        "rows": rows,
        "narrative": narrative(table, org) if query.form == SUMMARY.code else [],
    }


@router.get(
    "/overdue",
    response=documented(list[OverdueOut], 403, 404, 422),
    summary=gettext_lazy("Inspection work past its deadline in an organization's subtree (never who denounced)"),
)
@paginate(Pages)
def overdue_board(request: HttpRequest, query: Query[OverdueQuery]) -> Any:
    org = organization_or_404(request.user, query.within)
    require(request.user, Action.INSPECT, org)
    return Board(org, timezone.localdate(), query.kind)
