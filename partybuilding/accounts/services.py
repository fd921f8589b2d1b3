"""Writes about users: role assignments and API tokens, each audited."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.scope import forget_grants
from partybuilding.organizations.models import Organization

from .models import ApiToken, RoleAssignment, User


def role_assign(*, actor: Any, user: User, role: str, organization: Organization) -> RoleAssignment:
    with transaction.atomic():
        if RoleAssignment.objects.filter(user=user, role=role, organization=organization, revoked_at__isnull=True).exists():
            raise Refusal(_("%(user)s already has this role in %(org)s.") % {"user": user, "org": organization}, rule=_("records rule"))
        assignment = RoleAssignment.objects.create(user=user, role=role, organization=organization, granted_by=actor)
        audit_record(
            actor=actor,
            action="role.assign",
            obj=assignment,
            after={"user": user.username, "role": role, "organization": organization.code},
        )
    forget_grants(user)
    return assignment


def role_revoke(*, actor: Any, assignment: RoleAssignment) -> RoleAssignment:
    with transaction.atomic():
        updated = RoleAssignment.objects.filter(pk=assignment.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if not updated:
            raise Refusal(_("This role assignment was already revoked."), rule=_("records rule"))
        assignment.refresh_from_db()
        audit_record(
            actor=actor,
            action="role.revoke",
            obj=assignment,
            before={"user": assignment.user.username, "role": assignment.role, "organization": assignment.organization.code},
        )
    forget_grants(assignment.user)
    return assignment


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the plain key is returned once and never stored."""
    key = "pb_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, prefix=key[:10], key_hash=token_digest(key))
        audit_record(actor=actor, action="token.create", obj=token, after={"user": user.username, "name": name, "prefix": token.prefix})
    return token, key


def token_revoke(*, actor: Any, token: ApiToken) -> None:
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(actor=actor, action="token.revoke", obj=token, before={"prefix": token.prefix})


def token_user(key: str) -> User | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=token_digest(key), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
