"""Meetings through the API, and who may open a meeting's pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from partybuilding.meetings.choices import Presence
from partybuilding.meetings.models import Meeting

from .conftest import MEMBER_READERS, MEMBER_WRITERS, SCOPES, Personas, Tree, client_for
from .meetings_factories import held_meeting
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def test_the_api_plans_records_attendance_and_closes(tree: Tree, people: Personas) -> None:
    members = [make_member(tree.X1) for _ in range(3)]
    client = client_for(people.cell_secretary)
    body = {"organization_id": tree.X1.pk, "kind": "regular", "date": "2026-11-03", "submission": str(uuid.uuid4())}
    first = client.post("/api/meetings", body, content_type="application/json")
    again = client.post("/api/meetings", body, content_type="application/json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    pk = first.json()["id"]
    entries = [{"member_id": m.pk, "presence": Presence.PRESENT, "contributions": 1} for m in members[:2]]
    refused = client.put(f"/api/meetings/{pk}/attendance", {"entries": entries}, content_type="application/json")
    assert refused.status_code == 422 and "Mark the attendance" in refused.json()["detail"]
    entries.append({"member_id": members[2].pk, "presence": Presence.UNEXCUSED})
    done = client.put(f"/api/meetings/{pk}/attendance", {"entries": entries}, content_type="application/json")
    assert done.status_code == 200
    assert len(done.json()["attendance"]) == 3
    not_yet = client.post(f"/api/meetings/{pk}/close", {}, content_type="application/json")
    assert not_yet.status_code == 422  # no duration recorded
    Meeting.objects.filter(pk=pk).update(duration_minutes=90)
    closed = client.post(f"/api/meetings/{pk}/close", {}, content_type="application/json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    listed = client.get(f"/api/meetings?within={tree.X1.pk}&year=2026&month=11").json()
    assert [m["id"] for m in listed["items"]] == [pk]


def test_the_api_plans_the_year(tree: Tree, people: Personas) -> None:
    body = {"organization_id": tree.X1.pk, "year": 2027}
    client = client_for(people.cell_secretary)
    assert len(client.post("/api/meetings/plan-year", body, content_type="application/json").json()) == 16
    assert client.post("/api/meetings/plan-year", body, content_type="application/json").json() == []
    assert client_for(people.viewer).post("/api/meetings/plan-year", body, content_type="application/json").status_code == 403
    assert client_for(people.outsider).post("/api/meetings/plan-year", body, content_type="application/json").status_code == 404


def test_the_api_lists_what_is_missing(tree: Tree, people: Personas) -> None:
    members = [make_member(tree.X1) for _ in range(2)]
    held_meeting(tree.X1, dt.date(2026, 4, 2), {m: Presence.PRESENT for m in members})
    found = client_for(people.commune_officer).get(f"/api/meetings/missing/{tree.C1.pk}?what=regular&year=2026&month=4").json()
    assert [c["code"] for c in found["cells"]] == ["X2"]
    assert found["count"] == 1


# --- a meeting's pages and endpoints: personal data (attendance), by scope -----------------

MEETING_PAGES: list[tuple[str, str, set[str]]] = [
    ("meeting", "/meetings/{pk}/", MEMBER_READERS),
    ("record the meeting", "/meetings/{pk}/record/", MEMBER_WRITERS),
    ("attendance", "/meetings/{pk}/attendance/", MEMBER_WRITERS),
    ("minutes", "/meetings/{pk}/minutes.pdf", MEMBER_READERS),
    ("API: meeting", "/api/meetings/{pk}", MEMBER_READERS),
]


@pytest.mark.parametrize("persona", list(SCOPES))
@pytest.mark.parametrize("where", ["in", "out"])
@pytest.mark.parametrize(("name", "url", "allowed"), [pytest.param(*p, id=p[0]) for p in MEETING_PAGES])
def test_meeting_pages(world: dict[str, Any], persona: str, where: str, name: str, url: str, allowed: set[str]) -> None:
    inside, outside = SCOPES[persona]
    org = world["orgs"][inside if where == "in" else outside]
    meeting = held_meeting(org, dt.date(2026, 10, 1), {make_member(org): Presence.PRESENT}, close=False)
    status = client_for(getattr(world["people"], persona)).get(url.format(pk=meeting.pk)).status_code
    if where == "out" or persona not in MEMBER_READERS:
        expected = 404
    else:
        expected = 200 if persona in allowed else 403
    assert status == expected


@pytest.mark.parametrize("persona", ["cell_secretary", "viewer", "member", "outsider"])
def test_only_managers_in_scope_close_a_meeting(world: dict[str, Any], persona: str) -> None:
    org = world["orgs"]["X1"]
    meeting = held_meeting(org, dt.date(2026, 10, 1), {make_member(org): Presence.PRESENT}, close=False)
    status = client_for(getattr(world["people"], persona)).post(f"/meetings/{meeting.pk}/close/", {"version": meeting.version}).status_code
    assert status == {"cell_secretary": 302, "viewer": 403, "member": 404, "outsider": 404}[persona]
