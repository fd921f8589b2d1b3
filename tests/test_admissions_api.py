"""Admissions through the API: the same services and refusals as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from partybuilding.admissions.choices import Stage
from partybuilding.admissions.models import AdmissionTarget, Candidate

from .admissions_factories import official_member
from .conftest import Personas, Tree, client_for

pytestmark = pytest.mark.django_db


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_a_candidate_walks_to_admission_through_the_api(tree: Tree, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    created = post(
        client,
        "/api/admissions/candidates",
        {"organization_id": tree.X1.pk, "family_name": "Vũ", "middle_name": "Đức", "given_name": "Long", "gender": "M",
         "date_of_birth": "1999-02-01", "recorded_on": "2023-01-10", "citizen_id": "001099000777"},
    )  # fmt: skip
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert "citizen_id" not in created.json()
    introducers = [{"member_id": official_member(tree.X1).pk, "known_since": "2021-01-01"} for _ in range(2)]
    votes = {"votes_for": 8, "votes_against": 0, "present": 8, "official_members": 9}
    steps = [
        {"kind": "course", "date": "2023-03-01"},
        {"kind": "introducers", "date": "2024-03-01", "introducers": introducers},
        {"kind": "application", "date": "2024-04-01"},
        {"kind": "cell_resolution", "date": "2024-05-06", **votes},
        {"kind": "decision", "decision_number": "12-QĐ/ĐU", "decision_date": "2024-06-03", "decided_by": "Đảng ủy"},
    ]
    for step in steps:
        response = post(client, f"/api/admissions/candidates/{pk}/steps", step)
        assert response.status_code == 200, (step["kind"], response.content)
    assert response.json()["stage"] == Stage.DECIDED
    assert response.json()["probation_ends_on"] is None  # set by the ceremony
    late = post(client, f"/api/admissions/candidates/{pk}/steps", {"kind": "ceremony", "date": "2024-09-04"})
    assert late.status_code == 422
    assert late.json()["rule"].startswith("QĐ 24-QĐ/TW") and late.json()["field"] == "date"
    timeline = client.get(f"/api/admissions/candidates/{pk}/steps").json()
    assert [s["kind"] for s in timeline] == ["recorded", "course", "introducers", "application", "cell_resolution", "decision"]
    assert timeline[4]["votes_for"] == 8
    member = client.get(f"/api/members/{Candidate.objects.get(pk=pk).member_id}").json()
    assert member["status"] == "probationary" and member["admission_date"] == "2024-06-03"


def test_a_double_submit_and_a_stale_version_through_the_api(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    body = {
        "organization_id": tree.X2.pk,
        "family_name": "Lê",
        "given_name": "Na",
        "gender": "F",
        "date_of_birth": "2001-01-01",
        "recorded_on": "2024-01-02",
    }
    pk = post(client, "/api/admissions/candidates", body).json()["id"]
    once = {"kind": "course", "date": "2024-02-01", "submission": str(uuid.uuid4())}
    assert post(client, f"/api/admissions/candidates/{pk}/steps", once).status_code == 200
    assert "already submitted" in post(client, f"/api/admissions/candidates/{pk}/steps", once).json()["detail"]
    stale = {"kind": "withdrawn", "date": "2024-02-02", "note": "x", "version": 1}
    assert post(client, f"/api/admissions/candidates/{pk}/steps", stale).status_code == 409


def test_lists_boards_and_reports_keep_to_the_scope(tree: Tree, people: Personas) -> None:
    near = client_for(people.commune_officer)
    body = {
        "organization_id": tree.X1.pk,
        "family_name": "Đỗ",
        "given_name": "Hà",
        "gender": "F",
        "date_of_birth": "2001-01-01",
        "recorded_on": "2024-01-02",
    }
    assert post(near, "/api/admissions/candidates", body).status_code == 201
    assert post(client_for(people.outsider), "/api/admissions/candidates", body).status_code == 404
    assert post(client_for(people.viewer), "/api/admissions/candidates", body).status_code == 403
    assert [c["full_name"] for c in near.get("/api/admissions/candidates?q=do ha").json()["items"]] == ["Đỗ Hà"]
    assert client_for(people.outsider).get("/api/admissions/candidates").json()["items"] == []
    assert near.get(f"/api/admissions/board/{tree.C1.pk}").json()["counts"]["recorded"] == 1
    AdmissionTarget.objects.create(organization=tree.G1, year=dt.date.today().year, target=4)
    report = near.get(f"/api/admissions/report/{tree.C1.pk}?from_year=2024&to_year=2025").json()
    assert report["year_on_year"] == ["2024: 0", "2025: 0"]
    assert near.get(f"/api/admissions/report/{tree.C1.pk}?from_year=1990&to_year=2025").status_code == 422
