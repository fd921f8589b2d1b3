"""The shapes of the cadre reports API (HD 11 forms 8–13), documented in both languages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt

from ninja import Field, Schema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Day, Year

from ..statistics.forms import LEVELS

LEVEL_CODES = "^(" + "|".join(["", *LEVELS]) + ")$"


class CadreReportQuery(Schema):
    year: Year = Field(description=gettext_lazy("The year of the report"))
    level: str = Field(
        "",
        max_length=12,
        pattern=LEVEL_CODES,
        description=gettext_lazy("Forms 9 and 12: province, district or commune (province if empty)"),
    )
    on: Day | None = Field(None, description=gettext_lazy("The day stocks are counted on, in the year (31 December if empty)"))


class CadreReportColumnOut(Schema):
    code: str = Field(description=gettext_lazy("The column's code (a title, a level, a direction…)"))
    label: str
    group: str
    number: str


class CadreReportRowOut(Schema):
    code: str = Field(description=gettext_lazy("The row's number as the form prints it; empty for the total"))
    label: str
    indent: int
    heading: bool
    average: bool
    cells: list[int | float | None]


class CadreReportOut(Schema):
    organization_id: int
    form: str = Field(description=gettext_lazy("The form asked for: 8a, 8b, 9, 10, 11, 12 or 13"))
    code: str = Field(description=gettext_lazy("The form's code as printed (9A-BTCTW…)"))
    title: str
    year: int
    start: dt.date
    end: dt.date
    period_line: str
    columns: list[CadreReportColumnOut]
    rows: list[CadreReportRowOut] = Field(description=gettext_lazy("The form's rows, in order"))
    note: str
