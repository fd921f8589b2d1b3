from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from partybuilding.accounts.services import token_create
from partybuilding.members.models import Member

from .conftest import Personas, Tree
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _token, key = token_create(actor=user, user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def test_members_are_listed_within_the_scope_without_identifiers(tree: Tree, people: Personas) -> None:
    make_member(tree.X1, given_name="Trong", citizen_id="001088000001", phone="0900000000")
    make_member(tree.Y1, given_name="Ngoai")
    body = api(people.commune_officer).get("/api/members").json()
    assert [m["given_name"] for m in body["items"]] == ["Trong"]
    assert "citizen_id" not in body["items"][0] and "phone" not in body["items"][0]
    assert api(people.member).get("/api/members").json()["count"] == 0


def test_a_search_through_the_api_lists_the_best_matches_first(tree: Tree, people: Personas) -> None:
    given = make_member(tree.X1, family_name="Bùi", middle_name="Thị", given_name="Lan")
    full = make_member(tree.X1, family_name="Lâm", middle_name="Văn", given_name="Hùng")
    make_member(tree.Y1, family_name="Lê", middle_name="Văn", given_name="Lan")  # another commune
    body = api(people.commune_officer).get("/api/members", {"q": "la"}).json()
    assert [m["id"] for m in body["items"]] == [full.pk, given.pk]
    assert body["count"] == 2


def test_an_event_through_the_api_and_its_refusal(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, admitted=dt.date(2025, 1, 10), official=None)
    client = api(people.cell_secretary)
    refused = client.post(
        f"/api/members/{member.pk}/events", {"kind": "recognize", "decision_date": "2026-01-09"}, content_type="application/json"
    )
    assert refused.status_code == 422 and "Điều lệ Đảng, Điều 5" in refused.json()["rule"]
    done = client.post(f"/api/members/{member.pk}/events", {"kind": "exempt", "date": "2025-09-01"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["exempt_since"] == "2025-09-01"
    assert [e["kind"] for e in client.get(f"/api/members/{member.pk}/events").json()] == ["admitted", "exempted"]


def test_creating_a_member_through_the_api(tree: Tree, people: Personas) -> None:
    body = {
        "organization_id": tree.X2.pk, "family_name": "Vũ", "given_name": "Hải", "gender": "M", "date_of_birth": "1990-01-01",
        "admission_date": "2020-01-01", "official_date": "2021-01-01",
    }  # fmt: skip
    response = api(people.commune_officer).post("/api/members", body, content_type="application/json")
    assert response.status_code == 201
    assert Member.objects.get(pk=response.json()["id"]).status == "official"
    assert api(people.outsider).post("/api/members", body, content_type="application/json").status_code == 404


def test_the_dashboard_figures_through_the_api(tree: Tree, people: Personas) -> None:
    make_member(tree.X1, gender="F")
    make_member(tree.Y1, gender="M")
    body = api(people.provincial_officer).get(f"/api/members/dashboard/{tree.P.pk}").json()
    assert body["total"] == 2
    assert {g["label"]: g["value"] for g in body["gender"]} == {"Male": 1, "Female": 1}
    assert api(people.commune_officer).get(f"/api/members/dashboard/{tree.P.pk}").status_code == 404
