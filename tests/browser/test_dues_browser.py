"""A cell secretary collects a month's dues at the cell meeting, in the browser."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from partybuilding.dues.models import Charge, Payment
from partybuilding.organizations.models import Organization
from tests.dues_factories import member_with_base

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_secretary_charges_the_month_and_records_the_cash_collected(login: Any, live_server: Any) -> None:
    cell = Organization.objects.get(code="X1")
    first = member_with_base(cell, family_name="Phạm", given_name="Đồng")
    second = member_with_base(cell, family_name="Võ", given_name="Sáu")
    page = login("bithu")
    page.goto(f"{live_server.url}/dues/collect/{cell.pk}/2026/3/")
    expect(page.locator("[data-testid=collect-empty]")).to_be_visible()
    page.click("[data-testid=open-month]")
    expect(page.locator(".messages")).to_contain_text("2 members charged")
    rows = page.locator("[data-testid=collect-row]")
    expect(rows).to_have_count(2)
    page.fill("#paid_on", "15/03/2026")
    page.get_by_label(f"Amount collected — {first.full_name}").fill("50.000")
    page.get_by_label(f"Amount collected — {second.full_name}").fill("100000")
    page.click("[data-testid=collect-submit]")
    expect(page.locator(".messages")).to_contain_text("2 payments were recorded")
    assert Payment.objects.count() == 2
    assert set(Charge.objects.filter(month=dt.date(2026, 3, 1)).values_list("paid", flat=True)) == {50_000}
    page.goto(f"{live_server.url}/dues/member/{second.pk}/")
    expect(page.locator("[data-testid=dues-credit]")).to_contain_text("50")
