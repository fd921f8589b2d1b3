"""The home page of inspection work: its areas, each with what is open in the scope the user
works in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from partybuilding.core.scope import Action, can, is_superuser, scope_of

from ..choices import AppealStatus, CaseStatus, DenunciationStatus, DisciplineStatus
from ..models import Appeal, Case, Denunciation, Discipline


def _in_scope(rows: Any, user: Any, scope: Any) -> QuerySet[Any]:
    rows = rows.visible_to(user)
    return rows.within(scope) if scope is not None else rows


@login_required
def inspection_home(request: HttpRequest) -> HttpResponse:
    user, scope = request.user, scope_of(request)
    allowed = (lambda action: is_superuser(user)) if scope is None else (lambda action: can(user, action, scope))
    may_inspect, may_see_members = allowed(Action.INSPECT), allowed(Action.VIEW_MEMBERS)
    year = timezone.localdate().year
    counts: dict[str, int] = {}
    if may_inspect:
        counts["cases"] = _in_scope(Case.objects.filter(status=CaseStatus.OPEN), user, scope).count()
        counts["appeals"] = _in_scope(Appeal.objects.filter(status=AppealStatus.FILED), user, scope).count()
        counts["denunciations"] = _in_scope(Denunciation.objects.filter(status=DenunciationStatus.HANDLING), user, scope).count()
    if may_see_members or may_inspect:
        decided = Discipline.objects.filter(status=DisciplineStatus.DECIDED, decision_date__year=year)
        counts["disciplines"] = _in_scope(decided, user, scope).count()
    context = {"within": scope, "year": year, "can_inspect": may_inspect, "can_view_members": may_see_members, "counts": counts}
    return render(request, "inspections/home.html", context)


urlpatterns = [path("", inspection_home, name="inspection_home")]
