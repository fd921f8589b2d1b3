"""The rounds: their list (the assessment's home page). Part of this module is being written."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from ..selectors import rounds_for


@login_required
def assessment_home(request: HttpRequest) -> HttpResponse:
    rounds = rounds_for(request.user, getattr(request, "scope", None) or None)[:50]
    return render(request, "assessments/round_home.html", {"rounds": rounds})


urlpatterns: list[URLPattern] = [path("", assessment_home, name="assessment_home")]
