from __future__ import annotations

import importlib

import pytest
from django.test import override_settings

from partybuilding.accounts.models import LoginThrottle, RoleAssignment, User

from .conftest import PASSWORD, Personas, Tree, client_for

pytestmark = pytest.mark.django_db


def login(client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_passwords_are_hashed_with_argon2() -> None:
    settings_module = importlib.import_module("partybuilding.settings")
    assert settings_module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=settings_module.PASSWORD_HASHERS):
        user = User.objects.create_user("argon", password="a-long-passphrase")
        assert user.password.startswith("argon2")


def test_a_user_logs_in_and_out(people: Personas) -> None:
    client = client_for(None)
    response = login(client, "bithu", PASSWORD)  # a cell secretary: no second step (tests/test_accounts_security.py)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_repeated_failures_lock_the_account_for_a_while(people: Personas) -> None:
    client = client_for(None)
    for _ in range(5):
        page = login(client, "tochuc.xa", "wrong").content.decode()
        assert "Please enter a correct username and password" in page
    page = login(client, "tochuc.xa", PASSWORD).content.decode()
    assert "Too many failed logins" in page
    assert client.get("/").status_code == 302
    LoginThrottle.objects.all().delete()
    assert login(client, "tochuc.xa", PASSWORD).status_code == 302


def test_a_success_clears_earlier_failures(people: Personas) -> None:
    client = client_for(None)
    for _ in range(4):
        login(client, "tochuc.xa", "wrong")
    assert login(client, "tochuc.xa", PASSWORD).status_code == 302
    assert LoginThrottle.objects.get(key="account:tochuc.xa").attempts == 0


def test_the_login_page_speaks_vietnamese_by_default() -> None:
    page = client_for(None, "vi").get("/accounts/login/").content.decode()
    assert "Đăng nhập" in page


def test_switching_the_language(people: Personas) -> None:
    client = client_for(people.viewer, "vi")
    assert "Cơ cấu tổ chức" in client.get("/organizations/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/organizations/"})
    assert "Organization tree" in client.get("/organizations/").content.decode()


def test_the_scope_picker_sets_the_working_organization(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    assert "Đảng bộ tỉnh Thử Nghiệm" in client.get("/").content.decode()
    client.post("/accounts/scope/", {"organization": tree.C2.pk, "next": "/"})
    page = client.get("/").content.decode()
    assert "<h1>Đảng bộ xã Hòa Lạc</h1>" in page


def test_the_scope_picker_lists_the_users_organizations_and_finds_others(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    page = client.get("/accounts/scope/").content.decode()
    assert "Đảng bộ xã An Bình" in page and "Đảng bộ tỉnh" not in page
    page = client.get("/accounts/scope/", {"q": "thon tay"}).content.decode()
    assert "Chi bộ Thôn Tây" in page
    assert "Chi bộ Ấp Một" not in client.get("/accounts/scope/", {"q": "ap mot"}).content.decode()


def test_the_scope_picker_refuses_an_organization_outside_the_scope(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    assert client.post("/accounts/scope/", {"organization": tree.C2.pk}).status_code == 404


def test_an_administrator_assigns_and_revokes_roles_within_the_subtree(tree: Tree, people: Personas) -> None:
    client = client_for(people.admin)
    client.post("/accounts/scope/", {"organization": tree.C1.pk})
    response = client.post("/accounts/roles/", {"username": "xem", "role": "organizing_officer", "organization": tree.C1.pk})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user__username="xem", role="organizing_officer")
    assert assignment.organization == tree.C1
    assert client.post(f"/accounts/roles/{assignment.pk}/revoke/").status_code == 302
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None


def test_a_role_given_twice_is_explained(tree: Tree, people: Personas) -> None:
    client = client_for(people.admin)
    client.post("/accounts/roles/", {"username": "xem", "role": "viewer", "organization": tree.P.pk})
    page = client.post("/accounts/roles/", {"username": "xem", "role": "viewer", "organization": tree.P.pk}).content.decode()
    assert "already has this role" in page


def test_an_unknown_user_name_is_explained(tree: Tree, people: Personas) -> None:
    page = (
        client_for(people.admin)
        .post("/accounts/roles/", {"username": "nobody", "role": "viewer", "organization": tree.P.pk})
        .content.decode()
    )
    assert "No active user is called nobody" in page


def test_a_revoked_role_no_longer_opens_the_subtree(tree: Tree, people: Personas) -> None:
    assignment = RoleAssignment.objects.get(user=people.commune_officer)
    client_for(people.admin).post(f"/accounts/roles/{assignment.pk}/revoke/")
    assert client_for(people.commune_officer).get(f"/organizations/{tree.X1.pk}/").status_code == 404
