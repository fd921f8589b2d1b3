"""The home page of documents, tasks and study: its areas, each with what is open in the scope
the user works in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone

from partybuilding.core.scope import Action, can, is_superuser, scope_of

from ..selectors import documents as selectors


def _url(name: str) -> str:
    """The area's page, or "" while the area has none."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@login_required
def directive_home(request: HttpRequest) -> HttpResponse:
    user, scope = request.user, scope_of(request)
    today = timezone.localdate()
    may_direct = is_superuser(user) if scope is None else can(user, Action.DIRECT, scope)
    counts: dict[str, int] = {}
    if scope is not None:
        counts["documents"] = selectors.documents_in(user, scope).filter(year=today.year).count()
        counts["waiting"] = selectors.not_concretized(scope, today).count()
    urls = {name: _url(f"directive_{name}") for name in ("tasks", "campaigns", "reports")}
    context = {"within": scope, "year": today.year, "can_direct": may_direct, "counts": counts, "urls": urls}
    return render(request, "directives/home.html", context)


urlpatterns: list[URLPattern] = [path("", directive_home, name="directive_home")]
