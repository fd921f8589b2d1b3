"""The yearly assessment end to end in a browser: a member fills their self-assessment on a
phone, the cell's secretary records the review meeting's vote, the committee above decides,
and form 6 of the grassroots organization shows the result."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partybuilding.accounts.models import User
from partybuilding.assessments.models import MemberRating
from partybuilding.assessments.services.rounds import default_calendar, open_round
from partybuilding.meetings.choices import Presence
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization
from tests.meetings_factories import held_meeting
from tests.members_factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
POINTS = {"politics_ethics": "9", "innovation": "8", "self_criticism": "9", "cell_tasks": "36", "local_duties": "24"}  # 86


def test_a_rating_from_the_members_phone_to_form_6(login: Any, live_server: Any) -> None:
    cell, grassroots = Organization.objects.get(code="X1"), Organization.objects.get(code="G1")
    me = make_member(cell, given_name="Mai", occupation="farmer")
    others = [make_member(cell, given_name=name) for name in ("Lan", "Huệ", "Cúc", "Đào")]
    Member.objects.filter(pk=me.pk).update(user=User.objects.get(username="dangvien"))
    year = timezone.localdate().year if timezone.localdate() >= dt.date(timezone.localdate().year, 12, 1) else timezone.localdate().year - 1
    open_round(
        actor=User.objects.get(username="tochuc.tinh"), organization=grassroots, title=f"Đánh giá năm {year}", **default_calendar(year)
    )
    rating = MemberRating.objects.get(member=me)
    review = held_meeting(cell, timezone.localdate(), {m: Presence.PRESENT for m in [me, *others]}, close=False)

    # the member, on a phone: from the home page to the self-assessment
    page = login("dangvien")
    page.set_viewport_size(PHONE)
    page.click("[data-testid=home-assessment] >> text=Fill in my self-assessment")
    form = page.locator("[data-testid=step-form-self]")
    for name, points in POINTS.items():
        form.locator(f"[name={name}]").fill(points)
    expect(form.locator("[data-testid=points-total]")).to_contain_text("86")  # the running total
    form.locator("[name=done]").fill("100")
    form.locator("[name=on_time]").fill("100")
    form.locator("[name=level]").select_option("excellent")
    form.locator("[data-testid=step-submit]").click()
    expect(page.locator("body")).to_contain_text("at least 90 points")  # refused, naming the rule
    expect(page.locator("body")).to_contain_text("QĐ 366-QĐ/TW")
    page.locator("[name=level]").select_option("good")
    page.locator("[data-testid=step-submit]").click()
    expect(page.locator("[data-testid=rating-stage]")).to_contain_text("Self-assessed")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.clear_cookies()

    # the secretary records the cell's vote at its review meeting
    page = login("bithu")
    page.goto(f"{live_server.url}/assessments/ratings/{rating.pk}/")
    vote = page.locator("[data-testid=step-form-vote]")
    vote.locator("[name=meeting]").select_option(str(review.pk))
    vote.locator("[name=votes_present]").fill("5")
    vote.locator("[name=votes_for]").fill("5")
    vote.locator("[name=level]").select_option("good")
    expect(vote.locator("[data-testid=live-quota]")).to_be_visible()
    vote.locator("[data-testid=step-submit]").click()
    expect(page.locator("[data-testid=rating-stage]")).to_contain_text("Voted by the cell")
    page.context.clear_cookies()

    # the committee above decides
    page = login("tochuc.xa")
    page.goto(f"{live_server.url}/assessments/ratings/{rating.pk}/")
    decide = page.locator("[data-testid=step-form-decide]")
    decide.locator("[name=decision_number]").fill("25-QĐ/ĐU")
    decide.locator("[name=decision_date]").fill(timezone.localdate().strftime("%d/%m/%Y"))
    decide.locator("[name=level]").select_option("good")
    decide.locator("[data-testid=step-submit]").click()
    expect(page.locator("[data-testid=rating-level]")).to_contain_text("Completed tasks well")

    # form 6 of the grassroots organization counts it
    page.goto(f"{live_server.url}/assessments/reports/form6/?within={grassroots.pk}&year={year}")
    members = page.locator("[data-testid=form6-members]")
    expect(members.locator("[data-testid='member-rated'] td.num").first).to_have_text("1")
    expect(members.locator("[data-testid='member-level.good'] td.num").first).to_have_text("1")
    expect(members.locator("[data-testid='member-pending'] td.num").first).to_have_text("4")
