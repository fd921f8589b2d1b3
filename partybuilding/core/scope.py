"""Who may do what, where: the one scope every read and write goes through.

A grant is a role held over an organization, covering its whole subtree. Objects outside
the user's scope are treated as missing (404); PermissionDenied (403) is only for a
visible object whose action the user's roles do not allow.

A model joins the scope by naming the path field(s) that place it in the tree, the action
that reads it and the way to its organization, and by using `ScopedQuerySet`:

    class Meeting(Scoped, VersionedModel):
        scope_paths = ("org_path",)
        scope_action = Action.VIEW_MEMBERS
        organization_lookup = "organization"
        objects = ScopedQuerySet.as_manager()

Then `Meeting.objects.visible_to(user)`, `.within(org)`, `visible_or_404(Meeting, user, pk)`
and, for a change, `visible_or_404(Meeting, user, pk, Action.MANAGE_MEMBERS)`.

This module stands on the ground floor: the accounts app tells it who holds which grants
(`register_grants`) and the organizations app which model is the tree (`register_tree`).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Self, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from . import paths


class Action(enum.StrEnum):
    VIEW = "view"
    MANAGE_ORGANIZATIONS = "manage_organizations"
    VIEW_MEMBERS = "view_members"  # personal data: not for plain members or the office
    MANAGE_MEMBERS = "manage_members"
    MANAGE_ROLES = "manage_roles"
    VIEW_AUDIT = "view_audit"
    INSPECT = "inspect"  # inspection work: programmes, cases, disciplines, appeals, denunciations
    DIRECT = "direct"  # documents issued, the tasks they give, the study of resolutions
    VIEW_CADRES = "view_cadres"  # cadre records, planning, appointments: the organizing board and the standing committee
    MANAGE_CADRES = "manage_cadres"  # their writing: the organizing board


@dataclass(frozen=True)
class Grant:
    """A role held over an organization (by its path): the actions it allows there and below."""

    role: str
    organization_id: int
    path: str
    actions: frozenset[Action]


GrantSource = Callable[[Any], list[Grant]]
_grant_source: list[GrantSource] = []
_tree: list[type[models.Model]] = []


def register_grants(source: GrantSource) -> GrantSource:
    """The accounts app answers "which grants does this user hold?" (its one source, registered at start)."""
    _grant_source[:] = [source]
    return source


def register_tree(model: type[models.Model]) -> None:
    """The organizations app names the model of the tree (pages pick a scope among its rows)."""
    _tree[:] = [model]


def tree_model() -> Any:
    return _tree[0]


def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def grants(user: Any) -> list[Grant]:
    """The user's active grants, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not _grant_source:
        return []
    cached = getattr(user, "_pb_grants", None)
    if cached is None:
        cached = user._pb_grants = _grant_source[0](user)
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, "_pb_grants"):
        del user._pb_grants


def covering_paths(user: Any, action: Action) -> list[str]:
    """Top-most paths where the user may do `action` (nested grants collapsed)."""
    found = sorted({grant.path for grant in grants(user) if action in grant.actions})
    tops: list[str] = []
    for path in found:
        if not any(path.startswith(top) for top in tops):
            tops.append(path)
    return tops


def any_q(conditions: Iterable[Q]) -> Q:
    """The conditions joined by OR; no condition at all matches nothing."""
    found = list(conditions)
    if not found:
        return Q(pk__in=[])
    q = found[0]
    for condition in found[1:]:
        q |= condition
    return q


def scope_q(user: Any, action: Action = Action.VIEW, field: str = "path") -> Q:
    """A filter on a materialized-path field: what the user's grants cover for `action`."""
    if is_superuser(user):
        return Q()
    return any_q(paths.subtree_q(top, field) for top in covering_paths(user, action))


def can(user: Any, action: Action, org: Any) -> bool:
    """May `user` do `action` on `org` (anything with a `path`)?"""
    return is_superuser(user) or any(org.path.startswith(top) for top in covering_paths(user, action))


def require(user: Any, action: Action, org: Any) -> None:
    """Refuse (403) an action on a visible organization that the user's roles do not allow."""
    if not can(user, action, org):
        raise PermissionDenied


def grants_key(user: Any) -> str:
    """A text that changes whenever what the user may see changes (for caching a scope's figures)."""
    if is_superuser(user):
        return "superuser"
    return "|".join(sorted(f"{grant.role}@{grant.path}" for grant in grants(user)))


_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    """The queryset of a model placed in the tree by one or more path fields.

    The model declares `scope_paths` (path fields, any of which places a row in a subtree:
    a transfer is in the scope of the cell it leaves and of the cell it reaches) and
    `scope_action` (the action that reads it)."""

    def _path_fields(self) -> Iterable[str]:
        return self.model.scope_paths  # type: ignore[attr-defined]

    def visible_to(self, user: Any, action: Action | None = None) -> Self:
        if is_superuser(user):
            return self.all()
        action = action or self.model.scope_action  # type: ignore[attr-defined]
        conditions = [scope_q(user, action, field) for field in self._path_fields()]
        if self.model.scope_line:  # type: ignore[attr-defined]
            # read down the line too: what an organization above the user's issued for its subtree
            tops = covering_paths(user, action)
            ancestors = {a for top in tops for a in paths.ancestor_paths(top)}
            conditions += [Q(**{f"{field}__in": sorted(ancestors)}) for field in self._path_fields()]
        return self.filter(any_q(conditions))

    def within(self, org: Any) -> Self:
        """The rows of `org`'s subtree (`org` itself included)."""
        return self.filter(any_q(paths.subtree_q(org.path, field) for field in self._path_fields()))


class Scoped(models.Model):
    """What a scoped model declares (the defaults are the organization tree's own)."""

    scope_paths: ClassVar[tuple[str, ...]] = ("path",)
    scope_action: ClassVar[Action] = Action.VIEW
    # True: a row is read in its organization's subtree and by the organizations above it, and
    # also by everyone below it (a provincial resolution is read in every cell of the province)
    scope_line: ClassVar[bool] = False
    # The way from a row to its organization ("organization", "term__organization"; "pk" in
    # the tree itself), for the audit log's reach and for `visible_or_404`'s action: no
    # default, each model names its own.
    organization_lookup: ClassVar[str]

    class Meta:
        abstract = True


def visible_or_404(source: Any, user: Any, pk: Any, action: Action | None = None) -> Any:
    """The row `pk` of a scoped model or queryset that `user` may see, else 404: a row
    outside the scope is answered exactly like a missing one. With `action`, the user must
    be allowed it on the row's organization (visible but not allowed answers 403)."""
    rows: Any = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    try:
        found = rows.visible_to(user).filter(pk=int(pk)).first()
    except (ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc
    if found is None:
        raise Http404
    if action is not None:
        require(user, action, organization_of(found))
    return found


def organization_of(row: Any) -> Any:
    """The organization a row belongs to, by its model's `organization_lookup`
    ("organization", "member__organization"; "pk" for an organization itself)."""
    lookup = type(row).organization_lookup
    return row if lookup == "pk" else functools.reduce(getattr, lookup.split("__"), row)


def organization_or_404(user: Any, pk: Any, action: Action | None = None) -> Any:
    """An organization of the tree the user may see; with `action`, one they may act on."""
    return visible_or_404(tree_model(), user, pk, action)


def scope_of(request: Any, action: Action | None = None) -> Any:
    """The organization the user works in (the scope picker), or None. With `action`, the
    user must be allowed it there (403), and a user without any scope gets 404."""
    scope = getattr(request, "scope", None) or None  # a lazy object hides None behind a proxy
    if action is not None:
        if scope is None:
            raise Http404
        require(request.user, action, scope)
    return scope


def list_scope(request: Any, action: Action | None = None, *, required: bool = False) -> Any:
    """The organization a list is of: `?within=<id>` when given (404 outside the scope),
    else the scope the user works in. With `action`, the user must be allowed it there
    (403); with `required`, a user without any scope gets 404."""
    within_id = request.GET.get("within")
    org = visible_or_404(tree_model(), request.user, within_id) if within_id else scope_of(request)
    if org is None and (required or action is not None):
        raise Http404
    if org is not None and action is not None:
        require(request.user, action, org)
    return org
