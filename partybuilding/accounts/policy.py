"""Who may do what, where: the one scope every read and write goes through.

A role assignment covers its organization's subtree. Objects outside the user's scope are
treated as missing (404); PermissionDenied is only for a visible object whose action the
user's roles do not allow.
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Q
from django.http import Http404

from partybuilding.organizations import paths

from .choices import Role


class Action(enum.StrEnum):
    VIEW = "view"
    MANAGE_ORGANIZATIONS = "manage_organizations"
    VIEW_MEMBERS = "view_members"  # personal data: not for plain members or the office
    MANAGE_MEMBERS = "manage_members"
    MANAGE_ROLES = "manage_roles"
    VIEW_AUDIT = "view_audit"


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.ADMINISTRATOR: frozenset(Action),
    Role.ORGANIZING_OFFICER: frozenset({Action.VIEW, Action.VIEW_MEMBERS, Action.MANAGE_ORGANIZATIONS, Action.MANAGE_MEMBERS}),
    Role.INSPECTION_OFFICER: frozenset({Action.VIEW, Action.VIEW_MEMBERS}),
    Role.OFFICE_OFFICER: frozenset({Action.VIEW}),
    Role.CELL_SECRETARY: frozenset({Action.VIEW, Action.VIEW_MEMBERS, Action.MANAGE_MEMBERS}),
    Role.MEMBER: frozenset({Action.VIEW}),
    Role.VIEWER: frozenset({Action.VIEW, Action.VIEW_MEMBERS}),
}


def grants(user: Any) -> list[tuple[str, int, str]]:
    """(role, organization id, path) of the user's active assignments; cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_pb_grants", None)
    if cached is None:
        from .models import RoleAssignment

        cached = list(
            RoleAssignment.objects.filter(user=user, revoked_at__isnull=True, organization__isnull=False).values_list(
                "role", "organization_id", "organization__path"
            )
        )
        user._pb_grants = cached
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, "_pb_grants"):
        del user._pb_grants


def covering_paths(user: Any, action: Action) -> list[str]:
    """Top-most paths where the user may do `action` (nested grants collapsed)."""
    found = sorted({path for role, _, path in grants(user) if action in ROLE_ACTIONS.get(role, frozenset())})
    tops: list[str] = []
    for path in found:
        if not any(path.startswith(top) for top in tops):
            tops.append(path)
    return tops


def scope_q(user: Any, action: Action = Action.VIEW, field: str = "path") -> Q:
    """A filter on a materialized-path field: the organizations covered for `action`."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    tops = covering_paths(user, action)
    if not tops:
        return Q(pk__in=[])
    q = Q()
    for top in tops:
        q |= paths.subtree_q(top, field)
    return q


def can(user: Any, action: Action, org: Any) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(org.path.startswith(top) for top in covering_paths(user, action))


def roles_at(user: Any, org: Any) -> set[str]:
    """The roles that cover `org` for this user."""
    return {role for role, _, path in grants(user) if org.path.startswith(path)}


def visible_organization_or_404(user: Any, pk: Any) -> Any:
    from partybuilding.organizations.models import Organization

    try:
        return Organization.objects.visible_to(user).get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def require(user: Any, action: Action, org: Any) -> None:
    """Refuse an action on a visible organization that the user's roles do not allow."""
    from django.core.exceptions import PermissionDenied

    if not can(user, action, org):
        raise PermissionDenied
