"""Rotations, transfers and periodic changes of post: recorded, corrected with the version, the
post taken up; the periodic change due at its boundary; pages, Excel and API."""

from __future__ import annotations

import datetime as dt

import pytest

from partybuilding.cadres.choices import Direction, MoveKind, Title
from partybuilding.cadres.models import Holding, Move
from partybuilding.cadres.selectors.moves import periodic_due, periodic_lines
from partybuilding.cadres.services.moves import move_create, move_update
from partybuilding.core.errors import ConcurrentEdit, Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.core.records import Decision

from .cadre_targets import cadre_in, move_in, position_in
from .conftest import client_for

pytestmark = pytest.mark.django_db


def rotate(tree, people, **more):
    fields = {
        "actor": people.provincial_officer,
        "organization": tree.P,
        "kind": MoveKind.ROTATION,
        "cadre": cadre_in(tree.P),
        "direction": Direction.PROVINCE_TO_COMMUNE,
        "starts_on": dt.date(2026, 10, 1),
        "from_text": "Sở Nội vụ",
        "to_position": position_in(tree.P),
        "decision": Decision(number="7-QĐ/TU", date=dt.date(2026, 9, 20)),
        **more,
    }
    return move_create(**fields)


def test_a_rotation_is_recorded_with_its_decision_and_audited(tree, people):
    move = rotate(tree, people, ends_on=dt.date(2028, 10, 1), purpose="Rèn luyện thực tiễn")
    assert (move.decision_number, move.org_path, move.to_position) == ("7-QĐ/TU", tree.P.path, position_in(tree.P))
    assert AuditEntry.objects.filter(action="move.create", object_id=str(move.pk)).exists()
    assert not Holding.objects.exists()  # without "takes up the post", the posts held stay


def test_a_period_ending_before_it_starts_is_refused(tree, people):
    with pytest.raises(Refusal) as refused:
        rotate(tree, people, ends_on=dt.date(2026, 9, 30))
    assert refused.value.field == "ends_on"
    assert rotate(tree, people, ends_on=dt.date(2026, 10, 1)).pk  # a one-day period: ends on the day it starts


def test_a_move_names_where_to(tree, people):
    with pytest.raises(Refusal) as refused:
        rotate(tree, people, to_position=None)
    assert refused.value.field == "to_text"


def test_taking_up_the_post_ends_the_one_moved_from_and_opens_the_new_one(tree, people):
    cadre, old = cadre_in(tree.P), position_in(tree.P, Title.HEAD)
    before = Holding.objects.create(cadre=cadre, position=old, manager_path=tree.P.path, started_on=dt.date(2022, 1, 1))
    move = rotate(tree, people, from_text="", from_position=old, takes_up=True)
    before.refresh_from_db()
    assert before.ended_on == dt.date(2026, 10, 1)
    new = Holding.objects.get(cadre=cadre, position=move.to_position)
    assert new.started_on == dt.date(2026, 10, 1) and new.ended_on is None


def test_an_additional_post_keeps_the_one_moved_from(tree, people):
    cadre, old = cadre_in(tree.P), position_in(tree.P, Title.HEAD)
    before = Holding.objects.create(cadre=cadre, position=old, manager_path=tree.P.path, started_on=dt.date(2022, 1, 1))
    rotate(tree, people, from_text="", from_position=old, takes_up=True, additional_post=True)
    before.refresh_from_db()
    assert before.ended_on is None and Holding.objects.filter(cadre=cadre, ended_on=None).count() == 2


def test_an_edit_takes_the_version_and_a_stale_one_is_refused(tree, people):
    move = rotate(tree, people)
    version = move.version
    move_update(actor=people.provincial_officer, move=move, expected_version=version, purpose="Đào tạo")
    assert Move.objects.get(pk=move.pk).purpose == "Đào tạo"
    with pytest.raises(ConcurrentEdit):
        move_update(actor=people.provincial_officer, move=Move.objects.get(pk=move.pk), expected_version=version, purpose="Khác")


# --- the periodic change of post due ----------------------------------------------------------------


def prone_holding(tree, since):
    """An accountant's post (prone to corruption) held by a cadre of its own since `since`."""
    post = position_in(tree.P, Title.HEAD, corruption_prone=True)
    cadre = cadre_in(tree.P, given_name="Toán", gender="M", date_of_birth=dt.date(1985, 2, 1))
    return Holding.objects.create(cadre=cadre, position=post, manager_path=tree.P.path, started_on=since)


def test_the_periodic_change_is_due_after_thirty_six_months_and_listed_ninety_days_ahead(tree, people):
    h = prone_holding(tree, dt.date(2023, 6, 15))  # 36 months on 15/06/2026
    officer = people.provincial_officer
    assert list(periodic_due(officer, tree.P, dt.date(2026, 3, 16))) == []  # 91 days ahead
    assert list(periodic_due(officer, tree.P, dt.date(2026, 3, 17))) == [h]  # 90 days ahead: listed
    assert list(periodic_due(officer, tree.P, dt.date(2026, 6, 14), {"past": True})) == []  # 35 months: not yet due
    assert list(periodic_due(officer, tree.P, dt.date(2026, 6, 15), {"past": True})) == [h]  # 36 months: due


def test_a_post_not_prone_to_corruption_or_a_cadre_moved_since_is_not_due(tree, people):
    h = prone_holding(tree, dt.date(2022, 1, 1))
    Holding.objects.create(cadre=h.cadre, position=position_in(tree.P), manager_path=tree.P.path, started_on=dt.date(2020, 1, 1))
    assert list(periodic_due(people.provincial_officer, tree.P, dt.date(2026, 6, 1))) == [h]
    rotate(tree, people, cadre=h.cadre, kind=MoveKind.PERIODIC, starts_on=dt.date(2026, 5, 1))
    assert list(periodic_due(people.provincial_officer, tree.P, dt.date(2026, 6, 1))) == []


def test_the_attention_line_counts_the_changes_due(tree, people):
    prone_holding(tree, dt.date(2022, 1, 1))
    [line] = periodic_lines(tree.P, dt.date(2026, 6, 1), people.provincial_officer)
    assert line.count == 1 and "01/01/2025" in line.detail
    assert periodic_lines(tree.P, dt.date(2026, 6, 1), people.viewer) == []


# --- pages and API --------------------------------------------------------------------------------


def test_the_pages_record_list_filter_and_export_moves(tree, people):
    cadre = cadre_in(tree.P)
    client = client_for(people.provincial_officer)
    data = {
        "kind": "transfer", "cadre": cadre.pk, "from_text": "Huyện ủy cũ", "to_position": position_in(tree.P).pk,
        "direction": "district_province", "starts_on": "01/10/2026", "decision_number": "8-QĐ/TU", "decision_date": "20/09/2026",
    }  # fmt: skip
    answer = client.post("/cadres/moves/new/", data)
    move = Move.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/cadres/moves/{move.pk}/"
    assert cadre.full_name in client.get("/cadres/moves/?kind=transfer&year=2026").content.decode()
    assert "No move matches." in client.get("/cadres/moves/?direction=commune_commune").content.decode()
    xlsx = client.get("/cadres/moves/moves.xlsx")
    assert xlsx.status_code == 200 and AuditEntry.objects.filter(action="cadres.moves.export").exists()
    edit = client.post(f"/cadres/moves/{move.pk}/edit/", {**data, "version": move.version, "purpose": "Tăng cường"})
    assert edit.status_code == 302 and Move.objects.get().purpose == "Tăng cường"
    stale = client.post(f"/cadres/moves/{move.pk}/edit/", {**data, "version": move.version, "purpose": "Khác"})
    assert stale.status_code == 422


def test_the_standing_committee_reads_moves_and_the_periodic_list_but_records_none(tree, people):
    move = move_in(tree.P)
    prone_holding(tree, dt.date(2022, 1, 1))
    client = client_for(people.standing_member)
    assert client.get(f"/cadres/moves/{move.pk}/").status_code == 200
    assert client.get(f"/cadres/moves/{move.pk}/edit/").status_code == 403
    periodic = client.get("/cadres/moves/periodic/")
    assert periodic.status_code == 200 and 'data-testid="periodic-row"' in periodic.content.decode()
    assert client.get("/cadres/moves/periodic/periodic.xlsx").status_code == 200
    assert client_for(people.outsider).get(f"/cadres/moves/{move.pk}/").status_code == 404


def test_the_api_creates_updates_and_lists(tree, people):
    cadre = cadre_in(tree.P)
    client = client_for(people.provincial_officer)
    body = {
        "organization_id": tree.P.pk, "kind": "rotation", "cadre_id": cadre.pk, "from_text": "Sở Tài chính",
        "to_position_id": position_in(tree.P).pk, "direction": "province_commune", "starts_on": "2026-10-01", "ends_on": "2026-09-01",
    }  # fmt: skip
    refused = client.post("/api/cadres/moves", body, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["field"] == "ends_on"
    created = client.post("/api/cadres/moves", {**body, "ends_on": "2028-10-01"}, content_type="application/json")
    assert created.status_code == 201
    move = created.json()
    update = {k: v for k, v in body.items() if k != "organization_id"} | {
        "ends_on": None,
        "purpose": "Rèn luyện",
        "version": move["version"],
    }
    assert client.put(f"/api/cadres/moves/{move['id']}", update, content_type="application/json").json()["purpose"] == "Rèn luyện"
    assert client.put(f"/api/cadres/moves/{move['id']}", update, content_type="application/json").status_code == 409
    listed = client_for(people.standing_member).get(f"/api/cadres/moves?within={tree.P.pk}&year=2026").json()
    assert [m["id"] for m in listed["items"]] == [move["id"]]
    assert client_for(people.standing_member).post("/api/cadres/moves", body, content_type="application/json").status_code == 403
    prone_holding(tree, dt.date(2022, 1, 1))
    [row] = client.get("/api/cadres/periodic-change-due").json()["items"]
    assert row["due_on"] == "2025-01-01" and row["days_left"] < 0
