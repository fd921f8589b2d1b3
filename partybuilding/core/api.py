from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

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


@router.get("", response=list[RuleOut], summary="The rules in force on a date (today by default)")
def list_rules(request: HttpRequest, on: dt.date | None = None) -> list[dict[str, Any]]:
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


class WorkingDayOut(Schema):
    start: dt.date
    working_days: int
    date: dt.date


@router.get("/working-days", response=WorkingDayOut, summary="The date N working days after a date")
def working_days(request: HttpRequest, start: dt.date, days: int) -> dict[str, Any]:
    return {"start": start, "working_days": days, "date": add_working_days(start, days)}
