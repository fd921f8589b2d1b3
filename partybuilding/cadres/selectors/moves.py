"""Reads of moves: one move in scope, a scope's list with its filters, and the periodic change
of post due — cadres in a post prone to corruption for the months of the rule (or reaching
them within the notice), not moved since they took it up — with its attention line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partybuilding.core import attention
from partybuilding.core.dates import add_months, latest_start
from partybuilding.core.records import day_text
from partybuilding.core.rules import rule_value
from partybuilding.core.scope import Action, can, visible_or_404
from partybuilding.core.text import search_key

from ..models import Holding, Move

PERIODIC_KEY = "cadres.periodic_change_months"
NOTICE_KEY = "cadres.periodic_change_notice_days"  # listed this long before it falls due, to prepare it


def move_or_404(user: Any, pk: Any, action: Action | None = None) -> Move:
    rows = Move.objects.select_related("cadre", "organization", "from_position", "to_position")
    found: Move = visible_or_404(rows, user, pk, action)
    return found


def moves_in(user: Any, scope: Any) -> QuerySet[Move]:
    rows = Move.objects.visible_to(user).select_related("cadre", "organization", "from_position", "to_position")
    return rows.within(scope) if scope is not None else rows


def filtered_moves(rows: QuerySet[Move], filters: dict[str, Any]) -> QuerySet[Move]:
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    if filters.get("direction"):
        rows = rows.filter(direction=filters["direction"])
    if filters.get("year"):
        rows = rows.filter(starts_on__year=filters["year"])
    if filters.get("q"):
        rows = rows.filter(cadre__name_search__contains=search_key(filters["q"]))
    return rows


# --- periodic change of post due ---------------------------------------------------------------


def periodic_months(today: dt.date) -> int:
    return int(rule_value(PERIODIC_KEY, today))


def periodic_notice_days(today: dt.date) -> int:
    return int(rule_value(NOTICE_KEY, today))


def _within(rows: Any, scope: Any) -> QuerySet[Holding]:
    return rows.within(scope) if scope is not None else rows


@dataclass(frozen=True)
class PeriodicRow:
    holding: Holding
    due_on: dt.date  # the day the cadre completes the months of the rule in the post
    days_left: int


def periodic_due(user: Any, scope: Any, today: dt.date, filters: dict[str, Any] | None = None) -> QuerySet[Holding]:
    """Posts prone to corruption held since the rule's months before the notice's horizon (the
    change due now or within the notice), by a cadre not moved since taking the post up."""
    filters = filters or {}
    horizon = today if filters.get("past") else today + dt.timedelta(days=periodic_notice_days(today))
    moved = Move.objects.filter(cadre=OuterRef("cadre"), starts_on__gt=OuterRef("started_on"))
    rows = (
        _within(Holding.objects.visible_to(user), scope)
        .filter(
            ended_on__isnull=True, position__corruption_prone=True, started_on__lte=latest_start(horizon, months=periodic_months(today))
        )
        .exclude(Exists(moved))
        .select_related("cadre", "position", "position__managed_by")
    )
    if filters.get("q"):
        rows = rows.filter(
            Q(cadre__name_search__contains=search_key(filters["q"])) | Q(position__name_search__contains=search_key(filters["q"]))
        )
    return rows.order_by("started_on", "pk")


def periodic_rows(holdings: Any, today: dt.date) -> list[PeriodicRow]:
    months = periodic_months(today)
    rows = []
    for h in holdings:
        due = add_months(h.started_on, months)
        rows.append(PeriodicRow(h, due, (due - today).days))
    return rows


@attention.register
def periodic_lines(scope: Any, today: dt.date, user: Any) -> list[attention.Item]:
    """Changes of post due in the scope (within the notice), with the nearest."""
    if not can(user, Action.VIEW_CADRES, scope):
        return []
    rows = periodic_due(user, scope, today)
    count = rows.count()
    first = rows.values_list("started_on", flat=True).first() if count else None
    detail = str(_("nearest due on %(date)s") % {"date": day_text(add_months(first, periodic_months(today)))}) if first else ""
    return [
        attention.Item(
            str(_("Periodic changes of post due")), count, detail=detail, url=attention.link("cadre_periodic_due", within=scope.pk)
        )
    ]
