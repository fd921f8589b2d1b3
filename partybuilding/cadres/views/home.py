"""The home page of cadre work: its areas, each with its count in the scope the user works
in (what is managed in its subtree), and the report forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone

from partybuilding.core.scope import Action, is_superuser, require, scope_of

from ..choices import OPEN_APPOINTMENT_STATES, PlanningState
from ..models import Appointment, Cadre, Holding, Move, Planning, PlanningEntry, Position, Training
from ..selectors.appointments import reappointments_due
from .reports import report_forms


def _in_scope(rows: Any, user: Any, scope: Any) -> QuerySet[Any]:
    rows = rows.visible_to(user)
    return rows.within(scope) if scope is not None else rows


def area_counts(user: Any, scope: Any, today: dt.date) -> dict[str, int | None]:
    """One simple count per area, over the records the user sees in the scope."""
    year = today.year
    posts = _in_scope(Position.objects.filter(active=True), user, scope)
    held = Holding.objects.filter(position=OuterRef("pk"), ended_on__isnull=True, started_on__lte=today)
    in_force = _in_scope(Planning.objects.filter(ends_on__gte=today), user, scope)
    planned = PlanningEntry.objects.filter(planning__in=in_force, state=PlanningState.PLANNED)
    courses = Training.objects.filter(starts_on__lte=dt.date(year, 12, 31), ends_on__gte=dt.date(year, 1, 1))
    return {
        "posts": posts.count(),
        "vacant": posts.exclude(Exists(held)).count(),
        "cadres": _in_scope(Cadre.objects, user, scope).count(),
        "plannings": in_force.count(),
        "planned": planned.values("cadre_id").distinct().count(),
        "appointments": _in_scope(Appointment.objects.filter(state__in=OPEN_APPOINTMENT_STATES), user, scope).count(),
        "due": reappointments_due(user, scope, today).count() if scope is not None else None,
        "moves": _in_scope(Move.objects.filter(Q(starts_on__year=year)), user, scope).count(),
        "courses": _in_scope(courses, user, scope).count(),
    }


@login_required
def cadre_home(request: HttpRequest) -> HttpResponse:
    """For the organizing board and the standing committee of the working scope (403 to the others)."""
    user, scope = request.user, scope_of(request)
    if scope is None:
        if not is_superuser(user):
            raise PermissionDenied
    else:
        require(user, Action.VIEW_CADRES, scope)
    today = timezone.localdate()
    context = {"within": scope, "year": today.year, "counts": area_counts(user, scope, today), "forms": report_forms()}
    return render(request, "cadres/home.html", context)


urlpatterns: list[URLPattern] = [path("", cadre_home, name="cadre_home")]
