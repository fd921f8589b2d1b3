"""What each role allows, and the grants a user holds: the accounts app's answer to the
scope kernel (`core.scope`), registered when the app starts."""

from __future__ import annotations

from typing import Any

from partybuilding.core.scope import Action, Grant, register_grants

from .choices import Role

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.ADMINISTRATOR: frozenset(Action),
    Role.ORGANIZING_OFFICER: frozenset(
        {
            Action.VIEW,
            Action.VIEW_MEMBERS,
            Action.MANAGE_ORGANIZATIONS,
            Action.MANAGE_MEMBERS,
            Action.DIRECT,
            Action.VIEW_CADRES,
            Action.MANAGE_CADRES,
        }
    ),
    Role.INSPECTION_OFFICER: frozenset({Action.VIEW, Action.VIEW_MEMBERS, Action.INSPECT}),
    Role.OFFICE_OFFICER: frozenset({Action.VIEW, Action.DIRECT}),
    # reads the cadre records its committee decides on; the organizing board prepares and writes them
    Role.STANDING_COMMITTEE: frozenset({Action.VIEW, Action.VIEW_MEMBERS, Action.VIEW_CADRES}),
    Role.CELL_SECRETARY: frozenset({Action.VIEW, Action.VIEW_MEMBERS, Action.MANAGE_MEMBERS, Action.DIRECT}),
    Role.MEMBER: frozenset({Action.VIEW}),
    Role.VIEWER: frozenset({Action.VIEW, Action.VIEW_MEMBERS}),
}


@register_grants
def active_grants(user: Any) -> list[Grant]:
    """The user's role assignments not revoked, each with the actions its role allows."""
    from .models import RoleAssignment

    rows = RoleAssignment.objects.filter(user=user, revoked_at__isnull=True).values_list("role", "organization_id", "organization__path")
    return [Grant(role, org_id, path, ROLE_ACTIONS.get(role, frozenset())) for role, org_id, path in rows]
