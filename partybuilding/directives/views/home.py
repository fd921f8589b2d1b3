"""The home page of documents, tasks and study: its areas, each with what is open in the scope
the user works in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone

from partybuilding.core.scope import Action, can, is_superuser, scope_of

from ..choices import CampaignStatus
from ..counters import task_figures
from ..selectors import documents as documents_selectors
from ..selectors import study as study_selectors
from ..selectors.tasks import soon_until


@login_required
def directive_home(request: HttpRequest) -> HttpResponse:
    user, scope = request.user, scope_of(request)
    today = timezone.localdate()
    may_direct = is_superuser(user) if scope is None else can(user, Action.DIRECT, scope)
    context: dict[str, object] = {"within": scope, "year": today.year, "can_direct": may_direct}
    if scope is not None:
        context["counts"] = {
            "documents": documents_selectors.documents_in(user, scope).filter(year=today.year).count(),
            "waiting": documents_selectors.not_concretized(scope, today).count(),
            "campaigns": study_selectors.campaigns_at(user, scope).filter(status=CampaignStatus.OPEN).count(),
        }
        context["tasks"] = task_figures([scope], today, soon_until(today))[scope.pk]  # from the counters
    return render(request, "directives/home.html", context)


urlpatterns: list[URLPattern] = [path("", directive_home, name="directive_home")]
