from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from partybuilding.organizations.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_logs_in_switches_language_and_logs_out(login: Any, live_server: Any) -> None:
    page = login("tochuc.tinh")
    expect(page.locator("h1")).to_have_text("Đảng bộ tỉnh Thử Nghiệm")
    expect(page.locator("nav.sidebar")).to_contain_text("Organizations")
    page.click("[data-testid=lang-switch]")
    expect(page.locator("nav.sidebar")).to_contain_text("Tổng quan")
    expect(page.locator("[data-testid=logout]")).to_have_text("Đăng xuất")
    page.click("[data-testid=lang-switch]")
    expect(page.locator("nav.sidebar")).to_contain_text("Organizations")
    page.click("[data-testid=logout]")
    expect(page.locator("h1")).to_have_text("Log in")


def test_a_wrong_password_is_explained(page: Any, live_server: Any, people: Any) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "tochuc.tinh")
    page.fill("input[name=password]", "wrong")
    page.click("[data-testid=login-submit]")
    expect(page.locator(".errorlist")).to_contain_text("correct username and password")


def test_browsing_the_tree_and_searching_without_diacritics(login: Any, live_server: Any) -> None:
    page = login("tochuc.tinh")
    page.click("nav.sidebar >> text=Organizations")
    tree = page.locator("[data-testid=tree]")
    expect(tree).to_contain_text("Đảng bộ xã An Bình")
    commune = tree.locator("li[data-org=C1]")
    commune.locator(".node button.toggle").first.click()
    expect(commune).to_contain_text("Đảng bộ Trường THPT Nguyễn Huệ")
    grassroots = commune.locator("li[data-org=G1]")
    grassroots.locator(".node button.toggle").first.click()
    expect(grassroots).to_contain_text("Chi bộ Thôn Tây")
    grassroots.locator(".node button.toggle").first.click()  # fold it again
    expect(grassroots.locator("ul.tree")).to_be_hidden()
    page.fill("[data-testid=org-search]", "thon dong")
    page.keyboard.press("Enter")
    expect(page.locator("table")).to_contain_text("Chi bộ Thôn Đông")
    page.click("text=Chi bộ Thôn Đông")
    expect(page.locator("h1")).to_contain_text("Chi bộ Thôn Đông")


def test_an_officer_renames_and_moves_an_organization_and_sees_the_result(login: Any, live_server: Any) -> None:
    page = login("tochuc.xa")
    cell = Organization.objects.get(code="X2")
    page.goto(f"{live_server.url}/organizations/{cell.pk}/")
    page.click("text=Rename")
    page.fill("input[name=name]", "Chi bộ Thôn Tây Mới")
    page.fill("input[name=date]", "01/09/2025")
    page.fill("input[name=decision_number]", "15-QĐ/ĐU")
    page.fill("input[name=decision_date]", "28/08/2025")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Chi bộ Thôn Tây Mới")
    expect(page.locator("[data-testid=history]")).to_contain_text("Chi bộ Thôn Tây → Chi bộ Thôn Tây Mới")
    # A move under its own sibling cell is refused with the reason, and nothing changes.
    grassroots = Organization.objects.get(code="G1")
    page.goto(f"{live_server.url}/organizations/{grassroots.pk}/move/")
    page.fill("input[name=new_parent]", "X1")
    page.fill("input[name=date]", "02/09/2025")
    page.fill("input[name=decision_number]", "16-QĐ/ĐU")
    page.fill("input[name=decision_date]", "01/09/2025")
    page.click("button[type=submit]")
    expect(page.locator(".errorlist")).to_contain_text("cannot be moved under itself")
    assert Organization.objects.get(code="G1").parent.code == "C1"


def test_an_organization_outside_the_scope_is_not_found(login: Any, live_server: Any) -> None:
    page = login("tochuc.xa")
    outside = Organization.objects.get(code="Y1")
    response = page.goto(f"{live_server.url}/organizations/{outside.pk}/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Not found")


def test_the_pages_fit_a_phone_screen(login: Any, live_server: Any) -> None:
    page = login("tochuc.tinh")
    page.set_viewport_size({"width": 360, "height": 740})
    province = Organization.objects.get(code="P")
    for path in ["/", "/organizations/", f"/organizations/{province.pk}/", "/rules/"]:
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the phone"
