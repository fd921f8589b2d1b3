"""The installable phone app: its manifest and worker, the pages a device keeps for each user
(their own, their cell's coming meeting files, a secretary's screens for the coming days),
the secretary's offline screens, and the larger text any visitor can choose."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from partybuilding.meetings import services as meeting_services
from partybuilding.meetings.choices import MeetingKind
from partybuilding.meetings.models import Meeting
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .conftest import Personas, Tree, client_for
from .dues_factories import member_with_base, open_months

pytestmark = pytest.mark.django_db


def plan(org: Organization, days_ahead: int, title: str = "") -> Meeting:
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    return meeting_services.meeting_plan(actor=None, organization=org, kind=MeetingKind.THEMATIC, date=day, title=title)


def attach(meeting: Meeting, name: str) -> int:
    return meeting_services.document_attach(actor=None, meeting=meeting, name=name, content_type="text/plain", content=b"x").pk


def kept(user: Any) -> dict[str, Any]:
    response = client_for(user).get(reverse("pwa_pages"))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_manifest_makes_the_site_installable_in_the_users_language() -> None:
    response = client_for(None, "vi").get(reverse("pwa_manifest"))
    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert (manifest["name"], manifest["lang"], manifest["display"], manifest["start_url"]) == ("Xây dựng Đảng", "vi", "standalone", "/")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:  # every icon is served by the application
        assert finders.find(icon["src"].removeprefix("/static/"))


def test_the_worker_is_served_from_the_root_with_its_shell_from_the_static_files() -> None:
    response = client_for(None).get("/sw.js")
    source = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    setup = json.loads(source.split("\n", 1)[0].removeprefix("const SETUP = ").removesuffix(";"))
    assert setup["offline"] == "/static/pwa/offline.html" and setup["pages"] == "/offline/pages.json"
    for address in setup["shell"]:
        assert finders.find(address.removeprefix("/static/")), address
    assert "/static/pwa/outbox.js" in setup["shell"]


def test_every_page_names_the_manifest_and_the_worker(people: Personas) -> None:
    page = client_for(people.member).get(reverse("home")).content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert 'data-worker="/sw.js"' in page
    assert 'data-signed-in="1"' in page
    assert "data-signed-in" not in client_for(None).get(reverse("login")).content.decode()  # a visitor's device forgets


def test_a_visitor_keeps_nothing() -> None:
    assert kept(None) == {"user": "", "pages": [], "ahead": []}


def test_a_member_keeps_their_own_pages_and_the_files_of_their_cells_coming_meetings(tree: Tree, people: Personas) -> None:
    me = member_with_base(tree.X1, given_name="Hoa")
    Member.objects.filter(pk=me.pk).update(user=people.member)
    coming = attach(plan(tree.X1, 5), "de-cuong.txt")
    other_cell = attach(plan(tree.X2, 5), "khac.txt")
    pages, ahead = kept(people.member)["pages"], kept(people.member)["ahead"]
    for name in ("home", "my_record", "dues_me", "my_meetings"):
        assert reverse(name) in pages  # kept from each visit
    # fetched ahead: the downloads, which change nothing on the server
    assert ahead == [reverse("meeting_document", args=[coming])]
    assert reverse("meeting_document", args=[other_cell]) not in pages + ahead
    assert not any("/offline/meetings/" in p for p in pages)  # a plain member records no attendance


def test_each_user_has_a_key_of_their_own(people: Personas) -> None:
    keys = {kept(user)["user"] for user in (people.member, people.cell_secretary, people.commune_officer)}
    assert len(keys) == 3 and all(len(k) == 16 for k in keys)
    assert str(people.member.pk) not in keys  # the key does not name the user


def test_a_secretary_keeps_the_screens_of_the_coming_weeks_meetings(tree: Tree, people: Personas) -> None:
    near, far = plan(tree.X1, 2), plan(tree.X1, 10)
    pages = kept(people.cell_secretary)["pages"]
    assert reverse("pwa_attendance", args=[near.pk]) in pages
    assert reverse("meeting_detail", args=[near.pk]) in pages
    assert reverse("pwa_cash", args=[tree.X1.pk, near.date.year, near.date.month]) in pages
    assert reverse("pwa_attendance", args=[far.pk]) not in pages  # beyond PWA_SECRETARY_DAYS_AHEAD
    assert not any(str(p).startswith("/offline/meetings/") for p in kept(people.member)["pages"])


def test_the_offline_attendance_screen_lists_the_expected_members_with_their_marks(tree: Tree, people: Personas) -> None:
    hoa = member_with_base(tree.X1, given_name="Hoa")
    meeting = plan(tree.X1, 0)
    page = client_for(people.cell_secretary).get(reverse("pwa_attendance", args=[meeting.pk])).content.decode()
    assert hoa.full_name in page
    assert f'data-member="{hoa.pk}"' in page
    assert f'data-url="/api/meetings/{meeting.pk}/attendance/marks"' in page
    assert 'data-kind="mark"' in page
    assert client_for(people.outsider).get(reverse("pwa_attendance", args=[meeting.pk])).status_code == 404


def test_the_offline_cash_screen_offers_what_each_member_owes(tree: Tree, people: Personas) -> None:
    hoa = member_with_base(tree.X1, given_name="Hoa", salary=5_000_000)  # 1 % of the salary: 50,000 đồng
    open_months(tree.X1, dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    page = client_for(people.cell_secretary).get(reverse("pwa_cash", args=[tree.X1.pk, 2026, 1])).content.decode()
    assert f'data-member="{hoa.pk}"' in page
    assert 'value="50000"' in page  # the amount typed for the member, unlocalized for the input
    assert 'data-month="2026-01-01"' in page and 'data-url="/api/dues/payments"' in page
    assert client_for(people.cell_secretary).get(reverse("pwa_cash", args=[tree.X1.pk, 1999, 1])).status_code == 404


def test_larger_text_is_kept_by_the_device_and_applied_by_every_page(people: Personas) -> None:
    client = client_for(people.member)
    response = client.post(reverse("text_size"), {"size": "large", "next": "/members/me/"})
    assert (response.status_code, response["Location"]) == (302, "/members/me/")
    assert response.cookies["text_size"].value == "large" and response.cookies["text_size"]["max-age"] == 365 * 24 * 3600
    page = client.get(reverse("my_record")).content.decode()
    assert '<html lang="en" class="large-text">' in page
    assert 'value="normal"' in page  # the button now offers the normal size back
    client.post(reverse("text_size"), {"size": "normal", "next": "/"})
    assert 'class="large-text"' not in client.get(reverse("home")).content.decode()


def test_the_text_size_goes_back_only_to_a_page_of_this_site() -> None:
    response = client_for(None).post(reverse("text_size"), {"size": "large", "next": "https://example.com/x"})
    assert response["Location"] == "/"
    assert "text_size" not in client_for(None).post(reverse("text_size"), {"size": "huge"}).cookies
