"""A member downloads everything the system holds about them (Decree 13/2023/NĐ-CP): their
record, its history, transfers, dues, meeting attendance, admission file, roles and who read
their record; their own data only; the download audited, sent as an attachment, never cached."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import openpyxl
import pytest
from django.apps import apps

from partybuilding.admissions.choices import Stage
from partybuilding.core.models import AuditEntry
from partybuilding.core.records import Decision
from partybuilding.meetings.choices import Presence
from partybuilding.members.choices import IN_LIST
from partybuilding.members.lifecycle.services import member_exempt
from partybuilding.members.models import Member
from partybuilding.members.own_data import SECTIONS

from .admissions_factories import make_candidate, walk
from .conftest import Personas, Tree, client_for
from .dues_factories import open_months, pay
from .meetings_factories import held_meeting
from .members_factories import make_member

pytestmark = pytest.mark.django_db

MINE, THEIRS = "001095077777", "001080088888"
JAN = dt.date(2026, 1, 1)


@pytest.fixture
def mine(tree: Tree, people: Personas) -> dict[str, Any]:
    """The member persona's record, admitted through the pipeline, with a history in every
    part of the system; and a cell mate's, with the same kinds of data."""
    from partybuilding.dues import services as dues
    from partybuilding.dues.choices import BaseKind

    me = walk(make_candidate(tree.X1, given_name="Mai", citizen_id=MINE), Stage.PROBATION).member
    Member.objects.filter(pk=me.pk).update(user=people.member)
    other = make_member(tree.X1, family_name="Trần", given_name="Khác", citizen_id=THEIRS, card="79088888")
    member_exempt(actor=None, member=other, date=dt.date(2025, 9, 1), decision=Decision("4-QĐ/ĐU", dt.date(2025, 8, 29)))
    for someone in (me, other):
        dues.dues_base_record(actor=None, member=someone, from_month=JAN, kind=BaseKind.SALARY, amount=5_000_000)
    open_months(tree.X1, JAN, JAN)
    pay(me, JAN, 50_000)
    pay(other, JAN, 50_000)
    cell = {m: Presence.PRESENT for m in Member.objects.filter(organization=tree.X1, status__in=IN_LIST)}
    held_meeting(tree.X1, dt.date(2026, 1, 15), {**cell, other: Presence.EXCUSED})
    client_for(people.cell_secretary).get(f"/members/{me.pk}/")  # the secretary reads the record
    client_for(people.cell_secretary).get(f"/members/{other.pk}/")
    return {"me": Member.objects.get(pk=me.pk), "other": other}


def download(people: Personas, suffix: str) -> Any:
    response = client_for(people.member).get(f"/members/me/data.{suffix}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    return response


def test_the_download_holds_every_part_of_what_the_system_holds(mine: dict[str, Any], people: Personas) -> None:
    body = json.loads(download(people, "json").content)
    sections = body["sections"]
    rows = {key: found["rows"] for key, found in sections.items()}
    (record,) = rows["record"]
    assert (record["citizen_id"], record["given_name"]) == (MINE, "Mai")  # in full: it is theirs
    assert [e["kind"] for e in rows["events"]] == ["Admitted (probationary)"]
    assert rows["memberships"] and rows["dues_charges"] and rows["dues_bases"]
    assert [p["amount"] for p in rows["dues_payments"]] == [50_000]
    assert [(a["presence"], a["meeting"][-10:]) for a in rows["meeting_attendance"]] == [("Present", "15/01/2026")]
    assert len(rows["admission"]) == 1 and rows["admission_steps"] and len(rows["admission_introducers"]) == 2
    assert [(r["role"], r["organization"]) for r in rows["role_assignments"]] == [("Party member", "Chi bộ Thôn Đông · X1")]
    assert {"member.view"} <= {e["action"] for e in rows["audit"] if e["actor"] == "bithu"}
    assert sections["record"]["columns"]["citizen_id"] == "citizen ID"  # each column named


def test_the_download_holds_nothing_of_another_member(mine: dict[str, Any], people: Personas) -> None:
    text = download(people, "json").content.decode()
    other = mine["other"]
    for theirs in (THEIRS, "79088888", other.full_name, "Excused"):
        assert theirs not in text
    body = json.loads(text)
    assert all(e["object_id"] == str(mine["me"].pk) for e in body["sections"]["audit"]["rows"])
    assert body["member_id"] == mine["me"].pk


def test_the_download_is_audited_with_its_format_and_rows(mine: dict[str, Any], people: Personas) -> None:
    body = json.loads(download(people, "json").content)
    download(people, "xlsx")
    entries = list(AuditEntry.objects.filter(action="member.own_data").order_by("id"))
    assert [(e.actor, e.object_id, e.after["format"]) for e in entries] == [
        (people.member, str(mine["me"].pk), "json"),
        (people.member, str(mine["me"].pk), "xlsx"),
    ]
    assert entries[0].after["rows"] == sum(len(s["rows"]) for s in body["sections"].values())


def test_the_excel_copy_has_a_sheet_per_part(mine: dict[str, Any], people: Personas) -> None:
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download(people, "xlsx").streaming_content)), read_only=True)
    assert len(book.sheetnames) == len(SECTIONS)
    record = list(book.worksheets[0].iter_rows(values_only=True))
    assert "citizen ID" in record[0] and MINE in record[1]


def test_the_page_is_in_the_menu_and_offers_both_files(mine: dict[str, Any], people: Personas) -> None:
    client = client_for(people.member)
    assert 'data-testid="menu-my-data"' in client.get("/").content.decode()
    page = client.get("/members/me/data/").content.decode()
    assert 'data-testid="my-data-json"' in page and 'data-testid="my-data-xlsx"' in page


def test_without_a_record_there_is_nothing_to_download(tree: Tree, people: Personas) -> None:
    client = client_for(people.viewer)
    assert client.get("/members/me/data/").status_code == 200  # the page says there is no record
    assert client.get("/members/me/data.json").status_code == 404
    assert not AuditEntry.objects.filter(action="member.own_data").exists()


def test_every_table_that_refers_to_a_member_record_is_part_of_the_download() -> None:
    """A new table about members cannot be left out of a member's own data unnoticed."""
    referring = {
        model
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is Member
    }
    assert referring - {s.model for s in SECTIONS.values()} == set()
