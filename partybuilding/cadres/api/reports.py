"""HD 11 forms 8–13 through the API, for an organization whose cadre records the user reads:
the same counting as the pages, rows × columns with their labels."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Id, documented
from partybuilding.core.errors import Refusal
from partybuilding.core.scope import Action, organization_or_404, require

from ..choices import Level
from ..statistics.counting import count
from ..statistics.forms import SLUGS, form_of, has_levels
from ..statistics.layout import Period
from ..statistics.texts import column_number, period_line
from .reports_schemas import CadreReportOut, CadreReportQuery
from .router import router

FormSlug = Annotated[
    str, Path(max_length=3, pattern="^(" + "|".join(SLUGS) + ")$", description=gettext_lazy("The form: 8a, 8b, 9, 10, 11, 12 or 13"))
]


@router.get(
    "/reports/{org_id}/{form}",
    response=documented(CadreReportOut, 403, 404, 422),
    summary=gettext_lazy("An HD 11 form (8a, 8b, 9, 10, 11, 12, 13) of an organization's subtree for a year"),
)
def cadre_report(request: HttpRequest, org_id: Id, form: FormSlug, query: Query[CadreReportQuery]) -> Any:
    if form not in SLUGS:
        raise Http404
    org = organization_or_404(request.user, org_id)
    require(request.user, Action.VIEW_CADRES, org)
    if query.on is not None and query.on.year != query.year:
        raise Refusal(_("The day counted on must fall in the year of the report."), field="on")
    level = (query.level or Level.PROVINCE) if has_levels(form) else ""
    table = count(form_of(form, level or Level.PROVINCE), org, Period.of(query.year, query.on), level)
    return {
        "organization_id": org.pk,
        "form": form,
        "code": table.form.code,
        "title": str(table.form.title),
        "year": table.period.year,
        "start": table.period.start,
        "end": table.period.end,
        "period_line": period_line(table),
        "columns": [
            {"code": h.code, "label": str(h.label), "group": str(h.group), "number": column_number(table, h)} for h in table.headers
        ],
        "rows": [
            {
                "code": line.code,
                "label": str(line.label),
                "indent": line.indent,
                "heading": line.heading,
                "average": line.average,
                "cells": [None if value is None else value if isinstance(value, int) else float(value) for value in line.cells],
            }
            for line in table.lines
        ],
        "note": str(table.form.note),
    }
