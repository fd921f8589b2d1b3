"""The installable phone app in Chromium: a member's own pages and their cell's meeting files
read with the network cut, and what a page without a copy shows; signing out forgets them."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partybuilding.accounts.models import User
from partybuilding.dues.models import Payment
from partybuilding.meetings import services as meeting_services
from partybuilding.meetings.choices import MeetingKind
from partybuilding.meetings.models import Attendance
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization
from tests.conftest import PASSWORD
from tests.dues_factories import member_with_base, open_months

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_until_kept(page: Any) -> int:
    """The page asks the worker to keep the user's pages once it controls the page; the
    number it kept lands on <html data-pages-kept>."""
    expect(page.locator("html")).to_have_attribute("data-pages-kept", re.compile(r"\d+"), timeout=20000)
    return int(page.locator("html").get_attribute("data-pages-kept") or 0)


def eventually(check: Any, seconds: float = 10) -> bool:
    """What the worker does after a message is not awaited by the page: ask until it is done."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_a_member_reads_their_record_dues_and_meeting_files_with_the_network_cut(login: Any, live_server: Any) -> None:
    cell = Organization.objects.get(code="X1")
    me = member_with_base(cell, family_name="Phạm", middle_name="Thị", given_name="Hoa")
    Member.objects.filter(pk=me.pk).update(user=User.objects.get(username="dangvien"))
    soon = timezone.localdate() + dt.timedelta(days=3)
    meeting = meeting_services.meeting_plan(actor=None, organization=cell, kind=MeetingKind.REGULAR, date=soon, title="Sinh hoạt chuyên đề")
    document = meeting_services.document_attach(
        actor=None, meeting=meeting, name="de-cuong.txt", content_type="text/plain", content="Đề cương sinh hoạt".encode()
    )

    page = login("dangvien")
    assert wait_until_kept(page) == 5  # home, record, dues, meetings; the file fetched ahead
    for path in ("/", "/members/me/", "/dues/me/", "/meetings/mine/"):  # a first visit keeps a copy
        page.goto(f"{live_server.url}{path}")
    # Changed on the server after the device kept its copy: a page showing the old name came
    # from the device, not from the network.
    Member.objects.filter(pk=me.pk).update(given_name="Hồng", full_name="Phạm Thị Hồng")
    page.context.set_offline(True)

    page.goto(f"{live_server.url}/members/me/")
    expect(page.locator("main")).to_contain_text("Phạm Thị Hoa")
    page.goto(f"{live_server.url}/dues/me/")
    expect(page.locator("main")).to_contain_text("Phạm Thị Hoa")
    page.goto(f"{live_server.url}/meetings/mine/")
    expect(page.locator("main")).to_contain_text("Sinh hoạt chuyên đề")
    body = page.evaluate("url => fetch(url).then(r => r.text())", f"/meetings/documents/{document.pk}/")
    assert body == "Đề cương sinh hoạt"
    page.goto(f"{live_server.url}/organizations/")  # never kept
    expect(page.locator("[data-testid=offline-page]")).to_be_visible()

    page.context.set_offline(False)
    page.goto(f"{live_server.url}/members/me/")
    expect(page.locator("main")).to_contain_text("Phạm Thị Hồng")  # back online: the server's page
    page.click("[data-testid=logout]")
    page.wait_for_url("**/accounts/login/**")
    # The next user of the device reads nothing of the previous one's.
    assert eventually(lambda: not page.evaluate("caches.has('pages')"))


def page_overflow(page: Any) -> int:
    """How far the page scrolls sideways (0: it fits); a wide table scrolls in its own frame."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


@pytest.mark.parametrize("width", [640, 390])  # a 1280-pixel screen at 200 % zoom; a phone
def test_larger_text_fits_the_screen_at_200_percent_zoom_and_on_a_phone(login: Any, live_server: Any, width: int) -> None:
    cell = Organization.objects.get(code="X1")
    member_with_base(cell, family_name="Nguyễn", middle_name="Văn", given_name="An")
    page = login("bithu")
    page.set_viewport_size({"width": width, "height": 800})
    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.click("[data-testid=text-size]")
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_class("large-text")
    after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after >= 1.25 * before
    for path in ("/", "/members/", f"/members/?within={cell.pk}", "/meetings/", "/dues/me/", "/members/me/", "/statistics/"):
        page.goto(f"{live_server.url}{path}")
        assert page_overflow(page) <= 1, path
        expect(page.locator("[data-testid=text-size]")).to_be_visible()
    page.click("[data-testid=text-size]")  # and back
    page.wait_for_load_state()
    expect(page.locator("html")).not_to_have_class("large-text")


def sign_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{live_server.url}/")


def mark(page: Any, member: Member, presence: str) -> None:
    page.locator(f"[data-member='{member.pk}'] [data-mark={presence}]").click()


def test_a_secretary_marks_attendance_with_the_network_cut_and_nothing_is_lost(login: Any, live_server: Any, browser: Any) -> None:
    cell = Organization.objects.get(code="X1")
    an, binh, chi = (member_with_base(cell, family_name="Lê", middle_name="Văn", given_name=n) for n in ("An", "Bình", "Chi"))
    meeting = meeting_services.meeting_plan(actor=None, organization=cell, kind=MeetingKind.REGULAR, date=timezone.localdate())
    screen = f"{live_server.url}/offline/meetings/{meeting.pk}/"

    # A second phone of the cell's secretary opened the screen, then lost the connection and
    # marked Bình absent before the first phone marked him present.
    other = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 800})
    phone_b = other.new_page()
    sign_in(phone_b, live_server, "bithu")
    phone_b.goto(screen)
    other.set_offline(True)
    mark(phone_b, binh, "unexcused")
    expect(phone_b.locator("[data-testid=outbox-status]")).to_contain_text("Waiting to be sent: 1")

    page = login("bithu")
    page.set_viewport_size({"width": 390, "height": 800})
    assert wait_until_kept(page) >= 1  # today's meeting's screen among them
    page.goto(screen)  # opened once before the meeting
    page.context.set_offline(True)
    page.reload()  # from the device
    expect(page.locator("[data-testid=connection]")).to_contain_text("Offline")
    page.on("dialog", lambda dialog: dialog.accept("Ốm"))  # the reason of an excused absence
    mark(page, an, "present")
    mark(page, binh, "present")
    mark(page, chi, "excused")
    expect(page.locator("[data-testid=outbox-status]")).to_contain_text("Waiting to be sent: 3")
    page.reload()  # the page closed and opened again, still without a connection
    expect(page.locator("[data-testid=outbox-status]")).to_contain_text("Waiting to be sent: 3")
    expect(page.locator(f"[data-member='{binh.pk}'] [data-mark=present]")).to_have_attribute("aria-pressed", "true")
    assert not Attendance.objects.filter(meeting=meeting).exists()

    page.context.set_offline(False)  # the connection returns: the marks go by themselves
    expect(page.locator("[data-testid=outbox-status]")).to_contain_text("Everything recorded here has been sent", timeout=15000)
    marked = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "presence"))
    assert marked == {an.pk: "present", binh.pk: "present", chi.pk: "excused"}
    assert Attendance.objects.get(meeting=meeting, member=chi).reason == "Ốm"

    # The second phone comes back: its earlier mark loses to the later one, and says so.
    other.set_offline(False)
    expect(phone_b.locator("[data-testid=outbox-conflict]")).to_contain_text("Bình", timeout=15000)
    expect(phone_b.locator(f"[data-member='{binh.pk}'] [data-mark=present]")).to_have_attribute("aria-pressed", "true")
    assert Attendance.objects.get(meeting=meeting, member=binh).presence == "present"
    other.close()


def test_a_secretary_collects_cash_dues_with_the_network_cut_and_each_payment_is_recorded_once(login: Any, live_server: Any) -> None:
    cell = Organization.objects.get(code="X1")
    an, binh = (member_with_base(cell, family_name="Lê", middle_name="Văn", given_name=n) for n in ("An", "Bình"))  # 50,000 đồng a month
    month = timezone.localdate().replace(day=1)
    open_months(cell, month, month)
    page = login("bithu")
    page.goto(f"{live_server.url}/offline/dues/{cell.pk}/{month.year}/{month.month}/")
    page.context.set_offline(True)
    page.locator(f"[data-member='{an.pk}'] [data-pay]").click()  # what he owes, as offered
    page.locator(f"[data-member='{binh.pk}'] [data-amount]").fill("20.000")
    page.locator(f"[data-member='{binh.pk}'] [data-pay]").click()
    expect(page.locator("[data-testid=outbox-status]")).to_contain_text("Waiting to be sent: 2")
    assert not Payment.objects.filter(member__in=[an, binh]).exists()

    page.context.set_offline(False)
    expect(page.locator("[data-testid=outbox-status]")).to_contain_text("Everything recorded here has been sent", timeout=15000)
    paid = {p.member_id: (p.amount, p.source) for p in Payment.objects.filter(member__in=[an, binh])}
    assert paid == {an.pk: (50_000, "cash"), binh.pk: (20_000, "cash")}
    page.locator("[data-testid=outbox-send]").click()  # sending again records nothing twice
    expect(page.locator("[data-testid=outbox-status]")).to_contain_text("Everything recorded here has been sent")
    assert Payment.objects.filter(member__in=[an, binh]).count() == 2
