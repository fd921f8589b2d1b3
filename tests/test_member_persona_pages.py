"""A plain member's first contact: every page the menu offers them, and every link and
button on those pages, answers them (no 403, no export of an empty file); `/meetings/`
shows their own cell's meetings and their own attendance, read-only."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from openpyxl import load_workbook

from partybuilding.meetings.choices import Presence
from partybuilding.members.models import Member

from .conftest import Personas, Tree, client_for
from .dues_factories import member_with_base, open_months, pay
from .meetings_factories import held_meeting
from .members_factories import make_member

pytestmark = pytest.mark.django_db

HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]+)"')
GET_FORM = re.compile(r'<form\b[^>]*method="get"[^>]*action="([^"]+)"', re.I)
XLSX = "application/vnd.openxmlformats"
SIDEBAR = re.compile(r'<nav class="sidebar".*?</nav>', re.S)
# Links that leave the pages (the API's schema, static files) or end the session.
NOT_PAGES = ("/static/", "/api/", "/i18n/", "/logout/")


def _member_world(tree: Tree, people: Personas) -> dict[str, Any]:
    """The member `dangvien` has a record in X1 with dues; X1 held a closed and an open
    meeting; X2 held one the member must not see."""
    own = member_with_base(tree.X1, family_name="Trần", given_name="Minh")
    Member.objects.filter(pk=own.pk).update(user=people.member)
    other = make_member(tree.X1, family_name="Lê", given_name="Hoa")
    open_months(tree.X1, dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    pay(own, dt.date(2026, 1, 1), 50_000)
    closed = held_meeting(tree.X1, dt.date(2026, 1, 5), {own: Presence.PRESENT, other: Presence.PRESENT})
    held = held_meeting(tree.X1, dt.date(2026, 2, 5), {own: Presence.EXCUSED, other: Presence.PRESENT}, close=False)
    elsewhere = held_meeting(tree.X2, dt.date(2026, 2, 6), {make_member(tree.X2): Presence.PRESENT})
    return {"own": own, "closed": closed, "held": held, "elsewhere": elsewhere}


def _links(html: str, base: str) -> set[str]:
    """The pages a link or a GET form (an export) of `html` opens, inside the site."""
    found = set()
    for href in [*HREF.findall(html), *GET_FORM.findall(html)]:
        url = urljoin(base, href.replace("&amp;", "&"))
        if urlsplit(url).netloc or not url.startswith("/") or url.startswith(NOT_PAGES) or "sort=" in url:
            continue
        found.add(url)
    return found


def _problem(response: Any) -> str | None:
    """What is wrong with an answer: a refusal, or an export with no row under its header."""
    if response.status_code != 200:
        return str(response.status_code)
    if response.get("Content-Type", "").startswith(XLSX):
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        if sheet is None or sheet.max_row < 2:
            return "an empty export"
    return None


def crawl(client: Any, depth: int = 2) -> tuple[set[str], list[str]]:
    """Every page the menu leads to, and the pages their links and buttons lead to."""
    menu = _links(SIDEBAR.search(client.get("/").content.decode()).group(0), "/")
    seen, problems, frontier = set(menu), [], [(url, "menu") for url in sorted(menu)]
    for _level in range(depth):
        following = []
        for url, where in frontier:
            response = client.get(url, follow=True)
            if problem := _problem(response):
                problems.append(f"{where}: {url} → {problem}")
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            here = response.redirect_chain[-1][0] if response.redirect_chain else url
            for link in sorted(_links(response.content.decode(), here) - seen):
                seen.add(link)
                following.append((link, here))
        frontier = following
    for url, where in frontier:  # the last level: answered, not followed
        if problem := _problem(client.get(url, follow=True)):
            problems.append(f"{where}: {url} → {problem}")
    return seen, problems


def test_every_link_and_button_a_member_is_offered_answers(tree: Tree, people: Personas) -> None:
    _member_world(tree, people)
    seen, problems = crawl(client_for(people.member))
    assert problems == [], "\n".join(problems)
    assert {"/meetings/", "/dues/", "/members/me/"} <= seen


def test_the_menu_leaves_out_the_lists_of_other_peoples_records(tree: Tree, people: Personas) -> None:
    _member_world(tree, people)
    menu = SIDEBAR.search(client_for(people.member).get("/").content.decode()).group(0)
    for route in ("/members/", "/members/transfers/", "/members/badges/", "/admissions/"):
        assert f'href="{route}"' not in menu
    officer_menu = SIDEBAR.search(client_for(people.cell_secretary).get("/").content.decode()).group(0)
    assert 'href="/members/"' in officer_menu and 'href="/admissions/"' in officer_menu


def test_a_member_reads_their_own_cells_meetings_with_their_own_attendance(tree: Tree, people: Personas) -> None:
    world = _member_world(tree, people)
    html = client_for(people.member).get("/meetings/").content.decode()
    assert "05/01/2026" in html and "05/02/2026" in html  # the cell's closed and open meetings
    assert "06/02/2026" not in html  # not the neighbouring cell's
    assert "2 meetings" in html
    presence = re.findall(r'data-testid="my-presence">([^<]*)<', html)
    assert sorted(presence) == ["Absent with reason", "Present"]
    assert f"/meetings/{world['closed'].pk}/" not in html  # read-only: no way into the record of others' attendance
    assert "Lê Văn Hoa" not in html and "Lê Hoa" not in html  # nobody else's attendance


# --- links where the work goes next ---------------------------------------------------------

WORK_LINKS = re.compile(r'data-testid="(?:member|org)-work-links">(.*?)</nav>', re.S)


def _work_links(html: str) -> set[str]:
    found = WORK_LINKS.search(html)
    return {href.replace("&amp;", "&") for href in HREF.findall(found.group(0))} if found else set()


def test_a_members_record_links_to_their_dues_meetings_and_transfers(tree: Tree, people: Personas) -> None:
    world = _member_world(tree, people)
    own = world["own"]
    officer = client_for(people.cell_secretary)
    links = _work_links(officer.get(f"/members/{own.pk}/").content.decode())
    assert f"/dues/member/{own.pk}/" in links
    assert f"/meetings/?member={own.pk}" in links
    assert any(link.startswith(f"/members/transfers/?within={tree.X1.pk}&q=") for link in links)
    for link in links:  # each one the officer may follow
        assert officer.get(link).status_code == 200
    attended = officer.get(f"/meetings/?member={own.pk}").content.decode()
    assert sorted(re.findall(r'data-testid="my-presence">([^<]*)<', attended)) == ["Absent with reason", "Present"]
    assert "06/02/2026" not in attended  # a meeting of another cell, where they were not expected
    assert client_for(people.outsider).get(f"/meetings/?member={own.pk}").status_code == 404  # outside the scope
    mine = _work_links(client_for(people.member).get("/members/me/").content.decode())
    assert mine == {"/dues/me/", "/meetings/"}


def test_a_cell_links_to_its_meetings_dues_and_candidates_for_those_who_may_follow(tree: Tree, people: Personas) -> None:
    _member_world(tree, people)
    secretary = client_for(people.cell_secretary)
    links = _work_links(secretary.get(f"/organizations/{tree.X1.pk}/").content.decode())
    within = f"?within={tree.X1.pk}"
    assert {f"/meetings/{within}", f"/dues/{within}", f"/dues/report/{within}", f"/admissions/{within}"} <= links
    assert any(link.startswith(f"/dues/collect/{tree.X1.pk}/") for link in links)
    for link in links:
        assert secretary.get(link).status_code == 200
    viewer_links = _work_links(client_for(people.viewer).get(f"/organizations/{tree.X1.pk}/").content.decode())
    assert not any(link.startswith("/dues/collect/") for link in viewer_links)  # collecting is for those who manage members
    assert _work_links(client_for(people.member).get(f"/organizations/{tree.X1.pk}/").content.decode()) == set()


def test_my_dues_in_vietnamese_says_paid_for_a_month_not_the_vote_word(tree: Tree, people: Personas) -> None:
    _member_world(tree, people)
    html = client_for(people.member, "vi").get("/dues/me/").content.decode()
    assert "(cho tháng 01/2026" in html  # a payment for a month
    assert "<h2>Các tháng</h2>" in html  # the months listed one by one, not "the number of months"
    assert "tán thành" not in html and "Số tháng" not in html
