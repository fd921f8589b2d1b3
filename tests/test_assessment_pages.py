"""The pages of the rounds and the ratings: the home page with each round's calendar and
progress, opening a round, a round's ratings (search, filters, quota boxes, Excel), a rating's
steps recorded through its forms (the member's self-assessment, the cell's vote, the
committee's decision over the quota), a member's own ratings and the printed self-assessment."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partybuilding.assessments.choices import Level, RoundStatus, Stage
from partybuilding.assessments.models import MemberRating, Round
from partybuilding.assessments.services import ratings as svc
from partybuilding.core.models import Job
from partybuilding.members.models import Member

from .conftest import Personas, Tree, client_for
from .members_factories import make_member
from .test_assessment_rules import ALL_DONE, held_meeting, open_year, rating_of, scores, through_vote

pytestmark = pytest.mark.django_db

DAY = "05/12/2026"  # a day of the review meetings (the round's period is 2026)


def own_member(people: Personas, tree: Tree) -> Member:
    """The member persona's own record, in cell X1."""
    member = make_member(tree.X1, given_name="Ánh", family_name="Nguyễn", middle_name="Văn")
    Member.objects.filter(pk=member.pk).update(user=people.member)
    member.refresh_from_db()
    return member


def step_url(rating: MemberRating, kind: str) -> str:
    return reverse("assessment_rating_step", args=[rating.pk, kind])


def form_fields(html: str) -> dict[str, str]:
    """The hidden inputs of the page's (first) step form: its version and submission."""
    return dict(re.findall(r'<input type="hidden" name="(version|submission)" value="([^"]+)"', html)[:2])


def self_data(rating: MemberRating, level: str, total: int, **extra: Any) -> dict[str, Any]:
    return {
        "version": rating.version,
        "submission": "6f1c2b56-7d2e-4c1e-9a61-1a2b3c4d5e6f",
        "date": DAY,
        "group": "outside",
        "level": level,
        **scores(total),
        **ALL_DONE,
        "strengths": "Gương mẫu",
        **extra,
    }


# --- the home page and opening a round --------------------------------------------------------


def test_the_home_page_shows_each_round_with_its_calendar_and_progress(tree: Tree, people: Personas) -> None:
    for _ in range(2):
        make_member(tree.X1)
    round_ = open_year(tree)
    rating = rating_of(round_, MemberRating.objects.filter(round=round_).first().member)
    through_vote(rating, 80, Level.GOOD)
    page = client_for(people.commune_officer).get(reverse("assessment_home"))
    html = page.content.decode()
    assert page.status_code == 200 and round_.title in html
    assert "D1" in html and "D3" in html and "15/01/2027" in html
    counts = [int(n) for n in re.findall(r'<div class="n">(\d+)</div>', html)]
    assert counts[:4] == [2, 1, 1, 0]  # listed, self-assessed, voted, decided
    assert 'data-testid="round-new"' in html  # the commune's officer may open a round


def test_the_calendar_counts_the_days_left_and_late() -> None:
    from partybuilding.assessments.views.rounds import calendar

    round_ = Round(
        status=RoundStatus.OPEN, self_until=dt.date(2026, 12, 10), review_until=dt.date(2026, 12, 20), decide_until=dt.date(2027, 1, 15)
    )
    due = [(d.code, d.days_left, d.days_late) for d in calendar(round_, dt.date(2026, 12, 6)) if d.due]
    assert due == [("D1", 4, None)]
    due = [(d.code, d.days_left, d.days_late) for d in calendar(round_, dt.date(2027, 1, 18)) if d.due]
    assert due == [("D3", None, 3)]


def test_a_plain_member_finds_their_own_ratings_on_the_home_page(tree: Tree, people: Personas) -> None:
    own_member(people, tree)
    round_ = open_year(tree)
    page = client_for(people.member).get(reverse("assessment_home"))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="my-ratings"' in html
    assert round_.title in html and 'data-testid="fill-self"' in html
    assert 'data-testid="round-new"' not in html


def test_an_officer_opens_a_round_through_the_page(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    form = client.get(reverse("assessment_round_new") + "?year=2025").content.decode()
    assert "Đảng bộ xã An Bình" in form and 'value="10/12/2025"' in form and 'value="15/01/2026"' in form
    data = {
        "title": "Đánh giá năm 2025", "period_kind": "year", "year": 2025, "period_start": "01/01/2025", "period_end": "31/12/2025",
        "cutoff": "01/12/2025", "self_until": "10/12/2025", "review_until": "20/12/2025", "decide_until": "15/01/2026",
    }  # fmt: skip
    member = make_member(tree.X1)
    answer = client.post(reverse("assessment_round_new"), data)
    job = Job.objects.get(kind="assessments.open")
    assert answer.status_code == 302 and answer["Location"] == reverse("job_page", args=[job.pk])
    round_ = Round.objects.get(title="Đánh giá năm 2025")
    assert (round_.organization, round_.status) == (tree.C1, RoundStatus.OPEN)
    assert MemberRating.objects.filter(round=round_, member=member).exists()


def test_a_round_whose_calendar_is_out_of_order_is_refused_on_its_field(tree: Tree, people: Personas) -> None:
    data = {
        "title": "Sai lịch", "period_kind": "year", "year": 2025, "period_start": "01/01/2025", "period_end": "31/12/2025",
        "cutoff": "01/12/2025", "self_until": "21/12/2025", "review_until": "20/12/2025", "decide_until": "15/01/2026",
    }  # fmt: skip
    page = client_for(people.commune_officer).post(reverse("assessment_round_new"), data)
    assert page.status_code == 200 and "The cell review meetings end before the self-assessments" in page.content.decode()
    assert not Round.objects.filter(title="Sai lịch").exists()


# --- a round's ratings ------------------------------------------------------------------------


def test_the_round_lists_its_ratings_found_by_name_without_diacritics(tree: Tree, people: Personas) -> None:
    make_member(tree.X1, given_name="Ánh", family_name="Nguyễn")
    make_member(tree.X2, given_name="Bích", family_name="Trần")
    round_ = open_year(tree)
    client = client_for(people.commune_officer)
    url = reverse("assessment_round", args=[round_.pk])
    html = client.get(url).content.decode()
    assert html.count('data-testid="rating-row"') == 2 and 'data-testid="quota"' in html
    found = client.get(url + "?q=nguyen").content.decode()
    assert "Ánh" in found and "Bích" not in found
    assert client.get(url + "?stage=decided").content.decode().count('data-testid="rating-row"') == 0
    # the cell's secretary sees their own cell's part of the round
    mine = client_for(people.cell_secretary).get(url).content.decode()
    assert "Ánh" in mine and "Bích" not in mine


def test_a_round_outside_the_scope_is_missing_and_its_members_are_for_the_roles_that_see_them(tree: Tree, people: Personas) -> None:
    make_member(tree.X1)
    round_ = open_year(tree)
    url = reverse("assessment_round", args=[round_.pk])
    assert client_for(people.outsider).get(url).status_code == 404
    assert client_for(people.office_officer).get(url).status_code == 403


def test_the_excel_export_holds_the_filtered_rows(tree: Tree, people: Personas) -> None:
    make_member(tree.X1, given_name="Ánh", family_name="Nguyễn")
    make_member(tree.X2, given_name="Bích", family_name="Trần")
    round_ = open_year(tree)
    answer = client_for(people.commune_officer).get(reverse("assessment_round_xlsx", args=[round_.pk]) + "?q=tran")
    sheet = load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Full name", "Party cell")
    assert len(rows) == 2 and "Bích" in rows[1][0] and rows[1][1] == "Chi bộ Thôn Tây"


def test_closing_the_round_is_for_its_managers(tree: Tree, people: Personas) -> None:
    round_ = open_year(tree)
    url = reverse("assessment_round_close", args=[round_.pk])
    assert client_for(people.cell_secretary).post(url).status_code == 403  # the round is the grassroots committee's
    assert client_for(people.commune_officer).post(url).status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED


# --- a rating's steps through its forms -------------------------------------------------------


def test_a_member_fills_in_the_self_assessment_and_excellent_needs_ninety_points(tree: Tree, people: Personas) -> None:
    member = own_member(people, tree)
    round_ = open_year(tree)
    rating = rating_of(round_, member)
    client = client_for(people.member)
    form = client.get(step_url(rating, "self")).content.decode()
    assert 'name="politics_ethics"' in form and "data-total" in form and "At most 40 points" in form
    refused = client.post(step_url(rating, "self"), self_data(rating, Level.EXCELLENT, 85))
    text = refused.content.decode()
    assert refused.status_code == 422 and "needs at least 90 points" in text and "QĐ 366-QĐ/TW" in text
    assert MemberRating.objects.get(pk=rating.pk).stage == Stage.LISTED
    done = client.post(step_url(rating, "self"), self_data(rating, Level.GOOD, 85))
    assert done.status_code == 302 and done["Location"] == reverse("assessment_rating", args=[rating.pk])
    rating.refresh_from_db()
    assert (rating.stage, rating.score) == (Stage.SELF_ASSESSED, 85)
    page = client.get(reverse("assessment_rating", args=[rating.pk])).content.decode()
    assert "Completed tasks well" in page and "Gương mẫu" in page


def test_a_member_may_not_do_the_cells_steps_nor_read_anothers_rating(tree: Tree, people: Personas) -> None:
    member = own_member(people, tree)
    other = make_member(tree.X1)
    round_ = open_year(tree)
    client = client_for(people.member)
    assert client.get(step_url(rating_of(round_, member), "vote")).status_code == 403
    assert client.get(reverse("assessment_rating", args=[rating_of(round_, other).pk])).status_code == 404


def test_the_secretary_records_the_cells_vote_beside_the_live_quota(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    rating = rating_of(open_year(tree), member)
    svc.rating_self_assess(
        actor=None, rating=rating, level=Level.GOOD, scores=scores(80), tasks=ALL_DONE, date=dt.date(2026, 12, 2), group="outside"
    )
    meeting = held_meeting(tree.X1, dt.date(2026, 12, 4))
    client = client_for(people.cell_secretary)
    page = client.get(reverse("assessment_rating", args=[rating.pk])).content.decode()
    assert 'data-testid="step-form-vote"' in page and 'data-testid="live-quota"' in page
    assert 'data-testid="step-form-decide"' not in page  # the grassroots committee decides
    fields = form_fields(page.split('data-testid="step-form-vote"')[1])
    data = {**fields, "date": DAY, "meeting": meeting.pk, "votes_present": 6, "votes_for": 5, "level": Level.GOOD, "score": ""}
    answer = client.post(step_url(rating, "vote"), data)
    assert answer.status_code == 302
    rating.refresh_from_db()
    assert (rating.stage, rating.score) == (Stage.VOTED, 80)
    step = rating.steps.get(kind="vote")
    assert (step.meeting, step.votes_for, step.votes_present) == (meeting, 5, 6)


def test_the_decision_over_the_quota_asks_for_the_committees_reason(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    rating = through_vote(rating_of(open_year(tree), member), 95, Level.EXCELLENT)
    client = client_for(people.commune_officer)
    page = client.get(step_url(rating, "decide")).content.decode()
    assert 'data-testid="quota-warning"' in page  # one more "excellent" would be over 20 %
    data = {
        "version": rating.version,
        "submission": "0d3c7c52-0f55-4a57-9a8e-6b1f1c5b2a10",
        "decision_number": "12-QĐ/ĐU",
        "decision_date": "06/12/2026",
        "level": Level.EXCELLENT,
    }
    refused = client.post(step_url(rating, "decide"), data)
    text = refused.content.decode()
    assert refused.status_code == 422 and "over 20 %" in text
    assert re.search(r'<input type="text" name="quota_override"', text)  # now asked for
    assert MemberRating.objects.get(pk=rating.pk).stage == Stage.VOTED
    accepted = client.post(step_url(rating, "decide"), {**data, "quota_override": "Anh hùng lao động"})
    assert accepted.status_code == 302
    rating.refresh_from_db()
    assert (rating.stage, rating.level, rating.quota_override) == (Stage.DECIDED, Level.EXCELLENT, "Anh hùng lao động")


def test_the_self_assessment_prints_as_its_groups_form(tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("partybuilding.core.pdf.render_pdf", lambda html: html.encode())
    member = own_member(people, tree)
    rating = rating_of(open_year(tree), member)
    svc.rating_self_assess(
        actor=None, rating=rating, level=Level.GOOD, scores=scores(80), tasks=ALL_DONE, date=dt.date(2026, 12, 2), group="outside"
    )
    answer = client_for(people.member).get(reverse("assessment_rating_pdf", args=[rating.pk]))
    html = answer.content.decode()
    assert answer["Content-Type"] == "application/pdf"
    assert "Form 2C" in html and "Tasks given by the cell" in html and "Nguyễn Văn Ánh" in html


# --- the member's own ratings, in both languages ------------------------------------------------


def test_my_ratings_read_an_earlier_level_as_today(tree: Tree, people: Personas) -> None:
    member = own_member(people, tree)
    rating = rating_of(open_year(tree, 2017), member)
    MemberRating.objects.filter(pk=rating.pk).update(stage=Stage.DECIDED, level=Level.QUALIFIED_GOOD)
    html = client_for(people.member).get(reverse("my_ratings")).content.decode()
    assert "Qualified, completed tasks well (2012)" in html and "read today as “Completed tasks well”" in html


def test_the_round_page_speaks_vietnamese(tree: Tree, people: Personas) -> None:
    make_member(tree.X1)
    round_ = open_year(tree)
    html = client_for(people.commune_officer, "vi").get(reverse("assessment_round", args=[round_.pk])).content.decode()
    assert "Xuất ra Excel" in html and "Khóa đợt đánh giá" in html and "Chưa được chi bộ xem xét" in html


def test_the_opening_jobs_page_leads_to_the_round(tree: Tree, people: Personas) -> None:
    from django.template.loader import render_to_string

    round_ = open_year(tree)
    job = Job.objects.get(kind="assessments.open", params__round=round_.pk)
    html = render_to_string("assessments/round_opened.html", {"job": job, "result": job.result})
    assert reverse("assessment_round", args=[round_.pk]) in html and "Listed:" in html
