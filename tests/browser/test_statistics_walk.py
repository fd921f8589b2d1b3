"""The official statistics in a browser: the provincial organizing officer opens the forms,
chooses form 3 for the province, follows the figure of women to the names behind it, then
reads the same form on a phone, where the wide table scrolls inside its frame."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from partybuilding.organizations.models import Organization
from partybuilding.statistics.loading import load_bundled
from partybuilding.statistics.models import FormVersion
from tests.members_factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}


def test_from_the_forms_to_the_women_counted_in_form_3(login: Any, live_server: Any) -> None:
    load_bundled(FormVersion)  # what the migration loads: an earlier transactional test's flush emptied the table
    cell = Organization.objects.get(code="X1")
    make_member(cell, family_name="Trần", middle_name="Thị", given_name="Hoa", gender="F", date_of_birth=dt.date(1988, 3, 8))
    make_member(cell, family_name="Lê", middle_name="Thị", given_name="Mai", gender="F", date_of_birth=dt.date(1979, 9, 2))
    make_member(cell, family_name="Phạm", middle_name="Văn", given_name="Nam", gender="M")

    page = login("tochuc.tinh")
    page.goto(f"{live_server.url}/statistics/")
    page.click("[data-testid=statistics-form-3] a")
    expect(page.get_by_test_id("statistics-code")).to_contain_text("3-BTCTW")
    table = page.get_by_test_id("statistics-table")
    women = table.locator("tr[data-code='I.1'] a.figure").first
    expect(women).to_have_text("2")
    women.click()
    expect(page.get_by_test_id("drill-count")).to_contain_text("2")
    rows = page.get_by_test_id("drill-rows")
    expect(rows).to_contain_text("Trần Thị Hoa")
    expect(rows).to_contain_text("Lê Thị Mai")
    expect(rows).not_to_contain_text("Phạm Văn Nam")

    page.set_viewport_size(PHONE)
    page.go_back()
    expect(page.get_by_test_id("statistics-table")).to_be_visible()
    # The page itself does not scroll sideways: the table scrolls in its own frame.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
