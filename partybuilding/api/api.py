"""The JSON API: one NinjaAPI object that mounts each app's router.

Authenticated by personal tokens (Authorization: Bearer pb_…) or the browser session;
the same scope rules as the pages: what is outside the user's scope answers 404.

Every error is JSON, `{"detail": …}`, with its status, whatever DEBUG says: 401 without a
valid token, 403 without the right, 404 outside the scope (or no such path), 409 for a
concurrent edit, 422 for a value the schema, a rule or the database refuses. The shapes
are in `core.api_types` and documented on each operation.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from partybuilding.accounts.services import token_user
from partybuilding.core.api_docs import gettext_lazy, localized
from partybuilding.core.api_types import MAX_ID
from partybuilding.core.errors import ConcurrentEdit, Refusal
from partybuilding.core.unavailable import database_lost, unavailable_response

log = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


class PartyAPI(NinjaAPI):
    """Ninja's API, with a JSON 404 for a path no operation has, a JSON 405 for a method a
    path does not take, and a schema whose query and path parameters are never documented
    as null (a URL cannot carry a null), documented in the reader's language."""

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_not_allowed(pattern.callback)
        return [*patterns, re_path(r"^(?P<unknown>.*)$", _no_such_path)], app_name, namespace

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for methods in schema["paths"].values():
            for operation in methods.values():
                for parameter in operation.get("parameters", ()):
                    parameter["schema"] = _without_null(parameter["schema"])
        # Built on every request: its texts in the request's language (core.api_docs).
        return localized(schema)


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    choices = [s for s in schema.get("anyOf", ()) if s.get("type") != "null"]
    if "anyOf" not in schema or len(choices) == len(schema["anyOf"]):
        return schema
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    return {**choices[0], **rest} if len(choices) == 1 else {**rest, "anyOf": choices}


def _json_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a method no operation of the path has with a plain-text 405."""

    @functools.wraps(view)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith("application/json"):
            return response
        allowed = response.get("Allow", "")
        detail = _("This path does not take %(method)s; it takes %(allowed)s.") % {"method": request.method, "allowed": allowed}
        replaced = api.create_response(request, {"detail": detail}, status=405)
        replaced["Allow"] = allowed
        return replaced

    return answer


def _no_such_path(request: HttpRequest, unknown: str) -> HttpResponse:
    return api.create_response(request, {"detail": _("No API operation at this path.")}, status=404)


api = PartyAPI(
    title=gettext_lazy("Party Building API"),
    version="1",
    description=gettext_lazy(
        "Organizations, members and their transfers, badges and committees, admissions, meetings, dues, the yearly assessment and the rules in force. "
        "Every call is limited to the organizations the token's user covers; the documentation follows the language "
        "of the request (the language chosen on the site, or the Accept-Language header)."
    ),
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


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) or _("Your role does not allow this here.")
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # The same answer for a missing object and one outside the scope: nothing is told.
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(DjangoValidationError)
def _invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    field = next(iter(exc.error_dict), None) if hasattr(exc, "error_dict") else None
    return api.create_response(request, {"detail": " ".join(exc.messages), "rule": "", "field": field}, status=422)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def _database_lost(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database went away: 503 "try again" (core/unavailable.py), in DEBUG too; any
    other error of a database that still answers stays a server error."""
    if database_lost(exc):
        return unavailable_response(request)
    raise exc


@api.exception_handler(DataError)
@api.exception_handler(OverflowError)
def _out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A value past what the database or the calendar holds. The operations' schemas bound
    their inputs, so this is a safety net: it names the value when it can find it."""
    log.warning("value out of range on %s %s: %s", request.method, request.path, exc)
    found = next(_too_large(request), None)
    if found is not None:
        field, value = found
        detail = _("The value %(value)s of %(field)s is out of range.") % {"value": value, "field": field}
    else:
        field, reason = None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        detail = _("A value does not fit in what the system stores: %(reason)s.") % {"reason": reason}
    return api.create_response(request, {"detail": detail, "rule": "", "field": field}, status=422)


def _too_large(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """The parameters of the request whose number is past a 64-bit integer."""
    sent: dict[str, Any] = {**(request.resolver_match.kwargs if request.resolver_match else {}), **request.GET.dict()}
    if request.content_type == "application/json" and request.body:
        with contextlib.suppress(ValueError):  # not JSON after all: the query and the path are left
            sent.update(_flat(json.loads(request.body)))
    for name, value in sent.items():
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if abs(number) > MAX_ID:
            yield name, str(value)


def _flat(data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _flat(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        for n, value in enumerate(data):
            yield from _flat(value, f"{prefix}{n}.")
    else:
        yield prefix.rstrip("."), data


def _mount() -> None:
    api.add_router("/organizations", "partybuilding.organizations.api.router")
    api.add_router("/members/transfers", "partybuilding.members.transfers.api.router")
    api.add_router("/members/badges", "partybuilding.members.badges.api.router")
    api.add_router("/members/committees", "partybuilding.members.committees.api.router")
    api.add_router("/members/import", "partybuilding.members.imports.api.router")
    api.add_router("/members/cards", "partybuilding.members.cards.api.router")
    api.add_router("/members/rewards", "partybuilding.members.rewards.api.router")
    api.add_router("/members", "partybuilding.members.cards.api.member_router")
    api.add_router("/members", "partybuilding.members.lifecycle.api.router")
    api.add_router("/members", "partybuilding.members.records.api.router")
    api.add_router("/admissions", "partybuilding.admissions.api.router")
    api.add_router("/meetings", "partybuilding.meetings.api.router")
    api.add_router("/dues", "partybuilding.dues.api.router")
    api.add_router("/assessments", "partybuilding.assessments.api.router")
    api.add_router("/inspections", "partybuilding.inspections.api.router")
    api.add_router("/directives", "partybuilding.directives.api.router")
    api.add_router("/cadres", "partybuilding.cadres.api.router")
    api.add_router("/statistics/reported", "partybuilding.statistics.api_reported.router")
    api.add_router("/statistics", "partybuilding.statistics.api.router")
    api.add_router("/notifications", "partybuilding.notifications.api.router")
    api.add_router("/rules", "partybuilding.core.api.router")


_mount()
