from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .scope import current_scope


class ScopeMiddleware:
    """Makes `request.scope` the organization the user works in (resolved on first use);
    `core.scope.scope_of(request)` reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.scope = SimpleLazyObject(lambda: current_scope(request))  # type: ignore[attr-defined]
        return self.get_response(request)
