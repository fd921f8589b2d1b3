"""Long lists at national scale: counted no further than a cap, on the pages and through the
API ("more than 10.000"), exactly when the counters know the length; paged by number as deep
as the cap, then by keyset; an API list built only for its page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from partybuilding.core import api_types, listing
from partybuilding.core.listing import CappedPaginator, PagedRows
from partybuilding.members.models import Member

from .conftest import Personas, Tree, client_for
from .members_factories import make_member
from .test_member_api import api

pytestmark = pytest.mark.django_db

CAP = 3


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listing, "COUNT_CAP", CAP)


@pytest.fixture
def five_women(tree: Tree) -> list[Member]:
    return [make_member(tree.X1, given_name=f"Lan{n}", gender="F") for n in range(5)]


def test_the_paginator_counts_up_to_the_cap_and_no_further(five_women: list[Member], small_cap: None) -> None:
    paginator = CappedPaginator(Member.objects.order_by("pk"), 2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == CAP + 1 and paginator.capped
    assert len(queries) == 1 and "LIMIT 4" in queries[0]["sql"]  # the count's subquery stops at cap + 1
    assert paginator.num_pages == 2 and [m.pk for m in paginator.page(2)] == [five_women[2].pk, five_women[3].pk]
    exact = CappedPaginator(Member.objects.filter(pk__in=[m.pk for m in five_women[:CAP]]), 2)
    assert exact.count == CAP and not exact.capped


def test_a_grouped_list_is_counted_in_full(tree: Tree, five_women: list[Member], small_cap: None) -> None:
    # One row per member and organization: a LIMIT under the grouping would change the plan, not the work.
    for member in five_women[:2]:
        make_member(tree.X2, given_name=member.given_name, gender="F")
    grouped = Member.objects.values("given_name").annotate(n=Count("pk")).order_by("given_name")
    paginator = CappedPaginator(grouped, 2)
    assert paginator.count == 5 and not paginator.capped


def test_a_long_filtered_list_says_more_than_and_has_no_last_page(
    tree: Tree, people: Personas, five_women: list[Member], small_cap: None
) -> None:
    make_member(tree.X1, given_name="Nam", gender="M")
    # Two filters the subtree totals cannot answer together: the list is counted, up to the cap.
    page = client_for(people.commune_officer).get("/members/", {"gender": "F", "status": "official", "per": 25}).content.decode()
    assert 'data-testid="count-capped"' in page and "More than 3 found" in page
    assert 'data-testid="member-count"' not in page
    vietnamese = client_for(people.commune_officer, "vi").get("/members/", {"gender": "F", "status": "official"}).content.decode()
    assert "Tìm thấy hơn 3" in vietnamese


def test_a_short_list_and_a_list_known_from_the_counters_are_counted_exactly(
    tree: Tree, people: Personas, five_women: list[Member], small_cap: None
) -> None:
    # The unfiltered list of a scope reads its length from the subtree totals: exact, past the cap.
    page = client_for(people.commune_officer).get("/members/").content.decode()
    assert "5 members" in page and "count-capped" not in page
    body = api(people.commune_officer).get("/api/members", {"within": tree.C1.pk}).json()
    assert (body["count"], body["more"]) == (5, False)


def test_the_api_counts_up_to_the_cap_and_says_there_are_more(
    tree: Tree, people: Personas, five_women: list[Member], small_cap: None
) -> None:
    client = api(people.commune_officer)
    pages = [client.get("/api/members", {"gender": "F", "page_size": 2, "page": n}).json() for n in (1, 2, 3)]
    assert [(body["count"], body["more"]) for body in pages] == [(CAP, True)] * 3
    # The rows past the cap are still reachable, page by page.
    assert sorted(m["id"] for body in pages for m in body["items"]) == sorted(m.pk for m in five_women)


def test_a_search_through_the_api_reads_only_the_rows_of_its_page(tree: Tree, people: Personas, five_women: list[Member]) -> None:
    client = api(people.commune_officer)
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/members", {"q": "lan", "page_size": 2}).json()
    assert body["count"] == 5 and len(body["items"]) == 2
    loaded = [q["sql"] for q in queries if 'FROM "members_member"' in q["sql"] and '"members_member"."family_name"' in q["sql"]]
    assert len(loaded) == 1 and f"IN ({body['items'][0]['id']}, {body['items'][1]['id']})" in loaded[0].replace('"', "")


def test_paged_rows_build_only_the_slice_they_are_asked_for() -> None:
    built: list[list[int]] = []

    def build(rows: list[int]) -> list[str]:
        built.append(rows)
        return [f"row {n}" for n in rows]

    rows = PagedRows(list(range(100)), build)
    assert rows[10:12] == ["row 10", "row 11"] and built == [[10, 11]]
    assert len(rows) == 100 and len(PagedRows([], build, count=7)) == 7


def _rows(html: str) -> list[str]:
    return re.findall(r'<a href="/members/(\d+)/"', html)


def _next(html: str) -> str:
    found = re.search(r'href="\?([^"]*)" rel="next"', html)
    return found.group(1).replace("&amp;", "&") if found else ""


@pytest.mark.parametrize("sort", ["", "-name", "born"])
def test_past_the_numbered_pages_next_pages_by_keyset_without_losing_a_row(
    tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    monkeypatch.setattr(listing, "COUNT_CAP", 30)  # numbered pages reach row 25 at 25 a page
    for n in range(60):
        make_member(tree.X1, given_name=f"Hoa{n % 7}", date_of_birth=dt.date(1980, 1, 1 + n % 5))
    client = client_for(people.commune_officer)
    query = f"per=25&sort={sort}" if sort else "per=25"
    listed, pages = [], []
    while query:
        html = client.get(f"/members/?{query}").content.decode()
        listed += _rows(html)
        pages.append(query)
        query = _next(html)
    assert "after=" not in pages[1] or "page=2" in pages[1]
    assert all("after=" in q for q in pages[1:]) and len(pages) == 3  # 25 + 25 + 10, the last two by keyset
    expected = [
        m.pk
        for m in Member.objects.order_by(*{"": ["sort_key", "pk"], "-name": ["-sort_key", "-pk"], "born": ["date_of_birth", "pk"]}[sort])
    ]
    assert [int(pk) for pk in listed] == expected


def test_a_page_number_past_the_numbered_pages_or_a_stray_cursor_lands_on_a_numbered_page(
    tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "COUNT_CAP", 30)
    for n in range(30):
        make_member(tree.X1, given_name=f"Mai{n}")
    client = client_for(people.commune_officer)
    first = _rows(client.get("/members/?per=25").content.decode())
    far = client.get("/members/?per=25&page=5").content.decode()
    assert _rows(far) == first and 'data-testid="pager-deep"' in far  # no OFFSET past 25 rows, and the page says so
    assert _rows(client.get("/members/?per=25&page=2&after=99999999").content.decode()) == first
    assert _rows(client.get("/members/?per=25&page=2&after=x'--").content.decode()) == first


def test_the_api_pages_past_the_numbered_pages_by_after(tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_types, "COUNT_CAP", 4)
    monkeypatch.setattr(listing, "COUNT_CAP", 4)
    for n in range(9):
        make_member(tree.X1, given_name=f"Thu{n}")
    client = api(people.commune_officer)
    first = client.get("/api/members", {"page_size": 4}).json()
    ids = [m["id"] for m in first["items"]]
    cursor = first["next_after"]
    while cursor:
        body = client.get("/api/members", {"page_size": 4, "after": cursor}).json()
        ids += [m["id"] for m in body["items"]]
        cursor = body["next_after"]
    assert ids == [m.pk for m in Member.objects.order_by("sort_key", "pk")]  # each once, in the list's order
    for counted in ({}, {"within": tree.C1.pk}):  # counted up to the cap, or known exactly from the counters
        deep = client.get("/api/members", {"page_size": 4, "page": 3, **counted})
        assert deep.status_code == 422 and deep.json()["field"] == "page" and "`after`" in deep.json()["detail"]
    stray = client.get("/api/members", {"page_size": 4, "after": 999999})
    assert stray.status_code == 422 and stray.json()["field"] == "after"
    searched = client.get("/api/members", {"q": "thu", "page_size": 4}).json()
    assert searched["next_after"] is None  # a search ranks its matches: numbered pages only
