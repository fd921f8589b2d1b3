"""Disciplines, suspensions and appeals through the API: the same rules as the pages, a
refusal answered 422 with the rule it names, and the scope."""

from __future__ import annotations

from typing import Any

import pytest

from partybuilding.members.choices import MemberStatus
from partybuilding.members.models import Member

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_a_discipline_goes_from_proposal_to_decision_and_appeal(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    client = client_for(people.inspection_officer)
    body = {"organization_id": tree.G1.pk, "body": "standing", "member_id": member.pk, "violation": "Vi phạm",
            "violation_date": "2026-03-01", "proposed_form": "warning", "proposed_on": "2026-09-01", "contents": ["ethics"]}  # fmt: skip
    created = post(client, "/api/inspections/disciplines", body)
    assert created.status_code == 201, created.content
    d = created.json()
    assert (d["status"], d["level"], d["subject"], d["time_limit_ends_on"]) == ("proposed", "grassroots", "official", "2036-03-01")

    wrong = post(
        client,
        f"/api/inspections/disciplines/{d['id']}/steps/decide",
        {"decision_number": "3-QĐ", "decision_date": "2026-09-10", "form": "dissolution"},
    )
    assert wrong.status_code == 422 and wrong.json()["rule"] == "Điều lệ Đảng, Điều 35–38" and wrong.json()["field"] == "form"
    decided = post(
        client, f"/api/inspections/disciplines/{d['id']}/steps/decide", {"decision_number": "3-QĐ", "decision_date": "2026-09-10"}
    )
    assert decided.status_code == 200 and decided.json()["form_in_force"] == "warning"
    post(client, f"/api/inspections/disciplines/{d['id']}/steps/received", {"date": "2026-09-12"})

    late = post(client, "/api/inspections/appeals", {"discipline_id": d["id"], "filed_on": "2026-10-13", "content": "Oan"})
    assert late.status_code == 422 and "12/10/2026" in late.json()["detail"]
    appeal = post(
        client, "/api/inspections/appeals", {"discipline_id": d["id"], "filed_on": "2026-10-12", "content": "Oan", "grounds": ["form"]}
    )
    assert appeal.status_code == 201 and appeal.json()["organization_id"] == tree.C1.pk and appeal.json()["level"] == "commune"
    pk = appeal.json()["id"]
    listed = client.get(f"/api/inspections/appeals?within={tree.C1.pk}&status=filed").json()
    assert [a["id"] for a in listed["items"]] == [pk]
    settled = post(client, f"/api/inspections/appeals/{pk}/steps/settle",
                   {"outcome": "reduced", "new_form": "reprimand", "change_reason": "policy", "decision_number": "8-QĐ/ĐU", "decision_date": "2026-11-02"})  # fmt: skip
    assert settled.status_code == 200 and [s["kind"] for s in settled.json()["steps"]] == ["filed", "settle"]
    after = client.get(f"/api/inspections/disciplines/{d['id']}").json()
    assert after["form_in_force"] == "reprimand" and after["form"] == "warning"
    assert [s["kind"] for s in client.get(f"/api/inspections/disciplines/{d['id']}/steps").json()] == [
        "proposed",
        "decide",
        "received",
        "change_form",
    ]


def test_an_expulsion_decided_earlier_reaches_the_member_record(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    body = {"organization_id": tree.G1.pk, "body": "committee", "member_id": member.pk, "violation": "Vi phạm", "violation_date": "2025-03-01",
            "proposed_form": "expulsion", "decision_number": "15-QĐ/ĐU", "decision_date": "2026-02-02"}  # fmt: skip
    created = post(client_for(people.inspection_officer), "/api/inspections/disciplines", body)
    assert created.status_code == 201 and created.json()["status"] == "decided"
    assert Member.objects.get(pk=member.pk).status == MemberStatus.EXPELLED


def test_a_cell_secretary_records_only_the_cells_own_decisions(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    client = client_for(people.cell_secretary)
    body = {"organization_id": tree.X1.pk, "body": "cell", "member_id": member.pk, "violation": "Vi phạm", "violation_date": "2026-03-01",
            "proposed_form": "reprimand", "proposed_on": "2026-04-01"}  # fmt: skip
    assert post(client, "/api/inspections/disciplines", body).status_code == 201
    assert post(client, "/api/inspections/disciplines", {**body, "body": "committee"}).status_code == 403
    assert (
        post(client, "/api/inspections/disciplines", {**body, "organization_id": tree.G1.pk, "body": "committee"}).status_code == 404
    )  # out of sight
    suspended = post(client, "/api/inspections/suspensions", {"organization_id": tree.X1.pk, "body": "cell", "member_id": member.pk,
                     "reason": "Bị tạm giữ", "starts_on": "2026-10-01", "ends_on": "2027-01-01"})  # fmt: skip
    assert suspended.status_code == 422 and suspended.json()["field"] == "ends_on"
    ok = post(client, "/api/inspections/suspensions", {"organization_id": tree.X1.pk, "body": "cell", "member_id": member.pk,
              "reason": "Bị tạm giữ", "starts_on": "2026-10-01", "ends_on": "2026-12-29"})  # fmt: skip
    assert ok.status_code == 201
    lifted = post(client, f"/api/inspections/suspensions/{ok.json()['id']}/lift", {"date": "2026-11-15"})
    assert lifted.status_code == 200 and lifted.json()["lifted_on"] == "2026-11-15"


def test_lists_keep_to_the_scope(tree: Tree, people: Personas) -> None:
    mine, theirs = make_member(tree.X1), make_member(tree.Y1)
    admin = client_for(people.admin)
    for member, org in ((mine, tree.G1), (theirs, tree.G2)):
        body = {"organization_id": org.pk, "body": "committee", "member_id": member.pk, "violation": "Vi phạm", "violation_date": "2026-03-01",
                "proposed_form": "reprimand", "proposed_on": "2026-04-01"}  # fmt: skip
        assert post(admin, "/api/inspections/disciplines", body).status_code == 201
    seen = client_for(people.commune_officer).get("/api/inspections/disciplines").json()["items"]
    assert [d["member_id"] for d in seen] == [mine.pk]
    assert client_for(people.commune_officer).get("/api/inspections/appeals").json()["items"] == []
