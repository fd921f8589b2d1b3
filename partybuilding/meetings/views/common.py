"""What the meeting pages share: the scope of a list, and refusals shown on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest

from partybuilding.accounts.middleware import scope_of
from partybuilding.accounts.policy import visible_organization_or_404
from partybuilding.core.errors import ConcurrentEdit, Refusal
from partybuilding.organizations.models import Organization

PAGE_SIZE = 50


def within(request: HttpRequest, required: bool = False) -> Organization | None:
    within_id = request.GET.get("within")
    found = visible_organization_or_404(request.user, within_id) if within_id else scope_of(request)
    if found is None and required:
        raise Http404
    return found


def guarded(form: Any, run: Callable[[], Any]) -> Any:
    """Run a service; a refusal or a concurrent edit becomes the form's error."""
    try:
        return run()
    except Refusal as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, refusal.text)
    except ConcurrentEdit as conflict:
        data = form.data.copy()
        data["version"] = conflict.current.version
        form.data = data
        form.add_error(None, str(conflict))
    return None


def querystring(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
