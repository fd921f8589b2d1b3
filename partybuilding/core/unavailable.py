"""A lost database answers 503 "try again", not 500.

While PostgreSQL restarts or the network to it drops, every query raises
`OperationalError`/`InterfaceError`. The request's transaction was not committed, so the
honest answer is "not saved, try again in a moment": a short page for people, JSON for
the API, both with `Retry-After`. An error on a database that still answers (a bad query,
a lock timeout) stays a server error.

Exceptions of the view and its templates come to `process_exception`; one raised while
an inner middleware writes (the session saved on the way out) has already become a 500 by
the time it comes back here, so the `got_request_exception` signal marks the request and
`__call__` turns that 500 into the 503.

Recovery needs no restart: `CONN_HEALTH_CHECKS` makes Django test a persistent connection
before reusing it and open a new one when the old died with the server.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

log = logging.getLogger(__name__)

LOST_DATABASE = (OperationalError, InterfaceError)
MARK = "_database_unavailable"


def retry_after_seconds() -> int:
    return int(getattr(settings, "UNAVAILABLE_RETRY_AFTER_SECONDS", 10))


def database_lost(exc: BaseException) -> bool:
    """The error is a database one and a connection is gone: never opened (the server
    refused it) or no longer answering."""
    if not isinstance(exc, LOST_DATABASE):
        return False
    return any(conn.connection is None or not conn.is_usable() for conn in connections.all(initialized_only=True))


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON under /api/, otherwise a page that needs no database
    (rendered without the request, so no context processor runs)."""
    seconds = retry_after_seconds()
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language_from_request(request)
    with translation.override(language):
        if request.path.startswith("/api/"):
            detail = gettext("The service is briefly unavailable; your last action was not saved. Try again in a moment.")
            response: HttpResponse = JsonResponse({"detail": detail}, status=503)
        else:
            page = render_to_string("503.html", {"retry_after": seconds, "language": language})
            response = HttpResponse(page, status=503)
    response["Retry-After"] = str(seconds)
    # The middlewares that set these may be the ones that failed: the page sets its own.
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Frame-Options"] = "DENY"
    response["Referrer-Policy"] = "same-origin"
    if policy := getattr(settings, "CONTENT_SECURITY_POLICY", ""):
        response["Content-Security-Policy"] = policy
    return response


class DatabaseUnavailableMiddleware:
    """First in MIDDLEWARE: it answers for everything after it, and any of those may query
    (the session, the user, headers that depend on who is signed in)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, MARK, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_lost(exception):
            return None
        log.warning("database unavailable on %s %s: %s", request.method, request.path, exception)
        return unavailable_response(request)


@receiver(got_request_exception, dispatch_uid="core.unavailable.mark")
def _mark_lost_database(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Called inside Django's `except` for an exception no view handled."""
    exc = sys.exc_info()[1]
    if request is not None and exc is not None and database_lost(exc):
        setattr(request, MARK, True)
