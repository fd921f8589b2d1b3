"""Party badges: the award dates, who is due on one (at the boundary day), early awards for
the seriously ill and posthumous ones at their limits, and the record of badges awarded."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partybuilding.core.errors import Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.members.badges.selectors import due, due_counts, next_award_date, posthumous_candidates, upcoming_award_dates
from partybuilding.members.badges.services import badge_award
from partybuilding.members.choices import BadgeCase
from partybuilding.members.lifecycle.services import member_die
from partybuilding.members.models import BadgeAward, Member

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db

AWARD = dt.date(2026, 2, 3)


def member_admitted(tree: Tree, admitted: dt.date, **extra: object) -> Member:
    extra.setdefault("date_of_birth", dt.date(admitted.year - 22, 5, 17))
    return make_member(tree.X1, admitted=admitted, official=admitted.replace(year=admitted.year + 1), **extra)


def due_on(day: dt.date, org=None) -> dict[str, int]:
    members = Member.objects.all() if org is None else Member.objects.filter(org_path__startswith=org.path)
    return {m.given_name: m.milestone for m in due(members, day)}


def test_the_award_dates_come_from_the_rules() -> None:
    assert next_award_date(dt.date(2026, 2, 3)) == dt.date(2026, 2, 3)
    assert next_award_date(dt.date(2026, 2, 4)) == dt.date(2026, 5, 19)
    assert next_award_date(dt.date(2026, 9, 3)) == dt.date(2026, 11, 7)
    assert next_award_date(dt.date(2026, 11, 8)) == dt.date(2027, 2, 3)
    assert upcoming_award_dates(dt.date(2026, 11, 22)) == [
        dt.date(2027, 2, 3), dt.date(2027, 5, 19), dt.date(2027, 9, 2), dt.date(2027, 11, 7)
    ]  # fmt: skip


def test_a_member_is_due_when_the_milestone_falls_on_or_before_the_award_date(tree: Tree) -> None:
    member_admitted(tree, dt.date(1996, 2, 2), given_name="Trước")
    member_admitted(tree, dt.date(1996, 2, 3), given_name="Đúng")
    member_admitted(tree, dt.date(1996, 2, 4), given_name="Sau")
    assert due_on(AWARD) == {"Trước": 30, "Đúng": 30}
    assert due_on(dt.date(2026, 5, 19)) == {"Trước": 30, "Đúng": 30, "Sau": 30}


def test_the_highest_milestone_reached_is_the_one_due_until_its_badge_is_recorded(tree: Tree) -> None:
    old = member_admitted(tree, dt.date(1980, 1, 10), given_name="Lâu")  # 46 years by 3/2/2026
    assert due_on(AWARD) == {"Lâu": 45}
    badge_award(actor=None, member=old, years=45, award_date=AWARD)
    assert due_on(AWARD) == {}
    assert due_on(dt.date(2030, 2, 3)) == {"Lâu": 50}


def test_only_official_members_in_the_list_and_in_the_subtree_are_due(tree: Tree) -> None:
    make_member(tree.X1, admitted=dt.date(1990, 1, 1), official=None, given_name="Dự bị")  # never recognized
    make_member(tree.Y1, admitted=dt.date(1990, 1, 1), official=dt.date(1991, 1, 1), given_name="Xã khác")
    gone = member_admitted(tree, dt.date(1990, 1, 1), given_name="Mất")
    member_die(actor=None, member=gone, date=dt.date(2025, 12, 1))
    member_admitted(tree, dt.date(1990, 1, 1), given_name="Có")
    assert due_on(AWARD, tree.C1) == {"Có": 30}


def test_party_age_counts_once_official(tree: Tree) -> None:
    # Admitted 30 years before the award date, but recognized official only after it.
    make_member(tree.X1, admitted=dt.date(1996, 2, 3), official=dt.date(2026, 3, 1), date_of_birth=dt.date(1974, 1, 1), given_name="Muộn")
    assert due_on(AWARD) == {}
    assert due_on(dt.date(2026, 5, 19)) == {"Muộn": 30}


def test_who_is_due_is_one_query_whatever_the_number_of_members(tree: Tree) -> None:
    for year in range(1950, 1996, 3):
        member_admitted(tree, dt.date(year, 6, 1))
    with CaptureQueriesContext(connection) as queries:
        counts = due_counts(Member.objects.all(), AWARD)
    assert len(queries) == 1
    assert sum(counts.values()) == 16 and set(counts) <= {30, 40, 45, 50, 55, 60, 65, 70, 75}


# --- awards -----------------------------------------------------------------------------


def test_a_badge_on_the_award_date_is_recorded_with_its_audit_row(tree: Tree) -> None:
    member = member_admitted(tree, dt.date(1996, 2, 3))
    award = badge_award(actor=None, member=member, years=30, award_date=AWARD, decision_number="120-QĐ/TU")
    assert (award.years, award.case) == (30, BadgeCase.REGULAR)
    assert AuditEntry.objects.filter(action="badge.award", object_id=str(award.pk)).exists()
    with pytest.raises(Refusal, match="already holds the 30-year badge"):
        badge_award(actor=None, member=member, years=30, award_date=dt.date(2026, 5, 19))


def test_a_badge_before_the_milestone_is_refused_naming_the_rule(tree: Tree) -> None:
    member = member_admitted(tree, dt.date(1996, 2, 4))
    with pytest.raises(Refusal) as refusal:
        badge_award(actor=None, member=member, years=30, award_date=AWARD)
    assert "reaches 30 years of Party age on 04/02/2026" in refusal.value.text
    assert "HD 01-HD/TW (2021), mục 18" in refusal.value.text


def test_a_regular_award_is_on_an_award_day_and_for_a_milestone(tree: Tree) -> None:
    member = member_admitted(tree, dt.date(1990, 2, 3))
    with pytest.raises(Refusal, match="03/02, 19/05, 02/09, 07/11"):
        badge_award(actor=None, member=member, years=30, award_date=dt.date(2026, 2, 4))
    with pytest.raises(Refusal, match="There is no 35-year badge"):
        badge_award(actor=None, member=member, years=35, award_date=AWARD)


@pytest.mark.parametrize(
    ("admitted", "years", "award_date", "allowed"),
    [
        # 30-year badge reached on 03/02/2027: up to 12 months early.
        (dt.date(1997, 2, 3), 30, dt.date(2026, 2, 3), True),
        (dt.date(1997, 2, 3), 30, dt.date(2026, 2, 2), False),
        # 70-year badge reached on 01/03/2027: up to 24 months early.
        (dt.date(1957, 3, 1), 70, dt.date(2025, 3, 1), True),
        (dt.date(1957, 3, 1), 70, dt.date(2025, 2, 28), False),
    ],
)
def test_a_seriously_ill_member_may_receive_the_badge_early(
    tree: Tree, admitted: dt.date, years: int, award_date: dt.date, allowed: bool
) -> None:
    member = member_admitted(tree, admitted)
    if allowed:
        assert badge_award(actor=None, member=member, years=years, award_date=award_date, case=BadgeCase.SERIOUSLY_ILL).years == years
        return
    with pytest.raises(Refusal, match="may be awarded from") as refusal:
        badge_award(actor=None, member=member, years=years, award_date=award_date, case=BadgeCase.SERIOUSLY_ILL)
    assert "HD 01-HD/TW" in refusal.value.text


@pytest.mark.parametrize(("died", "allowed"), [(dt.date(2025, 6, 1), True), (dt.date(2025, 5, 31), False)])
def test_a_posthumous_award_is_for_a_death_at_most_12_months_before_the_milestone(tree: Tree, died: dt.date, allowed: bool) -> None:
    member = member_admitted(tree, dt.date(1996, 6, 1))  # 30 years on 01/06/2026
    member_die(actor=None, member=member, date=died)
    member.refresh_from_db()
    if allowed:
        award = badge_award(actor=None, member=member, years=30, award_date=dt.date(2025, 9, 2), case=BadgeCase.POSTHUMOUS)
        assert award.case == BadgeCase.POSTHUMOUS
        return
    with pytest.raises(Refusal, match="more than 12 months later") as refusal:
        badge_award(actor=None, member=member, years=30, award_date=dt.date(2025, 9, 2), case=BadgeCase.POSTHUMOUS)
    assert "HD 01-HD/TW" in refusal.value.text


def test_a_posthumous_award_needs_a_death_and_a_regular_one_a_living_member(tree: Tree) -> None:
    living = member_admitted(tree, dt.date(1990, 1, 1))
    with pytest.raises(Refusal, match="member who has died"):
        badge_award(actor=None, member=living, years=30, award_date=AWARD, case=BadgeCase.POSTHUMOUS)
    dead = member_admitted(tree, dt.date(1990, 1, 1))
    member_die(actor=None, member=dead, date=dt.date(2026, 1, 5))
    dead.refresh_from_db()
    with pytest.raises(Refusal, match="not in the list"):
        badge_award(actor=None, member=dead, years=30, award_date=AWARD)
    with pytest.raises(Refusal, match="comes after the death"):
        badge_award(actor=None, member=dead, years=30, award_date=dt.date(2026, 1, 4), case=BadgeCase.POSTHUMOUS)
    assert [(m, years) for m, years in posthumous_candidates(Member.objects.all(), AWARD)] == [(dead, 30)]


# --- pages ------------------------------------------------------------------------------


def test_the_due_list_for_a_chosen_award_date_and_its_export(tree: Tree, people: Personas) -> None:
    member_admitted(tree, dt.date(1996, 5, 19), family_name="Phạm", middle_name="Thị", given_name="Lan")
    member_admitted(tree, dt.date(1996, 5, 20), given_name="Chưa")
    client = client_for(people.commune_officer)
    page = client.get("/members/badges/", {"award_date": "19/05/2026"}).content.decode()
    assert "Party badges due on 19/05/2026" in page and "Phạm Thị Lan" in page and "Chưa" not in page
    assert "Record the badge" in page
    page = client.get("/members/badges/", {"award_date": "20/05/2026"}).content.decode()  # stands for 02/09/2026
    assert "Party badges due on 02/09/2026" in page and "Chưa" in page
    response = client.get("/members/badges/export.xlsx", {"award_date": "19/05/2026"})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("Phạm Thị Lan", 30)
    assert client_for(people.outsider).get("/members/badges/", {"award_date": "19/05/2026"}).content.decode().count("Phạm Thị Lan") == 0


def test_recording_a_badge_through_the_form(tree: Tree, people: Personas) -> None:
    member = member_admitted(tree, dt.date(1996, 2, 3))
    client = client_for(people.cell_secretary)
    form = {"years": "30", "case": "regular", "award_date": "03/02/2026", "decision_number": "1-QĐ/TU"}
    assert client.post(f"/members/badges/award/{member.pk}/", form).status_code == 302
    assert BadgeAward.objects.get(member=member).decision_number == "1-QĐ/TU"
    page = client.post(f"/members/badges/award/{member.pk}/", form).content.decode()
    assert "already holds the 30-year badge" in page
    assert "30-year badge" in client.get(f"/members/transfers/member/{member.pk}/").content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("commune_officer", 200), ("cell_secretary", 200), ("viewer", 403), ("member", 404), ("outsider", 404)],
)
def test_the_award_form_answers_by_scope_and_role(tree: Tree, people: Personas, persona: str, expected: int) -> None:
    member = member_admitted(tree, dt.date(1996, 2, 3))
    client = client_for(getattr(people, persona))
    assert client.get(f"/members/badges/award/{member.pk}/").status_code == expected
    if expected != 200:
        form = {"years": "30", "case": "regular", "award_date": "03/02/2026"}
        assert client.post(f"/members/badges/award/{member.pk}/", form).status_code == expected
        assert not BadgeAward.objects.exists()


def test_the_due_list_shows_nothing_to_a_member_role(tree: Tree, people: Personas) -> None:
    member_admitted(tree, dt.date(1990, 1, 1), given_name="Kín")
    page = client_for(people.member).get("/members/badges/").content.decode()
    assert "Kín" not in page and "0 members due" in page


def test_an_award_date_before_the_recorded_rules_is_explained(tree: Tree, people: Personas) -> None:
    response = client_for(people.commune_officer).get("/members/badges/", {"award_date": "01/01/1990"})
    assert response.status_code == 200
    assert "is recorded for 01/01/1990" in response.content.decode()
