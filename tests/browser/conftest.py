"""Browser tests: Playwright drives Debian's Chromium (no browser download) against the
live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from typing import Any

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_FLAGS}


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def login(page: Any, live_server: Any, people: Any) -> Callable[[str], Any]:
    """Signs in through the login form; a user who must give a second factor types the code
    their authenticator app shows (computed from the device's key) on the next page."""
    from partybuilding.accounts import two_factor
    from partybuilding.accounts.models import User
    from tests.conftest import PASSWORD, second_factor_device, totp_code

    def log_in(username: str) -> Any:
        user = User.objects.get(username=username)
        device = second_factor_device(user) if two_factor.state_of(user).needed else None
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("[data-testid=login-submit]")
        if device is not None:
            page.wait_for_url(f"{live_server.url}/accounts/login/code/**")
            page.fill("input[name=code]", totp_code(device))
            page.click("[data-testid=code-submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return log_in


@pytest.fixture(autouse=True)
def _nothing_refused_by_the_content_security_policy(request: pytest.FixtureRequest) -> Any:
    """Every page a browser test walks runs under the strict CSP: a script, style or frame
    the policy blocks is a broken page, so it fails the test that met it."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    yield
    assert refused == []


@pytest.fixture(autouse=True)
def _page_left_before_the_database_is_emptied(request: pytest.FixtureRequest) -> Any:
    """A page that keeps asking (the dashboard's attention list polls while it counts)
    would still be saving its session on the live server while the test's tables are
    flushed; leaving it first keeps the flush alone on the database."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    yield
    page.goto("about:blank")
    page.wait_for_timeout(300)  # a request already under way finishes on the server
