"""The shapes of the statistics and overdue-board API, with their documentation in both languages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Day, Id, Year

from ..selectors.overdue import KINDS
from ..statistics.definitions import FORMS
from ..statistics.periods import ReportPeriod

FORM_CODES = "^(" + "|".join(FORMS) + ")$"
OVERDUE_KINDS = "^(" + "|".join(["", *KINDS]) + ")$"


class StatisticsQuery(Schema):
    within: Id = Field(description=gettext_lazy("An organization: its whole subtree is counted"))
    form: str = Field(
        "summary", max_length=20, pattern=FORM_CODES, description=gettext_lazy("The form: summary, THKL_DV, THKL_TCD, KTDV_D30, …")
    )
    period: ReportPeriod = Field(ReportPeriod.YEAR, description=gettext_lazy("month, quarter, half, nine, year, term or range"))
    year: Year = Field(description=gettext_lazy("The year (a term: its first year)"))
    number: int = Field(1, ge=1, le=12, description=gettext_lazy("The month (1–12) or the quarter (1–4)"))
    start: Day | None = Field(None, description=gettext_lazy("A range's first day"))
    end: Day | None = Field(None, description=gettext_lazy("A range's last day"))


class PeriodOut(Schema):
    label: str
    start: dt.date
    end: dt.date


class StatisticsRowOut(Schema):
    key: str = Field(description=gettext_lazy("The row's code; empty for a heading"))
    label: str
    depth: int
    heading: bool
    this_period: int | None
    last_year: int | None = Field(description=gettext_lazy("The same period last year (the previous term for a term)"))
    percent: Decimal | None = Field(description=gettext_lazy("This period in percent of last year's; none when that was zero"))
    share: Decimal | None = Field(description=gettext_lazy("For an “of which” row: its share of the whole, in %"))


class StatisticsOut(Schema):
    form: str
    title: str
    period: PeriodOut
    previous: PeriodOut
    rows: list[StatisticsRowOut]
    narrative: list[str] = Field(description=gettext_lazy("The report's sentences (the summary only)"))


class OverdueQuery(Schema):
    within: Id = Field(description=gettext_lazy("An organization: its whole subtree"))
    kind: str = Field("", max_length=20, pattern=OVERDUE_KINDS, description=gettext_lazy("One kind of work; empty for all"))


class OverdueOut(Schema):
    kind: str
    what: str
    subject: str
    organization: str
    due: dt.date
    days_late: int = Field(description=gettext_lazy("Days past the deadline (negative: days left)"))
    url: str
