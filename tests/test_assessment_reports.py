"""The assessment reports read from the year's counters: form 6 adds up, the table by
subordinate organization (its levels, the quota at 20 % exactly and above, last year), the
year-by-member matrix (five years excellent, the labels of 2012's rules read as the current
ones), the members not yet reviewed, those rated "did not complete" two years running, the
Excel files, and the table's queries whatever the number of subordinates."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partybuilding.assessments import reports
from partybuilding.assessments.choices import Level, NotRated
from partybuilding.assessments.models import MemberRating
from partybuilding.assessments.services import ratings as svc
from partybuilding.core.records import Decision
from partybuilding.members.models import Member
from partybuilding.organizations.choices import OrgKind

from .conftest import Personas, Tree, client_for, make_org
from .members_factories import make_member
from .test_assessment_rules import ALL_DONE, held_meeting, open_year, scores

pytestmark = pytest.mark.django_db


def rate(rating: MemberRating, level: str, *, year: int = 2026, override: str = "", reason: str = "") -> MemberRating:
    """Self-assessment, the cell's vote and the committee's decision at `level` in `year`
    (with points from 2025, without before)."""
    day = dt.date(year, 12, 5)
    pointed = year >= 2025
    total = {Level.EXCELLENT: 95, Level.GOOD: 80, Level.COMPLETED: 60, Level.NOT_COMPLETED: 40}.get(Level(level), 95)
    svc.rating_self_assess(
        actor=None,
        rating=rating,
        level=level,
        scores=scores(total) if pointed else {},
        tasks=ALL_DONE if pointed else {},
        date=day,
        group="outside",
    )
    rating.refresh_from_db()
    svc.rating_vote(
        actor=None,
        rating=rating,
        level=level,
        meeting=held_meeting(rating.member.organization, day),
        votes_for=5,
        votes_present=6,
        date=day,
    )
    rating.refresh_from_db()
    extra: dict[str, Any] = {"quota_override": override} if override else {}
    if reason:
        extra["not_completed_reason"] = reason
    svc.rating_decide(actor=None, rating=rating, level=level, decision=Decision("12-QĐ/ĐU", dt.date(year, 12, 6)), **extra)
    rating.refresh_from_db()
    return rating


def ratings(round_: Any, members: list[Any]) -> list[MemberRating]:
    rows = []
    for member in members:
        rating = MemberRating.objects.get(round=round_, member=member)
        rating.group = "outside"
        rating.save(update_fields=["group"])
        rows.append(rating)
    return rows


def founded_long_ago(tree: Tree) -> None:
    """The test tree founded in 2010, so that rounds of earlier years list it."""
    from partybuilding.organizations.models import Organization

    Organization.objects.filter(path__startswith=tree.P.path).update(founded_on=dt.date(2010, 1, 1))
    tree.refresh()


def rows_by_key(rows: list[reports.Row]) -> dict[str, int]:
    return {row.key: row.total for row in rows}


def test_form6_adds_up_for_organizations_and_members(tree: Tree, people: Personas) -> None:
    members = [make_member(tree.X1) for _ in range(4)] + [make_member(tree.X2)]
    exempt = make_member(tree.X2)
    Member.objects.filter(pk=exempt.pk).update(exempt_since=dt.date(2020, 1, 1))
    round_ = open_year(tree)
    a, b, c, d, _pending = ratings(round_, members)
    rate(a, Level.GOOD)
    rate(b, Level.GOOD)
    rate(c, Level.NOT_COMPLETED, reason="under_half")
    svc.rating_leave_unrated(actor=None, rating=d, reason=NotRated.SICK, date=dt.date(2026, 12, 5))
    # e stays pending
    form = reports.form6(tree.G1, 2026)
    m = rows_by_key(form.members)
    assert m["present"] == m["exempt"] + m["not_reviewed"] + m["rated"] == 6
    assert m["exempt"] == 1
    assert (m["rated"], m["not_reviewed"], m["pending"], m["unrated.sick"]) == (3, 2, 1, 1)
    assert (m["level.good"], m["level.not_completed"], m["nc.under_half"]) == (2, 1, 1)
    cells = next(b for b in form.organizations if b.kind == OrgKind.CELL)
    o = rows_by_key(cells.rows)
    assert o["present"] == o["rated"] + o["not_rated"] == 2  # X1 and X2; G1 itself is counted by the commune's form
    assert [r.number for r in form.organizations[0].rows][:3] == ["1", "2", "2.1"]
    # the page and the Excel file show the same numbers
    client = client_for(people.provincial_officer)
    page = client.get(reverse("assessment_form6"), {"within": tree.G1.pk, "year": 2026})
    assert page.status_code == 200
    assert "Year 2026" in page.content.decode()
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(reverse("assessment_form6_xlsx"), {"within": tree.G1.pk}).streaming_content))
    )
    values = [row for row in book.active.iter_rows(values_only=True)]
    assert ("1", "Present at the review (= 2 + 3 + 4)", m["present"], None) in values


def test_the_table_counts_each_subordinate_flags_the_quota_and_compares_with_last_year(tree: Tree, people: Personas) -> None:
    x1 = [make_member(tree.X1) for _ in range(5)]
    x2 = [make_member(tree.X2) for _ in range(2)]
    last = open_year(tree, 2025)
    for rating, level in zip(
        ratings(last, x1), [Level.GOOD, Level.COMPLETED, Level.COMPLETED, Level.COMPLETED, Level.COMPLETED], strict=True
    ):
        rate(rating, level, year=2025)
    round_ = open_year(tree)
    r1 = ratings(round_, x1)
    for rating in r1[:4]:
        rate(rating, Level.GOOD)
    rate(r1[4], Level.EXCELLENT)  # 1 of 5 "good or above": exactly 20 %
    r2 = ratings(round_, x2)
    rate(r2[0], Level.GOOD)
    rate(r2[1], Level.EXCELLENT, override="Anh hùng lao động")  # 1 of 2: over
    lines, total = reports.table(tree.G1, [tree.X1, tree.X2], 2026)
    first, second = lines
    assert (first.present, first.rated, first.levels[Level.EXCELLENT], first.levels[Level.GOOD]) == (5, 5, 1, 4)
    assert first.excellent_share == 20 and not first.over_quota
    assert (second.rated, second.excellent_share, second.over_quota) == (2, 50, True)
    assert [pct for _level, _n, pct in first.level_cells] == [20, 80, 0, 0]
    assert (first.last_good_share, first.good_share, first.change) == (20, 100, 80)
    assert total.rated == 7 and total.over_quota
    page = client_for(people.provincial_officer).get(reverse("assessment_table"), {"within": tree.G1.pk, "year": 2026})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="quota-chart"' in html
    assert html.count('data-over="1"') == 1  # X2 alone among the subordinates
    response = client_for(people.provincial_officer).get(reverse("assessment_table_xlsx"), {"within": tree.G1.pk, "year": 2026})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["X1"][2:6] == (5, 5, 1, 20.0) and rows["X2"][2:4] == (2, 2)
    assert "over the quota" in rows["X2"] and "over the quota" not in rows["X1"]


def test_the_table_reads_the_same_queries_whatever_the_number_of_subordinates(
    tree: Tree, people: Personas, django_assert_max_num_queries: Any
) -> None:
    make_member(tree.X1)
    open_year(tree, 2026, org=tree.P)
    client = client_for(people.provincial_officer)
    url = reverse("assessment_table") + f"?within={tree.P.pk}&year=2026"
    client.get(url)  # the caches warmed
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(6):
        make_org(tree.P, f"CX{i}", f"Đảng bộ xã Mới {i}", OrgKind.COMMUNE)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    children = list(tree.P.children.all())
    with django_assert_max_num_queries(2):
        reports.table(tree.P, children, 2026)


def test_the_matrix_marks_each_year_and_filters_five_years_excellent(tree: Tree, people: Personas) -> None:
    founded_long_ago(tree)
    star, other = make_member(tree.X1, given_name="Ánh"), make_member(tree.X1)
    for year in range(2022, 2027):
        round_ = open_year(tree, year)
        first, second = ratings(round_, [star, other])
        rate(first, Level.EXCELLENT, year=year, override="Gương mặt tiêu biểu")
        rate(second, Level.GOOD if year != 2024 else Level.EXCELLENT, year=year, override="Tiêu biểu")
    client = client_for(people.commune_officer)
    page = client.get(reverse("assessment_matrix"), {"within": tree.G1.pk, "year": 2026})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("HTXSNV") >= 5 + 1 and "HTTNV" in html
    five = client.get(reverse("assessment_matrix"), {"within": tree.G1.pk, "year": 2026, "five": "on"}).content.decode()
    assert f'data-testid="matrix-{star.pk}"' in five and f'data-testid="matrix-{other.pk}"' not in five
    found = client.get(reverse("assessment_matrix"), {"within": tree.G1.pk, "q": "anh"}).content.decode()  # diacritics ignored
    assert star.full_name in found
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(reverse("assessment_matrix_xlsx"), {"within": tree.G1.pk}).streaming_content))
    ).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert rows[star.full_name][2:] == ("HTXSNV",) * 5 + ("✓",)
    assert rows[other.full_name][-1] in ("", None)


def test_the_matrix_refuses_a_scope_larger_than_a_grassroots_organization(tree: Tree, people: Personas) -> None:
    page = client_for(people.provincial_officer).get(reverse("assessment_matrix"), {"within": tree.P.pk})
    assert page.status_code == 200 and 'data-testid="matrix-too-large"' in page.content.decode()


def test_the_levels_of_2012_rules_read_as_the_current_ones(tree: Tree, people: Personas) -> None:
    founded_long_ago(tree)
    member = make_member(tree.X1)
    round_ = open_year(tree, 2017, org=tree.P)
    (rating,) = ratings(round_, [member])
    rate(rating, Level.QUALIFIED_EXCELLENT, year=2017)
    assert reports.legacy_map(2017)[Level.QUALIFIED_EXCELLENT] == Level.EXCELLENT
    assert rows_by_key(reports.form6(tree.P, 2017).members)["level.excellent"] == 1
    html = client_for(people.commune_officer).get(reverse("assessment_matrix"), {"within": tree.X1.pk, "year": 2017}).content.decode()
    assert "HTXSNV" in html


def test_the_legacy_map_reads_old_labels_in_any_year(db: Any) -> None:
    mapping = reports.legacy_map(2017)
    assert mapping["qualified_excellent"] == "excellent" and mapping["breach"] == "not_completed" and mapping["good"] == "good"
    assert reports.short_code("clean_strong", reports.legacy_map(2030)) == "HTTNV"


def test_the_members_not_reviewed_are_listed_with_the_deadline(tree: Tree, people: Personas) -> None:
    waiting, done = make_member(tree.X1), make_member(tree.X2)
    round_ = open_year(tree)
    _w, d = ratings(round_, [waiting, done])
    rate(d, Level.GOOD)
    client = client_for(people.commune_officer)
    page = client.get(reverse("assessment_unreviewed"), {"within": tree.G1.pk, "round": round_.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-testid="unreviewed-{waiting.pk}"' in html and f'data-testid="unreviewed-{done.pk}"' not in html
    assert "20/12/2026" in html
    sheet = openpyxl.load_workbook(
        io.BytesIO(
            b"".join(client.get(reverse("assessment_unreviewed_xlsx"), {"within": tree.G1.pk, "round": round_.pk}).streaming_content)
        )
    ).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [waiting.full_name]


def test_two_years_not_completed_are_listed_for_removal(tree: Tree, people: Personas) -> None:
    twice, once = make_member(tree.X1), make_member(tree.X1)
    for year in (2025, 2026):
        round_ = open_year(tree, year)
        first, second = ratings(round_, [twice, once])
        rate(first, Level.NOT_COMPLETED, year=year, reason="other")
        rate(second, Level.NOT_COMPLETED if year == 2026 else Level.GOOD, year=year, reason="other" if year == 2026 else "")
    html = client_for(people.commune_officer).get(reverse("assessment_removal"), {"within": tree.G1.pk, "year": 2026}).content.decode()
    assert f'data-testid="removal-{twice.pk}"' in html and f'data-testid="removal-{once.pk}"' not in html


def test_an_office_officer_sees_the_figures_but_not_the_names(tree: Tree, people: Personas) -> None:
    client = client_for(people.office_officer)
    assert client.get(reverse("assessment_form6")).status_code == 200
    assert client.get(reverse("assessment_matrix")).status_code == 403
