"""Django's admin signs in through the site's own login page, so its password step is
throttled like every other and a superuser gives the second factor there too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


def _login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _login  # type: ignore[method-assign]
