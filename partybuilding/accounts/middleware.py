from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from . import activity, two_factor
from .scope import current_scope

# Where a user who still owes the second factor may go: its pages, signing out, the language.
SECOND_STEP_PAGES = frozenset({"two_factor_verify", "logout", "set_language"})


class ScopeMiddleware:
    """Makes `request.scope` the organization the user works in (resolved on first use);
    `core.scope.scope_of(request)` reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.scope = SimpleLazyObject(lambda: current_scope(request))  # type: ignore[attr-defined]
        return self.get_response(request)


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(reverse("api:api-root"))


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """Send the browser to `url`; an htmx request is told to load it as a whole page."""
    if request.headers.get("HX-Request"):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _with_next(route: str, request: HttpRequest) -> str:
    """The route's URL, with the page asked for to go back to after it (a GET's only)."""
    back = request.get_full_path() if request.method == "GET" and request.path_info != reverse("login") else ""
    return reverse(route) + (f"?{urlencode({'next': back})}" if back else "")


class SessionExpiryMiddleware:
    """Signs out a session idle for SESSION_IDLE_SECONDS, or older than SESSION_COOKIE_AGE,
    and says why on the login page (accounts/activity.py). Needs the messages middleware
    before it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if SESSION_KEY in request.session:
            reason = activity.expired(request.session)
            if reason:
                logout(request)
                if _is_api(request):
                    return JsonResponse({"detail": reason}, status=401)
                messages.info(request, reason)
                return _go(request, _with_next("login", request))
        return self.get_response(request)


class TwoFactorMiddleware:
    """A user who must give a second factor and has not yet (in this session) reaches only
    the second step's pages and logout; the API refuses such a session (401) and still
    takes personal tokens."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if SESSION_KEY in request.session and two_factor.pending(request):
            refused = self.refusal(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        if _is_api(request):
            if "HTTP_AUTHORIZATION" in request.META:
                request.user = AnonymousUser()  # the token alone decides
                return None
            detail = _("Two-factor sign-in is not finished in this session: enter your code at %(url)s, or use an API token.")
            return JsonResponse({"detail": detail % {"url": request.build_absolute_uri(reverse("two_factor_verify"))}}, status=401)
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            name = None
        has_device = two_factor.state_of(request.user).has_device
        if name in SECOND_STEP_PAGES or (name == "two_factor_enrol" and not has_device):
            return None
        return _go(request, _with_next("two_factor_verify" if has_device else "two_factor_enrol", request))
