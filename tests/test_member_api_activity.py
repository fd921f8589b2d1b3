"""Transfers, badges and committee roles through the API: the pages' rules and scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partybuilding.members.choices import MemberStatus
from partybuilding.members.models import BadgeAward, CommitteeRole, Member
from partybuilding.organizations.services import term_create

from .conftest import Personas, Tree
from .members_factories import make_member
from .test_member_api import api

pytestmark = pytest.mark.django_db


def post(client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


def test_a_letter_issued_and_received_through_the_api_with_its_deadlines(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, given_name="Chuyển")
    sender, receiver = api(people.commune_officer), api(people.outsider)
    letter_date = timezone.localdate() - dt.timedelta(days=5)
    body = {"member_id": member.pk, "kind": "official", "letter_number": "7-GGT/ĐU", "letter_date": letter_date.isoformat(),
            "to_organization_id": tree.Y1.pk, "change_date": (letter_date - dt.timedelta(days=3)).isoformat()}  # fmt: skip
    created = post(sender, "/api/members/transfers", body)
    assert created.status_code == 201, created.content
    letter = created.json()
    present = next(d for d in letter["deadlines"] if d["label"] == "Present the letter")
    assert (present["days"], present["running"], present["overdue"]) == (25, True, False)
    assert present["rule"]
    assert [t["id"] for t in receiver.get("/api/members/transfers").json()["items"]] == [letter["id"]]
    # The sending side may not receive its own letter; the receiving side does.
    assert post(sender, f"/api/members/transfers/{letter['id']}/receive", {"date": timezone.localdate().isoformat()}).status_code == 403
    done = post(receiver, f"/api/members/transfers/{letter['id']}/receive", {"date": timezone.localdate().isoformat()})
    assert done.status_code == 200 and done.json()["status"] == "received"
    assert Member.objects.get(pk=member.pk).organization == tree.Y1
    assert api(people.member).get(f"/api/members/transfers/{letter['id']}").status_code == 404


def test_a_hold_without_a_reason_is_refused_with_the_rule(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    body = {
        "member_id": member.pk,
        "kind": "official",
        "letter_number": "8-GGT/ĐU",
        "letter_date": "2026-11-02",
        "to_organization_id": tree.Y1.pk,
    }
    letter = post(api(people.commune_officer), "/api/members/transfers", body).json()
    refused = post(api(people.outsider), f"/api/members/transfers/{letter['id']}/hold", {"date": "2026-11-10"})
    assert refused.status_code == 422 and refused.json()["field"] == "reason"


def test_badges_due_and_awarded_through_the_api(tree: Tree, people: Personas) -> None:
    veteran = make_member(tree.X1, given_name="Lão", admitted=dt.date(1996, 12, 1), official=dt.date(1997, 12, 1))
    make_member(tree.X1, given_name="Trẻ", admitted=dt.date(2010, 1, 1))
    make_member(tree.Y1, given_name="Xa", admitted=dt.date(1996, 12, 1), official=dt.date(1997, 12, 1))
    client = api(people.commune_officer)
    due = client.get("/api/members/badges/due", {"award_date": "2027-02-03"}).json()["items"]
    assert [(d["member_id"], d["milestone"], d["award_date"]) for d in due] == [(veteran.pk, 30, "2027-02-03")]
    early = post(client, "/api/members/badges", {"member_id": veteran.pk, "years": 30, "award_date": "2026-11-07"})
    assert early.status_code == 422 and early.json()["rule"]
    done = post(
        client, "/api/members/badges", {"member_id": veteran.pk, "years": 30, "award_date": "2027-02-03", "decision_number": "5-QĐ/TU"}
    )
    assert done.status_code == 201 and BadgeAward.objects.get(member=veteran).years == 30
    assert [b["years"] for b in client.get(f"/api/members/badges/of/{veteran.pk}").json()] == [30]
    assert client.get("/api/members/badges/due", {"award_date": "2027-02-03"}).json()["count"] == 0


def test_committee_roles_and_size_warnings_through_the_api(tree: Tree, people: Personas) -> None:
    term = term_create(actor=None, org=tree.X1, start_year=2025, end_year=2030)
    members = [make_member(tree.X1) for _ in range(9)]
    client = api(people.commune_officer)
    warnings = client.get(f"/api/members/committees/warnings/{tree.G1.pk}").json()
    assert warnings["count"] == len(warnings["items"]) and warnings["more"] is False
    assert any(o["organization_id"] == tree.X1.pk and "cell committee" in w["message"] for o in warnings["items"] for w in o["warnings"])
    one = client.get(f"/api/members/committees/warnings/{tree.G1.pk}?page_size=1").json()
    assert len(one["items"]) == 1 and one["count"] == warnings["count"]  # paged in the database, counted in full
    url = f"/api/members/committees/terms/{term.pk}/roles"
    assert post(client, url, {"member_id": members[0].pk, "role": "secretary", "since": "2025-04-15"}).status_code == 201
    second = post(client, url, {"member_id": members[1].pk, "role": "secretary", "since": "2025-04-15"})
    assert second.status_code == 422 and "already has a secretary" in second.json()["detail"]
    member_role = post(client, url, {"member_id": members[1].pk, "role": "member", "since": "2025-04-15"}).json()
    assert [r["role"] for r in client.get(url).json()] == ["secretary", "member"]
    assert not any(o["organization_id"] == tree.X1.pk for o in client.get(f"/api/members/committees/warnings/{tree.G1.pk}").json()["items"])
    ended = post(client, f"/api/members/committees/roles/{member_role['id']}/end", {"until": "2026-01-01"})
    assert ended.status_code == 200 and CommitteeRole.objects.get(pk=member_role["id"]).until == dt.date(2026, 1, 1)
    assert api(people.outsider).get(url).status_code == 404
    assert post(api(people.viewer), url, {"member_id": members[2].pk, "role": "member", "since": "2025-04-15"}).status_code == 403
    assert Member.objects.filter(status=MemberStatus.OFFICIAL).count() == 9
