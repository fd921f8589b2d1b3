from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .scope import current_scope


class ScopeMiddleware:
    """Makes `request.scope` the organization the user works in (resolved on first use)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.scope = SimpleLazyObject(lambda: current_scope(request))  # type: ignore[attr-defined]
        return self.get_response(request)


def scope_of(request: Any) -> Any:
    """The scope organization, or None (SimpleLazyObject hides None behind a proxy)."""
    scope = getattr(request, "scope", None)
    return scope if scope else None
