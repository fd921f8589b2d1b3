"""Two-factor sign-in in a real browser, under the site's Content-Security-Policy: setting up
the authenticator at the first sign-in, then signing in with its code."""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest
from django_otp.oath import hotp
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(secret: str, step_offset: int = 0) -> str:
    key = secret.replace(" ", "")
    key_bytes = base64.b32decode(key + "=" * (-len(key) % 8))
    return str(hotp(key_bytes, int(time.time()) // 30 + step_offset, 6)).zfill(6)


def test_an_administrator_sets_up_the_app_then_signs_in_with_its_code(page: Any, live_server: Any, people: Any) -> None:
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "admin.tinh")
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url("**/accounts/two-factor/setup/**")
    expect(page.locator("figure.qr svg")).to_be_visible()
    secret = page.locator("[data-testid=totp-secret]").inner_text()
    page.fill("input[name=code]", code_for(secret))
    page.click("[data-testid=enrol-submit]")
    expect(page.locator("[data-testid=recovery-codes] li")).to_have_count(10)
    page.click("[data-testid=codes-noted]")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("nav.sidebar")).to_contain_text("Two-factor sign-in")
    page.click("[data-testid=logout]")

    page.fill("input[name=username]", "admin.tinh")
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url("**/accounts/login/code/**")
    expect(page.locator("nav.sidebar")).to_have_count(0)  # nothing but the second step until the code
    page.fill("input[name=code]", code_for(secret, step_offset=1))  # the next step's code: this one's is used
    page.click("[data-testid=code-submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert refused == []
