"""Personas and a small tree every test can stand on.

P  Đảng bộ tỉnh Thử Nghiệm (province)
├── C1 Đảng bộ xã An Bình (commune)
│   └── G1 Đảng bộ Trường THPT Nguyễn Huệ (grassroots committee)
│       ├── X1 Chi bộ Thôn Đông (cell)
│       └── X2 Chi bộ Thôn Tây (cell)
└── C2 Đảng bộ xã Hòa Lạc (commune, the sibling)
    └── G2 Đảng bộ xã Hòa Lạc cũ (grassroots committee)
        └── Y1 Chi bộ Ấp Một (cell)

A persona for every role (`PERSONA_ROLES`), and the superuser.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partybuilding.accounts import two_factor
from partybuilding.accounts.choices import Role
from partybuilding.accounts.models import RoleAssignment, User
from partybuilding.accounts.policy import ROLE_ACTIONS
from partybuilding.core.records import Decision
from partybuilding.core.scope import Action
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization
from partybuilding.organizations.services import organization_create

PASSWORD = "correct-horse-battery"
REFORM = dt.date(2025, 7, 1)
FOUNDING = Decision(number="01-QĐ/TU", date=REFORM, decided_by="Tỉnh ủy")


@dataclass
class Tree:
    P: Organization
    C1: Organization
    G1: Organization
    X1: Organization
    X2: Organization
    C2: Organization
    G2: Organization
    Y1: Organization

    def refresh(self) -> None:
        for org in vars(self).values():
            org.refresh_from_db()


def make_org(parent: Organization | None, code: str, name: str, kind: str, founded: dt.date = REFORM) -> Organization:
    return organization_create(actor=None, parent=parent, code=code, name=name, kind=kind, founded_on=founded, decision=FOUNDING)


def build_tree() -> None:
    P = make_org(None, "P", "Đảng bộ tỉnh Thử Nghiệm", OrgKind.PROVINCE, dt.date(2000, 1, 1))
    C1 = make_org(P, "C1", "Đảng bộ xã An Bình", OrgKind.COMMUNE)
    G1 = make_org(C1, "G1", "Đảng bộ Trường THPT Nguyễn Huệ", OrgKind.GRASSROOTS_COMMITTEE)
    make_org(G1, "X1", "Chi bộ Thôn Đông", OrgKind.CELL)
    make_org(G1, "X2", "Chi bộ Thôn Tây", OrgKind.CELL)
    C2 = make_org(P, "C2", "Đảng bộ xã Hòa Lạc", OrgKind.COMMUNE)
    G2 = make_org(C2, "G2", "Đảng bộ xã Hòa Lạc cũ", OrgKind.GRASSROOTS_COMMITTEE)
    make_org(G2, "Y1", "Chi bộ Ấp Một", OrgKind.CELL)


# Each persona: its username, the role it holds and the organization it holds it over
# (the superuser holds no role). The permission matrix reads its expectations from here
# and from `accounts.policy.ROLE_ACTIONS`.
PERSONA_ROLES: dict[str, tuple[str, str | None, str | None]] = {
    "admin": ("admin.tinh", Role.ADMINISTRATOR, "P"),
    "provincial_officer": ("tochuc.tinh", Role.ORGANIZING_OFFICER, "P"),
    "commune_officer": ("tochuc.xa", Role.ORGANIZING_OFFICER, "C1"),
    "cell_secretary": ("bithu", Role.CELL_SECRETARY, "X1"),
    "member": ("dangvien", Role.MEMBER, "X1"),
    "viewer": ("xem", Role.VIEWER, "P"),
    "outsider": ("ngoai", Role.ORGANIZING_OFFICER, "C2"),
    "inspection_officer": ("kiemtra", Role.INSPECTION_OFFICER, "P"),
    "office_officer": ("vanphong", Role.OFFICE_OFFICER, "P"),
    "standing_member": ("thuongvu", Role.STANDING_COMMITTEE, "P"),
    "superuser": ("root", None, None),
}
PERSONA_USERNAMES = {persona: username for persona, (username, _role, _code) in PERSONA_ROLES.items()}

# (persona, organization code inside its scope, organization code outside it); the
# organizations Q… form a sibling province that only the superuser reaches (`world`).
SCOPES: dict[str, tuple[str, str]] = {
    "admin": ("X1", "Q1"),
    "provincial_officer": ("X1", "Q1"),
    "viewer": ("X1", "Q1"),
    "commune_officer": ("X1", "Y1"),
    "cell_secretary": ("X1", "X2"),
    "member": ("X1", "Y1"),
    "outsider": ("Y1", "X1"),
    "inspection_officer": ("X1", "Q1"),
    "office_officer": ("X1", "Q1"),
    "standing_member": ("X1", "Q1"),
}


def personas_allowed(action: Action) -> set[str]:
    """The personas (the superuser aside) whose role allows `action` where they hold it."""
    return {persona for persona, (_u, role, _c) in PERSONA_ROLES.items() if role and action in ROLE_ACTIONS[role]}


# Member records are personal data: seen by the roles that work with members.
MEMBER_READERS = personas_allowed(Action.VIEW_MEMBERS)
MEMBER_WRITERS = personas_allowed(Action.MANAGE_MEMBERS)


def build_people(tree: Tree) -> None:
    for username, role, code in PERSONA_ROLES.values():
        if role is None:
            make_user(username, is_superuser=True, is_staff=True)
        else:
            make_user(username, role, getattr(tree, str(code)))


def load_tree() -> Tree:
    orgs = {o.code: o for o in Organization.objects.filter(code__in=Tree.__annotations__)}
    return Tree(**orgs)


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Build the tree and the personas once; each test runs in a transaction rolled back after it."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = FAST_HASHERS  # Argon2 is deliberately slow; tests check it separately
    with django_db_blocker.unblock():
        build_tree()
        build_people(load_tree())


@pytest.fixture(scope="session", autouse=True)
def _jobs_run_inline(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Background jobs run inside the call that starts them (django-tasks' immediate
    backend), so a test sees a job's outcome when the view answers, with no worker to run.
    Set for the session rather than in settings.py: the application never guesses that it
    is under test, and `override_settings` tells django-tasks to drop its backend for the
    new one. The jobs' files go to a folder of this run."""
    from django.test import override_settings

    inline = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=inline, JOB_FILES_DIR=str(tmp_path_factory.mktemp("job-files"))):
        yield


_T = TypeVar("_T")


def shared_by_the_module(django_db_blocker: Any, build: Callable[[], _T]) -> Iterator[_T]:
    """Data that every test of one module reads (a module-scoped fixture yields from this):
    `build` runs once, in a transaction that each test of the module runs inside (its own
    transaction is a savepoint of it), rolled back after the module's last test. Only for
    modules whose tests are not transactional."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        with django_db_blocker.unblock():
            if not Organization.objects.filter(code="P").exists():  # a transactional test flushed the database
                build_tree()
            if not User.objects.filter(username="root").exists():
                build_people(load_tree())
            built = build()
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Any:
    """Services speak the active language; tests read them in English (pages choose their own)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def tree(db: Any) -> Tree:
    if not Organization.objects.filter(code="P").exists():  # a transactional test flushed the database
        build_tree()
    return load_tree()


def make_user(username: str, role: str | None = None, org: Organization | None = None, **extra: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    if role and org:
        RoleAssignment.objects.create(user=user, role=role, organization=org)
    return user


@dataclass
class Personas:
    admin: User  # administrator of the province
    provincial_officer: User  # organizing officer of the province
    commune_officer: User  # organizing officer of commune C1
    cell_secretary: User  # secretary of cell X1
    member: User  # member role in cell X1
    viewer: User  # read-only over the province
    outsider: User  # organizing officer of the sibling commune C2
    inspection_officer: User  # inspection officer of the province (the inspection app's user)
    office_officer: User  # office officer of the province (the documents app's user)
    standing_member: User  # standing committee of the province (reads cadre records)
    superuser: User


@pytest.fixture
def people(tree: Tree) -> Personas:
    if not User.objects.filter(username="root").exists():
        build_people(tree)
    users = {u.username: u for u in User.objects.filter(username__in=PERSONA_USERNAMES.values())}
    return Personas(**{persona: users[name] for persona, name in PERSONA_USERNAMES.items()})


def client_for(user: User | None, language: str = "en") -> Client:
    """A client signed in as `user`, with the second factor given when the user owes one
    (an authenticator made for them if they have none, as if they had set it up)."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
        two_factor.forget_state(user)  # the user may have changed since it was read
        if two_factor.state_of(user).needed:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = second_factor_device(user).persistent_id
            session.save()
    return client


def second_factor_device(user: User) -> TOTPDevice:
    """The user's authenticator app: the one they set up, or one made for them now."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the user's app shows, as they would type it: of the present 30-second step,
    or of the next one when this one's code was used already (django-otp takes a code once)."""
    device.refresh_from_db()
    while True:
        now = (int(time.time()) - device.t0) // device.step + device.drift
        step = max(now, device.last_t + 1)
        if step <= now + device.tolerance:
            return str(hotp(device.bin_key, step, device.digits)).zfill(device.digits)
        time.sleep(1)


def decision_data(**extra: Any) -> dict[str, Any]:
    """The decision fields of a restructuring form, dated in the past."""
    data = {"date": "01/09/2025", "decision_number": "77-QĐ/TU", "decision_date": "25/08/2025", "decided_by": "Ban Thường vụ Tỉnh ủy"}
    data.update(extra)
    return data


def build_sibling_province() -> dict[str, Organization]:
    """A second province Q > QC > QG > Q1, out of every persona's scope but the superuser's."""
    province = make_org(None, "Q", "Đảng bộ tỉnh Bên Cạnh", OrgKind.PROVINCE, dt.date(2000, 1, 1))
    commune = make_org(province, "QC", "Đảng bộ xã Bên Cạnh", OrgKind.COMMUNE)
    grassroots = make_org(commune, "QG", "Đảng bộ cơ sở Bên Cạnh", OrgKind.GRASSROOTS_COMMITTEE)
    make_org(grassroots, "Q1", "Chi bộ Bên Cạnh", OrgKind.CELL)
    return {o.code: o for o in Organization.objects.all()}


@pytest.fixture
def world(tree: Tree, people: Personas) -> dict[str, Any]:
    """The small tree, its personas and a sibling province out of everyone's scope."""
    return {"tree": tree, "people": people, "orgs": build_sibling_province()}
