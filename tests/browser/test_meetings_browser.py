"""A cell secretary plans a meeting, records it with its attendance, collects the dues at
it, closes it and downloads the minutes, in the browser."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from partybuilding.dues.models import Charge
from partybuilding.meetings.models import Meeting, ScoringCriterion, ScoringScheme
from partybuilding.organizations.models import Organization
from tests.dues_factories import member_with_base

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def default_scheme() -> None:
    """The scheme the data migration seeds (a transactional test before this one may have
    flushed it)."""
    if ScoringScheme.objects.filter(province__isnull=True).exists():
        return
    scheme = ScoringScheme.objects.create(name="Mặc định", effective_from=dt.date(2025, 7, 1))
    for kind, points, threshold in (("attendance_rate", 30, 90), ("duration", 20, 90), ("contributions", 20, 3), ("minutes_complete", 20, 1), ("resolution_adopted", 10, 1)):  # fmt: skip
        ScoringCriterion.objects.create(scheme=scheme, kind=kind, points=points, threshold=threshold, required_for_good=True)


def test_a_secretary_records_a_meeting_and_downloads_its_minutes(login: Any, live_server: Any, tmp_path: Path) -> None:
    default_scheme()
    cell = Organization.objects.get(code="X1")
    chair = member_with_base(cell, family_name="Lê", middle_name="Văn", given_name="Tám")  # 50,000 đồng a month
    absent = member_with_base(cell, family_name="Đỗ", middle_name="Thị", given_name="Na")
    page = login("bithu")
    page.click("nav.sidebar >> text=Meetings")
    page.goto(f"{live_server.url}/meetings/?within={cell.pk}")
    page.click("[data-testid=meeting-plan]")
    page.select_option("select[name=kind]", "regular")
    page.fill("[name=date]", "03/11/2026")
    page.fill("[name=title]", "Sinh hoạt tháng 11")
    page.click("[data-testid=form-submit]")
    expect(page.locator("[data-testid=meeting-status]")).to_contain_text("Planned")

    page.click("[data-testid=meeting-record]")
    for name, value in {
        "starts_at": "19:30", "duration_minutes": "95", "place": "Nhà văn hóa thôn Đông", "agenda": "Kiểm điểm tháng 10",
        "discussion": "Đồng chí Tám phát biểu.", "resolution": "Thống nhất nhiệm vụ tháng 11.",
        "items-0-title": "Nghị quyết tháng 11", "items-0-votes_for": "1",
    }.items():  # fmt: skip
        page.fill(f"[name={name}]", value)
    page.select_option("select[name=chair]", str(chair.pk))
    page.click("[data-testid=form-submit]")
    expect(page.locator(".messages")).to_contain_text("record was saved")

    page.click("[data-testid=meeting-attendance]")
    page.check(f"input[name=p_{absent.pk}][value=excused]")
    page.click("[data-testid=form-submit]")
    expect(page.locator(".errorlist")).to_contain_text("write the reason")  # refused in words
    page.fill(f"[name=r_{absent.pk}]", "Đi công tác")
    page.fill(f"[name=c_{chair.pk}]", "2")
    page.click("[data-testid=form-submit]")
    expect(page.locator("[data-testid=attendance-table]")).to_contain_text("Absent with reason")

    # The dues of November, collected in cash at the meeting, dated the meeting's day.
    page.click("[data-testid=meeting-dues]")
    page.click("[data-testid=open-month]")
    expect(page.locator(".messages")).to_contain_text("2 members charged")
    expect(page.locator("#paid_on")).to_have_value("03/11/2026")
    page.get_by_label(f"Amount collected — {chair.full_name}").fill("50.000")
    page.click("[data-testid=collect-submit]")
    expect(page.locator(".messages")).to_contain_text("payments were recorded")
    paid = Charge.objects.get(member=chair, month=dt.date(2026, 11, 1))
    assert (paid.paid, paid.due) == (50_000, 50_000)
    assert Charge.objects.get(member=absent, month=dt.date(2026, 11, 1)).paid == 0
    page.goto(f"{live_server.url}/meetings/{Meeting.objects.get(organization=cell).pk}/")

    page.click("[data-testid=meeting-close]")
    expect(page.locator("[data-testid=meeting-status]")).to_contain_text("Closed")
    expect(page.locator("[data-testid=meeting-score]")).to_be_visible()
    meeting = Meeting.objects.get(organization=cell)
    assert meeting.is_closed

    href = page.get_attribute("[data-testid=meeting-minutes]", "href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Chi bộ Thôn Đông" in text
    assert "Lê Văn Tám" in text
