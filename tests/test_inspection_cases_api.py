"""Programmes and cases through the API: the same rules as the pages, refusals as JSON with
their rule, and nothing for the roles that do not inspect."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_a_programme_is_created_filled_adopted_and_its_item_started(tree: Tree, people: Personas) -> None:
    client = client_for(people.inspection_officer)
    created = post(
        client, "/api/inspections/programmes", {"organization_id": tree.C1.pk, "body": "commission", "year": 2026, "title": "CT 2026"}
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    twice = post(
        client, "/api/inspections/programmes", {"organization_id": tree.C1.pk, "body": "commission", "year": 2026, "title": "CT 2026"}
    )
    assert twice.status_code == 422 and twice.json()["field"] == "year"
    item = {
        "kind": "inspection",
        "subject_kind": "organization",
        "subject_organization_id": tree.Y1.pk,
        "content": "Điều lệ",
        "planned_from": "2026-04-01",
        "planned_to": "2026-04-30",
    }
    outside = post(client, f"/api/inspections/programmes/{pk}/items", item)
    assert outside.status_code == 422 and "Art. 30" in outside.json()["rule"]
    added = post(client, f"/api/inspections/programmes/{pk}/items", {**item, "subject_organization_id": tree.X1.pk})
    assert added.status_code == 201 and added.json()["items"][0]["case_status"] == ""
    item_id = added.json()["items"][0]["id"]
    adopted = post(client, f"/api/inspections/programmes/{pk}/adopt", {"decision_number": "9-QĐ", "decision_date": "2026-01-12"})
    assert adopted.status_code == 200 and adopted.json()["adopted"] is True
    fixed = client.delete(f"/api/inspections/programmes/{pk}/items/{item_id}")
    assert fixed.status_code == 422 and fixed.json()["rule"] == "records rule: an adopted programme is changed by a new decision"
    started = post(client, f"/api/inspections/programmes/{pk}/items/{item_id}/case", {})
    assert started.status_code == 201 and started.json()["status"] == "planned" and started.json()["subject_name"] == tree.X1.name
    detail = client.get(f"/api/inspections/programmes/{pk}").json()
    assert detail["items"][0]["case_id"] == started.json()["id"]
    listed = client.get(f"/api/inspections/programmes?within={tree.C1.pk}&year=2026").json()
    assert [p["id"] for p in listed["items"]] == [pk]


def test_a_case_runs_its_steps_and_follows_its_shortcomings(tree: Tree, people: Personas) -> None:
    client = client_for(people.inspection_officer)
    member = make_member(tree.X1, family_name="Lê", middle_name="Văn", given_name="Đức")
    body = {
        "organization_id": tree.C1.pk,
        "body": "commission",
        "kind": "finance",
        "subject_kind": "member",
        "subject_member_id": member.pk,
    }
    refused = post(client, "/api/inspections/cases", body)
    assert refused.status_code == 422 and refused.json()["field"] == "subject_kind"
    created = post(client, "/api/inspections/cases", {**body, "kind": "signs", "contents": ["corruption"]})
    assert created.status_code == 201
    pk = created.json()["id"]
    steps = f"/api/inspections/cases/{pk}/steps"
    submission = str(uuid.uuid4())
    opening = {
        "decision_number": "4-QĐ",
        "decision_date": "2026-03-02",
        "period_from": "2026-03-02",
        "period_to": "2026-04-30",
        "submission": submission,
    }
    assert post(client, f"{steps}/open", opening).status_code == 200
    assert post(client, f"{steps}/open", opening).status_code == 422  # recorded once
    assert post(client, f"{steps}/findings", {"date": "2026-03-20", "text": "Vi phạm"}).json()["findings"] == "Vi phạm"
    wrong = post(
        client, f"{steps}/conclude", {"conclusion_number": "1-KL", "conclusion_date": "2026-04-01", "conclusion": "…", "result": "referred"}
    )
    assert wrong.status_code == 422 and wrong.json()["field"] == "result"
    done = post(
        client,
        f"{steps}/conclude",
        {
            "conclusion_number": "1-KL",
            "conclusion_date": "2026-04-01",
            "conclusion": "…",
            "result": "violation",
            "discipline_required": True,
        },
    )
    assert done.status_code == 200 and done.json()["status"] == "concluded"
    assert [s["kind"] for s in done.json()["steps"]] == ["open", "findings", "conclude"]
    row = post(client, f"/api/inspections/cases/{pk}/shortcomings", {"description": "Hoàn trả", "deadline": "2026-05-01"})
    assert row.status_code == 201 and row.json()["status"] == "open"
    remedied = post(client, f"/api/inspections/shortcomings/{row.json()['id']}/remedy", {"date": "2026-04-20", "evidence": "Phiếu thu"})
    assert remedied.status_code == 200 and remedied.json()["status"] == "done"
    closed = post(client, f"/api/inspections/shortcomings/{row.json()['id']}/drop", {"date": "2026-04-21", "reason": "…"})
    assert closed.status_code == 422 and "already closed" in closed.json()["detail"]
    detail = client.get(f"/api/inspections/cases/{pk}").json()
    assert detail["shortcomings"][0]["evidence"] == "Phiếu thu" and detail["contents"] == ["corruption"]
    found = client.get(f"/api/inspections/cases?within={tree.C1.pk}&q=le van duc&status=concluded").json()
    assert [c["id"] for c in found["items"]] == [pk]
    assert client.get(f"/api/inspections/cases?within={tree.C1.pk}&kind=supervision").json()["count"] == 0


def test_the_roles_that_do_not_inspect_see_nothing(tree: Tree, people: Personas) -> None:
    inspector = client_for(people.inspection_officer)
    body = {
        "organization_id": tree.X1.pk,
        "body": "cell",
        "kind": "supervision",
        "subject_kind": "organization",
        "subject_organization_id": tree.X1.pk,
    }
    pk = post(inspector, "/api/inspections/cases", body).json()["id"]
    secretary = client_for(people.cell_secretary)
    assert secretary.get(f"/api/inspections/cases/{pk}").status_code == 404
    assert secretary.get("/api/inspections/cases").json()["count"] == 0
    assert secretary.get(f"/api/inspections/cases?within={tree.X1.pk}").status_code == 403
    assert post(secretary, "/api/inspections/cases", body).status_code == 403
