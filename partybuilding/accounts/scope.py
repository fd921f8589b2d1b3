"""The organization a user is working in (the scope picker), kept in the session."""

from __future__ import annotations

from typing import Any

from partybuilding.organizations.models import Organization
from partybuilding.organizations.selectors import top_organizations

SESSION_KEY = "scope_org_id"


def current_scope(request: Any) -> Organization | None:
    user = request.user
    if not user.is_authenticated:
        return None
    org_id = request.session.get(SESSION_KEY)
    if org_id:
        org = Organization.objects.visible_to(user).filter(pk=org_id).first()
        if org is not None:
            return org
    tops = top_organizations(user)
    return tops[0] if tops else None
