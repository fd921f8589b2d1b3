"""Headers every response carries: the Content-Security-Policy, and no caching of pages
that show personal data.

Django's SecurityMiddleware handles HTTPS, HSTS, nosniff and the referrer policy; this adds
what it does not.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


def _relaxed(policy: str) -> str:
    return policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.relaxed_paths = tuple(settings.CONTENT_SECURITY_POLICY_RELAXED_STYLES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            relaxed = request.path.startswith(self.relaxed_paths)
            response["Content-Security-Policy"] = _relaxed(self.policy) if relaxed else self.policy
        # What a signed-in user sees, and every download, may hold personal data: neither
        # the browser's cache nor a proxy keeps a copy.
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or response.has_header("Content-Disposition"):
            patch_cache_control(response, private=True, no_store=True)
        return response
