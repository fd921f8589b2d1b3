"""Denunciations through the API: the intake, the steps with their rules, the handlers."""

from __future__ import annotations

import pytest

from .conftest import Personas, Tree, client_for, make_user

pytestmark = pytest.mark.django_db

BASE = "/api/inspections/denunciations"


def intake(tree: Tree, **given: object) -> dict[str, object]:
    return {
        "organization_id": tree.C1.pk,
        "channel": "email",
        "received_on": "2026-11-02",
        "subject_kind": "organization",
        "subject_organization_id": tree.X1.pk,
        "summary": "Chi bộ chậm nộp đảng phí",
        "contents": ["finance"],
        "denouncer_name": "Lê Văn Tố",
        "denouncer_address": "Xóm Bắc",
        **given,
    }


def test_a_denunciation_from_intake_to_its_notice(tree: Tree, people: Personas) -> None:
    client = client_for(people.inspection_officer)
    created = client.post(BASE, intake(tree), content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "received" and body["denouncer"]["denouncer_name"] == "Lê Văn Tố"  # the recorder handles it
    url = f"{BASE}/{body['id']}"
    accepted = client.post(f"{url}/steps/accept", {"date": "2026-11-02"}, content_type="application/json").json()
    assert (accepted["status"], accepted["due"]) == ("handling", "2027-03-17")
    extended = client.post(f"{url}/steps/extend", {"date": "2026-12-01", "days": 31}, content_type="application/json")
    assert extended.status_code == 422 and extended.json()["rule"] == "QĐ 296-QĐ/TW"
    concluded = client.post(
        f"{url}/steps/conclude",
        {"finding": "false", "conclusion": "Không đúng", "decision_number": "3-KL", "decision_date": "2026-11-20"},
        content_type="application/json",
    ).json()
    assert concluded["status"] == "concluded" and concluded["finding"] == "false"
    notified = client.post(f"{url}/steps/notify", {"date": "2026-11-21"}, content_type="application/json").json()
    assert notified["status"] == "notified"
    kinds = [s["kind"] for s in client.get(f"{url}/steps").json()]
    assert kinds == ["received", "accept", "conclude", "notify"]
    listed = client.get(f"{BASE}?within={tree.C1.pk}&status=notified").json()
    assert [row["id"] for row in listed["items"]] == [body["id"]] and "denouncer_name" not in listed["items"][0]


def test_an_anonymous_denunciation_is_not_accepted_but_recorded_as_not_processed(tree: Tree, people: Personas) -> None:
    client = client_for(people.inspection_officer)
    url = f"{BASE}/{client.post(BASE, intake(tree, denouncer_name=''), content_type='application/json').json()['id']}"
    refused = client.post(f"{url}/steps/accept", {"date": "2026-11-03"}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["rule"] == "QĐ 296-QĐ/TW"
    done = client.post(f"{url}/steps/not_processed", {"date": "2026-11-03", "reason": "anonymous"}, content_type="application/json")
    assert (done.json()["status"], done.json()["not_processed_rule"]) == ("not_processed", "QĐ 296-QĐ/TW")


def test_a_subject_outside_the_handling_organization_is_refused(tree: Tree, people: Personas) -> None:
    client = client_for(people.inspection_officer)
    refused = client.post(BASE, intake(tree, subject_organization_id=tree.C2.pk), content_type="application/json")
    assert refused.status_code == 422 and refused.json()["field"] == "subject_organization"


def test_handlers_are_assigned_and_released(tree: Tree, people: Personas) -> None:
    client = client_for(people.inspection_officer)
    url = f"{BASE}/{client.post(BASE, intake(tree), content_type='application/json').json()['id']}"
    colleague = make_user("kiemtra.hai", "inspection_officer", tree.P)
    added = client.post(f"{url}/handlers", {"user_id": colleague.pk, "date": "2026-11-03"}, content_type="application/json")
    assert added.status_code == 201
    assert client_for(colleague).get(url).json()["denouncer"]["denouncer_address"] == "Xóm Bắc"
    refused = client.post(
        f"{url}/handlers", {"user_id": people.provincial_officer.pk, "date": "2026-11-03"}, content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["field"] == "user"
    released = client.post(f"{url}/handlers/{colleague.pk}/release", {"date": "2026-11-04"}, content_type="application/json")
    assert released.json()["released_on"] == "2026-11-04"
    assert client_for(colleague).get(url).json()["denouncer"] is None
    handlers = client.get(f"{url}/handlers").json()
    assert {h["username"]: h["released_on"] for h in handlers} == {"kiemtra": None, "kiemtra.hai": "2026-11-04"}
