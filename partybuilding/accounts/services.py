"""Writes about users: role assignments, API tokens, sign-ins and their second factor, each audited."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.scope import forget_grants
from partybuilding.organizations.models import Organization

from . import throttle, two_factor
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


# --- sign-in and two-factor sign-in ----------------------------------------------------------


def login_audit(*, user: User | None, username: str, address: str, succeeded: bool) -> None:
    """A password step, accepted or refused (refusals are bounded by the throttle)."""
    audit_record(
        actor=user if succeeded else None,
        action="login.success" if succeeded else "login.failure",
        obj=user,
        object_type="accounts.user",
        object_id=str(user.pk) if user else "",
        object_repr=username[:150],
        after={"username": username[:150], "address": address, "second_factor": bool(user and two_factor.state_of(user).needed)},
    )


def second_factor_check(*, user: User, code: str, address: str) -> Device | None:
    """Check a code from the authenticator or a recovery code (used up when it matches).
    The device row is locked for the check, so one code cannot be used twice in parallel."""
    code = two_factor.normalized(code)
    with transaction.atomic():
        if two_factor.is_totp_code(code):
            found: Device | None = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("-id").first()
            method = "authenticator"
        else:
            found = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            method = "recovery code"
        device = found if found is not None and found.verify_token(code) else None
        after: dict[str, Any] = {"method": method, "address": address}
        if device is not None and method == "recovery code":
            after["recovery_codes_left"] = two_factor.recovery_codes_left(user)
        audit_record(actor=user, action="two_factor.verified" if device else "two_factor.failure", obj=user, after=after)
    return device


def two_factor_enrol(*, actor: User, device: TOTPDevice, code: str, address: str) -> list[str]:
    """Save the authenticator being set up (`two_factor.new_authenticator`) once a code it
    shows confirms it, replacing any earlier one, and issue fresh recovery codes (returned
    once; they replace any earlier ones)."""
    code = two_factor.normalized(code)
    codes: list[str] = []
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one enrolment of a user at a time
        already = TOTPDevice.objects.filter(user=actor, key=device.key).exists()  # a second click of the same form
        if not already and two_factor.code_matches(device, code):
            replaced = TOTPDevice.objects.filter(user=actor).delete()[0]
            device.confirmed = True
            device.save()
            codes = _recovery_codes_issue(actor)
            audit_record(actor=actor, action="two_factor.enrol", obj=actor, after={"replaced_devices": replaced, "address": address})
        else:
            audit_record(actor=actor, action="two_factor.failure", obj=actor, after={"method": "enrolment", "address": address})
    if already:
        raise Refusal(_("This app is set up already: sign in with the codes it shows."), rule=_("two-factor sign-in"), field="code")
    if not codes:
        raise Refusal(_("This code is not the one your app shows now."), rule=_("two-factor sign-in"), field="code")
    return codes


def recovery_codes_renew(*, actor: User) -> list[str]:
    """New recovery codes for the user's own device; the earlier ones stop working."""
    with transaction.atomic():
        if two_factor.authenticator(actor) is None:
            raise Refusal(_("Set up two-factor sign-in first: recovery codes go with an authenticator app."), rule=_("two-factor sign-in"))
        codes = _recovery_codes_issue(actor)
        audit_record(actor=actor, action="two_factor.recovery_codes", obj=actor, after={"count": len(codes)})
    return codes


def _recovery_codes_issue(user: User) -> list[str]:
    """Fresh codes in the user's one recovery device (kept: a session it verified stays so)."""
    device = StaticDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    device.token_set.all().delete()
    codes = two_factor.new_recovery_codes()
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def two_factor_reset(*, actor: Any, user: User) -> int:
    """Remove a user's authenticator and recovery codes (a lost phone, or the user turning
    it off when no rule requires it). Sessions verified with them are no longer verified;
    the user sets it up again at the next sign-in when a rule requires it."""
    with transaction.atomic():
        devices = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
        removed = sum(rows.count() for rows in devices)
        for rows in devices:
            rows.delete()
        audit_record(actor=actor, action="two_factor.reset", obj=user, before={"devices": removed})
    throttle.clear(f"code:{user.pk}")
    return removed
