"""Each persona on a phone-sized window: their home page, then one whole job."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partybuilding.accounts.models import User
from partybuilding.meetings import services as meeting_services
from partybuilding.meetings.choices import MeetingKind, Presence
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization
from tests.dues_factories import member_with_base, open_months
from tests.meetings_factories import held_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}


def fits_the_screen(page: Any) -> None:
    """Nothing makes the whole page scroll sideways."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_secretary_prepares_the_next_meeting_from_the_home_page(login: Any, live_server: Any) -> None:
    cell = Organization.objects.get(code="X1")
    member_with_base(cell, given_name="Tám")
    page = login("bithu")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    expect(page.locator("[data-testid=home-cell]")).to_contain_text(cell.name)
    expect(page.locator("[data-testid=home-next-meeting]")).to_contain_text("No meeting is planned")
    fits_the_screen(page)

    page.click("text=Plan the next meeting")
    day = timezone.localdate() + dt.timedelta(days=12)
    page.select_option("select[name=kind]", "regular")
    page.fill("[name=date]", day.strftime("%d/%m/%Y"))
    page.click("[data-testid=form-submit]")
    expect(page.locator(".messages")).to_contain_text("planned")

    page.goto(f"{live_server.url}/")
    card = page.locator("[data-testid=home-next-meeting]")
    expect(card).to_contain_text(day.strftime("%d/%m/%Y"))
    expect(card.locator("li.todo")).to_contain_text(["topic"])  # what it still needs
    expect(page.locator(".home-figures")).to_contain_text("in 12 days")
    fits_the_screen(page)


def test_a_member_follows_their_meetings_and_dues_on_a_phone(login: Any, live_server: Any) -> None:
    cell = Organization.objects.get(code="X1")
    me = member_with_base(cell, given_name="Mai")
    Member.objects.filter(pk=me.pk).update(user=User.objects.get(username="dangvien"))
    today = timezone.localdate()
    open_months(cell, dt.date(today.year, 1, 1), today.replace(day=1))
    held_meeting(cell, today - dt.timedelta(days=3), {me: Presence.EXCUSED}, close=False)
    meeting_services.meeting_plan(
        actor=None, organization=cell, kind=MeetingKind.REGULAR, date=today + dt.timedelta(days=4), title="Học nghị quyết"
    )

    page = login("dangvien")
    page.set_viewport_size(PHONE)
    expect(page.locator("[data-testid=home-member]")).to_contain_text("Mai")
    expect(page.locator("[data-testid=home-meetings]")).to_contain_text("Học nghị quyết")
    expect(page.locator("[data-testid=home-attendance]")).to_contain_text("Absent with reason")
    expect(page.locator("[data-testid=home-my-dues]")).to_contain_text("Still owed")
    fits_the_screen(page)

    page.click("[data-testid=home-my-dues] >> text=My dues, month by month")
    expect(page).to_have_url(f"{live_server.url}/dues/me/")
    fits_the_screen(page)
    page.go_back()
    page.click(".actions >> text=My record")
    expect(page).to_have_url(f"{live_server.url}/members/me/")
    expect(page.locator("h1")).to_contain_text("Mai")
    fits_the_screen(page)


def test_an_officer_finds_a_member_on_a_phone(login: Any, live_server: Any) -> None:
    cell = Organization.objects.get(code="X1")
    wanted = member_with_base(cell, family_name="Trần", middle_name="Thị", given_name="Hồng")
    page = login("tochuc.xa")
    page.set_viewport_size(PHONE)
    expect(page.locator("[data-testid=attention]")).to_be_visible()
    fits_the_screen(page)

    page.goto(f"{live_server.url}/members/")
    page.fill("input[name=q]", "tran thi hong")  # without diacritics, as typed on a phone
    page.keyboard.press("Enter")
    page.click(f"text={wanted.full_name}")
    expect(page.locator("h1")).to_contain_text(wanted.full_name)
    fits_the_screen(page)
