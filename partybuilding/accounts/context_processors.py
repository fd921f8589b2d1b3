from __future__ import annotations

from typing import Any

from partybuilding.core.scope import Action, can, covering_paths, is_superuser, scope_of

from . import two_factor


def scope(request: Any) -> dict[str, Any]:
    user = request.user
    # Owing a second factor, the user sees the second step's page alone: no scope, no menu.
    pending = two_factor.pending(request)
    org = scope_of(request) if user.is_authenticated and not pending else None
    return {
        "scope_org": org,
        "two_factor_pending": pending,
        "can_manage_roles": bool(org and can(user, Action.MANAGE_ROLES, org)),
        "can_view_audit": bool(org and can(user, Action.VIEW_AUDIT, org)),
        # The lists of other people's records (members, transfers, badges, candidates) are
        # for the roles that read them somewhere; a plain member's menu leaves them out.
        "can_view_members": bool(user.is_authenticated and (is_superuser(user) or covering_paths(user, Action.VIEW_MEMBERS))),
        "can_manage_members": bool(org and can(user, Action.MANAGE_MEMBERS, org)),
        "can_view_cadres": bool(user.is_authenticated and (is_superuser(user) or covering_paths(user, Action.VIEW_CADRES))),
        "can_inspect": bool(user.is_authenticated and (is_superuser(user) or covering_paths(user, Action.INSPECT))),
    }
