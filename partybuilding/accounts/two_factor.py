"""Two-factor sign-in: who must use it, and the devices that give it (django-otp).

The rule: a second factor is required of administrators (the role, anywhere), of staff
and superusers, and of every role other than the plain member role held over an
organization at commune level or above (central, province, district, commune): those
who read or change the records of a whole commune or more. A cell secretary, a plain
member, or any role over a grassroots organization or a cell signs in with a password
alone, and may still set up a second factor (then it is asked for too).

The second factor is an authenticator app (TOTP, 6 digits every 30 seconds), with ten
single-use recovery codes for a lost phone.
"""

from __future__ import annotations

import base64
import re
import time
from dataclasses import dataclass
from typing import Any

import segno
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from partybuilding.organizations.choices import OrgKind

from .choices import Role
from .models import RoleAssignment, User

# The levels whose officers must use a second factor: a commune and everything above it.
COMMUNE_OR_ABOVE = (OrgKind.CENTRAL, OrgKind.PROVINCE, OrgKind.DISTRICT, OrgKind.COMMUNE)
RECOVERY_CODES = 10
TOTP_DIGITS = 6
NEW_KEY_SESSION_KEY = "two_factor_new_key"


def roles_requiring() -> Q:
    """The role assignments that require a second factor of their holder."""
    officer_above_grassroots = Q(organization__kind__in=COMMUNE_OR_ABOVE) & ~Q(role=Role.MEMBER)
    return Q(revoked_at__isnull=True) & (Q(role=Role.ADMINISTRATOR) | officer_above_grassroots)


@dataclass(frozen=True)
class State:
    required: bool  # by the rule above
    totp_id: int | None  # the confirmed authenticator
    static_id: int | None  # the recovery codes

    @property
    def has_device(self) -> bool:
        return self.totp_id is not None

    @property
    def needed(self) -> bool:
        """Must this user give a code before using the site?"""
        return self.required or self.has_device


# Read with the user, in the same query (accounts/backends.py): every request needs them.
ANNOTATIONS = ("two_factor_by_role", "two_factor_totp_id", "two_factor_static_id")


def with_state(users: QuerySet[User]) -> QuerySet[User]:
    """The users with what `state_of` reads, annotated."""
    return users.annotate(
        two_factor_by_role=Exists(RoleAssignment.objects.filter(roles_requiring(), user=OuterRef("pk"))),
        two_factor_totp_id=Subquery(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).order_by("-id").values("id")[:1]),
        two_factor_static_id=Subquery(StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True).order_by("-id").values("id")[:1]),
    )


def state_of(user: Any) -> State:
    """The user's two-factor state: from the request's user as loaded, else one query."""
    if not hasattr(user, ANNOTATIONS[0]):
        found = with_state(User.objects.filter(pk=user.pk)).values_list(*ANNOTATIONS).get()
        for name, value in zip(ANNOTATIONS, found, strict=True):
            setattr(user, name, value)
    by_role = bool(user.two_factor_by_role or user.is_staff or user.is_superuser)
    return State(required=by_role, totp_id=user.two_factor_totp_id, static_id=user.two_factor_static_id)


def forget_state(user: Any) -> None:
    """The user's devices or roles changed: read them again at the next `state_of`."""
    for name in ANNOTATIONS:
        if hasattr(user, name):
            delattr(user, name)


def is_verified(request: Any) -> bool:
    """Has this session given a second factor, with a device the user still has? The
    session names the device (django-otp's `login`); the user's devices came with the user."""
    persistent_id = request.session.get(DEVICE_ID_SESSION_KEY) or ""
    label, _, pk = persistent_id.rpartition("/")
    state = state_of(request.user)
    return (label == TOTPDevice.model_label() and pk == str(state.totp_id)) or (
        label == StaticDevice.model_label() and pk == str(state.static_id)
    )


def pending(request: Any) -> bool:
    """Signed in with a password but still owing a second factor."""
    user = request.user
    return bool(user.is_authenticated and state_of(user).needed and not is_verified(request))


def mark_verified(request: Any, device: Device) -> None:
    """The session has given its second factor with `device`: a new session key, marked
    with the device."""
    request.session.cycle_key()
    forget_state(request.user)
    otp_login(request, device)


def authenticator(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def new_authenticator(request: Any) -> TOTPDevice:
    """The authenticator being set up, not saved: its key waits in the session until a code
    confirms it (reloading the page keeps the QR code the user may have scanned)."""
    key = request.session.get(NEW_KEY_SESSION_KEY)
    if not key:
        key = request.session[NEW_KEY_SESSION_KEY] = random_hex(20)
    return TOTPDevice(user=request.user, key=key, name="Authenticator", digits=TOTP_DIGITS, confirmed=False)


def code_matches(device: TOTPDevice, code: str) -> bool:
    """django-otp's TOTP check of a device not saved yet (its own `verify_token` saves it):
    the code of this 30-second step or the one before or after, never one used already."""
    if not is_totp_code(code):
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(code), device.tolerance, device.last_t + 1):
        return False
    device.last_t, device.drift = totp.t(), totp.drift
    return True


def recovery_device(user: Any) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def new_recovery_codes() -> list[str]:
    return [StaticToken.random_token() for _ in range(RECOVERY_CODES)]


def code_text(token: str) -> str:
    """A recovery code as shown: two groups of four."""
    return f"{token[:4]}-{token[4:]}"


def normalized(code: str) -> str:
    """What the user typed, without the spaces and dashes they may copy with it."""
    return re.sub(r"[\s\-]", "", code).lower()


def is_totp_code(code: str) -> bool:
    return len(code) == TOTP_DIGITS and code.isdigit()


def secret_text(device: TOTPDevice) -> str:
    """The device's key in base32, in groups of four, for typing into an app by hand."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The key as a QR code an authenticator app scans: inline SVG, made on the server."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff", svgclass="qr"))
