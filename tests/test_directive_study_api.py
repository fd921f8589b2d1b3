"""The study API: a campaign opened and read with its completion by child organization, a
session and its attendance, and a member's own assignments and note."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from partybuilding.directives.models import StudyAssignment, StudyCampaign
from partybuilding.members.models import Member
from partybuilding.organizations import totals

from .conftest import client_for
from .directive_targets import document_in
from .members_factories import make_member

pytestmark = pytest.mark.django_db
API = "/api/directives/study"


def test_a_campaign_through_the_api(tree: Any, people: Any) -> None:
    a, b = make_member(tree.X1), make_member(tree.Y1)
    Member.objects.filter(pk=a.pk).update(user=people.member)
    officer = client_for(people.provincial_officer)
    title = unicodedata.normalize("NFD", "Học tập Nghị quyết Đại hội")
    body = {
        "organization_id": tree.P.pk, "title": title, "document_ids": [document_in(tree.P).pk],
        "starts_on": "2026-09-15", "deadline": "2026-10-15", "members_on": "2026-09-15", "note_required": True,
    }  # fmt: skip
    created = officer.post(f"{API}/campaigns", body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "open" and data["assigned"] == 2 and data["note_required"] is True
    assert StudyCampaign.objects.get(pk=data["id"]).title == unicodedata.normalize("NFC", title)
    assert {c["organization_id"]: (c["assigned"], c["done"]) for c in data["children"]} == {tree.C1.pk: (1, 0), tree.C2.pk: (1, 0)}

    listed = officer.get(f"{API}/campaigns?within={tree.X1.pk}").json()
    assert [c["id"] for c in listed["items"]] == [data["id"]]  # carried out in the cell too

    secretary = client_for(people.cell_secretary)
    session = secretary.post(
        f"{API}/campaigns/{data['id']}/sessions", {"organization_id": tree.X1.pk, "date": "2026-09-20"}, content_type="application/json"
    )
    assert session.status_code == 201, session.content
    beside = secretary.post(
        f"{API}/campaigns/{data['id']}/sessions", {"organization_id": tree.Y1.pk, "date": "2026-09-20"}, content_type="application/json"
    )
    assert beside.status_code == 404
    attended = secretary.put(f"{API}/sessions/{session.json()['id']}/attendance", {"present": [a.pk]}, content_type="application/json")
    assert attended.status_code == 200 and attended.json()["present"] == 1
    refused = secretary.put(f"{API}/sessions/{session.json()['id']}/attendance", {"present": [b.pk]}, content_type="application/json")
    assert refused.status_code == 422  # a member of another cell

    member = client_for(people.member)
    (mine,) = member.get(f"{API}/mine").json()
    assert (mine["campaign_id"], mine["done"], mine["studied_on"]) == (data["id"], False, "2026-09-20")
    written = member.put(f"{API}/mine/{mine['id']}/note", {"note": "Kế hoạch hành động cá nhân"}, content_type="application/json")
    assert written.status_code == 200 and written.json()["done"] is True
    theirs = StudyAssignment.objects.get(member=b)
    assert member.put(f"{API}/mine/{theirs.pk}/note", {"note": "x"}, content_type="application/json").status_code == 404

    detail = officer.get(f"{API}/campaigns/{data['id']}").json()
    assert (detail["completion"]["assigned"], detail["completion"]["done"], detail["completion"]["percent"]) == (2, 1, 50.0)
    assert totals.recompute(prefixes=["st."]) == []


def test_opening_a_campaign_needs_the_directing_action(tree: Any, people: Any) -> None:
    body = {
        "organization_id": tree.P.pk, "title": "T", "document_ids": [document_in(tree.P).pk],
        "starts_on": "2026-09-15", "deadline": "2026-10-15", "members_on": "2026-09-15",
    }  # fmt: skip
    assert client_for(people.viewer).post(f"{API}/campaigns", body, content_type="application/json").status_code == 403
    late = {**body, "deadline": "2026-09-01"}
    refused = client_for(people.office_officer).post(f"{API}/campaigns", late, content_type="application/json")
    assert refused.status_code == 422 and "deadline" in refused.content.decode()
