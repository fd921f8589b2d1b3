"""The organizations' ratings and the four-good model through their pages: who sees and who
acts (404 outside the scope, 403 without the right), the self-assessment report and the
decision one level up, the evidence drawn from the system, and a four-good registration
assessed and recognized, refused when a criterion is not met, with its five-year honour."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from partybuilding.assessments.choices import FourGoodCriterion, FourGoodStage, Level, Stage
from partybuilding.assessments.models import FourGood, OrganizationRating
from partybuilding.assessments.services.rounds import default_calendar, open_round
from partybuilding.meetings.choices import Presence
from partybuilding.meetings.models import Meeting

from .conftest import Personas, Tree, client_for
from .meetings_factories import held_meeting
from .members_factories import make_member

pytestmark = pytest.mark.django_db

ALL_MET = {c: "on" for c in FourGoodCriterion.values}


def rated_cells(tree: Tree, people: Personas) -> dict[str, OrganizationRating]:
    """A 2026 round over the grassroots committee G1: its cells X1 and X2 to be rated by G1."""
    round_, _job = open_round(actor=people.provincial_officer, organization=tree.G1, title="Đánh giá năm 2026", **default_calendar(2026))
    return {r.organization.code: r for r in OrganizationRating.objects.filter(round=round_).select_related("organization")}


def rating_url(rating: OrganizationRating, kind: str = "") -> str:
    if kind:
        return reverse("assessment_org_step", args=[rating.pk, kind])
    return reverse("assessment_org_rating", args=[rating.pk])


def self_report(rating: OrganizationRating, **extra: Any) -> dict[str, Any]:
    data = {"version": rating.version, "date": "05/12/2026", "report": "Chi bộ hoàn thành tốt nhiệm vụ.", "score": 85}
    data.update(done=100, on_time=100, exceeded=0, level="good")
    data.update(extra)
    return data


def decision(rating: OrganizationRating, **extra: Any) -> dict[str, Any]:
    data = {"version": rating.version, "decision_number": "15-QĐ/ĐU", "decision_date": "06/12/2026", "level": "good"}
    data.update(extra)
    return data


def test_a_rating_is_seen_in_scope_and_acted_on_by_the_right_committee(tree: Tree, people: Personas) -> None:
    x1 = rated_cells(tree, people)["X1"]
    assert client_for(people.outsider).get(rating_url(x1)).status_code == 404  # the sibling commune's officer
    member = client_for(people.member)
    page = member.get(rating_url(x1))
    assert page.status_code == 200 and b'data-testid="org-self-form"' not in page.content
    assert member.post(rating_url(x1, "self"), self_report(x1)).status_code == 403
    secretary = client_for(people.cell_secretary)  # the cell's own committee writes its report, not the decision
    page = secretary.get(rating_url(x1))
    assert b'data-testid="org-self-form"' in page.content and b'data-testid="org-decide-form"' not in page.content
    assert secretary.post(rating_url(x1, "decide"), decision(x1)).status_code == 403
    assert client_for(people.commune_officer).get(rating_url(x1, "nonsense")).status_code == 404
    # the round's list: in the scope of those who see part of it, missing for the others
    listing = reverse("assessment_orgs", args=[x1.round_id])
    assert client_for(people.outsider).get(listing).status_code == 404
    rows = client_for(people.viewer).get(listing)
    assert rows.status_code == 200 and rows.content.count(b'data-testid="org-rating-row"') == 2


def test_a_commune_officer_decides_a_cells_rating_through_the_page(tree: Tree, people: Personas) -> None:
    x1 = rated_cells(tree, people)["X1"]
    answer = client_for(people.cell_secretary).post(rating_url(x1, "self"), self_report(x1))
    assert answer.status_code == 302
    x1.refresh_from_db()
    assert (x1.stage, x1.self_level, x1.self_score) == (Stage.SELF_ASSESSED, Level.GOOD, 85)
    officer = client_for(people.commune_officer)
    assert b'data-testid="org-decide-form"' in officer.get(rating_url(x1)).content
    assert officer.post(rating_url(x1, "decide"), decision(x1)).status_code == 302
    x1.refresh_from_db()
    assert (x1.stage, x1.level, x1.score, x1.decision_number) == (Stage.DECIDED, Level.GOOD, 85, "15-QĐ/ĐU")
    assert x1.decision_date == dt.date(2026, 12, 6)
    page = officer.get(rating_url(x1)).content.decode()
    assert "Completed tasks well" in page and "Decision 15-QĐ/ĐU of 06/12/2026" in page
    assert "Decision one level up" in page  # the history shows the step
    only_decided = officer.get(reverse("assessment_orgs", args=[x1.round_id]) + "?stage=decided")
    assert only_decided.content.count(b'data-testid="org-rating-row"') == 1
    export = officer.get(reverse("assessment_orgs_xlsx", args=[x1.round_id]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[tree.X1.name][7] == "Completed tasks well" and rows[tree.X1.name][8] == 85
    assert rows[tree.X2.name][4] == "To be rated"


def test_a_decision_the_rules_refuse_is_shown_on_its_field_with_the_rule(tree: Tree, people: Personas) -> None:
    x1 = rated_cells(tree, people)["X1"]
    answer = client_for(people.commune_officer).post(rating_url(x1, "decide"), decision(x1, level="excellent", score=85))
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "needs at least 90 points; the score is 85" in page and "QĐ 366-QĐ/TW" in page
    x1.refresh_from_db()
    assert x1.stage == Stage.LISTED and not x1.level


def test_the_evidence_shows_the_meeting_quality_of_a_closed_meeting(tree: Tree, people: Personas) -> None:
    x1 = rated_cells(tree, people)["X1"]
    member = make_member(tree.X1)
    meeting = held_meeting(tree.X1, dt.date(2026, 11, 5), {member: Presence.PRESENT})
    meeting.refresh_from_db()
    assert meeting.score is not None
    page = client_for(people.commune_officer).get(rating_url(x1)).content.decode()
    assert f"1 meeting scored, mean score {meeting.score:.1f}" in page
    assert f"/meetings/?within={tree.X1.pk}&amp;year=2026" in page  # the page it comes from
    assert "Dues collected in 2026" in page
    # figures of member records are for the roles that see members
    plain = client_for(people.member).get(rating_url(x1)).content.decode()
    assert "1 meeting scored" in plain and "Dues collected in 2026" not in plain


def registration_meeting(tree: Tree) -> Meeting:
    return held_meeting(tree.X1, dt.date(2026, 2, 5), {make_member(tree.X1): Presence.PRESENT}, close=False)


def register_and_assess(tree: Tree, people: Personas, criteria: dict[str, str]) -> FourGood:
    meeting = registration_meeting(tree)
    secretary = client_for(people.cell_secretary)
    listed = secretary.get(reverse("fourgood_list") + f"?within={tree.X1.pk}&year=2026").content.decode()
    assert 'data-testid="fourgood-register-X1"' in listed
    answer = secretary.post(reverse("fourgood_register", args=[tree.X1.pk]), {"year": 2026, "meeting": meeting.pk})
    assert answer.status_code == 302
    row = FourGood.objects.get(organization=tree.X1, year=2026)
    assert (row.stage, row.meeting_id) == (FourGoodStage.REGISTERED, meeting.pk)
    assert secretary.post(reverse("fourgood_assess", args=[row.pk]), {**criteria, "note": "Đánh giá cuối năm"}).status_code == 302
    row.refresh_from_db()
    assert row.stage == FourGoodStage.ASSESSED
    return row


def test_a_four_good_registration_is_assessed_then_recognized_through_the_pages(tree: Tree, people: Personas) -> None:
    row = register_and_assess(tree, people, ALL_MET)
    recognition = {"recognized": "yes", "decision_number": "20-QĐ/ĐU", "decision_date": "06/12/2026"}
    # the cell's secretary does not decide its own recognition: the committee one level up does
    assert client_for(people.cell_secretary).post(reverse("fourgood_recognize", args=[row.pk]), recognition).status_code == 403
    officer = client_for(people.commune_officer)
    page = officer.get(reverse("fourgood_detail", args=[row.pk])).content.decode()
    assert 'data-testid="fourgood-recognize-form"' in page and 'data-testid="criterion-meeting_quality"' in page
    assert officer.post(reverse("fourgood_recognize", args=[row.pk]), recognition).status_code == 302
    row.refresh_from_db()
    assert (row.stage, row.decision_number, row.decision_date) == (FourGoodStage.RECOGNIZED, "20-QĐ/ĐU", dt.date(2026, 12, 6))
    listed = officer.get(reverse("fourgood_list") + f"?within={tree.G1.pk}&year=2026").content.decode()
    assert listed.count('data-testid="fourgood-row"') == 1 and "Recognized" in listed
    assert client_for(people.outsider).get(reverse("fourgood_detail", args=[row.pk])).status_code == 404


def test_recognition_is_refused_when_a_criterion_is_not_met(tree: Tree, people: Personas) -> None:
    row = register_and_assess(tree, people, {c: "on" for c in FourGoodCriterion.values if c != FourGoodCriterion.UNITY_DISCIPLINE})
    officer = client_for(people.commune_officer)
    recognition = {"recognized": "yes", "decision_number": "20-QĐ/ĐU", "decision_date": "06/12/2026"}
    answer = officer.post(reverse("fourgood_recognize", args=[row.pk]), recognition)
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "A four-good organization meets all four criteria. (four-good model: the four criteria)" in page
    row.refresh_from_db()
    assert row.stage == FourGoodStage.ASSESSED
    assert officer.post(reverse("fourgood_recognize", args=[row.pk]), {**recognition, "recognized": "no"}).status_code == 302
    row.refresh_from_db()
    assert row.stage == FourGoodStage.NOT_RECOGNIZED


def test_five_consecutive_years_recognized_are_honoured(tree: Tree, people: Personas) -> None:
    meeting = registration_meeting(tree)
    for org, years in ((tree.X1, range(2022, 2027)), (tree.X2, range(2023, 2027))):
        for year in years:
            FourGood.objects.create(organization=org, year=year, meeting=meeting, stage=FourGoodStage.RECOGNIZED)
    FourGood.objects.filter(organization=tree.X2, year=2024).update(stage=FourGoodStage.NOT_RECOGNIZED)
    officer = client_for(people.commune_officer)
    url = reverse("fourgood_list") + f"?within={tree.G1.pk}&year=2026"
    everyone = officer.get(url).content.decode()
    assert everyone.count('data-testid="fourgood-row"') == 2
    assert 'data-testid="fourgood-streak">5 <span class="badge">5 consecutive years' in everyone
    assert 'data-testid="fourgood-streak">2</td>' in everyone  # X2: 2025 and 2026 since the break of 2024
    honoured = officer.get(url + "&honoured=on").content.decode()
    assert honoured.count('data-testid="fourgood-row"') == 1 and tree.X1.name in honoured and tree.X2.name not in honoured
