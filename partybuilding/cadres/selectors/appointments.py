"""Reads of appointment records: one record in scope, a scope's list with its filters, and the
re-appointments due — posts whose term ends within the notice of the rule, counted in working
days of the Vietnamese calendar (Tết and holidays not counted), or already past, with no
re-appointment record open — with their line on the attention list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partybuilding.core import attention
from partybuilding.core.calendar import add_working_days, working_days_between
from partybuilding.core.records import day_text
from partybuilding.core.rules import rule_value
from partybuilding.core.scope import Action, can, visible_or_404
from partybuilding.core.text import search_key

from ..choices import OPEN_APPOINTMENT_STATES, AppointmentKind
from ..models import Appointment, Holding

NOTICE_KEY = "cadres.reappointment_notice_working_days"


def appointment_or_404(user: Any, pk: Any, action: Action | None = None) -> Appointment:
    rows = Appointment.objects.select_related("cadre", "position", "organization", "holding")
    found: Appointment = visible_or_404(rows, user, pk, action)
    return found


def appointments_in(user: Any, scope: Any) -> QuerySet[Appointment]:
    rows = Appointment.objects.visible_to(user).select_related("cadre", "position", "organization")
    return rows.within(scope) if scope is not None else rows


def filtered_appointments(rows: QuerySet[Appointment], filters: dict[str, Any]) -> QuerySet[Appointment]:
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    if filters.get("state"):
        rows = rows.filter(state=filters["state"])
    if filters.get("year"):
        rows = rows.filter(proposed_on__year=filters["year"])
    if filters.get("q"):
        rows = rows.filter(
            Q(cadre__name_search__contains=search_key(filters["q"])) | Q(position__name_search__contains=search_key(filters["q"]))
        )
    return rows


# --- re-appointments due ------------------------------------------------------------------------


def notice_days(today: dt.date) -> int:
    return int(rule_value(NOTICE_KEY, today))


def due_until(today: dt.date) -> dt.date:
    """The last term end already due on `today`: a term ending on day T is due from T counted
    back by the notice in working days, which is on or before `today` exactly when T comes no
    later than the notice counted forward from `today`."""
    return add_working_days(today, notice_days(today))


def due_from(term_ends: dt.date, today: dt.date) -> dt.date:
    """The first day a re-appointment is due: the term's end counted back by the notice."""
    return add_working_days(term_ends, -notice_days(today))


def _within(rows: Any, scope: Any) -> QuerySet[Holding]:
    return rows.within(scope) if scope is not None else rows


@dataclass(frozen=True)
class DueRow:
    holding: Holding
    due_from: dt.date
    days_left: int  # calendar days to the term's end (negative: past)
    working_days_left: int


def reappointments_due(user: Any, scope: Any, today: dt.date, filters: dict[str, Any] | None = None) -> QuerySet[Holding]:
    """Posts held whose term is due for a re-appointment, nearest first."""
    filters = filters or {}
    opened = Appointment.objects.filter(holding=OuterRef("pk"), kind=AppointmentKind.REAPPOINTMENT, state__in=OPEN_APPOINTMENT_STATES)
    rows = (
        _within(Holding.objects.visible_to(user), scope)
        .filter(ended_on__isnull=True, term_ends__isnull=False, term_ends__lte=due_until(today))
        .exclude(Exists(opened))
        .select_related("cadre", "position", "position__managed_by")
    )
    if filters.get("past"):
        rows = rows.filter(term_ends__lt=today)
    if filters.get("q"):
        rows = rows.filter(
            Q(cadre__name_search__contains=search_key(filters["q"])) | Q(position__name_search__contains=search_key(filters["q"]))
        )
    return rows.order_by("term_ends", "pk")


def due_rows(holdings: Any, today: dt.date) -> list[DueRow]:
    return [DueRow(h, due_from(h.term_ends, today), (h.term_ends - today).days, working_days_between(today, h.term_ends)) for h in holdings]


@attention.register
def reappointment_lines(scope: Any, today: dt.date, user: Any) -> list[attention.Item]:
    """Re-appointments due in the scope, with the nearest term's end."""
    if not can(user, Action.VIEW_CADRES, scope):
        return []
    rows = reappointments_due(user, scope, today)
    count = rows.count()
    nearest = rows.values_list("term_ends", flat=True).first() if count else None
    detail = str(_("nearest term end: %(date)s") % {"date": day_text(nearest)}) if nearest else ""
    return [
        attention.Item(str(_("Re-appointments due")), count, detail=detail, url=attention.link("cadre_reappointments_due", within=scope.pk))
    ]
