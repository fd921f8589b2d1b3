"""What the meeting pages share: the scope of a list, and refusals shown on the form."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from partybuilding.accounts.middleware import scope_of
from partybuilding.accounts.policy import visible_organization_or_404
from partybuilding.organizations.models import Organization

PAGE_SIZE = 50


def within(request: HttpRequest, required: bool = False) -> Organization | None:
    within_id = request.GET.get("within")
    found = visible_organization_or_404(request.user, within_id) if within_id else scope_of(request)
    if found is None and required:
        raise Http404
    return found
