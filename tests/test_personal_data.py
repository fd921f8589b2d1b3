"""Citizen IDs and Party card numbers by design (Decree 13/2023/NĐ-CP): masked in the record's
page, the exports and the API; shown in full on request (an audited POST) to those who may
read the record; exported in full only when asked for by those who manage the members, and
every export audited with its number of rows."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from partybuilding.core import exporting
from partybuilding.core.models import AuditEntry
from partybuilding.members.models import Member
from partybuilding.members.personal import masked

from .conftest import Personas, Tree, client_for
from .dues_factories import member_with_base, open_months
from .members_factories import letter_out_of_the_system, make_member

pytestmark = pytest.mark.django_db

CITIZEN_ID, CARD = "001084012345", "79012345"


def sheet(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200, response.content[:300]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return list(book.active.iter_rows(values_only=True))


def cells(response: Any) -> str:
    return "\n".join(" ".join("" if v is None else str(v) for v in row) for row in sheet(response))


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


@pytest.fixture
def member(tree: Tree) -> Member:
    return make_member(tree.X1, given_name="Hạnh", citizen_id=CITIZEN_ID, card=CARD)


def test_the_mask_keeps_the_start_and_the_end() -> None:
    assert masked(CITIZEN_ID) == "0010•••••345"
    assert masked("123456789") == "12•••••89"  # an old 9-digit identity card: at most half shown
    assert masked(CARD) == "79••••45"
    assert masked(None) == masked("") == ""


# --- the record's page ----------------------------------------------------------------------


def test_the_record_page_masks_the_identifiers(member: Member, people: Personas) -> None:
    page = client_for(people.cell_secretary).get(f"/members/{member.pk}/").content.decode()
    assert "0010•••••345" in page and "79••••45" in page
    assert CITIZEN_ID not in page and CARD not in page
    assert 'data-testid="reveal-citizen_id"' in page and 'data-testid="reveal-card_number"' in page


def test_show_in_full_is_a_post_audited_with_who_whose_and_which_field(member: Member, people: Personas) -> None:
    client = client_for(people.viewer)  # reads member records, manages none
    assert client.get(f"/members/{member.pk}/reveal/").status_code == 405  # never by a link
    response = client.post(f"/members/{member.pk}/reveal/", {"field": "citizen_id"})
    page = response.content.decode()
    assert response.status_code == 200 and CITIZEN_ID in page
    assert CARD not in page and "79••••45" in page  # only the field asked for
    (entry,) = entries("member.reveal")
    assert (entry.actor, entry.object_type, entry.object_id, entry.after) == (
        people.viewer,
        "members.member",
        str(member.pk),
        {"fields": ["citizen_id"]},
    )
    assert "no-store" in response["Cache-Control"]


def test_show_in_full_outside_the_scope_is_refused_and_not_recorded(member: Member, people: Personas) -> None:
    for user in (people.outsider, people.office_officer):  # another commune; a role that does not see members
        assert client_for(user).post(f"/members/{member.pk}/reveal/", {"field": "citizen_id"}).status_code == 404
    assert entries("member.reveal") == []


def test_a_member_sees_their_own_identifiers_in_full_on_request(member: Member, people: Personas) -> None:
    Member.objects.filter(pk=member.pk).update(user=people.member)
    client = client_for(people.member)
    assert CARD not in client.get("/members/me/").content.decode()
    page = client.post(f"/members/{member.pk}/reveal/", {"field": "card_number", "own": "1"}).content.decode()
    assert CARD in page and "My record" in page
    assert entries("member.reveal")[0].actor == people.member


def test_a_secretary_on_their_own_record_page_stays_on_it(member: Member, people: Personas) -> None:
    Member.objects.filter(pk=member.pk).update(user=people.cell_secretary)
    client = client_for(people.cell_secretary)
    assert "Correct the record" not in client.get("/members/me/").content.decode()  # their own page, not an officer's
    page = client.post(f"/members/{member.pk}/reveal/", {"field": "citizen_id", "own": "1"}).content.decode()
    assert CITIZEN_ID in page and "Correct the record" not in page


# --- exports ----------------------------------------------------------------------------------


def test_the_member_list_export_masks_card_numbers_and_is_audited_with_its_rows(member: Member, tree: Tree, people: Personas) -> None:
    make_member(tree.X1, card="79054321")
    text = cells(client_for(people.cell_secretary).get(f"/members/export.xlsx?within={tree.X1.pk}"))
    assert "79••••45" in text and "79••••21" in text
    assert CARD not in text and "79054321" not in text
    (entry,) = entries("member_list.export")
    assert (entry.actor, entry.object_id, entry.after) == (people.cell_secretary, str(tree.X1.pk), {"rows": 2, "full_ids": False})


def test_full_card_numbers_are_exported_only_when_asked_by_who_manages_the_members(member: Member, tree: Tree, people: Personas) -> None:
    text = cells(client_for(people.cell_secretary).get(f"/members/export.xlsx?within={tree.X1.pk}&full_ids=1"))
    assert CARD in text
    assert entries("member_list.export")[-1].after == {"rows": 1, "full_ids": True}
    refused = client_for(people.viewer).get(f"/members/export.xlsx?within={tree.X1.pk}&full_ids=1")
    assert refused.status_code == 403 and "Decree 13/2023" in refused.content.decode()
    assert len(entries("member_list.export")) == 1  # nothing exported, nothing recorded


def test_the_list_offers_full_card_numbers_only_to_who_manages_the_members(member: Member, tree: Tree, people: Personas) -> None:
    assert 'data-testid="full-ids"' in client_for(people.cell_secretary).get(f"/members/?within={tree.X1.pk}").content.decode()
    viewer_page = client_for(people.viewer).get(f"/members/?within={tree.X1.pk}").content.decode()
    assert 'data-testid="export-form"' in viewer_page and 'data-testid="full-ids"' not in viewer_page
    assert CARD not in viewer_page and CITIZEN_ID not in viewer_page


def test_a_long_export_runs_as_a_job_masked_and_audited(
    member: Member, tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exporting, "AT_ONCE_ROWS", 0)
    make_member(tree.X1, card="79054321")
    client = client_for(people.cell_secretary)
    job_page = client.get(f"/members/export.xlsx?within={tree.X1.pk}&full_ids=1")
    assert job_page.status_code == 302
    (entry,) = entries("member_list.export")
    assert entry.after == {"rows": 2, "full_ids": True}


def test_the_badge_export_masks_card_numbers_and_is_audited(tree: Tree, people: Personas) -> None:
    make_member(tree.X1, admitted=dt.date(1990, 3, 3), official=dt.date(1991, 3, 3), card=CARD)
    response = client_for(people.cell_secretary).get(f"/members/badges/export.xlsx?within={tree.X1.pk}&award_date=03/02/2026")
    text = cells(response)
    assert "79••••45" in text and CARD not in text
    (entry,) = entries("badge_list.export")
    assert entry.after == {"rows": 1, "full_ids": False}
    assert client_for(people.viewer).get(f"/members/badges/export.xlsx?within={tree.X1.pk}&full_ids=1").status_code == 403


def test_the_transfer_export_is_audited_with_its_rows(tree: Tree, people: Personas) -> None:
    letter_out_of_the_system(tree.X1)
    sheet(client_for(people.cell_secretary).get(f"/members/transfers/export.xlsx?within={tree.X1.pk}"))
    (entry,) = entries("transfer_list.export")
    assert (entry.actor, entry.after) == (people.cell_secretary, {"rows": 1})


def test_the_dues_arrears_export_masks_card_numbers_and_is_audited(tree: Tree, people: Personas) -> None:
    member_with_base(tree.X1, card=CARD)
    open_months(tree.X1, dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    text = cells(client_for(people.cell_secretary).get(f"/dues/arrears.xlsx?within={tree.X1.pk}"))
    assert "79••••45" in text and CARD not in text
    assert entries("dues_arrears.export")[0].after == {"rows": 1}


# --- the API ------------------------------------------------------------------------------------


def test_the_api_masks_card_numbers_in_the_list_and_the_record(member: Member, tree: Tree, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    listed = client.get(f"/api/members?within={tree.X1.pk}").json()["items"]
    assert [m["card_number"] for m in listed] == ["79••••45"]
    assert client.get(f"/api/members/{member.pk}").json()["card_number"] == "79••••45"
    assert CARD not in client.get(f"/api/members?q={CARD}").content.decode()  # found by its number, shown masked


def test_the_api_gives_full_card_numbers_to_who_may_and_audits_it(member: Member, tree: Tree, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    listed = client.get(f"/api/members?within={tree.X1.pk}&full_ids=true").json()["items"]
    assert [m["card_number"] for m in listed] == [CARD]
    (export,) = entries("member_list_api.export")
    assert (export.actor, export.object_id, export.after) == (people.cell_secretary, str(tree.X1.pk), {"rows": 1, "full_ids": True})
    assert client_for(people.viewer).get(f"/api/members/{member.pk}?full_ids=true").json()["card_number"] == CARD
    (reveal,) = entries("member.reveal")
    assert (reveal.actor, reveal.object_id, reveal.after) == (people.viewer, str(member.pk), {"fields": ["card_number"]})


def test_the_api_refuses_full_card_numbers_in_a_list_to_who_does_not_manage_them(member: Member, tree: Tree, people: Personas) -> None:
    refused = client_for(people.viewer).get(f"/api/members?within={tree.X1.pk}&full_ids=true")
    assert refused.status_code == 403 and "Decree 13/2023" in refused.json()["detail"]
    assert client_for(people.cell_secretary).get("/api/members?full_ids=true").status_code == 403  # which organization's, unsaid
    assert entries("member_list_api.export") == []
