"""Personas and a small tree every test can stand on.

P  Đảng bộ tỉnh Thử Nghiệm (province)
├── C1 Đảng bộ xã An Bình (commune)
│   └── G1 Đảng bộ Trường THPT Nguyễn Huệ (grassroots committee)
│       ├── X1 Chi bộ Thôn Đông (cell)
│       └── X2 Chi bộ Thôn Tây (cell)
└── C2 Đảng bộ xã Hòa Lạc (commune, the sibling)
    └── G2 Đảng bộ xã Hòa Lạc cũ (grassroots committee)
        └── Y1 Chi bộ Ấp Một (cell)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from partybuilding.accounts.choices import Role
from partybuilding.accounts.models import RoleAssignment, User
from partybuilding.core.records import Decision
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


def build_people(tree: Tree) -> None:
    make_user("admin.tinh", Role.ADMINISTRATOR, tree.P)
    make_user("tochuc.tinh", Role.ORGANIZING_OFFICER, tree.P)
    make_user("tochuc.xa", Role.ORGANIZING_OFFICER, tree.C1)
    make_user("bithu", Role.CELL_SECRETARY, tree.X1)
    make_user("dangvien", Role.MEMBER, tree.X1)
    make_user("xem", Role.VIEWER, tree.P)
    make_user("ngoai", Role.ORGANIZING_OFFICER, tree.C2)
    make_user("root", is_superuser=True, is_staff=True)


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
    superuser: User


PERSONA_USERNAMES = {
    "admin": "admin.tinh",
    "provincial_officer": "tochuc.tinh",
    "commune_officer": "tochuc.xa",
    "cell_secretary": "bithu",
    "member": "dangvien",
    "viewer": "xem",
    "outsider": "ngoai",
    "superuser": "root",
}


@pytest.fixture
def people(tree: Tree) -> Personas:
    if not User.objects.filter(username="root").exists():
        build_people(tree)
    users = {u.username: u for u in User.objects.filter(username__in=PERSONA_USERNAMES.values())}
    return Personas(**{persona: users[name] for persona, name in PERSONA_USERNAMES.items()})


def client_for(user: User | None, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def decision_data(**extra: Any) -> dict[str, Any]:
    """The decision fields of a restructuring form, dated in the past."""
    data = {"date": "01/09/2025", "decision_number": "77-QĐ/TU", "decision_date": "25/08/2025", "decided_by": "Ban Thường vụ Tỉnh ủy"}
    data.update(extra)
    return data
