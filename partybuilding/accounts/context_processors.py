from __future__ import annotations

from typing import Any

from partybuilding.core.scope import Action, can, scope_of


def scope(request: Any) -> dict[str, Any]:
    org = scope_of(request) if request.user.is_authenticated else None
    user = request.user
    return {
        "scope_org": org,
        "can_manage_roles": bool(org and can(user, Action.MANAGE_ROLES, org)),
        "can_view_audit": bool(org and can(user, Action.VIEW_AUDIT, org)),
    }
