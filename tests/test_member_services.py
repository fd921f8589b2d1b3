"""Member lifecycle services: each event's effect, its refusals at the rule's boundary,
the counters, and "who was a member on date D"."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from partybuilding.core.errors import ConcurrentEdit, Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.core.records import Decision
from partybuilding.members.choices import EventKind, MemberStatus
from partybuilding.members.lifecycle.services import (
    member_die,
    member_exempt,
    member_exemption_lift,
    member_expel,
    member_recognize,
    member_remove,
    member_transfer,
    member_transfer_out,
)
from partybuilding.members.models import Member, MemberEvent
from partybuilding.members.records.selectors import counted_total, members_on, ranked_search, search
from partybuilding.members.records.services import member_update
from partybuilding.organizations.models import SubtreeTotal
from partybuilding.organizations.totals import recompute

from .conftest import Tree
from .members_factories import make_member, personal

pytestmark = pytest.mark.django_db

DECISION = Decision(number="45-QĐ/ĐU", date=dt.date(2025, 9, 10), decided_by="Đảng ủy")


def totals(org, *keys: str) -> dict[str, int]:
    rows = dict(SubtreeTotal.objects.filter(organization=org, key__in=keys).values_list("key", "value"))
    return {k: rows.get(k, 0) for k in keys}


def test_admitting_a_member_counts_them_up_the_tree(tree: Tree) -> None:
    member = make_member(tree.X1, official=None, admitted=dt.date(2025, 3, 1), gender="F", ethnicity="02")
    assert member.status == MemberStatus.PROBATIONARY
    assert member.full_name == "Nguyễn Văn " + member.given_name
    assert member.name_search.startswith("nguyen van anh")
    for org in (tree.X1, tree.G1, tree.C1, tree.P):
        assert totals(org, "m.all", "m.status.probationary", "m.gender.F", "m.minority") == {
            "m.all": 1, "m.status.probationary": 1, "m.gender.F": 1, "m.minority": 1
        }  # fmt: skip
    assert totals(tree.C2, "m.all") == {"m.all": 0}
    assert [e.kind for e in member.events.all()] == [EventKind.ADMITTED]


def test_an_existing_official_members_record_shows_both_steps(tree: Tree) -> None:
    member = make_member(tree.X1, admitted=dt.date(2001, 5, 19), official=dt.date(2002, 5, 19))
    assert member.status == MemberStatus.OFFICIAL
    assert [e.kind for e in member.events.order_by("date")] == [EventKind.ADMITTED, EventKind.RECOGNIZED]
    assert member.party_age_on(dt.date(2026, 5, 18)) == 24
    assert member.party_age_on(dt.date(2026, 5, 19)) == 25


def test_it_refuses_an_official_date_before_the_probation_ends(tree: Tree) -> None:
    with pytest.raises(Refusal) as refusal:
        make_member(tree.X1, admitted=dt.date(2020, 3, 15), official=dt.date(2021, 3, 14))
    assert "before the 12 months of probation ended on 15/03/2021" in refusal.value.text
    assert "Điều lệ Đảng, Điều 5" in refusal.value.text
    assert make_member(tree.X1, admitted=dt.date(2020, 3, 15), official=dt.date(2021, 3, 15)).status == MemberStatus.OFFICIAL


def test_it_refuses_an_applicant_under_18_at_admission(tree: Tree) -> None:
    born = dt.date(2005, 6, 10)
    with pytest.raises(Refusal) as refusal:
        make_member(tree.X1, date_of_birth=born, admitted=dt.date(2023, 6, 9), official=None)
    assert "17 years 11 months" in refusal.value.text
    assert make_member(tree.X1, date_of_birth=born, admitted=dt.date(2023, 6, 10), official=None).age_on(dt.date(2023, 6, 10)) == 18


def test_members_belong_to_cells(tree: Tree) -> None:
    with pytest.raises(Refusal, match="belong to a Party cell"):
        make_member(tree.C1)


def test_card_numbers_and_citizen_ids_are_unique(tree: Tree) -> None:
    make_member(tree.X1, card="79000123", citizen_id="001080099999")
    with pytest.raises(Refusal, match="card number 79000123"):
        make_member(tree.X2, card="79000123")
    with pytest.raises(Refusal, match="citizen ID") as refusal:
        make_member(tree.X2, citizen_id="001080099999")
    assert "001080099999" not in refusal.value.text


def test_recognition_dates_from_the_end_of_probation_even_when_the_meeting_was_late(tree: Tree) -> None:
    member = make_member(tree.X1, admitted=dt.date(2024, 8, 20), official=None)
    member_recognize(actor=None, member=member, decision=Decision("9-QĐ", dt.date(2025, 10, 3)))
    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL
    assert member.official_date == dt.date(2025, 8, 20)
    assert totals(tree.P, "m.status.official", "m.status.probationary") == {"m.status.official": 1, "m.status.probationary": 0}


def test_recognition_before_the_12_months_end_is_refused_on_the_day_before(tree: Tree) -> None:
    member = make_member(tree.X1, admitted=dt.date(2024, 10, 1), official=None)
    with pytest.raises(Refusal, match="before the 12 months of probation ended on 01/10/2025"):
        member_recognize(actor=None, member=member, decision=Decision("9-QĐ", dt.date(2025, 9, 30)))
    member_recognize(actor=None, member=member, decision=Decision("9-QĐ", dt.date(2025, 10, 1)))
    assert Member.objects.get(pk=member.pk).official_date == dt.date(2025, 10, 1)


def test_a_transfer_moves_the_member_and_the_counts(tree: Tree) -> None:
    member = make_member(tree.X1)
    member_transfer(actor=None, member=member, to_organization=tree.Y1, date=dt.date(2025, 9, 15), decision=DECISION)
    member.refresh_from_db()
    assert member.organization == tree.Y1 and member.org_path == tree.Y1.path
    assert totals(tree.C1, "m.all") == {"m.all": 0}
    assert totals(tree.C2, "m.all") == {"m.all": 1}
    assert totals(tree.P, "m.all") == {"m.all": 1}
    assert recompute() == []
    event = member.events.get(kind=EventKind.TRANSFERRED)
    assert (event.organization, event.to_organization) == (tree.X1, tree.Y1)


def test_members_of_an_organization_on_a_past_date(tree: Tree) -> None:
    moved = make_member(tree.X1, admitted=dt.date(2015, 1, 5), official=dt.date(2016, 1, 5))
    stayed = make_member(tree.X1, admitted=dt.date(2015, 1, 5), official=dt.date(2016, 1, 5))
    newcomer = make_member(tree.X1, admitted=dt.date(2025, 8, 1), official=None)
    member_transfer(actor=None, member=moved, to_organization=tree.Y1, date=dt.date(2025, 9, 15), decision=DECISION)
    assert set(members_on(tree.C1, dt.date(2025, 9, 14))) == {moved, stayed, newcomer}
    assert set(members_on(tree.C1, dt.date(2025, 9, 15))) == {stayed, newcomer}
    assert set(members_on(tree.C1, dt.date(2015, 6, 1))) == {moved, stayed}
    then = members_on(tree.C1, dt.date(2015, 6, 1)).get(pk=stayed.pk)
    assert then.status_then == MemberStatus.PROBATIONARY
    assert set(members_on(tree.P, dt.date(2025, 9, 15))) == {moved, stayed, newcomer}


def test_leaving_the_list_ends_the_counts_but_keeps_the_record(tree: Tree) -> None:
    member = make_member(tree.X1)
    member_die(actor=None, member=member, date=dt.date(2025, 9, 20))
    member.refresh_from_db()
    assert member.status == MemberStatus.DECEASED
    assert totals(tree.P, "m.all") == {"m.all": 0}
    assert members_on(tree.X1, dt.date(2025, 9, 19)).count() == 1
    assert members_on(tree.X1, dt.date(2025, 9, 20)).count() == 0
    with pytest.raises(Refusal, match="no longer in the list"):
        member_transfer(actor=None, member=member, to_organization=tree.X2, date=dt.date(2025, 9, 21), decision=DECISION)


def test_removing_a_probationary_member_needs_two_thirds_of_the_official_members(tree: Tree) -> None:
    member = make_member(tree.X1, admitted=dt.date(2025, 2, 1), official=None)
    with pytest.raises(Refusal) as refusal:
        member_remove(
            actor=None, member=member, reason="not_recognized", date=dt.date(2025, 9, 1), decision=DECISION, votes_for=5, official_members=8
        )
    assert "at least 2/3" in refusal.value.text and "QĐ 294-QĐ/TW" in refusal.value.text
    member_remove(
        actor=None, member=member, reason="not_recognized", date=dt.date(2025, 9, 1), decision=DECISION, votes_for=6, official_members=9
    )
    assert Member.objects.get(pk=member.pk).status == MemberStatus.REMOVED


def test_an_official_member_is_removed_on_a_ground_of_the_rules(tree: Tree) -> None:
    member = make_member(tree.X1)
    with pytest.raises(Refusal, match="ground"):
        member_remove(actor=None, member=member, reason="dislike", date=dt.date(2025, 9, 1), decision=DECISION)
    member_remove(actor=None, member=member, reason="dues", date=dt.date(2025, 9, 1), decision=DECISION)
    assert member.events.get(kind=EventKind.REMOVED).get_reason_display().startswith("Did not pay dues")


def test_an_expulsion_needs_its_decision(tree: Tree) -> None:
    member = make_member(tree.X1)
    with pytest.raises(Refusal, match="with its decision"):
        member_expel(actor=None, member=member, date=dt.date(2025, 9, 1), decision=Decision())
    member_expel(actor=None, member=member, date=dt.date(2025, 9, 1), decision=DECISION)
    assert Member.objects.get(pk=member.pk).status == MemberStatus.EXPELLED


def test_exemption_is_a_flag_with_a_date(tree: Tree) -> None:
    member = make_member(tree.X1)
    member_exempt(actor=None, member=member, date=dt.date(2025, 9, 1), decision=DECISION)
    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL and member.exempt_since == dt.date(2025, 9, 1)
    assert totals(tree.P, "m.exempt", "m.all") == {"m.exempt": 1, "m.all": 1}
    member_exemption_lift(actor=None, member=member, date=dt.date(2025, 10, 1), decision=DECISION)
    assert totals(tree.P, "m.exempt") == {"m.exempt": 0}


def test_an_event_before_the_last_one_or_in_the_future_is_refused(tree: Tree) -> None:
    member = make_member(tree.X1)
    member_exempt(actor=None, member=member, date=dt.date(2025, 9, 1), decision=DECISION)
    with pytest.raises(Refusal, match="before the member's last recorded event"):
        member_transfer(actor=None, member=member, to_organization=tree.X2, date=dt.date(2025, 8, 1), decision=DECISION)
    with pytest.raises(Refusal, match="in the future"):
        member_transfer_out(
            actor=None, member=member, outside="Đảng bộ Quân đội", date=dt.date.today() + dt.timedelta(days=1), decision=DECISION
        )


def test_a_double_submit_records_the_event_once(tree: Tree) -> None:
    member = make_member(tree.X1)
    submission = uuid.uuid4()
    member_exempt(actor=None, member=member, date=dt.date(2025, 9, 1), decision=DECISION, submission=submission)
    member.refresh_from_db()
    with pytest.raises(Refusal, match="already submitted"):
        member_exemption_lift(actor=None, member=member, date=dt.date(2025, 9, 2), decision=DECISION, submission=submission)
    assert MemberEvent.objects.filter(member=member, kind=EventKind.EXEMPTION_LIFTED).count() == 0
    assert Member.objects.get(pk=member.pk).exempt_since == dt.date(2025, 9, 1)


def test_a_stale_edit_is_told_the_record_changed(tree: Tree) -> None:
    member = make_member(tree.X1)
    version = member.version
    member_update(
        actor=None,
        member=member,
        data=personal(given_name="Bình", citizen_id=member.citizen_id),
        card_number=None,
        expected_version=version,
    )
    stale = Member.objects.get(pk=member.pk)
    with pytest.raises(ConcurrentEdit):
        member_update(
            actor=None,
            member=stale,
            data=personal(given_name="Cường", citizen_id=member.citizen_id),
            card_number=None,
            expected_version=version,
        )
    assert Member.objects.get(pk=member.pk).given_name == "Bình"


def test_editing_the_record_moves_its_counts(tree: Tree) -> None:
    member = make_member(tree.X1, gender="M")
    member_update(
        actor=None, member=member, data=personal(gender="F", citizen_id=member.citizen_id), card_number=None, expected_version=None
    )
    assert totals(tree.P, "m.gender.M", "m.gender.F") == {"m.gender.M": 0, "m.gender.F": 1}
    assert recompute() == []


def test_the_audit_log_notes_identifiers_without_copying_them(tree: Tree) -> None:
    member = make_member(tree.X1, citizen_id="001080012345", phone="0912345678")
    entry = AuditEntry.objects.filter(object_type="members.member", object_id=str(member.pk)).last()
    assert entry.after["citizen_id"] == "set" and entry.after["phone"] == "set"
    assert "001080012345" not in str(entry.after)


def test_moving_an_organization_carries_its_members(tree: Tree) -> None:
    from partybuilding.organizations.services import organization_move

    member = make_member(tree.X1)
    organization_move(actor=None, org=tree.G1, new_parent=tree.C2, date=dt.date(2025, 9, 1), decision=DECISION)
    member.refresh_from_db()
    tree.refresh()
    assert member.org_path == tree.X1.path
    assert totals(tree.C2, "m.all") == {"m.all": 1}
    assert totals(tree.C1, "m.all") == {"m.all": 0}
    assert recompute() == []


def test_vietnamese_list_order_is_by_given_name_then_family_name(tree: Tree) -> None:
    for family, middle, given in [
        ("Trần", "Văn", "Bình"),
        ("Nguyễn", "Thị", "Ánh"),
        ("Lê", "Văn", "An"),
        ("Phạm", "Thị", "Anh"),
        ("Đỗ", "", "Ánh"),
    ]:
        make_member(tree.X1, family_name=family, middle_name=middle, given_name=given)
    names = [m.full_name for m in Member.objects.order_by("sort_key")]
    assert names == ["Lê Văn An", "Phạm Thị Anh", "Đỗ Ánh", "Nguyễn Thị Ánh", "Trần Văn Bình"]


def test_search_ignores_diacritics_and_case(tree: Tree) -> None:
    target = make_member(tree.X1, family_name="Nguyễn", middle_name="Văn", given_name="Ánh", card="79000555")
    make_member(tree.X1, family_name="Nguyễn", middle_name="Văn", given_name="Bảo")
    assert list(search(Member.objects.all(), "nguyen van anh")) == [target]
    assert list(search(Member.objects.all(), "NGUYỄN VĂN ÁNH")) == [target]
    assert list(search(Member.objects.all(), "anh")) == [target]
    assert list(search(Member.objects.all(), "79000555")) == [target]


def test_a_search_lists_full_name_starts_first_then_given_names(tree: Tree) -> None:
    def named(family: str, middle: str, given: str) -> Member:
        return make_member(tree.X1, family_name=family, middle_name=middle, given_name=given)

    lan_both = named("Lan", "Thị", "Lan")  # matches twice, listed once
    lam = named("Lâm", "Văn", "Hùng")
    bui_lan = named("Bùi", "Thị", "Lan")
    an_lan = named("Đỗ", "Thị", "Lan")
    named("Nguyễn", "Lan", "Anh")  # a middle name is neither the start of the name nor the given name
    found = ranked_search(Member.objects.all(), "la")
    assert found == [lam.pk, lan_both.pk, bui_lan.pk, an_lan.pk]
    assert set(search(Member.objects.all(), "la")) == {lam, lan_both, bui_lan, an_lan}


def test_a_search_stops_one_past_its_limit(tree: Tree) -> None:
    for given in ("An", "Anh", "Ánh", "Ân"):
        make_member(tree.X1, family_name="Trần", given_name=given)
    assert len(ranked_search(Member.objects.all(), "an", limit=2)) == 3
    assert len(ranked_search(Member.objects.all(), "an", limit=10)) == 4
    assert len(ranked_search(Member.objects.all(), "tran", limit=2)) == 3


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"status": "official"},
        {"status": "probationary"},
        {"gender": "F"},
        {"ethnicity": "minority"},
        {"ethnicity": "02"},
        {"exempt": "yes"},
        {"religion": "buddhism"},
    ],
)
def test_the_list_count_from_the_totals_is_the_count_of_the_rows(tree: Tree, filters: dict[str, str]) -> None:
    make_member(tree.X1, gender="F", ethnicity="02", religion="buddhism")
    make_member(tree.X1, official=None)
    make_member(tree.X2, gender="M")
    rows = Member.objects.in_list().within(tree.G1).filter(**{k: v for k, v in filters.items() if k not in ("ethnicity", "exempt")})
    if filters.get("ethnicity") == "minority":
        rows = rows.exclude(ethnicity="01")
    elif "ethnicity" in filters:
        rows = rows.filter(ethnicity=filters["ethnicity"])
    if "exempt" in filters:
        rows = rows.filter(exempt_since__isnull=False)
    assert counted_total(tree.G1, filters) == rows.count()


def test_filters_the_totals_do_not_keep_are_counted_from_the_rows(tree: Tree) -> None:
    assert counted_total(tree.G1, {"gender": "F", "status": "official"}) is None
    assert counted_total(tree.G1, {"q": "lan"}) is None
    assert counted_total(tree.G1, {"age": "18-30"}) is None
    assert counted_total(tree.G1, {"religion": "any"}) is None
