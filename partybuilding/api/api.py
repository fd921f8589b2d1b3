"""The JSON API: one NinjaAPI object that mounts each app's router.

Authenticated by personal tokens (Authorization: Bearer pb_…) or the browser session;
the same scope rules as the pages: what is outside the user's scope answers 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from partybuilding.accounts.services import token_user
from partybuilding.core.errors import ConcurrentEdit, Refusal


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Party Building API",
    version="1",
    description="Organizations, rules and (as they are built) members, admissions, meetings and dues. "
    "Every call is limited to the organizations the token's user covers.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(Refusal)
def _refusal(request: HttpRequest, exc: Refusal) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "rule": exc.rule, "field": exc.field}, status=422)


@api.exception_handler(ConcurrentEdit)
def _conflict(request: HttpRequest, exc: ConcurrentEdit) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "current_version": exc.current.version}, status=409)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Authentication required: send 'Authorization: Bearer <token>'."}, status=401)


def _mount() -> None:
    api.add_router("/organizations", "partybuilding.organizations.api.router")
    api.add_router("/members/transfers", "partybuilding.members.transfers.api.router")
    api.add_router("/members/badges", "partybuilding.members.badges.api.router")
    api.add_router("/members/committees", "partybuilding.members.committees.api.router")
    api.add_router("/members/import", "partybuilding.members.imports.api.router")
    api.add_router("/members", "partybuilding.members.lifecycle.api.router")
    api.add_router("/members", "partybuilding.members.records.api.router")
    api.add_router("/admissions", "partybuilding.admissions.api.router")
    api.add_router("/meetings", "partybuilding.meetings.api.router")
    api.add_router("/dues", "partybuilding.dues.api.router")
    api.add_router("/rules", "partybuilding.core.api.router")


_mount()
