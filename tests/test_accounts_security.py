"""Signing in safely: the second factor (who must give it, setting it up, codes taken once,
recovery codes, an administrator's reset), sessions that end when left idle, and the
throttle on failed sign-ins per account and per address, under parallel attempts too."""

from __future__ import annotations

import base64
import re
import threading
import time
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partybuilding.accounts import activity, services, two_factor
from partybuilding.accounts.choices import Role
from partybuilding.accounts.models import User
from partybuilding.core.models import AuditEntry

from .conftest import PASSWORD, Personas, Tree, client_for, make_user, second_factor_device, totp_code

pytestmark = pytest.mark.django_db

CODE_PAGE = "/accounts/login/code/"
SETUP_PAGE = "/accounts/two-factor/setup/"


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def give_code(client: Client, code: str) -> Any:
    return client.post(CODE_PAGE, {"code": code, "next": "/"})


def actions(user: User) -> list[str]:
    return list(AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk)).values_list("action", flat=True))


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


# --- who must give a second factor ---------------------------------------------------------


def test_officers_over_a_commune_or_above_and_administrators_must_give_a_second_factor(tree: Tree, people: Personas) -> None:
    required = {persona: two_factor.state_of(fresh(getattr(people, persona))).required for persona in vars(people)}
    assert required == {
        "admin": True,
        "provincial_officer": True,
        "commune_officer": True,
        "cell_secretary": False,  # over a cell
        "member": False,
        "viewer": True,  # reads the whole province's records
        "outsider": True,
        "inspection_officer": True,
        "office_officer": True,
        "standing_member": True,  # reads the cadre records of the province
        "superuser": True,
    }
    assert not two_factor.state_of(make_user("tochuc.coso", Role.ORGANIZING_OFFICER, tree.G1)).required  # a grassroots committee
    assert two_factor.state_of(make_user("quantri.chibo", Role.ADMINISTRATOR, tree.X1)).required  # an administrator anywhere
    assert not two_factor.state_of(make_user("dangvien.tinh", Role.MEMBER, tree.P)).required  # the plain member role
    assert two_factor.state_of(make_user("nhanvien", is_staff=True)).required


def test_a_plain_member_signs_in_with_the_password_alone(people: Personas) -> None:
    client = client_for(None)
    response = sign_in(client, "dangvien")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


# --- the second step -------------------------------------------------------------------------


def test_a_provincial_officer_gives_the_code_of_the_app_after_the_password(people: Personas) -> None:
    device = second_factor_device(people.provincial_officer)
    client = client_for(None)
    response = sign_in(client, "tochuc.tinh")
    assert response.status_code == 302 and response["Location"].startswith(CODE_PAGE)
    assert client.get("/").status_code == 302  # not before the code
    page = give_code(client, "000000" if totp_code(device) != "000000" else "111111").content.decode()
    assert "This code is not right" in page
    response = give_code(client, totp_code(device))
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert actions(people.provincial_officer) == ["login.success", "two_factor.failure", "two_factor.verified"]


def test_the_second_step_speaks_vietnamese(people: Personas) -> None:
    second_factor_device(people.provincial_officer)
    client = client_for(None, "vi")
    sign_in(client, "tochuc.tinh")
    page = client.get(CODE_PAGE).content.decode()
    assert "Xác thực hai bước" in page
    assert "Your password is right" not in page


def test_the_second_step_keeps_the_page_asked_for(people: Personas) -> None:
    device = second_factor_device(people.provincial_officer)
    client = client_for(None)
    response = client.post("/accounts/login/?next=/members/", {"username": "tochuc.tinh", "password": PASSWORD})
    assert response["Location"] == f"{CODE_PAGE}?next=%2Fmembers%2F"
    response = client.post(response["Location"], {"code": totp_code(device), "next": "/members/"})
    assert response["Location"] == "/members/"
    assert client.get(CODE_PAGE, {"next": "https://evil.example/"})["Location"] == "/"  # verified: goes on, never away


def test_a_code_of_the_app_is_taken_once(people: Personas) -> None:
    device = second_factor_device(people.provincial_officer)
    code = totp_code(device)
    first, second = client_for(None), client_for(None)
    sign_in(first, "tochuc.tinh")
    sign_in(second, "tochuc.tinh")
    assert give_code(first, code).status_code == 302
    assert "This code is not right" in give_code(second, code).content.decode()  # seen over a shoulder: too late
    assert second.get("/").status_code == 302


def test_a_recovery_code_signs_in_once(people: Personas) -> None:
    second_factor_device(people.commune_officer)
    codes = services.recovery_codes_renew(actor=people.commune_officer)
    assert len(codes) == 10 == len(set(codes))
    client = client_for(None)
    sign_in(client, "tochuc.xa")
    assert give_code(client, f" {two_factor.code_text(codes[0]).upper()} ")["Location"] == "/"  # as printed, any case
    client.post("/accounts/logout/")
    sign_in(client, "tochuc.xa")
    assert "This code is not right" in give_code(client, codes[0]).content.decode()
    assert give_code(client, codes[1])["Location"] == "/"
    assert StaticToken.objects.filter(device__user=people.commune_officer).count() == 8


def test_few_recovery_codes_left_are_announced(people: Personas) -> None:
    second_factor_device(people.commune_officer)
    codes = services.recovery_codes_renew(actor=people.commune_officer)
    StaticToken.objects.filter(device__user=people.commune_officer, token__in=codes[3:]).delete()
    client = client_for(None)
    sign_in(client, "tochuc.xa")
    give_code(client, codes[0])
    assert "You have 2 recovery codes left" in client.get("/").content.decode()


def test_wrong_codes_are_throttled_like_passwords(people: Personas) -> None:
    device = second_factor_device(people.provincial_officer)
    client = client_for(None)
    sign_in(client, "tochuc.tinh")
    for _ in range(settings.LOGIN_THROTTLE_FAILURES):
        assert "This code is not right" in give_code(client, "12345678").content.decode()
    page = give_code(client, totp_code(device)).content.decode()
    assert "Too many failed logins for this account (5 within 15 min). Try again in 15 min." in page
    assert client.get("/").status_code == 302


# --- setting it up -----------------------------------------------------------------------------


def code_from_the_page(page: str) -> str:
    """What an authenticator app shows once the key written on the setup page is typed in."""
    found = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page)
    assert found, "the key is written out for typing by hand"
    key = found.group(1).replace(" ", "")
    key_bytes = base64.b32decode(key + "=" * (-len(key) % 8))
    return str(hotp(key_bytes, int(time.time()) // 30, 6)).zfill(6)


def test_an_administrator_without_an_app_sets_it_up_at_the_first_sign_in(people: Personas) -> None:
    client = client_for(None)
    response = sign_in(client, "admin.tinh")
    assert response["Location"].startswith(SETUP_PAGE)
    assert client.get("/")["Location"].startswith(SETUP_PAGE)
    assert client.get(CODE_PAGE)["Location"].startswith(SETUP_PAGE)
    page = client.get(SETUP_PAGE).content.decode()
    assert '<svg width="' in page and 'class="qr"' in page  # the QR code, drawn on the server
    assert "<script" not in page.split("</head>")[1]
    assert code_from_the_page(client.get(SETUP_PAGE).content.decode()) == code_from_the_page(page)  # reloading keeps the key
    assert "not the one your app shows" in client.post(SETUP_PAGE, {"code": "123", "next": "/"}).content.decode()
    response = client.post(SETUP_PAGE, {"code": code_from_the_page(page), "next": "/"})
    shown = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", response.content.decode())
    assert len(shown) == 10
    assert client.get("/").status_code == 200
    device = TOTPDevice.objects.get(user=people.admin)
    assert device.confirmed
    assert actions(people.admin) == ["login.success", "two_factor.failure", "two_factor.enrol"]
    client.post("/accounts/logout/")
    sign_in(client, "admin.tinh")
    assert give_code(client, shown[4])["Location"] == "/"  # a recovery code as shown


def test_a_verified_user_moves_to_a_new_phone(people: Personas) -> None:
    old = second_factor_device(people.provincial_officer)
    client = client_for(people.provincial_officer)
    page = client.get(SETUP_PAGE).content.decode()
    assert "on a new phone" in page
    assert client.post(SETUP_PAGE, {"code": code_from_the_page(page), "next": "/"}).status_code == 200
    assert list(TOTPDevice.objects.filter(user=people.provincial_officer).values_list("pk", flat=True)) != [old.pk]
    assert client.get("/").status_code == 200  # still verified, by the new device


def test_a_password_alone_cannot_replace_the_app(people: Personas) -> None:
    second_factor_device(people.provincial_officer)
    client = client_for(None)
    sign_in(client, "tochuc.tinh")
    assert client.get(SETUP_PAGE)["Location"].startswith(CODE_PAGE)
    assert client.post(SETUP_PAGE, {"code": "123456"})["Location"].startswith(CODE_PAGE)


# --- until the second step: its pages and logout only ------------------------------------------


def test_a_session_owing_the_code_reaches_no_page_and_no_api(people: Personas) -> None:
    second_factor_device(people.provincial_officer)
    key = services.token_create(actor=people.provincial_officer, user=people.provincial_officer, name="script")[1]
    client = client_for(None)
    sign_in(client, "tochuc.tinh")
    for url in ("/", "/members/", "/organizations/", "/accounts/tokens/", "/accounts/two-factor/", "/admin/", "/audit/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(CODE_PAGE), url
    assert client.post("/accounts/tokens/", {"name": "x"})["Location"] == CODE_PAGE
    answer = client.get("/api/organizations")
    assert answer.status_code == 401 and "Two-factor sign-in is not finished" in answer.json()["detail"]
    assert client.get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200  # a token stays a token
    assert client.get("/api/organizations", HTTP_AUTHORIZATION="Bearer pb_wrong").status_code == 401  # and the session does not stand in
    page = client.get(CODE_PAGE).content.decode()
    assert 'class="sidebar"' not in page and "Working in" not in page
    assert client.post("/i18n/setlang/", {"language": "vi", "next": CODE_PAGE}).status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_htmx_requests_of_such_a_session_load_the_second_step_as_a_page(people: Personas) -> None:
    second_factor_device(people.provincial_officer)
    client = client_for(None)
    sign_in(client, "tochuc.tinh")
    response = client.get("/organizations/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(CODE_PAGE)


# --- the account page and the administrator's reset -------------------------------------------


def test_the_two_factor_page_shows_the_state_and_makes_new_recovery_codes(people: Personas) -> None:
    second_factor_device(people.provincial_officer)
    old = services.recovery_codes_renew(actor=people.provincial_officer)
    client = client_for(people.provincial_officer)
    page = client.get("/accounts/two-factor/").content.decode()
    assert "Recovery codes left</dt><dd>10" in page and "Your roles require it" in page
    assert "Turn off" not in page
    page = client.post("/accounts/two-factor/", {"action": "recovery_codes"}).content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)
    assert len(shown) == 10 and not {c.replace("-", "") for c in shown} & set(old)
    assert client.post("/accounts/two-factor/", {"action": "turn_off"}).status_code == 302
    assert TOTPDevice.objects.filter(user=people.provincial_officer).exists()  # required: stays on
    assert "two_factor.recovery_codes" in actions(people.provincial_officer)


def test_a_member_may_turn_it_on_and_off(people: Personas) -> None:
    client = client_for(people.member)
    assert "Set up two-factor sign-in" in client.get("/accounts/two-factor/").content.decode()
    page = client.get(SETUP_PAGE).content.decode()
    client.post(SETUP_PAGE, {"code": code_from_the_page(page), "next": "/"})
    fresh_client = client_for(None)
    assert sign_in(fresh_client, "dangvien")["Location"].startswith(CODE_PAGE)  # set up: asked for too
    assert client.post("/accounts/two-factor/", {"action": "turn_off"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=people.member).exists()
    assert sign_in(client_for(None), "dangvien")["Location"] == "/"


def test_an_administrator_resets_a_lost_phone(people: Personas) -> None:
    second_factor_device(people.commune_officer)
    officer = client_for(people.commune_officer)
    assert officer.get("/").status_code == 200
    admin = client_for(people.admin)
    assert 'data-testid="two-factor-reset"' in admin.get("/accounts/roles/").content.decode()
    response = admin.post(f"/accounts/two-factor/reset/{people.commune_officer.pk}/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=people.commune_officer).exists()
    assert officer.get("/")["Location"].startswith(SETUP_PAGE)  # the session verified by the lost phone is not any more
    entry = AuditEntry.objects.get(action="two_factor.reset")
    assert entry.actor == people.admin and entry.object_id == str(people.commune_officer.pk)


def test_resetting_needs_the_right_to_manage_roles_over_the_users_organizations(people: Personas) -> None:
    second_factor_device(people.commune_officer)
    url = f"/accounts/two-factor/reset/{people.commune_officer.pk}/"
    assert client_for(people.provincial_officer).post(url).status_code == 403  # sees C1, manages no roles
    assert client_for(people.outsider).post(url).status_code == 404  # does not see C1
    assert client_for(people.admin).post(f"/accounts/two-factor/reset/{people.superuser.pk}/").status_code == 404
    assert TOTPDevice.objects.filter(user=people.commune_officer).exists()


# --- sessions left idle --------------------------------------------------------------------------


def age(client: Client, idle: int = 0, signed: int | None = None) -> None:
    """Move the session's notes back in time, as if `idle` seconds had passed since the last request."""
    session = client.session
    session[activity.ACTIVE_AT] -= idle
    if signed is not None:
        session[activity.SIGNED_IN_AT] -= signed
    session.save()


def test_a_session_idle_for_longer_than_the_limit_is_signed_out_with_the_reason(people: Personas) -> None:
    client = client_for(people.cell_secretary)
    age(client, idle=settings.SESSION_IDLE_SECONDS + 5)
    response = client.get("/members/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=%2Fmembers%2F"
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity" in page
    assert client.get("/members/").status_code == 302


def test_a_session_in_use_lasts_and_is_written_at_most_once_a_minute(people: Personas) -> None:
    client = client_for(people.cell_secretary)
    age(client, idle=settings.SESSION_IDLE_SECONDS - 60)
    noted = client.session[activity.ACTIVE_AT]
    assert client.get("/").status_code == 200
    assert client.session[activity.ACTIVE_AT] > noted  # the activity was noted
    noted = client.session[activity.ACTIVE_AT]
    age(client, idle=30)
    assert client.get("/").status_code == 200
    assert client.session[activity.ACTIVE_AT] == noted - 30  # half a minute later: not written again


def test_an_idle_api_session_answers_401_and_a_token_still_works(people: Personas) -> None:
    client = client_for(people.cell_secretary)
    age(client, idle=settings.SESSION_IDLE_SECONDS + 5)
    response = client.get("/api/organizations")
    assert response.status_code == 401 and "without activity" in response.json()["detail"]
    key = services.token_create(actor=people.cell_secretary, user=people.cell_secretary, name="script")[1]
    assert Client().get("/api/organizations", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_a_session_ends_at_its_full_age_even_when_in_use(people: Personas) -> None:
    client = client_for(people.cell_secretary)
    age(client, signed=settings.SESSION_COOKIE_AGE + 5)
    response = client.get("/")
    assert response["Location"].startswith("/accounts/login/")
    assert "a session lasts 8 hours at most" in client.get(response["Location"]).content.decode()


@override_settings(SESSION_IDLE_SECONDS=0)
def test_the_idle_limit_can_be_turned_off(people: Personas) -> None:
    client = client_for(people.cell_secretary)
    age(client, idle=24 * 3600)
    assert client.get("/").status_code == 200


# --- throttling per account and per address ------------------------------------------------------


def test_wrong_passwords_for_many_accounts_from_one_address_are_throttled(people: Personas) -> None:
    """The guessing the per-account limit alone let through: one password for each of many names."""
    client = client_for(None)
    for n in range(settings.LOGIN_THROTTLE_ADDRESS_FAILURES):
        assert "correct username and password" in sign_in(client, f"user{n}", "wrong", REMOTE_ADDR="203.0.113.7").content.decode()
    page = sign_in(client, "dangvien", REMOTE_ADDR="203.0.113.7").content.decode()
    assert "Too many failed sign-ins from your network address (20 within 15 min). Try again in 15 min." in page
    assert sign_in(client_for(None), "dangvien", REMOTE_ADDR="203.0.113.8")["Location"] == "/"  # another address


def test_forwarded_addresses_are_not_trusted_unless_the_deployment_says_so(people: Personas) -> None:
    client = client_for(None)
    for n in range(settings.LOGIN_THROTTLE_ADDRESS_FAILURES):
        sign_in(client, f"user{n}", "wrong", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert "network address" in sign_in(client, "dangvien", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.99").content.decode()
    with override_settings(LOGIN_THROTTLE_TRUSTED_PROXIES=1):  # one proxy in front, which appends the address it saw
        response = sign_in(client, "dangvien", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.99")
        assert response["Location"] == "/"


def test_ipv6_addresses_count_per_64_block(people: Personas) -> None:
    client = client_for(None)
    for n in range(settings.LOGIN_THROTTLE_ADDRESS_FAILURES):
        sign_in(client, f"user{n}", "wrong", REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}")
    assert "network address" in sign_in(client, "dangvien", REMOTE_ADDR="2001:db8:1:2:ffff::1").content.decode()


def test_a_success_gives_the_address_its_slot_back(people: Personas) -> None:
    client = client_for(None)
    for _ in range(settings.LOGIN_THROTTLE_ADDRESS_FAILURES + 5):  # a whole office signing in from one address
        response = sign_in(client, "dangvien", REMOTE_ADDR="192.0.2.1")
        assert response["Location"] == "/"
        client.post("/accounts/logout/")


def test_failed_and_successful_sign_ins_are_audited(people: Personas) -> None:
    sign_in(client_for(None), "dangvien", "wrong")
    sign_in(client_for(None), "dangvien")
    sign_in(client_for(None), "nobody", "wrong")
    entries = list(AuditEntry.objects.filter(action__startswith="login.").order_by("id"))
    assert [(e.action, e.object_repr) for e in entries] == [
        ("login.failure", "dangvien"),
        ("login.success", "dangvien"),
        ("login.failure", "nobody"),
    ]
    assert entries[0].after["address"] == "127.0.0.1" and entries[1].actor == people.member


# --- under concurrency ---------------------------------------------------------------------------


def in_parallel(count: int, attempt: Any) -> list[Any]:
    """Run `attempt(i)` in `count` threads released together; each thread has its own
    database connection, closed at its end."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = attempt(i)
        except Exception as error:  # reported by the assertion on the results
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel sign-ins need a server database: SQLite's in-memory test database locks whole tables across threads",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_check_at_most_the_limit(people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    checks = []
    check_password = User.check_password

    def counted(user: User, raw: str) -> bool:
        checks.append(raw)
        time.sleep(0.05)  # a real hash takes this long: every attempt is in flight at once
        return check_password(user, raw)

    monkeypatch.setattr(User, "check_password", counted)
    pages = in_parallel(25, lambda i: sign_in(Client(HTTP_ACCEPT_LANGUAGE="en"), "tochuc.xa", f"wrong-{i}").content.decode())
    assert all(isinstance(page, str) for page in pages), pages
    assert len(checks) == settings.LOGIN_THROTTLE_FAILURES
    assert sum("Too many failed logins" in page for page in pages) == 25 - settings.LOGIN_THROTTLE_FAILURES


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_one_code_signs_in_one_session_even_in_parallel(people: Personas) -> None:
    device = second_factor_device(people.provincial_officer)
    clients = [Client() for _ in range(8)]
    for client in clients:
        sign_in(client, "tochuc.tinh", REMOTE_ADDR="192.0.2.9")
    code = totp_code(device)
    statuses = in_parallel(len(clients), lambda i: give_code(clients[i], code).status_code)
    assert sorted(statuses) == [200] * (len(clients) - 1) + [302]
