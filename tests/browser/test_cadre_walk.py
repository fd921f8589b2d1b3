"""Cadre work end to end in a browser: the province's organizing board approves its planning
for 2030–2035, plans a head of board for the posts of deputy secretary and secretary, then
proposes her appointment as deputy secretary, records the standing committee's vote and the
decision; the planning table then shows the post free for planning again and the cadre, still
planned as secretary, holding the new post. The standing committee reads it all and writes
nothing. Then the planning table on a phone."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from partybuilding.cadres.choices import Title
from partybuilding.cadres.models import Holding
from partybuilding.organizations.models import Organization
from tests.cadre_targets import cadre_in, position_in
from tests.members_factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
CADRE = "Lê Thị Quy Hoạch"


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _saved(page: Page) -> None:
    page.click("[data-testid=form-submit]")


def _post_rows(page: Page, post: Any) -> Any:
    """The table's lines of a post (its first carries the post's name and count)."""
    return page.locator(f"[data-testid=planning-table] tbody tr[data-post='{post.pk}']")


def test_from_a_planning_decision_to_an_appointment(login: Any, live_server: Any) -> None:
    province = Organization.objects.get(code="P")
    today = timezone.localdate()
    member = make_member(Organization.objects.get(code="X1"), family_name="Lê", middle_name="Thị", given_name="Quy Hoạch", gender="F")
    cadre = cadre_in(province, member=member)
    head = position_in(province, Title.HEAD, name="Trưởng Ban Tuyên giáo Tỉnh ủy", grade=6)
    deputy = position_in(province, Title.DEPUTY_SECRETARY, name="Phó Bí thư Tỉnh ủy", grade=2)
    secretary = position_in(province, Title.SECRETARY, name="Bí thư Tỉnh ủy", grade=1)
    Holding.objects.create(cadre=cadre, position=head, manager_path=province.path, started_on=dt.date(2022, 5, 1))

    # 1. the organizing board: the planning for the next term, approved by its decision
    page = login("tochuc.tinh")
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/cadres/planning/new/")
    page.fill("[name=organization]", "P")
    page.fill("[name=term_label]", "2030–2035")
    page.fill("[name=starts_on]", "01/10/2030")
    page.fill("[name=ends_on]", "30/09/2035")
    page.fill("[name=decision_number]", "15-QĐ/TU")
    page.fill("[name=decision_date]", _day(today))
    _saved(page)
    expect(page.locator("[data-testid=planning-decisions]")).to_contain_text("15-QĐ/TU")
    planning_url = page.url

    # 2. the head of board planned for deputy secretary and for secretary, under that decision
    for post in (deputy, secretary):
        page.click("[data-testid=entry-new]")
        page.select_option("[name=position]", str(post.pk))
        page.select_option("[name=cadre]", str(cadre.pk))
        _saved(page)
    expect(_post_rows(page, deputy).locator("[data-testid=post-count]")).to_have_text("1 of at most 3")
    expect(page.locator("[data-testid=planning-line]", has_text=CADRE)).to_have_count(2)
    expect(page.locator("[data-testid=planning-line]", has_text=CADRE).first).to_contain_text("Trưởng Ban Tuyên giáo")
    page.context.clear_cookies()

    # the standing committee reads the planning, and may not add to it
    page = login("thuongvu")
    page.goto(planning_url)
    expect(page.locator("[data-testid=planning-line]", has_text=CADRE)).to_have_count(2)
    expect(page.locator("[data-testid=entry-new]")).to_have_count(0)
    page.context.clear_cookies()

    # 3. the appointment as deputy secretary: proposed, voted on, decided
    page = login("tochuc.tinh")
    page.goto(f"{live_server.url}/cadres/appointments/new/")
    page.select_option("[name=kind]", "appointment")
    page.select_option("[name=cadre]", str(cadre.pk))
    page.select_option("[name=position]", str(deputy.pk))
    page.fill("[name=proposed_on]", _day(today))
    page.fill("[name=reason]", "Cán bộ trong quy hoạch, đủ tiêu chuẩn, điều kiện.")
    _saved(page)
    expect(page.locator("[data-testid=appointment-state]")).to_have_text("Proposed")

    page.click("[data-testid=step-consult]")
    page.fill("[name=date]", _day(today))
    page.fill("[name=votes_for]", "12")
    page.fill("[name=votes_total]", "15")
    _saved(page)
    expect(page.locator("[data-testid=appointment-state]")).to_have_text("Consulted and voted")
    expect(page.locator("[data-testid=appointment-vote]")).to_contain_text("12")

    page.click("[data-testid=step-decide]")
    page.fill("[name=decision_number]", "20-QĐ/TU")
    page.fill("[name=decision_date]", _day(today))
    _saved(page)
    expect(page.locator("[data-testid=appointment-state]")).to_have_text("Decided")
    expect(page.locator("[data-testid=appointment-decision]")).to_contain_text("20-QĐ/TU")

    # 4. the planning table: the post of deputy secretary free for planning again; the
    # cadre, still planned as secretary, now holds it
    page.goto(planning_url)
    expect(_post_rows(page, deputy)).to_have_text(re.compile("No cadre planned for this post."))
    still = page.locator("[data-testid=planning-line]", has_text=CADRE)
    expect(still).to_have_count(1)
    expect(_post_rows(page, secretary)).to_contain_text(CADRE)
    expect(still).to_contain_text("Phó Bí thư Tỉnh ủy")  # among the posts held now
    assert Holding.objects.filter(cadre=cadre, position=deputy, ended_on__isnull=True).exists()

    # 5. on a phone: the table is read by scrolling it, the page itself keeps the phone's width
    page.set_viewport_size(PHONE)
    page.goto(planning_url)
    expect(page.locator("[data-testid=planning-table]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
