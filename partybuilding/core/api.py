from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from .api_docs import gettext_lazy
from .api_types import Day, documented
from .calendar import add_working_days
from .rules import rules_in_force

router = Router(tags=["rules"])


class RuleOut(Schema):
    key: str
    label: str
    value: Any
    unit: str
    citation: str
    rule_set: str
    effective_from: dt.date


@router.get("", response=documented(list[RuleOut], 422), summary=gettext_lazy("The rules in force on a date (today by default)"))
def list_rules(request: HttpRequest, on: Day | None = None) -> list[dict[str, Any]]:
    day = on or timezone.localdate()
    return [
        {
            "key": r.key,
            "label": str(r.label),
            "value": r.value,
            "unit": str(r.unit),
            "citation": r.citation,
            "rule_set": r.rule_set_code,
            "effective_from": r.effective_from,
        }
        for r in rules_in_force(day)
    ]


MAX_WORKING_DAYS = 1000  # about four years: past any deadline a rule counts in working days


class WorkingDayOut(Schema):
    start: dt.date
    working_days: int
    date: dt.date


@router.get(
    "/working-days",
    response=documented(WorkingDayOut, 422),
    summary=gettext_lazy("The date N working days after a date (before it, for N below 0)"),
)
def working_days(request: HttpRequest, start: Day, days: int = Query(..., ge=-MAX_WORKING_DAYS, le=MAX_WORKING_DAYS)) -> dict[str, Any]:
    return {"start": start, "working_days": days, "date": add_working_days(start, days)}
