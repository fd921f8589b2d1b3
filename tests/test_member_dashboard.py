"""The dashboard of the scope: member figures from the subtree totals, their charts, who
sees them, and how many queries the page costs."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partybuilding.core import charts
from partybuilding.core.records import Decision
from partybuilding.members.lifecycle.services import member_die, member_exempt
from partybuilding.members.records.selectors import Figure
from partybuilding.reports.dashboard import member_dashboard

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def commune(tree: Tree) -> Tree:
    """Four members in the list under commune C1, one who died, one in the sibling commune.

    | who | cell | gender | ethnicity | born | admitted (official) | education | theory | exempted |
    |---|---|---|---|---|---|---|---|---|
    | Hùng | X1 | M | Kinh | 1990 | 2015 (2016) | upper secondary | intermediate | |
    | Mai | X1 | F | Tày | 1960 | 1985 (1986) | lower secondary | advanced | yes |
    | Lan | X2 | F | Kinh | 2000 | 2025 (probationary) | upper secondary | none | |
    | Dũng | X2 | M | Mường | 1975 | 2010 (2011) | primary | elementary | |
    """
    make_member(
        tree.X1,
        given_name="Hùng",
        date_of_birth=dt.date(1990, 4, 2),
        admitted=dt.date(2015, 5, 19),
        official=dt.date(2016, 5, 19),
        theory="intermediate",
    )
    mai = make_member(
        tree.X1, given_name="Mai", gender="F", ethnicity="02", date_of_birth=dt.date(1960, 2, 3),
        admitted=dt.date(1985, 9, 2), official=dt.date(1986, 9, 2), education="lower_secondary", theory="advanced",
    )  # fmt: skip
    member_exempt(actor=None, member=mai, date=dt.date(2025, 9, 1), decision=Decision(number="4-QĐ/ĐU", date=dt.date(2025, 9, 1)))
    make_member(tree.X2, given_name="Lan", gender="F", date_of_birth=dt.date(2000, 1, 1), admitted=dt.date(2025, 10, 1), official=None)
    make_member(tree.X2, given_name="Dũng", ethnicity="06", date_of_birth=dt.date(1975, 7, 7), education="primary", theory="elementary")
    gone = make_member(tree.X2, given_name="Bảo")
    member_die(actor=None, member=gone, date=dt.date(2025, 12, 1))
    make_member(tree.Y1, given_name="Khoa")
    return tree


def values(figures: list[Figure]) -> dict[str, int]:
    return {f.label: f.value for f in figures}


def test_it_counts_the_members_of_the_subtree_by_each_breakdown(commune: Tree) -> None:
    from partybuilding.members.records.selectors import dashboard

    figures = dashboard(commune.C1, TODAY)
    assert figures["total"] == 4
    assert values(figures["status"]) == {"Official": 3, "Probationary": 1}
    assert values(figures["gender"]) == {"Male": 2, "Female": 2}
    # Ages by year of birth in 2026: 36, 66, 26, 51.
    assert values(figures["age"]) == {"18–30": 1, "31–40": 1, "41–50": 0, "51–60": 1, "61–70": 1, "71+": 0}
    # Party age by year of admission: 11, 41, 1, 16.
    assert values(figures["party_age"]) == {"0–9": 1, "10–19": 2, "20–29": 0, "30–39": 0, "40–49": 1, "50+": 0}
    assert values(figures["ethnicity"]) == {"Kinh": 2, "Tày": 1, "Mường": 1}
    assert figures["minority"] == 2
    assert figures["exempt"] == 1
    assert values(figures["theory"]) == {"None": 1, "Elementary": 1, "Intermediate": 1, "Advanced": 1}
    assert dashboard(commune.P, TODAY)["total"] == 5  # the sibling commune's member too
    assert dashboard(commune.X1, TODAY)["total"] == 2


def test_the_dashboard_arranges_headlines_and_charts_from_those_figures(commune: Tree) -> None:
    board = member_dashboard(commune.C1, TODAY)
    headlines = {h.label: (h.value, h.share) for h in board.headlines}
    assert headlines == {
        "Members in the list": (4, ""),
        "Official": (3, "75%"),
        "Probationary": (1, "25%"),
        "Women": (2, "50%"),
        "Ethnic minorities": (2, "50%"),
        "Exempted from activities": (1, "25%"),
    }
    panels = {p.title: str(p.svg) for p in board.panels}
    assert "Upper secondary school: 2 (50%)" in panels["General education"]
    assert "Primary school: 1 (25%)" in panels["General education"]
    assert "No professional qualification: 4 (100%)" in panels["Professional qualification"]
    assert "Official: 3 (75%)" in panels["Status"]
    # Each category links to the member list filtered the same way.
    assert f"/members/?within={commune.C1.pk}&amp;gender=F" in panels["Gender"]
    assert all("href" not in str(p.svg) for p in member_dashboard(commune.C1, TODAY, links=False).panels)


def test_the_member_figures_are_one_query_whatever_the_scope(commune: Tree) -> None:
    with CaptureQueriesContext(connection) as queries:
        member_dashboard(commune.P, TODAY)
    assert len(queries) == 1
    assert "subtree" in queries[0]["sql"].lower()


def test_the_page_costs_the_same_queries_for_few_or_many_members(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    make_member(tree.X1)
    client.get("/members/attention/?fresh=1")  # the process's caches (the working-day calendar) filled once
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as few_listed:
        assert client.get("/members/attention/?fresh=1").status_code == 200
    for n in range(25):
        make_member([tree.X1, tree.X2, tree.Y1][n % 3], gender="MF"[n % 2], ethnicity=f"{n % 5 + 1:02d}")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/").content.decode()
    with CaptureQueriesContext(connection) as many_listed:
        assert client.get("/members/attention/?fresh=1").status_code == 200
    assert "26 (100%)" in page  # the status ring: every member is official
    assert (len(many), len(many_listed)) == (len(few), len(few_listed))
    # 9 for the page: session, user, grants, scope, organization totals, member totals,
    # recent changes, the user's own member record (none here: no tasks or studies to read),
    # the bell's count of unread notices.
    assert len(many) <= 9, [q["sql"] for q in many]
    # The attention list, loaded after the page: session, user, grants, scope; the count's job
    # (run inline in tests): recorded, claimed, read with its user, the scope, the user's
    # grants, its first progress, its outcome, read back; then 3 for the members lines, 3 for
    # the admissions ones, 3 for the meetings ones, 1 for the dues one and 2 for the
    # assessment ones (the open rounds; the members rated "did not complete" two years running),
    # 4 for the documents' (the tasks' counters; the concretizing rule's periods and the late
    # recipients; the study campaigns past their deadline), 3 for the cadres' (the planned
    # cadres who may have left the planning; the re-appointments due; the periodic changes due);
    # and the bell's count of unread notices.
    assert len(many_listed) <= 32, [q["sql"] for q in many_listed]


def test_the_attention_list_is_kept_a_few_minutes_and_counted_again_on_request(tree: Tree, people: Personas) -> None:
    def breaking(html: str) -> int:
        found = re.search(r"Organizations breaking the size rules</a> <span class=\"count\">(\d+)<", html)
        return int(found.group(1)) if found else 0

    client = client_for(people.commune_officer)
    make_member(tree.X1)  # one official member in the cell X1 and its grassroots G1, none in X2: three under the minimum
    first = client.get("/members/attention/").content.decode()
    assert "Counted at" in first and breaking(first) == 3
    for _n in range(2):
        make_member(tree.X1)  # X1 and G1 reach the minimum of 3
    assert breaking(client.get("/members/attention/").content.decode()) == 3  # as counted a moment ago
    assert breaking(client.get("/members/attention/?fresh=1").content.decode()) == 1
    assert client_for(people.member).get("/members/attention/").status_code == 403


def test_the_page_shows_figures_and_charts_to_roles_that_see_members(commune: Tree, people: Personas) -> None:
    page = client_for(people.commune_officer).get("/").content.decode()
    assert 'data-testid="member-figures"' in page
    assert page.count("<svg") == 8
    assert 'role="img"' in page and "<title" in page and "<desc" in page
    assert "Female: 2 (50%)" in page
    assert 'data-testid="attention"' in page  # the attention list's place
    assert 'href="/members/dashboard.pdf"' in page


@pytest.mark.parametrize("persona", ["member", "office_officer"])
def test_a_plain_member_or_the_office_sees_the_organizations_only(commune: Tree, people: Personas, persona: str) -> None:
    page = client_for(getattr(people, persona)).get("/").content.decode()
    assert "Active sub-organizations" in page
    assert 'data-testid="member-figures"' not in page
    assert "<svg" not in page
    assert 'data-testid="attention"' not in page  # nothing there for them: no empty section


def test_an_empty_scope_says_so_instead_of_drawing_empty_charts(tree: Tree, people: Personas) -> None:
    page = client_for(people.outsider).get("/").content.decode()
    assert "No members in the list yet." in page
    assert "<svg" not in page


# --- the chart functions -------------------------------------------------------------------


def test_a_bar_chart_escapes_labels_and_describes_itself() -> None:
    svg = str(charts.bar_chart([Figure("<script>alert(1)</script>", 3), Figure("Trung học phổ thông", 1)], "Học vấn & lý luận"))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert 'viewBox="0 0 360 ' in svg and 'width="100%"' in svg
    assert re.search(r'<title id="(c\w+)-t">Học vấn &amp; lý luận</title><desc id="\1-d">', svg)
    assert "Trung học phổ thông: 1 (25%)" in svg
    # Bars are scaled to the largest figure: 3 fills the width, 1 a third of it.
    assert 'width="360.0"' in svg and 'width="120.0"' in svg
    assert 'role="img"' in svg
    linked = str(charts.bar_chart([Figure("Nam", 1)], "Giới tính", hrefs=["/members/?gender=M"]))
    assert '<a href="/members/?gender=M">' in linked
    assert 'role="img"' not in linked  # it would hide the link from screen readers


def test_a_donut_draws_a_full_ring_for_a_single_category_and_nothing_for_no_data() -> None:
    assert "<circle" in str(charts.donut_chart([Figure("Nam", 5), Figure("Nữ", 0)], "Giới tính"))
    empty = str(charts.donut_chart([], "Giới tính"))
    assert "No data" in empty and "<path" not in empty
    two = str(charts.donut_chart([Figure("Chính thức", 3), Figure("Dự bị", 1)], "Trạng thái"))
    assert two.count("<path") == 2 and "3 · 75%" in two and "1 · 25%" in two


def test_long_labels_are_shortened_on_the_drawing_but_whole_in_the_description() -> None:
    label = "Đảng viên đang sinh hoạt tạm thời tại chi bộ nơi cư trú theo hướng dẫn"
    svg = str(charts.bar_chart([Figure(label, 1_234_567)], "X"))
    assert f"{label}: 1,234,567" in svg
    assert "…</text>" in svg


def test_shares_are_rounded_and_never_a_misleading_zero() -> None:
    assert charts.share(1, 3) == "33%"
    assert charts.share(1, 1000) == "<1%"
    assert charts.share(0, 10) == "0%"
    assert charts.share(3, 0) == ""
