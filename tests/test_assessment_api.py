"""The yearly assessment through the API: a round opened, a member's rating taken from the
self-assessment to the committee's decision, organizations rated, the four-good model, the
member's own ratings, the per-subordinate table from the counters, and disciplines — each
refusal with its status: 404 outside the scope, 403 without the right, 409 on a stale
version, 422 naming the rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from partybuilding.assessments.choices import Level, Stage
from partybuilding.assessments.models import MemberRating, OrganizationRating, Round
from partybuilding.members.models import Member

from .conftest import Personas, Tree, client_for
from .members_factories import make_member
from .test_assessment_rules import ALL_DONE, held_meeting, scores

pytestmark = pytest.mark.django_db

DAY = "2026-12-05"


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def opened(people: Personas, tree: Tree, year: int = 2026) -> dict[str, Any]:
    answer = post(
        client_for(people.provincial_officer),
        "/api/assessments/rounds",
        {"organization_id": tree.G1.pk, "title": f"Năm {year}", "year": year},
    )
    assert answer.status_code == 202, answer.content
    return answer.json()


def rating_id(round_id: int, member: Member) -> int:
    return MemberRating.objects.get(round_id=round_id, member=member).pk


def self_assess(client: Client, pk: int, total: int, level: str, **more: Any) -> Any:
    body = {"level": level, "group": "outside", "scores": scores(total), "tasks": ALL_DONE, "date": DAY, **more}
    return post(client, f"/api/assessments/ratings/{pk}/steps/self", body)


def test_a_round_opens_as_a_job_and_lists_its_members(tree: Tree, people: Personas) -> None:
    members = [make_member(tree.X1), make_member(tree.X2)]
    found = opened(people, tree)
    assert found["job_id"] and found["round"]["status"] == "open"
    assert (found["round"]["cutoff"], found["round"]["decide_until"]) == ("2026-12-01", "2027-01-15")
    pk = found["round"]["id"]
    secretary = client_for(people.cell_secretary)
    assert [r["id"] for r in secretary.get("/api/assessments/rounds").json()["items"]] == [pk]
    # the cell's secretary sees its own cell's ratings only
    assert [r["member_id"] for r in secretary.get(f"/api/assessments/rounds/{pk}/ratings").json()["items"]] == [members[0].pk]
    officer = client_for(people.commune_officer)
    listed = officer.get(f"/api/assessments/rounds/{pk}/ratings?within={tree.X2.pk}&stage=pending").json()["items"]
    assert [r["member_id"] for r in listed] == [members[1].pk]
    assert client_for(people.outsider).get(f"/api/assessments/rounds/{pk}").status_code == 404
    # a second yearly round over part of the scope is refused by the rule
    again = post(
        client_for(people.commune_officer), "/api/assessments/rounds", {"organization_id": tree.X1.pk, "title": "Lần hai", "year": 2026}
    )
    assert again.status_code == 422 and "rated once a year" in again.json()["rule"]
    assert (
        post(client_for(people.viewer), "/api/assessments/rounds", {"organization_id": tree.X1.pk, "title": "X", "year": 2025}).status_code
        == 403
    )
    assert (
        post(
            client_for(people.outsider), "/api/assessments/rounds", {"organization_id": tree.X1.pk, "title": "X", "year": 2025}
        ).status_code
        == 404
    )


def test_a_rating_goes_from_the_self_assessment_to_the_decision(tree: Tree, people: Personas) -> None:
    member, neighbour = make_member(tree.X1), make_member(tree.X1)
    Member.objects.filter(pk=member.pk).update(user=people.member)
    round_id = opened(people, tree)["round"]["id"]
    pk = rating_id(round_id, member)
    own = client_for(people.member)
    refused = self_assess(own, pk, 85, Level.EXCELLENT)
    assert refused.status_code == 422
    assert "needs at least 90 points" in refused.json()["detail"] and "QĐ 366-QĐ/TW" in refused.json()["rule"]
    assert refused.json()["field"] == "level"
    done = self_assess(own, pk, 85, Level.GOOD)
    assert done.status_code == 200 and (done.json()["stage"], done.json()["score"]) == (Stage.SELF_ASSESSED, 85)
    assert done.json()["steps"][0]["scores"] == scores(85)
    # the member does not vote for themself; a secretary of another cell does not see them
    meeting = held_meeting(tree.X1, dt.date(2026, 12, 5))
    vote = {"level": "good", "meeting_id": meeting.pk, "votes_for": 5, "votes_present": 6, "date": DAY}
    assert post(own, f"/api/assessments/ratings/{pk}/steps/vote", vote).status_code in (403, 404)
    assert post(client_for(people.outsider), f"/api/assessments/ratings/{pk}/steps/vote", vote).status_code == 404
    secretary = client_for(people.cell_secretary)
    voted = post(secretary, f"/api/assessments/ratings/{pk}/steps/vote", {**vote, "version": done.json()["version"]})
    assert voted.status_code == 200 and voted.json()["offered"] == ["vote", "decide", "unrated"]
    # a stale version: someone recorded a step since
    stale = post(secretary, f"/api/assessments/ratings/{pk}/steps/vote", {**vote, "version": done.json()["version"]})
    assert stale.status_code == 409 and stale.json()["current_version"] == voted.json()["version"]
    decision = {"level": "good", "decision_number": "12-QĐ/ĐU", "decision_date": "2026-12-06"}
    assert post(secretary, f"/api/assessments/ratings/{pk}/steps/decide", decision).status_code == 403  # the grassroots committee decides
    decided = post(client_for(people.commune_officer), f"/api/assessments/ratings/{pk}/steps/decide", decision)
    assert decided.status_code == 200
    assert (decided.json()["stage"], decided.json()["level"], decided.json()["decision_number"]) == ("decided", "good", "12-QĐ/ĐU")
    assert [s["source"] for s in decided.json()["steps"]] == ["self", "cell_vote", "committee"]
    mine = own.get("/api/assessments/me/ratings").json()
    assert [(r["year"], r["level"], r["round_title"]) for r in mine] == [(2026, "good", "Năm 2026")]
    assert own.get(f"/api/assessments/ratings/{pk}").status_code == 200  # their own, though they see no member
    assert own.get(f"/api/assessments/ratings/{rating_id(round_id, neighbour)}").status_code == 404


def test_the_quota_refusal_names_its_rule_and_a_reason_lifts_it(tree: Tree, people: Personas) -> None:
    members = [make_member(tree.X1) for _ in range(2)]
    round_id = opened(people, tree)["round"]["id"]
    secretary, committee = client_for(people.cell_secretary), client_for(people.commune_officer)
    meeting = held_meeting(tree.X1, dt.date(2026, 12, 5))
    for member, level, total in ((members[0], Level.GOOD, 80), (members[1], Level.EXCELLENT, 95)):
        pk = rating_id(round_id, member)
        assert self_assess(secretary, pk, total, level).status_code == 200
        vote = {"level": level, "meeting_id": meeting.pk, "votes_for": 5, "votes_present": 5, "date": DAY}
        assert post(secretary, f"/api/assessments/ratings/{pk}/steps/vote", vote).status_code == 200
    good = post(
        committee,
        f"/api/assessments/ratings/{rating_id(round_id, members[0])}/steps/decide",
        {"level": "good", "decision_number": "1", "decision_date": DAY},
    )
    assert good.status_code == 200
    url = f"/api/assessments/ratings/{rating_id(round_id, members[1])}/steps/decide"
    over = post(committee, url, {"level": "excellent", "decision_number": "2", "decision_date": DAY})
    assert over.status_code == 422 and over.json()["field"] == "quota_override" and over.json()["rule"]
    lifted = post(
        committee, url, {"level": "excellent", "decision_number": "2", "decision_date": DAY, "quota_override": "Anh hùng lao động"}
    )
    assert lifted.status_code == 200 and lifted.json()["quota_override"] == "Anh hùng lao động"
    table = committee.get(f"/api/assessments/table?within={tree.G1.pk}&year=2026").json()
    x1 = next(row for row in table["rows"] if row["code"] == "X1")
    assert (x1["levels"]["good"], x1["levels"]["excellent"], x1["quota_exceeded"], x1["good_share"]) == (1, 1, True, "100.00")
    assert (table["total"]["present"], table["total"]["rated"], table["quota_percent"]) == (2, 2, 20)
    assert client_for(people.outsider).get(f"/api/assessments/table?within={tree.G1.pk}&year=2026").status_code == 404


def test_the_table_reads_a_constant_number_of_queries(tree: Tree, people: Personas, django_assert_max_num_queries: Any) -> None:
    make_member(tree.X1)
    opened(people, tree)
    client = client_for(people.provincial_officer)
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/assessments/table?within={tree.P.pk}&year=2026").status_code == 200


def test_a_closed_round_takes_no_step_and_a_stale_close_is_refused(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    found = opened(people, tree)
    url = f"/api/assessments/rounds/{found['round']['id']}/close"
    assert post(client_for(people.cell_secretary), url, {}).status_code == 403  # the round is the grassroots committee's
    officer = client_for(people.commune_officer)
    assert post(officer, url, {"version": found["round"]["version"] - 1}).status_code == 409
    closed = post(officer, url, {"version": found["round"]["version"]})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    late = self_assess(client_for(people.cell_secretary), rating_id(found["round"]["id"], member), 80, Level.GOOD)
    assert late.status_code == 422 and late.json()["detail"] == "The round is not open."


def test_organizations_are_rated_one_level_up(tree: Tree, people: Personas) -> None:
    round_id = opened(people, tree)["round"]["id"]
    rating = OrganizationRating.objects.get(round_id=round_id, organization=tree.X1)
    listed = client_for(people.cell_secretary).get(f"/api/assessments/rounds/{round_id}/organizations").json()["items"]
    assert [r["organization_id"] for r in listed] == [tree.X1.pk]
    url = f"/api/assessments/organization-ratings/{rating.pk}/steps"
    report = {"level": "good", "score": 80, "tasks": {"done": 100, "on_time": 100}, "report": "Báo cáo kiểm điểm", "date": DAY}
    assert post(client_for(people.cell_secretary), f"{url}/self", report).status_code == 200
    decision = {"level": "excellent", "score": 80, "decision_number": "5-QĐ/ĐU", "decision_date": DAY}
    assert post(client_for(people.cell_secretary), f"{url}/decide", decision).status_code == 403
    refused = post(client_for(people.commune_officer), f"{url}/decide", decision)
    assert refused.status_code == 422 and "90 points" in refused.json()["detail"]
    decided = post(client_for(people.commune_officer), f"{url}/decide", {**decision, "level": "good"})
    assert decided.status_code == 200 and (decided.json()["stage"], decided.json()["self_level"]) == ("decided", "good")
    assert client_for(people.outsider).get(f"/api/assessments/organization-ratings/{rating.pk}").status_code == 404


def test_the_four_good_model_registers_assesses_and_recognizes(tree: Tree, people: Personas) -> None:
    meeting = held_meeting(tree.X1, dt.date(2026, 3, 5))
    secretary, committee = client_for(people.cell_secretary), client_for(people.commune_officer)
    registered = post(secretary, "/api/assessments/four-good", {"organization_id": tree.X1.pk, "year": 2026, "meeting_id": meeting.pk})
    assert registered.status_code == 201
    pk = registered.json()["id"]
    twice = post(secretary, "/api/assessments/four-good", {"organization_id": tree.X1.pk, "year": 2026, "meeting_id": meeting.pk})
    assert twice.status_code == 422 and twice.json()["field"] == "year"
    three = {"political_task": True, "meeting_quality": True, "unity_discipline": True, "cadres_members": False}
    assert post(secretary, f"/api/assessments/four-good/{pk}/assess", {"criteria": three}).json()["stage"] == "assessed"
    decision = {"decision_number": "9-QĐ/ĐU", "decision_date": DAY}
    assert post(secretary, f"/api/assessments/four-good/{pk}/recognize", decision).status_code == 403
    refused = post(committee, f"/api/assessments/four-good/{pk}/recognize", decision)
    assert refused.status_code == 422 and refused.json()["rule"] == "four-good model: the four criteria"
    post(secretary, f"/api/assessments/four-good/{pk}/assess", {"criteria": {**three, "cadres_members": True}})
    recognized = post(committee, f"/api/assessments/four-good/{pk}/recognize", decision)
    assert recognized.status_code == 200 and recognized.json()["stage"] == "recognized"
    assert [r["id"] for r in committee.get(f"/api/assessments/four-good?year=2026&within={tree.X1.pk}").json()["items"]] == [pk]
    assert client_for(people.outsider).get("/api/assessments/four-good?year=2026").json()["items"] == []


def test_a_discipline_decided_in_the_year_makes_the_member_not_complete_tasks(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    pk = rating_id(opened(people, tree)["round"]["id"], member)
    body = {
        "organization_id": tree.G1.pk,
        "body": "standing",
        "member_id": member.pk,
        "violation": "Vi phạm quy chế làm việc",
        "violation_date": "2026-01-01",
        "proposed_form": "reprimand",
        "decision_number": "3-QĐ/ĐU",
        "decision_date": "2026-01-05",
    }
    # The inspection records keep disciplines: the inspection officer records them, an
    # organizing officer does not.
    assert post(client_for(people.commune_officer), "/api/inspections/disciplines", body).status_code == 403
    assert post(client_for(people.outsider), "/api/inspections/disciplines", body).status_code == 404
    recorded = post(client_for(people.inspection_officer), "/api/inspections/disciplines", body)
    assert recorded.status_code == 201 and recorded.json()["decision_number"] == "3-QĐ/ĐU"
    refused = self_assess(client_for(people.cell_secretary), pk, 80, Level.GOOD)
    assert refused.status_code == 422 and "disciplined" in refused.json()["detail"] and "QĐ 366-QĐ/TW" in refused.json()["rule"]
    assert Round.objects.count() == 1
