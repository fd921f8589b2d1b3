"""Transfers of Party activity: the letter, its receipt, hold and refusal, temporary stays
(listed in the host, counted at home), and the deadlines of the rules at their boundaries."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import openpyxl
import pytest
from django.utils import timezone

from partybuilding.core.errors import Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.core.records import Decision
from partybuilding.members.choices import EventKind, MemberStatus, TransferKind, TransferStatus
from partybuilding.members.lifecycle.services import member_exempt
from partybuilding.members.models import Member, Transfer
from partybuilding.members.records.selectors import members_on
from partybuilding.members.transfers.deadlines import Deadline, deadlines
from partybuilding.members.transfers.selectors import overdue_ids, temporary_guests
from partybuilding.members.transfers.services import (
    transfer_end,
    transfer_hold,
    transfer_in_from_outside,
    transfer_issue,
    transfer_receive,
    transfer_refuse,
)
from partybuilding.organizations.models import SubtreeTotal
from partybuilding.organizations.totals import recompute

from .conftest import Personas, Tree, client_for
from .members_factories import make_member, personal

pytestmark = pytest.mark.django_db


def total(org, key: str = "m.all") -> int:
    return SubtreeTotal.objects.filter(organization=org, key=key).values_list("value", flat=True).first() or 0


def issue(member: Member, **extra: object) -> Transfer:
    values: dict[str, object] = {"actor": None, "member": member, "kind": TransferKind.OFFICIAL, "letter_number": "12-GGT/ĐU"}
    values.update(extra)
    values.setdefault("letter_date", dt.date(2026, 9, 1))
    return transfer_issue(**values)


def deadline(transfer: Transfer, label: str, today: dt.date) -> Deadline:
    return next(d for d in deadlines(transfer, today) if d.label == label)


# --- the rules at their boundaries -------------------------------------------------------


def test_the_60_working_days_to_apply_skip_weekends_and_tet(tree: Tree) -> None:
    # From Tue 20/01/2026: 18 working days to 13/02, then Tết (16–20/02) counts nothing,
    # 42 more run to Tue 21/04/2026 (a week later than without Tết).
    change = dt.date(2026, 1, 20)
    for letter, text in [(dt.date(2026, 4, 20), "on time"), (dt.date(2026, 4, 21), "on time"), (dt.date(2026, 4, 22), "late by 1 day")]:
        member = make_member(tree.X1)
        transfer = issue(member, to_organization=tree.Y1, change_date=change, letter_date=letter)
        apply = deadline(transfer, "Apply for the transfer", dt.date(2026, 11, 1))
        assert apply.due == dt.date(2026, 4, 21)
        assert apply.text == text
        assert "QĐ 294-QĐ/TW" in apply.citation


def test_the_letter_is_presented_within_30_days(tree: Tree) -> None:
    transfer = issue(make_member(tree.X1), to_organization=tree.Y1, letter_date=dt.date(2026, 9, 1))
    present = deadline(transfer, "Present the letter", dt.date(2026, 9, 30))
    assert present.due == dt.date(2026, 10, 1)
    assert (present.text, present.overdue) == ("1 day left", False)
    assert deadline(transfer, "Present the letter", dt.date(2026, 10, 1)).text == "0 days left"
    late = deadline(transfer, "Present the letter", dt.date(2026, 10, 2))
    assert (late.text, late.overdue) == ("overdue by 1 day", True)
    ids = Transfer.objects.filter(pk=transfer.pk)
    assert overdue_ids(ids, dt.date(2026, 10, 1)) == []
    assert overdue_ids(ids, dt.date(2026, 10, 2)) == [transfer.pk]


@pytest.mark.parametrize(("received", "text"), [(dt.date(2026, 10, 1), "on time"), (dt.date(2026, 10, 2), "late by 1 day")])
def test_a_receipt_records_whether_the_letter_came_in_time(tree: Tree, received: dt.date, text: str) -> None:
    transfer = issue(make_member(tree.X1), to_organization=tree.Y1, letter_date=dt.date(2026, 9, 1))
    transfer_receive(actor=None, transfer=transfer, date=received)
    done = deadline(Transfer.objects.get(pk=transfer.pk), "Present the letter", dt.date(2026, 11, 1))
    assert (done.text, done.overdue) == (text, False)


@pytest.mark.parametrize(
    ("until", "training", "refused"),
    [
        (dt.date(2026, 4, 9), False, "at least 3 months"),
        (dt.date(2026, 4, 10), False, None),
        (dt.date(2027, 1, 9), False, None),
        (dt.date(2027, 1, 10), False, "less than 12 months"),
        (dt.date(2028, 1, 10), True, None),
        (dt.date(2028, 1, 11), True, "at most 24 months"),
    ],
)
def test_a_temporary_stay_lasts_3_months_to_under_a_year_or_2_years_for_training(
    tree: Tree, until: dt.date, training: bool, refused: str | None
) -> None:
    member = make_member(tree.X1)
    kind = {"kind": TransferKind.TEMPORARY, "to_organization": tree.Y1, "change_date": dt.date(2026, 1, 10), "until": until}
    if refused is None:
        assert issue(member, training=training, **kind).until == until
        return
    with pytest.raises(Refusal, match=refused) as refusal:
        issue(member, training=training, **kind)
    assert refusal.value.field == "until" and "QĐ 294-QĐ/TW" in refusal.value.text


# --- the workflow -----------------------------------------------------------------------


def test_receiving_an_official_transfer_moves_the_member_through_the_lifecycle_service(tree: Tree) -> None:
    member = make_member(tree.X1)
    transfer = issue(member, to_organization=tree.Y1, change_date=dt.date(2026, 8, 1))
    assert (total(tree.X1), total(tree.Y1)) == (1, 0)  # the letter alone moves nothing
    transfer_receive(actor=None, transfer=transfer, date=dt.date(2026, 9, 10), submission=uuid.uuid4())
    member.refresh_from_db()
    assert member.organization == tree.Y1
    assert (total(tree.X1), total(tree.Y1), total(tree.P)) == (0, 1, 1)
    event = member.events.get(kind=EventKind.TRANSFERRED)
    assert (event.organization, event.to_organization, event.decision_number) == (tree.X1, tree.Y1, "12-GGT/ĐU")
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.RECEIVED
    with pytest.raises(Refusal, match="already in the state"):
        transfer_receive(actor=None, transfer=transfer, date=dt.date(2026, 9, 10))
    assert recompute() == []
    assert AuditEntry.objects.filter(action="transfer.receive", object_id=str(transfer.pk)).exists()


def test_a_transfer_out_of_the_system_takes_the_member_out_of_the_list_on_receipt(tree: Tree) -> None:
    member = make_member(tree.X1)
    transfer = issue(member, outside="Đảng bộ tỉnh Bên Kia")
    transfer_receive(actor=None, transfer=transfer, date=dt.date(2026, 9, 20))
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED_OUT
    assert member.events.get(kind=EventKind.TRANSFERRED_OUT).outside_party == "Đảng bộ tỉnh Bên Kia"
    assert total(tree.P) == 0


def test_a_transfer_names_one_destination_and_one_open_letter_at_a_time(tree: Tree) -> None:
    member = make_member(tree.X1)
    with pytest.raises(Refusal, match="Name either"):
        issue(member)
    with pytest.raises(Refusal, match="Name either"):
        issue(member, to_organization=tree.Y1, outside="Somewhere")
    with pytest.raises(Refusal, match="belong to a Party cell"):
        issue(member, to_organization=tree.G2)
    with pytest.raises(Refusal, match="already belongs"):
        issue(member, to_organization=tree.X1)
    issue(member, to_organization=tree.Y1)
    with pytest.raises(Refusal, match="already has a transfer letter waiting"):
        issue(member, to_organization=tree.X2)


def test_a_hold_and_a_refusal_state_their_reason_and_leave_the_member_in_place(tree: Tree) -> None:
    member = make_member(tree.X1)
    transfer = issue(member, to_organization=tree.Y1)
    with pytest.raises(Refusal, match="Give the reason"):
        transfer_hold(actor=None, transfer=transfer, date=dt.date(2026, 9, 5), reason="  ")
    transfer_hold(actor=None, transfer=transfer, date=dt.date(2026, 9, 5), reason="Thiếu phiếu đảng viên")
    transfer_refuse(actor=None, transfer=transfer, date=dt.date(2026, 9, 12), reason="Không đúng địa bàn cư trú")
    transfer.refresh_from_db()
    assert (transfer.status, transfer.reason) == (TransferStatus.REFUSED, "Không đúng địa bàn cư trú")
    member.refresh_from_db()
    assert member.organization == tree.X1
    with pytest.raises(Refusal, match="already in the state"):
        transfer_receive(actor=None, transfer=transfer, date=dt.date(2026, 9, 13))
    issue(member, to_organization=tree.X2)  # once refused, a new letter may be issued


def test_a_held_transfer_can_still_be_received(tree: Tree) -> None:
    member = make_member(tree.X1)
    transfer = issue(member, to_organization=tree.Y1)
    transfer_hold(actor=None, transfer=transfer, date=dt.date(2026, 9, 5), reason="Chờ xác minh")
    with pytest.raises(Refusal, match="before"):
        transfer_receive(actor=None, transfer=transfer, date=dt.date(2026, 8, 31))
    transfer_receive(actor=None, transfer=transfer, date=dt.date(2026, 9, 15))
    assert Member.objects.get(pk=member.pk).organization == tree.Y1


def test_a_temporary_member_is_listed_in_the_host_and_counted_at_home(tree: Tree) -> None:
    member = make_member(tree.X1)
    transfer = issue(member, kind=TransferKind.TEMPORARY, to_organization=tree.Y1, until=dt.date(2027, 3, 1))
    transfer_receive(actor=None, transfer=transfer, date=dt.date(2026, 9, 10))
    member.refresh_from_db()
    assert member.organization == tree.X1
    assert (total(tree.X1), total(tree.Y1), total(tree.C2), total(tree.P)) == (1, 0, 0, 1)
    assert [t.member for t in temporary_guests(tree.Y1, dt.date(2026, 9, 10))] == [member]
    assert list(temporary_guests(tree.Y1, dt.date(2026, 9, 9))) == []
    assert list(temporary_guests(tree.G1, dt.date(2026, 9, 10))) == []  # at home there
    running = deadline(Transfer.objects.get(pk=transfer.pk), "End of the temporary stay", dt.date(2027, 3, 2))
    assert running.overdue
    transfer_end(actor=None, transfer=transfer, date=dt.date(2026, 11, 1))
    assert list(temporary_guests(tree.Y1, dt.date(2026, 9, 10))) == []
    assert recompute() == []


def test_only_a_temporary_stay_ends(tree: Tree) -> None:
    transfer = issue(make_member(tree.X1), to_organization=tree.Y1)
    with pytest.raises(Refusal, match="Only a temporary stay ends"):
        transfer_end(actor=None, transfer=transfer, date=dt.date(2026, 10, 1))


def test_a_member_arriving_from_outside_is_entered_with_the_arrival_as_first_event(tree: Tree) -> None:
    transfer = transfer_in_from_outside(
        actor=None,
        organization=tree.X1,
        data=personal(),
        admission_date=dt.date(2005, 3, 1),
        official_date=dt.date(2006, 3, 1),
        card_number="79011111",
        origin="Đảng bộ tỉnh Bên Kia",
        letter_number="88-GGT/TU",
        letter_date=dt.date(2026, 8, 20),
        date=dt.date(2026, 9, 3),
    )
    member = transfer.member
    assert (member.status, member.organization) == (MemberStatus.OFFICIAL, tree.X1)
    assert [e.kind for e in member.events.all()] == [EventKind.TRANSFERRED_IN]
    assert member.events.get().outside_party == "Đảng bộ tỉnh Bên Kia"
    assert (transfer.status, transfer.from_organization, transfer.outside) == (TransferStatus.RECEIVED, None, "Đảng bộ tỉnh Bên Kia")
    assert total(tree.P) == 1
    assert deadline(transfer, "Present the letter", dt.date(2026, 11, 1)).text == "on time"


def test_a_temporary_guest_from_outside_is_listed_by_the_host_and_counted_nowhere_here(tree: Tree) -> None:
    arrive = {
        "actor": None, "organization": tree.X1, "data": personal(given_name="Khách"), "admission_date": dt.date(2005, 3, 1),
        "official_date": dt.date(2006, 3, 1), "card_number": "79022222", "origin": "Đảng bộ tỉnh Bên Kia",
        "letter_number": "90-GGT/TU", "letter_date": dt.date(2025, 8, 20), "date": dt.date(2025, 9, 3),
        "kind": TransferKind.TEMPORARY,
    }  # fmt: skip
    with pytest.raises(Refusal, match="needs the date it ends"):
        transfer_in_from_outside(**arrive)
    with pytest.raises(Refusal, match="less than 12 months"):
        transfer_in_from_outside(**arrive, until=dt.date(2026, 9, 3))
    transfer = transfer_in_from_outside(**arrive, until=dt.date(2026, 9, 2))  # the last day under a year
    guest = transfer.member
    assert guest.status == MemberStatus.GUEST and transfer.kind == TransferKind.TEMPORARY
    assert [t.member for t in temporary_guests(tree.X1, dt.date(2025, 10, 1))] == [guest]
    assert [t.member for t in temporary_guests(tree.P, dt.date(2025, 10, 1))] == [guest]
    assert temporary_guests(tree.X1, dt.date(2025, 9, 2)).count() == 0  # before the arrival
    assert total(tree.X1) == 0 and not Member.objects.in_list().exists()
    assert list(members_on(tree.X1, dt.date(2025, 10, 1))) == []
    with pytest.raises(Refusal):  # a guest's record takes no lifecycle event here
        member_exempt(actor=None, member=guest, date=dt.date(2025, 10, 1), decision=Decision("1", dt.date(2025, 10, 1)))
    transfer_end(actor=None, transfer=transfer, date=dt.date(2026, 9, 2))
    assert temporary_guests(tree.X1, dt.date(2026, 9, 3)).count() == 0
    assert recompute() == []


# --- pages ------------------------------------------------------------------------------


def overdue_letter(member: Member, **extra: object) -> Transfer:
    """A letter issued 40 days ago and still not presented: 10 days overdue today."""
    return issue(member, letter_date=timezone.localdate() - dt.timedelta(days=40), **extra)


def test_the_list_shows_deadlines_as_days_left_or_overdue(tree: Tree, people: Personas) -> None:
    late = overdue_letter(make_member(tree.X1, given_name="Trễ"), to_organization=tree.Y1)
    issue(make_member(tree.X1, given_name="Kịp"), to_organization=tree.X2, letter_date=timezone.localdate() - dt.timedelta(days=5))
    client = client_for(people.commune_officer)
    page = client.get("/members/transfers/").content.decode()
    assert "overdue by 10 days" in page and "25 days left" in page
    page = client.get("/members/transfers/", {"overdue": "on"}).content.decode()
    assert "Trễ" in page and "Kịp" not in page
    page = client.get("/members/transfers/", {"status": "received"}).content.decode()
    assert "Trễ" not in page
    page = client.get("/members/transfers/", {"q": "kip"}).content.decode()
    assert "Kịp" in page and "Trễ" not in page
    assert late.pk


def test_the_receiving_side_sees_the_letter_and_acts_on_it(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, given_name="Chuyển")
    transfer = overdue_letter(member, to_organization=tree.Y1)
    outsider = client_for(people.outsider)  # the organizing officer of the receiving commune
    assert "Chuyển" in outsider.get("/members/transfers/").content.decode()
    assert outsider.get(f"/members/{member.pk}/").status_code == 404  # the record stays with its owners
    secretary = client_for(people.cell_secretary)  # the sending cell sees it, may not receive it
    assert "Chuyển" in secretary.get("/members/transfers/").content.decode()
    assert secretary.get(f"/members/transfers/{transfer.pk}/receive/").status_code == 403
    day = timezone.localdate().strftime("%d/%m/%Y")
    response = outsider.post(f"/members/transfers/{transfer.pk}/receive/", {"date": day, "submission": str(uuid.uuid4())})
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).organization == tree.Y1


def test_issuing_a_letter_through_the_form(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    client = client_for(people.cell_secretary)
    form = {
        "kind": "official",
        "to_organization": "Y1",
        "change_date": "01/09/2026",
        "letter_number": "5-GGT/CB",
        "letter_date": "10/09/2026",
    }
    assert client.post(f"/members/transfers/new/{member.pk}/", form).status_code == 302
    transfer = Transfer.objects.get(member=member)
    assert (transfer.to_organization, transfer.from_organization) == (tree.Y1, tree.X1)
    page = client.post(f"/members/transfers/new/{make_member(tree.X1).pk}/", {**form, "to_organization": "ZZ"}).content.decode()
    assert "No organization has the code ZZ" in page
    temporary = {**form, "kind": "temporary", "until": "01/10/2026"}
    page = client.post(f"/members/transfers/new/{make_member(tree.X1).pk}/", temporary).content.decode()
    assert "at least 3 months" in page
    fragment = client.get(f"/members/transfers/member/{member.pk}/").content.decode()
    assert "5-GGT/CB" in fragment and "Present the letter" in fragment


def test_a_hold_through_the_form_needs_a_reason(tree: Tree, people: Personas) -> None:
    transfer = overdue_letter(make_member(tree.X1), to_organization=tree.X2)
    client = client_for(people.commune_officer)
    day = timezone.localdate().strftime("%d/%m/%Y")
    page = client.post(f"/members/transfers/{transfer.pk}/hold/", {"date": day, "submission": str(uuid.uuid4())}).content.decode()
    assert "This field is required" in page
    held = client.post(f"/members/transfers/{transfer.pk}/hold/", {"date": day, "reason": "Chờ hồ sơ", "submission": str(uuid.uuid4())})
    assert held.status_code == 302
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.HELD


def test_the_member_list_of_the_host_shows_temporary_members_marked_and_not_counted(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, given_name="Tạm")
    transfer = issue(member, kind=TransferKind.TEMPORARY, to_organization=tree.Y1, until=dt.date(2027, 6, 1))
    transfer_receive(actor=None, transfer=transfer, date=dt.date(2026, 9, 10))
    page = client_for(people.outsider).get("/members/", {"within": tree.Y1.pk}).content.decode()
    assert 'data-testid="temporary-members"' in page and "Tạm" in page and "temporary" in page
    assert "0 members" in page


def test_the_export_holds_the_transfers_and_their_deadlines(tree: Tree, people: Personas) -> None:
    overdue_letter(make_member(tree.X1, family_name="Phạm", middle_name="Thị", given_name="Lan"), to_organization=tree.Y1)
    response = client_for(people.commune_officer).get("/members/transfers/export.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[1][0] == "Phạm Thị Lan"
    assert "overdue by 10 days" in rows[1][-1]


def test_a_member_arriving_through_the_form(tree: Tree, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    form = {
        "outside": "Đảng bộ tỉnh Bên Kia", "letter_number": "9-GGT", "letter_date": "01/09/2026", "date": "05/09/2026",
        "organization": "X1", "family_name": "Hoàng", "middle_name": "Văn", "given_name": "Đến", "gender": "M", "date_of_birth": "02/03/1980",
        "ethnicity": "01", "religion": "none", "education": "upper_secondary", "qualification": "bachelor", "theory": "elementary",
        "occupation": "public_employee", "admission_date": "19/05/2010", "official_date": "19/05/2011", "submission": str(uuid.uuid4()),
    }  # fmt: skip
    assert client.post("/members/transfers/arrival/", form).status_code == 302
    member = Member.objects.get(given_name="Đến")
    assert member.events.get().kind == EventKind.TRANSFERRED_IN
    # A temporary stay: the host lists the guest apart, with the organization they come from.
    form.update(given_name="Ghé", card_number="", kind="temporary", until="04/03/2027", submission=str(uuid.uuid4()))
    assert client.post("/members/transfers/arrival/", form).status_code == 302
    assert Member.objects.get(given_name="Ghé").status == MemberStatus.GUEST
    page = client.get("/members/", {"within": tree.X1.pk}).content.decode()
    guests = page[page.index("Temporary members") :]
    assert "Hoàng Văn Ghé" in guests and "Đảng bộ tỉnh Bên Kia" in guests
    assert "Hoàng Văn Ghé" not in page[page.index("<h1>") : page.index("Temporary members")]


@pytest.mark.parametrize(
    ("persona", "url", "expected"),
    [
        ("commune_officer", "/members/transfers/new/{member}/", 200),
        ("cell_secretary", "/members/transfers/new/{member}/", 200),
        ("viewer", "/members/transfers/new/{member}/", 403),
        ("member", "/members/transfers/new/{member}/", 404),
        ("outsider", "/members/transfers/new/{member}/", 404),
        ("commune_officer", "/members/transfers/arrival/", 200),
        ("viewer", "/members/transfers/arrival/", 403),
        ("member", "/members/transfers/arrival/", 403),
        ("commune_officer", "/members/transfers/{transfer}/refuse/", 200),
        ("viewer", "/members/transfers/{transfer}/refuse/", 403),
        ("member", "/members/transfers/{transfer}/refuse/", 404),
        ("outsider", "/members/transfers/{transfer}/refuse/", 404),
        ("commune_officer", "/members/transfers/member/{member}/", 200),
        ("outsider", "/members/transfers/member/{member}/", 404),
        ("member", "/members/transfers/", 200),
        ("outsider", "/members/transfers/", 200),
    ],
)
def test_transfer_pages_answer_by_scope_and_role(tree: Tree, people: Personas, persona: str, url: str, expected: int) -> None:
    member = make_member(tree.X1, given_name="Riêng")
    transfer = overdue_letter(make_member(tree.X1), to_organization=tree.X2)
    client = client_for(getattr(people, persona))
    response = client.get(url.format(member=member.pk, transfer=transfer.pk))
    assert response.status_code == expected
    if url == "/members/transfers/" and persona in ("member", "outsider"):
        assert "0 transfers" in response.content.decode()


def test_a_member_role_may_not_write(tree: Tree, people: Personas) -> None:
    transfer = overdue_letter(make_member(tree.X1), to_organization=tree.X2)
    client = client_for(people.viewer)
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert client.post(f"/members/transfers/{transfer.pk}/receive/", {"date": day, "submission": str(uuid.uuid4())}).status_code == 403
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.ISSUED
