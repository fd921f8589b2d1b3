"""Party cards: a first card only for an official member without one, a new card only for a
member who has one, numbers unique across the system, dates between becoming official and
today; the record's card number follows the latest card; the pages, the list with its
filters and export, and the API, each within the scope."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partybuilding.core.errors import ConcurrentEdit, Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.members.cards.services import issue_card
from partybuilding.members.cards.views import SORTS
from partybuilding.members.choices import CardIssueKind
from partybuilding.members.models import CardIssue, Member
from partybuilding.members.own_data import collect

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db

OFFICIAL = dt.date(2011, 3, 3)  # make_member's official date


def first_card(member: Member, number: str = "01234567", on: dt.date = dt.date(2011, 6, 1)) -> None:
    issue_card(actor=None, member=member, kind=CardIssueKind.FIRST, number=number, issued_on=on)


def refusal(member: Member, **given: object) -> str:
    fields = {"kind": CardIssueKind.FIRST, "number": "07654321", "issued_on": dt.date(2012, 1, 5), **given}
    with pytest.raises(Refusal) as refused:
        issue_card(actor=None, member=member, **fields)
    return refused.value.text


# --- the rules ----------------------------------------------------------------------------


def test_a_first_card_sets_the_records_card_number_moves_its_version_and_is_audited(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    version = member.version
    card = issue_card(actor=people.cell_secretary, member=member, kind=CardIssueKind.FIRST, number="01234567", issued_on=OFFICIAL)
    member.refresh_from_db()
    assert (member.card_number, member.version) == ("01234567", version + 1)
    assert card.recorded_by == people.cell_secretary
    entry = AuditEntry.objects.get(action="card.issue", object_id=str(card.pk))
    assert entry.after == {"member": member.pk, "kind": "first", "number": "01234567", "issued_on": "2011-03-03", "decision_number": ""}
    change = AuditEntry.objects.get(action="member.update", object_id=str(member.pk))
    assert (change.before, change.after) == ({"card_number": None}, {"card_number": "01234567"})


def test_a_first_card_is_only_for_an_official_member(tree: Tree) -> None:
    probationary = make_member(tree.X1, admitted=dt.date(2026, 3, 1), official=None)
    assert "is not an official member" in refusal(probationary, issued_on=dt.date(2026, 4, 1))
    assert "HD 01-HD/TW" in refusal(probationary, issued_on=dt.date(2026, 4, 1))
    assert not CardIssue.objects.exists()


def test_a_first_card_is_refused_to_a_member_who_has_one(tree: Tree) -> None:
    entered_with_a_card = make_member(tree.X1, card="11112222")
    assert "already has a Party card" in refusal(entered_with_a_card)
    issued_here = make_member(tree.X1)
    first_card(issued_here)
    assert "already has a Party card" in refusal(issued_here, number="01234567")


def test_a_card_is_reissued_or_replaced_only_for_a_member_who_has_one(tree: Tree) -> None:
    member = make_member(tree.X1)
    for kind in (CardIssueKind.LOST, CardIssueKind.DAMAGED):
        assert "has no Party card recorded" in refusal(member, kind=kind)
    first_card(member)
    issue_card(actor=None, member=member, kind=CardIssueKind.LOST, issued_on=dt.date(2024, 5, 6))  # no number: the same one kept
    issue_card(actor=None, member=member, kind=CardIssueKind.DAMAGED, number="99887766", issued_on=dt.date(2025, 5, 6))
    member.refresh_from_db()
    assert list(member.cards.order_by("issued_on").values_list("kind", "number")) == [
        ("first", "01234567"), ("lost", "01234567"), ("damaged", "99887766")
    ]  # fmt: skip
    assert member.card_number == "99887766"  # the latest card's


def test_a_number_on_another_member_is_refused_without_saying_whose(tree: Tree) -> None:
    other = make_member(tree.Y1, given_name="Khác", card="55556666")
    replaced = make_member(tree.Y1, given_name="Cũ")
    first_card(replaced, number="44443333")
    issue_card(actor=None, member=replaced, kind=CardIssueKind.DAMAGED, number="33332222", issued_on=dt.date(2020, 1, 2))
    member = make_member(tree.X1)
    text = refusal(member, number="55556666")
    assert "Card number 55556666 is already used" in text and other.full_name not in text and "Khác" not in text
    assert "already used" in refusal(member, number="44443333")  # a former card of another member
    assert "6 to 20 digits" in refusal(member, number="12a45")


def test_the_issue_date_is_between_becoming_official_and_today(tree: Tree) -> None:
    member = make_member(tree.X1)
    assert "became an official member on 03/03/2011" in refusal(member, issued_on=OFFICIAL - dt.timedelta(days=1))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert "is in the future" in refusal(member, issued_on=tomorrow)
    first_card(make_member(tree.X1, given_name="Đúng"), number="01010101", on=OFFICIAL)  # the day itself
    first_card(member, on=dt.date(2012, 1, 1))
    assert "a new card comes after it" in refusal(member, kind=CardIssueKind.LOST, issued_on=dt.date(2011, 12, 31))
    issue_card(actor=None, member=member, kind=CardIssueKind.LOST, issued_on=timezone.localdate())  # today
    assert "already recorded" in refusal(member, kind=CardIssueKind.LOST, issued_on=timezone.localdate())


def test_a_card_recorded_from_a_form_loaded_before_another_change_is_refused(tree: Tree) -> None:
    member = make_member(tree.X1)
    loaded = member.version
    first_card(member)
    with pytest.raises(ConcurrentEdit):
        issue_card(actor=None, member=member, kind=CardIssueKind.LOST, issued_on=dt.date(2020, 1, 1), expected_version=loaded)


# --- the pages --------------------------------------------------------------------------------


def test_a_cell_secretary_issues_a_card_from_the_record_page(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, family_name="Nguyễn", middle_name="Văn", given_name="Thẻ")
    client = client_for(people.cell_secretary)
    section = client.get(f"/members/cards/member/{member.pk}/").content.decode()
    assert "No Party card recorded." in section and f"/members/cards/issue/{member.pk}/" in section
    page = client.get(f"/members/cards/issue/{member.pk}/")
    assert page.status_code == 200 and 'name="version"' in page.content.decode()
    form = {"kind": "first", "number": "20261234", "issued_on": "05/01/2026", "decision_number": "12-QĐ/TU", "version": member.version}
    assert client.post(f"/members/cards/issue/{member.pk}/", form).status_code == 302
    again = client.post(f"/members/cards/issue/{member.pk}/", form)  # a second click: the version has moved on
    assert again.status_code == 422 and CardIssue.objects.filter(member=member).count() == 1
    section = client.get(f"/members/cards/member/{member.pk}/").content.decode()
    assert "05/01/2026" in section and "Issued to an official member" in section
    assert "20261234" not in section and "20••••34" in section  # masked as on the record


def test_the_form_explains_a_refusal_on_its_field(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    form = {"kind": "lost", "number": "", "issued_on": "05/01/2026", "version": member.version}
    page = client_for(people.cell_secretary).post(f"/members/cards/issue/{member.pk}/", form)
    assert page.status_code == 422
    assert "has no Party card recorded" in page.content.decode() and "HD 12-HD/BTCTW" in page.content.decode()


def test_who_may_issue_a_card_and_whose(tree: Tree, people: Personas) -> None:
    mine, theirs = make_member(tree.X1), make_member(tree.Y1)
    assert client_for(people.cell_secretary).get(f"/members/cards/issue/{theirs.pk}/").status_code == 404
    assert client_for(people.commune_officer).get(f"/members/cards/issue/{theirs.pk}/").status_code == 404
    assert client_for(people.commune_officer).get(f"/members/cards/member/{theirs.pk}/").status_code == 404
    assert client_for(people.viewer).get(f"/members/cards/issue/{mine.pk}/").status_code == 403  # sees, does not manage
    section = client_for(people.viewer).get(f"/members/cards/member/{mine.pk}/").content.decode()
    assert "card-issue" not in section


def test_the_list_filters_by_year_and_reason_and_finds_a_name_without_diacritics(tree: Tree, people: Personas) -> None:
    anh = make_member(tree.X1, family_name="Nguyễn", middle_name="Văn", given_name="Ánh")
    first_card(anh, number="11110001", on=dt.date(2024, 3, 1))
    issue_card(actor=None, member=anh, kind=CardIssueKind.LOST, issued_on=dt.date(2025, 4, 1))
    first_card(make_member(tree.X2, family_name="Lê", given_name="Bình"), number="11110002", on=dt.date(2025, 6, 1))
    client = client_for(people.commune_officer)

    def listed(query: str) -> list[str]:
        page = client.get(f"/members/cards/?{query}")
        assert page.status_code == 200
        return sorted(c.member.given_name + "/" + c.kind for c in page.context["page"])

    assert listed("") == ["Bình/first", "Ánh/first", "Ánh/lost"]
    assert listed("year=2025") == ["Bình/first", "Ánh/lost"]
    assert listed("year=2025&kind=first") == ["Bình/first"]
    assert listed("q=nguyen van") == ["Ánh/first", "Ánh/lost"]
    assert listed("q=11110002") == ["Bình/first"]
    page = client.get("/members/cards/?year=2025").content.decode()
    assert "11110002" not in page and "11••••02" in page
    assert client_for(people.outsider).get("/members/cards/").context["page"].paginator.count == 0
    assert client_for(people.outsider).get(f"/members/cards/?within={tree.X1.pk}").status_code == 404


def test_every_column_of_the_list_sorts_both_ways(tree: Tree, people: Personas) -> None:
    first_card(make_member(tree.X1), number="40000001", on=dt.date(2020, 1, 1))
    first_card(make_member(tree.X2), number="40000002", on=dt.date(2021, 1, 1))
    client = client_for(people.commune_officer)
    for key in SORTS:
        for sort, direction in ((key, "ascending"), (f"-{key}", "descending")):
            page = client.get(f"/members/cards/?sort={sort}&per=25")
            assert page.status_code == 200 and f'aria-sort="{direction}"' in page.content.decode(), sort
    issued = [c.issued_on.year for c in client.get("/members/cards/?sort=issued").context["page"]]
    assert issued == [2020, 2021]


def test_the_lists_queries_do_not_grow_with_its_rows(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    for n in range(3):
        first_card(make_member(tree.X1), number=f"3000000{n}")
    client.get("/members/cards/")
    with CaptureQueriesContext(connection) as few:
        client.get("/members/cards/")
    for n in range(3, 12):
        first_card(make_member(tree.X2), number=f"300000{n:02d}")
    with CaptureQueriesContext(connection) as many:
        client.get("/members/cards/")
    assert len(many) == len(few)


def test_the_export_is_audited_and_shows_full_numbers_only_to_those_who_manage(tree: Tree, people: Personas) -> None:
    first_card(make_member(tree.X1, given_name="Xuất"), number="12345678")
    officer = client_for(people.commune_officer)
    masked = openpyxl.load_workbook(io.BytesIO(b"".join(officer.get("/members/cards/export.xlsx").streaming_content)))
    rows = list(masked.active.iter_rows(values_only=True))
    assert len(rows) == 2 and "12345678" not in rows[1] and rows[1][3] == "Issued to an official member"
    entry = AuditEntry.objects.filter(action="card_list.export").latest("id")
    assert entry.actor == people.commune_officer and entry.after == {"rows": 1, "full_ids": False}
    full = officer.get(f"/members/cards/export.xlsx?within={tree.C1.pk}&full_ids=1")
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(full.streaming_content))).active.iter_rows(values_only=True))
    assert rows[1][4] == "12345678"
    assert AuditEntry.objects.filter(action="card_list.export").latest("id").after == {"rows": 1, "full_ids": True}
    assert client_for(people.viewer).get(f"/members/cards/export.xlsx?within={tree.P.pk}&full_ids=1").status_code == 403


def test_the_menu_leads_to_the_cards(tree: Tree, people: Personas) -> None:
    page = client_for(people.cell_secretary).get("/members/cards/").content.decode()
    assert 'data-testid="menu-cards"' in page and 'class="active" aria-current="page" data-testid="menu-cards"' in page
    assert 'data-testid="menu-cards"' not in client_for(people.member).get("/").content.decode()


def test_a_members_cards_are_in_their_own_data(tree: Tree) -> None:
    member = make_member(tree.X1)
    first_card(member)
    cards = dict((s.key, rows) for s, rows in collect(member).sections)["cards"]
    assert [(row["kind"], row["number"]) for row in cards] == [("Issued to an official member", "01234567")]


# --- the API -------------------------------------------------------------------------------------


def test_the_api_issues_a_card_and_lists_it_masked(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    client = client_for(people.cell_secretary)
    body = {"kind": "first", "number": "87654321", "issued_on": "2026-01-05", "version": member.version}
    made = client.post(f"/api/members/{member.pk}/cards", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["number"] == "87654321"
    again = client.post(f"/api/members/{member.pk}/cards", body, content_type="application/json")
    assert again.status_code == 409
    listed = client.get("/api/members/cards?year=2026&kind=first").json()
    assert [(c["member_id"], c["number"]) for c in listed["items"]] == [(member.pk, "87••••21")]
    full = client.get(f"/api/members/cards?within={tree.X1.pk}&full_ids=true").json()
    assert full["items"][0]["number"] == "87654321"
    assert AuditEntry.objects.filter(action="card_list_api.export", actor=people.cell_secretary).exists()
    refused = client.post(f"/api/members/{member.pk}/cards", {"kind": "first", "issued_on": "2026-01-06"}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["field"] == "kind"


def test_the_api_answers_outside_the_scope_as_missing(tree: Tree, people: Personas) -> None:
    theirs = make_member(tree.Y1)
    first_card(theirs)
    client = client_for(people.commune_officer)
    body = {"kind": "lost", "issued_on": "2026-01-05"}
    assert client.post(f"/api/members/{theirs.pk}/cards", body, content_type="application/json").status_code == 404
    assert client.get("/api/members/cards").json()["count"] == 0
    assert client.get(f"/api/members/cards?within={tree.C2.pk}").status_code == 404
    assert client_for(people.viewer).post(f"/api/members/{theirs.pk}/cards", body, content_type="application/json").status_code == 403


# --- the demo ------------------------------------------------------------------------------------


def test_the_demo_issues_first_cards_a_few_new_ones_and_a_dozen_rewards(tree: Tree) -> None:
    from partybuilding.core.audit import audit_verify
    from partybuilding.demo import cards as demo_cards
    from partybuilding.demo.members import Generator
    from partybuilding.members import imports
    from partybuilding.members.models import Reward
    from partybuilding.organizations.models import Organization

    today = timezone.localdate()
    candidates = Generator(seed=8, today=today).members([tree.X1, tree.X2, tree.Y1], 120)
    assert imports.check_candidates(candidates, within=Organization.objects.all()) == []
    imports.write(candidates, actor=None)
    written = demo_cards.load(tree.P, today)
    holders = Member.objects.filter(card_number__isnull=False)
    first = CardIssue.objects.filter(kind=CardIssueKind.FIRST)
    assert first.count() == holders.count() > 50
    assert all(c.issued_on == c.member.official_date and c.number == c.member.card_number for c in first.select_related("member"))
    recent = CardIssue.objects.exclude(kind=CardIssueKind.FIRST)
    assert recent.count() == demo_cards.REISSUED
    assert {c.issued_on.year for c in recent} <= {today.year - 1, today.year} and max(c.issued_on for c in recent) <= today
    rewards = Reward.objects.all()
    assert rewards.filter(member__isnull=True).exists() and rewards.filter(member__isnull=False).exists()
    assert {r.awarded_on.year for r in rewards} <= {today.year - 1, today.year}
    assert written == first.count() + recent.count() + rewards.count()
    assert audit_verify().ok
