"""Lists as people expect them (core/listing.py): a column header sorts, again the other way;
the page size is chosen; a page is jumped to; past the end is the last page; every link keeps
the filters; an unknown sort or size is ignored, never an error."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse

from partybuilding.accounts.views import ROLE_SORTS
from partybuilding.admissions.views.candidates import SORTS as CANDIDATE_SORTS
from partybuilding.core.job_views import JOB_SORTS
from partybuilding.core.listing import Listing
from partybuilding.core.views import AUDIT_SORTS
from partybuilding.dues.views.lists import ARREARS_SORTS
from partybuilding.meetings.views.meetings import MEETING_SORTS
from partybuilding.meetings.views.reports import ABSENT_SORTS, CELL_SORTS
from partybuilding.members.badges.views import SORTS as BADGE_SORTS
from partybuilding.members.committees.views import WARNING_SORTS
from partybuilding.members.records.views import SORTS as MEMBER_SORTS
from partybuilding.members.transfers.views import SORTS as TRANSFER_SORTS
from partybuilding.organizations.views import CHILD_SORTS, SEARCH_SORTS

from .conftest import client_for
from .members_factories import make_member


def listing(query: str, sorts: dict[str, tuple[str, ...]] | None = None, **kwargs: Any) -> Listing:
    return Listing(RequestFactory().get("/x/?" + query), sorts or {"name": ("sort_key",), "born": ("date_of_birth",)}, **kwargs)


# The kernel ------------------------------------------------------------------------------


def test_a_column_sorts_and_its_link_turns_the_direction_around() -> None:
    up = listing("sort=name&status=official&page=3")
    assert (up.sort, up.descending, up.order_fields()) == ("name", False, ["sort_key", "pk"])
    assert up.sort_link("name") == "?status=official&sort=-name"  # back to page 1, the filter kept
    assert up.sort_link("born") == "?status=official&sort=born"
    assert (up.aria_sort("name"), up.aria_sort("born")) == ("ascending", "none")
    down = listing("sort=-name")
    assert (down.descending, down.order_fields(), down.aria_sort("name")) == (True, ["-sort_key", "-pk"], "descending")
    assert down.sort_link("name") == "?sort=name"


def test_an_unknown_sort_or_page_size_is_ignored() -> None:
    odd = listing("sort=password&per=100000")
    assert (odd.sort, odd.per) == ("", 50)
    assert listing("sort=-").sort == ""
    assert listing("per=abc").per == 50
    assert listing("per=200").per == 200
    assert listing("", per_page=20).sizes == (20, 25, 50, 100, 200)  # the list's own size is offered too
    assert listing("sort=name", sortable=False).sort == ""  # a ranked search keeps its order


def test_the_filters_stay_in_every_link_without_the_page() -> None:
    found = listing("q=an&within=4&sort=born&per=25&page=7")
    assert found.querystring == "q=an&within=4&sort=born&per=25"
    assert found.hidden_fields() == [("q", "an"), ("within", "4"), ("sort", "born")]


def test_a_page_past_the_end_is_the_last_page_and_rows_in_python_sort_too() -> None:
    rows = [{"name": n, "pk": i} for i, n in enumerate(["b", None, "a", "c", "a"])]
    sorted_rows = listing("sort=name&page=99&per=25", {"name": ("name",)}).ordered(rows)
    assert [(r["name"], r["pk"]) for r in sorted_rows] == [("a", 2), ("a", 4), ("b", 0), ("c", 3), (None, 1)]  # empty last
    page = listing("page=99", {"name": ("name",)}, per_page=2).page(rows)
    assert (page.number, page.paginator.num_pages) == (3, 3)


# The members list -----------------------------------------------------------------------


@pytest.fixture
def thirty(tree: Any) -> list[Any]:
    return [make_member(tree.X1, given_name=f"Tên{n:02d}", family_name="Lê", date_of_birth=dt.date(1960 + n, 1, 1)) for n in range(30)]


def names(html: str) -> list[str]:
    return re.findall(r'<a href="/members/\d+/">([^<]+)</a>', html)


def test_the_members_list_sorts_by_a_header_and_back(tree: Any, people: Any, thirty: Any) -> None:
    client = client_for(people.commune_officer)
    url = reverse("member_list") + f"?within={tree.X1.pk}"
    up = client.get(url + "&sort=born&per=100").content.decode()
    down = client.get(url + "&sort=-born&per=100").content.decode()
    assert names(up) and names(up) == list(reversed(names(down)))
    assert 'aria-sort="ascending"' in up and 'aria-sort="descending"' in down
    assert f'href="?within={tree.X1.pk}&amp;per=100&amp;sort=-born"' in up  # the header turns the direction around


def test_the_members_list_chooses_its_page_size_and_lands_on_the_last_page(tree: Any, people: Any, thirty: Any) -> None:
    client = client_for(people.commune_officer)
    url = reverse("member_list") + f"?within={tree.X1.pk}&sort=name"
    page = client.get(url + "&per=25&page=999")
    html = page.content.decode()
    assert page.status_code == 200 and page.context["page"].number == 2
    assert len(names(html)) == 5
    assert 'name="per"' in html and '<option value="25" selected>' in html
    assert '<input type="hidden" name="sort" value="name">' in html  # the jump form keeps the sort and filters
    first = client.get(url + "&per=25&page=1").content.decode()
    assert f"?within={tree.X1.pk}&amp;sort=name&amp;per=25&amp;page=2" in first  # next page keeps all
    assert 'data-testid="pager-last"' in first


def test_a_search_keeps_its_ranked_order_and_offers_no_sorting(tree: Any, people: Any, thirty: Any) -> None:
    html = client_for(people.commune_officer).get(reverse("member_list") + f"?within={tree.X1.pk}&q=Tên0&sort=-born").content.decode()
    assert "aria-sort" not in html and names(html)[:2] == ["Lê Văn Tên00", "Lê Văn Tên01"]


# Every list: every column both ways, a bogus sort, and no error ------------------------


def lists(tree: Any) -> list[tuple[str, Mapping[str, Sequence[str]]]]:
    within = f"?within={tree.C1.pk}"
    return [
        (reverse("member_list") + within, MEMBER_SORTS),
        (reverse("transfer_list") + within, TRANSFER_SORTS),
        (reverse("badge_due") + within, BADGE_SORTS),
        (reverse("committee_warnings") + within, WARNING_SORTS),
        (reverse("candidate_list") + within, CANDIDATE_SORTS),
        (reverse("meeting_list") + within, MEETING_SORTS),
        (reverse("meeting_missing") + within + "&what=unexcused", ABSENT_SORTS),
        (reverse("meeting_missing") + within + "&what=regular", CELL_SORTS),
        (reverse("dues_arrears") + within, ARREARS_SORTS),
        (reverse("organization_tree") + "?q=chi", SEARCH_SORTS),
        (reverse("organization_detail", args=[tree.G1.pk]) + "?x=1", CHILD_SORTS),
        (reverse("job_list") + "?x=1", JOB_SORTS),
        (reverse("role_list") + "?x=1", ROLE_SORTS),
        (reverse("audit_recent") + "?x=1", AUDIT_SORTS),
    ]


def test_every_list_sorts_by_each_of_its_columns(tree: Any, people: Any) -> None:
    make_member(tree.X1)
    client = client_for(people.superuser)
    for url, sorts in lists(tree):
        for key in sorts:
            for sort in (key, f"-{key}"):
                answer = client.get(f"{url}&sort={sort}&per=25")
                assert answer.status_code == 200, (url, sort)
                direction = "descending" if sort.startswith("-") else "ascending"
                assert f'aria-sort="{direction}"' in answer.content.decode(), (url, sort)
        assert client.get(f"{url}&sort=nonsense&per=7&page=-3").status_code == 200, url


@pytest.mark.django_db
def test_the_member_search_is_in_sight_and_travels_with_the_filters(tree: Any, people: Any) -> None:
    html = client_for(people.commune_officer).get(reverse("member_list")).content.decode()
    search = html[html.index('data-testid="member-search"') : html.index("<details")]
    assert re.search(r'<input[^>]*name="q"[^>]*form="member-filters"', search)  # outside the fold, in the filters' form
    folded = html[html.index("<details") : html.index("</details>")]
    assert 'id="member-filters"' in folded and 'name="q"' not in folded  # one search field, not two
