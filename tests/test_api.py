from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from partybuilding.accounts.services import token_create
from partybuilding.organizations.models import Organization

from .conftest import Personas, Tree, client_for

pytestmark = pytest.mark.django_db

DECISION = {"date": "2025-09-01", "decision_number": "12-QĐ/TU", "decision_date": "2025-08-28", "decided_by": "Ban Thường vụ"}


def token_client(user: Any) -> Client:
    _token, key = token_create(actor=user, user=user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def test_a_token_authenticates_and_a_revoked_or_wrong_one_does_not(tree: Tree, people: Personas) -> None:
    token, key = token_create(actor=people.commune_officer, user=people.commune_officer, name="script")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/organizations").status_code == 200
    assert Client(HTTP_AUTHORIZATION="Bearer pb_wrong").get("/api/organizations").status_code == 401
    from partybuilding.accounts.services import token_revoke

    token_revoke(actor=people.commune_officer, token=token)
    assert client.get("/api/organizations").status_code == 401


def test_only_the_hash_of_a_token_is_stored(tree: Tree, people: Personas) -> None:
    token, key = token_create(actor=people.viewer, user=people.viewer, name="x")
    assert key not in (token.key_hash, token.prefix)
    assert key.startswith(token.prefix)


def test_the_api_answers_within_the_token_users_scope(tree: Tree, people: Personas) -> None:
    client = token_client(people.commune_officer)
    assert client.get(f"/api/organizations/{tree.X1.pk}").json()["code"] == "X1"
    assert client.get(f"/api/organizations/{tree.Y1.pk}").status_code == 404
    ancestors = [a["code"] for a in client.get(f"/api/organizations/{tree.X1.pk}").json()["ancestors"]]
    assert ancestors == ["C1", "G1"]  # the province above the officer's scope is not shown


def test_search_ignores_diacritics_and_pages(tree: Tree, people: Personas) -> None:
    client = token_client(people.provincial_officer)
    body = client.get("/api/organizations", {"q": "hoa lac"}).json()
    assert [o["code"] for o in body["items"]] == ["C2", "G2"]
    assert body["count"] == 2
    assert client.get("/api/organizations", {"kind": "cell", "within": tree.G1.pk}).json()["count"] == 2


def test_children_come_with_their_counts(tree: Tree, people: Personas) -> None:
    rows = token_client(people.viewer).get(f"/api/organizations/{tree.P.pk}/children").json()
    assert [(r["organization"]["code"], r["suborganizations"], r["by_kind"]) for r in rows] == [
        ("C1", 3, {"grassroots_committee": 1, "cell": 2}),
        ("C2", 2, {"grassroots_committee": 1, "cell": 1}),
    ]


def test_create_and_restructure_through_the_api(tree: Tree, people: Personas) -> None:
    client = token_client(people.commune_officer)
    created = client.post(
        "/api/organizations",
        {"parent_id": tree.G1.pk, "code": "X3", "name": "Chi bộ Thôn Bắc", "kind": "cell", **DECISION},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    new = created.json()
    renamed = client.post(
        f"/api/organizations/{new['id']}/rename",
        {"name": "Chi bộ Thôn Bắc Mới", "version": new["version"], **DECISION},
        content_type="application/json",
    )
    assert renamed.json()["name"] == "Chi bộ Thôn Bắc Mới"
    moved = client.post(f"/api/organizations/{tree.X2.pk}/merge", {"into_id": tree.X1.pk, **DECISION}, content_type="application/json")
    assert moved.json()["status"] == "merged"
    history = client.get(f"/api/organizations/{new['id']}/history").json()
    assert [e["kind"] for e in history] == ["founded", "renamed"]


def test_a_refusal_comes_back_as_422_with_the_rule(tree: Tree, people: Personas) -> None:
    client = token_client(people.commune_officer)
    response = client.post(
        f"/api/organizations/{tree.C1.pk}/move", {"new_parent_id": tree.X1.pk, **DECISION}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert "cannot be moved under itself" in body["detail"]
    assert "no cycles" in body["rule"]


def test_a_stale_version_comes_back_as_409(tree: Tree, people: Personas) -> None:
    client = token_client(people.commune_officer)
    version = tree.X1.version
    first = client.post(
        f"/api/organizations/{tree.X1.pk}/rename", {"name": "A", "version": version, **DECISION}, content_type="application/json"
    )
    assert first.status_code == 200
    second = client.post(
        f"/api/organizations/{tree.X1.pk}/rename", {"name": "B", "version": version, **DECISION}, content_type="application/json"
    )
    assert second.status_code == 409
    assert second.json()["current_version"] == version + 1
    assert Organization.objects.get(pk=tree.X1.pk).name == "A"


def test_a_split_needs_the_parents_scope_too(tree: Tree, people: Personas) -> None:
    body = {"parts": [{"code": "C1A", "name": "Xã A"}, {"code": "C1B", "name": "Xã B"}], **DECISION}
    response = token_client(people.commune_officer).post(f"/api/organizations/{tree.C1.pk}/split", body, content_type="application/json")
    assert response.status_code == 404  # the new communes would stand under the province
    response = token_client(people.provincial_officer).post(f"/api/organizations/{tree.X2.pk}/split", body, content_type="application/json")
    assert response.status_code == 200
    assert [o["parent_id"] for o in response.json()] == [tree.G1.pk, tree.G1.pk]


def test_the_past_tree_through_the_api(tree: Tree, people: Personas) -> None:
    client = token_client(people.viewer)
    assert client.get("/api/organizations/past", {"on": "2024-01-01", "parent_id": tree.P.pk}).json() == []
    rows = client.get("/api/organizations/past", {"on": "2025-07-01", "parent_id": tree.P.pk}).json()
    assert [r["code"] for r in rows] == ["C1", "C2"]


def test_the_schema_and_docs_are_served_without_any_cdn(tree: Tree, people: Personas) -> None:
    client = client_for(people.viewer)
    schema = client.get("/api/openapi.json").json()
    assert "/api/organizations/{org_id}/move" in schema["paths"]
    assert "/api/rules" in schema["paths"]
    docs = client.get("/api/docs").content.decode()
    assert "swagger" in docs.lower()
    assert "cdn" not in docs and "https://" not in docs


def test_the_working_days_endpoint_counts_across_tet(tree: Tree, people: Personas) -> None:
    body = token_client(people.viewer).get("/api/rules/working-days", {"start": "2026-02-13", "days": 1}).json()
    assert body["date"] == "2026-02-23"
