from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization
from tests.members_factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_secretary_finds_a_member_and_records_an_exemption(login: Any, live_server: Any) -> None:
    cell = Organization.objects.get(code="X1")
    make_member(cell, family_name="Nguyễn", middle_name="Văn", given_name="Ánh", admitted=dt.date(1990, 2, 3), official=dt.date(1991, 2, 3))
    make_member(cell, family_name="Trần", middle_name="Thị", given_name="Bích")
    page = login("bithu")
    page.click("nav.sidebar >> text=Party members")
    expect(page.locator("[data-testid=member-count]")).to_contain_text("2 members")
    page.click("summary")
    page.fill("input[name=q]", "nguyen van anh")
    page.locator("input[name=q]").press("Enter")
    expect(page.locator("[data-testid=member-count]")).to_contain_text("1 member")
    page.click("text=Nguyễn Văn Ánh")
    expect(page.locator("h1")).to_contain_text("Nguyễn Văn Ánh")
    page.click("text=Exempt from work and activities")
    page.fill("input[name=date]", "01/10/2025")
    page.fill("input[name=decision_number]", "7-NQ/CB")
    page.fill("input[name=decision_date]", "30/09/2025")
    page.click("button[type=submit]")
    expect(page.locator("[data-testid=timeline]")).to_contain_text("Exempted from work and activities")
    expect(page.locator("h1")).to_contain_text("exempted")
    assert Member.objects.get(given_name="Ánh").exempt_since == dt.date(2025, 10, 1)
