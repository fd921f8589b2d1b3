"""A cell secretary walks one candidate from the record to official membership, in the
browser. A browser test cannot wait twelve months: the steps carry past dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from partybuilding.admissions.models import Candidate
from partybuilding.members.choices import MemberStatus
from partybuilding.organizations.models import Organization
from tests.members_factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VOTES = {"official_members": "9", "present": "8", "votes_for": "8", "votes_against": "0"}


def record_step(page: Any, fields: dict[str, str], selects: dict[str, str] | None = None) -> None:
    form = page.locator("[data-testid=next-step]")
    for name, value in (selects or {}).items():
        form.locator(f"select[name={name}]").select_option(value)
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("[data-testid=step-submit]").click()
    expect(page.locator(".messages")).to_contain_text("The step was recorded")


def test_a_secretary_takes_a_candidate_from_record_to_official_member(login: Any, live_server: Any) -> None:
    cell = Organization.objects.get(code="X1")
    first = make_member(
        cell, family_name="Phạm", middle_name="Văn", given_name="Đồng", admitted=dt.date(2000, 2, 3), official=dt.date(2001, 2, 3)
    )
    second = make_member(
        cell, family_name="Võ", middle_name="Thị", given_name="Sáu", admitted=dt.date(2005, 2, 3), official=dt.date(2006, 2, 3)
    )
    page = login("bithu")
    page.click("nav.sidebar >> text=Admissions")
    page.click("[data-testid=candidate-new]")
    for name, value in {
        "organization": "X1", "family_name": "Đinh", "middle_name": "Thị", "given_name": "Hương",
        "date_of_birth": "12/04/2000", "recorded_on": "10/01/2023",
    }.items():  # fmt: skip
        page.fill(f"[name={name}]", value)
    page.select_option("select[name=gender]", "F")
    page.check("input[name=youth_union]")
    page.click("[data-testid=form-submit]")
    expect(page.locator("h1")).to_contain_text("Đinh Thị Hương")
    expect(page.locator("[data-testid=candidate-stage]")).to_contain_text("Outstanding non-member")

    record_step(page, {"certificate_date": "01/03/2023", "certificate_number": "15/GCN"})
    record_step(
        page,
        {"date": "01/03/2024", "known_since1": "01/01/2021", "known_since2": "01/06/2022"},
        selects={"introducer1": str(first.pk), "introducer2": str(second.pk)},
    )
    record_step(page, {"date": "01/04/2024"})
    record_step(page, {"date": "06/05/2024", **VOTES})
    record_step(page, {"decision_number": "12-QĐ/ĐU", "decision_date": "03/06/2024", "decided_by": "Đảng ủy xã An Bình"})
    expect(page.locator("[data-testid=member-link]")).to_contain_text("Probationary")
    # A ceremony too late is refused in words, with the rule.
    form = page.locator("[data-testid=next-step]")
    form.locator("[name=date]").fill("04/09/2024")
    form.locator("[data-testid=step-submit]").click()
    expect(page.locator(".errorlist")).to_contain_text("more than 30 working days after the decision")
    page.go_back()
    page.reload()
    record_step(page, {"date": "20/06/2024"})
    record_step(page, {"date": "30/06/2025", **VOTES})
    record_step(page, {"decision_number": "30-QĐ/ĐU", "decision_date": "07/07/2025"})
    expect(page.locator("[data-testid=candidate-stage]")).to_contain_text("Official member")
    # Official from the end of the 12 months after the ceremony, though the cell met later.
    expect(page.locator("dl.facts")).to_contain_text("official from 20/06/2025")
    candidate = Candidate.objects.get(given_name="Hương")
    assert candidate.member is not None
    assert candidate.member.status == MemberStatus.OFFICIAL
    assert candidate.member.official_date == dt.date(2025, 6, 20)
    page.click("[data-testid=member-link]")
    expect(page.locator("[data-testid=timeline]")).to_contain_text("Recognized as official member")
