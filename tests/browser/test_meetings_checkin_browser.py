"""Check-in by QR code in Chromium: the code the secretary's screen shows, read by a real QR
decoder as a phone's camera would, opened by the member signed in on their phone, and the
arrival on the secretary's screen without reloading it."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from partybuilding.accounts.models import User
from partybuilding.meetings import services as meeting_services
from partybuilding.meetings.choices import MeetingKind
from partybuilding.meetings.models import Attendance
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization
from tests.browser.test_phone_app import sign_in
from tests.dues_factories import member_with_base

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_scans_the_code_on_the_secretarys_screen_and_appears_there(login: Any, live_server: Any, browser: Any) -> None:
    cell = Organization.objects.get(code="X1")
    me = member_with_base(cell, family_name="Phạm", middle_name="Thị", given_name="Hoa")
    member_with_base(cell, family_name="Lê", middle_name="Văn", given_name="An")
    Member.objects.filter(pk=me.pk).update(user=User.objects.get(username="dangvien"))
    # Today's meeting, its window the whole day, whatever the hour the test runs.
    meeting = meeting_services.meeting_plan(
        actor=None,
        organization=cell,
        kind=MeetingKind.THEMATIC,
        date=timezone.localdate(),
        starts_at=dt.time(0, 0),
        ends_at=dt.time(23, 59),
    )

    page = login("bithu")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/check-in/")
    expect(page.locator("[data-testid=arrivals] h2")).to_contain_text("0 of 2 present")
    shot = page.locator("[data-testid=checkin-qr] svg").screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)).convert("L"))
    assert len(found) == 1 and found[0].format == zxingcpp.BarcodeFormat.QRCode
    scanned = found[0].text
    assert scanned.startswith(f"{live_server.url}/meetings/scan/")

    phone = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 800})
    member_page = phone.new_page()
    sign_in(member_page, live_server, "dangvien")
    member_page.goto(scanned)  # what the camera opens
    expect(member_page.locator("main")).to_contain_text("present")
    assert Attendance.objects.get(meeting=meeting, member=me).presence == "present"
    phone.close()

    # The secretary's screen asks every few seconds: the arrival appears without a reload.
    expect(page.locator("[data-testid=arrivals] h2")).to_contain_text("1 of 2 present", timeout=15000)
    expect(page.locator("[data-testid=arrival-list]")).to_contain_text("Phạm Thị Hoa")
