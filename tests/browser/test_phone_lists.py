"""The core UI kit in a browser: lists on a phone (nothing scrolls the page sideways, tap
targets of 44 px), the date picker writing dd/mm/yyyy, and a destructive action that sends
nothing when its question is dismissed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from partybuilding.accounts.models import RoleAssignment
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization
from tests.members_factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}


def heights(page: Any, selector: str) -> list[float]:
    return page.eval_on_selector_all(selector, "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().height)")


def test_lists_fit_a_phone_and_their_links_are_easy_to_tap(login: Any, live_server: Any) -> None:
    cell = Organization.objects.get(code="X1")
    commune = Organization.objects.get(code="C1")
    for n in range(55):
        make_member(cell, family_name="Nguyễn", middle_name="Thị Thu", given_name=f"Hương{n:02d}")
    page = login("tochuc.xa")
    page.set_viewport_size(PHONE)
    for path in (
        f"/members/?within={cell.pk}",
        "/members/transfers/",
        "/members/badges/",
        f"/meetings/?within={commune.pk}",
        f"/dues/?within={commune.pk}",
        f"/admissions/?within={commune.pk}",
        f"/organizations/{commune.pk}/",
        "/jobs/",
    ):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
        assert min(heights(page, "nav.sidebar a")) >= 44, path
        if page.locator("nav.section-menu").count():
            assert min(heights(page, "nav.section-menu a")) >= 44, path
    page.goto(f"{live_server.url}/members/?within={cell.pk}")
    expect(page.locator("[data-testid=pager]")).to_be_visible()
    assert min(heights(page, "[data-testid=pager] a, [data-testid=pager] button, [data-testid=pager] select")) >= 44
    assert min(heights(page, "table td a")) >= 44
    # Sorting and paging by tapping: the newest page keeps the sort.
    page.click("th >> text=Full name")
    page.click("th >> text=Full name")
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Full name")
    page.click("[data-testid=pager-last]")
    assert "sort=-name" in page.url and "page=2" in page.url
    last = Member.objects.filter(organization=cell).order_by("-sort_key", "-pk").last()
    assert last is not None
    expect(page.locator("table tbody tr").last).to_contain_text(last.full_name)  # the sort's very last name


def test_a_date_is_picked_on_the_calendar_or_typed(login: Any, live_server: Any) -> None:
    member = make_member(Organization.objects.get(code="X1"), admitted=dt.date(1990, 2, 3), official=dt.date(1991, 2, 3))
    page = login("bithu")
    page.goto(f"{live_server.url}/members/{member.pk}/exempt/")
    field = page.locator("input[name=date]")
    expect(field).to_have_attribute("type", "text")
    button = page.locator(".datefield:has(input[name=date]) .datefield-button")
    expect(button).to_be_visible()
    button.click()  # opens the browser's calendar; what it picks arrives as the hidden field's change
    page.locator(".datefield:has(input[name=date]) .datefield-native").fill("2025-10-01", force=True)
    expect(field).to_have_value("01/10/2025")
    field.fill("02/10/2025")  # typing still works
    page.fill("input[name=decision_number]", "7-NQ/CB")
    page.fill("input[name=decision_date]", "30/09/2025")
    page.click("button[type=submit]")
    expect(page.locator("[data-testid=timeline]")).to_contain_text("Exempted from work and activities")
    assert Member.objects.get(pk=member.pk).exempt_since == dt.date(2025, 10, 2)


def test_a_dismissed_question_sends_nothing(login: Any, live_server: Any) -> None:
    page = login("admin.tinh")
    page.goto(f"{live_server.url}/accounts/roles/")
    held = RoleAssignment.objects.filter(revoked_at__isnull=True).count()
    asked: list[str] = []

    def dismiss(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("button.danger", has_text="Revoke").first.click()
    page.wait_for_timeout(300)
    assert asked and asked[0].startswith("Revoke the role")
    assert page.url.endswith("/accounts/roles/")
    assert RoleAssignment.objects.filter(revoked_at__isnull=True).count() == held
