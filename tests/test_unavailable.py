"""While the database is unreachable (PostgreSQL restarting, the network to it down), a
request gets a 503 "not saved, try again" with Retry-After instead of a server error, and
the next request after the outage is served as usual."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from partybuilding.accounts.services import token_create
from partybuilding.core.unavailable import unavailable_response

from .conftest import Personas, client_for

pytestmark = pytest.mark.django_db


def _refuse(*args: Any, **kwargs: Any) -> None:
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def signed_in(user: Any, language: str = "en") -> Client:
    """A client signed in as `user` that returns the server's answer to an unhandled error
    (Django's test client otherwise raises it again, as no server does)."""
    client = client_for(user, language)
    client.raise_request_exception = False
    return client


@contextmanager
def outage(monkeypatch: pytest.MonkeyPatch, error: Callable[..., None] = _refuse) -> Iterator[None]:
    """Every query fails as it does while the server is down, and the connection is dead."""
    with monkeypatch.context() as patch, connection.execute_wrapper(error):
        patch.setattr(connection, "is_usable", lambda: False)
        yield


def test_a_page_during_an_outage_says_the_action_was_not_saved(people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    client = signed_in(people.cell_secretary)
    with outage(monkeypatch):
        response = client.post("/dues/", {"anything": "1"})
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    assert "The service is briefly unavailable" in page
    assert "Your last action was not saved." in page
    assert "Try again in a moment (about 10 seconds)." in page
    assert "<script" not in page  # nothing inline for the page's CSP to refuse


def test_the_page_speaks_vietnamese(people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    client = signed_in(people.member, "vi")
    with outage(monkeypatch):
        response = client.get("/")
    assert response.status_code == 503
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Thao tác vừa rồi của bạn chưa được lưu." in page


def test_the_api_answers_503_json_during_an_outage(people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    _token, key = token_create(actor=people.commune_officer, user=people.commune_officer, name="script")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    with outage(monkeypatch):
        response = client.post("/api/dues/payments", {"member_id": 1}, content_type="application/json")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "10"
    assert "not saved" in response.json()["detail"]
    # Once the server is back the same client is served as usual.
    assert client.get("/api/organizations").status_code == 200


def test_the_api_answers_503_json_with_debug_on_too(people: Personas, monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """Ninja handles the API's exceptions itself, and with DEBUG on it would answer with a
    traceback before the middleware saw the error."""
    settings.DEBUG = True
    _token, key = token_create(actor=people.commune_officer, user=people.commune_officer, name="script")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    with outage(monkeypatch):
        response = client.post("/api/dues/payments", {"member_id": 1}, content_type="application/json")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json" and "not saved" in response.json()["detail"]


def test_a_closed_connection_is_an_outage_too(people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    def closed(*args: Any, **kwargs: Any) -> None:
        raise InterfaceError("connection already closed")

    client = signed_in(people.provincial_officer)
    with outage(monkeypatch, closed):
        response = client.get("/members/")
    assert response.status_code == 503


def test_a_failure_while_the_session_is_saved_on_the_way_out_is_a_503(
    people: Personas, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """The session middleware writes after the view: its error never reaches the view's
    exception handling, and is answered 503 all the same."""
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client = signed_in(people.member)
    monkeypatch.setattr(SessionStore, "save", _refuse)
    monkeypatch.setattr(connection, "is_usable", lambda: False)
    response = client.get("/members/me/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"


def test_an_error_of_a_database_that_still_answers_stays_a_server_error(people: Personas) -> None:
    """A bad query or a lock timeout is not an outage: it is not disguised as one."""
    client = signed_in(people.member)
    with connection.execute_wrapper(_refuse):  # the connection itself is still usable
        response = client.get("/members/me/")
    assert response.status_code == 500


def test_the_page_is_rendered_without_the_database(rf: Any, django_db_blocker: Any) -> None:
    request = rf.get("/members/", HTTP_ACCEPT_LANGUAGE="en")
    with django_db_blocker.block():
        response = unavailable_response(request)
    assert response.status_code == 503
    assert b"Your last action was not saved." in response.content


def test_persistent_connections_are_checked_before_reuse() -> None:
    """What lets the service recover without a restart once the database is back."""
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
