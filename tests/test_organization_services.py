"""The tree's restructuring services: what each event does, and what each refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from partybuilding.core.errors import ConcurrentEdit, Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.core.records import Decision
from partybuilding.organizations import selectors
from partybuilding.organizations.choices import OrgEventKind, OrgKind, OrgStatus
from partybuilding.organizations.models import Organization, OrganizationEvent, SubtreeTotal
from partybuilding.organizations.services import (
    NewPart,
    organization_create,
    organization_dissolve,
    organization_merge,
    organization_move,
    organization_rename,
    organization_split,
    term_create,
)
from partybuilding.organizations.totals import recompute as totals_recompute

from .conftest import Tree, make_org

pytestmark = pytest.mark.django_db

SEPT = dt.date(2025, 9, 1)
DECISION = Decision(number="77-QĐ/TU", date=dt.date(2025, 8, 25), decided_by="Ban Thường vụ Tỉnh ủy")


def totals(org: Organization) -> dict[str, int]:
    return {k: v for k, v in SubtreeTotal.objects.filter(organization=org).values_list("key", "value") if v}


def writes() -> tuple[int, int, int]:
    return Organization.objects.count(), OrganizationEvent.objects.count(), AuditEntry.objects.count()


def test_creating_counts_the_new_organization_up_the_tree(tree: Tree) -> None:
    assert totals(tree.P) == {"org.province": 1, "org.commune": 2, "org.grassroots_committee": 2, "org.cell": 3}
    assert totals(tree.C1) == {"org.commune": 1, "org.grassroots_committee": 1, "org.cell": 2}
    assert selectors.kind_counts(tree.P) == {"commune": 2, "grassroots_committee": 2, "cell": 3}
    assert tree.X1.path.startswith(tree.G1.path) and tree.X1.depth == 4


def test_renaming_keeps_the_old_name_in_history(tree: Tree) -> None:
    organization_rename(actor=None, org=tree.X1, name="Chi bộ Thôn Đông Bắc", date=SEPT, decision=DECISION)
    tree.X1.refresh_from_db()
    assert tree.X1.name == "Chi bộ Thôn Đông Bắc"
    assert tree.X1.name_search == "chi bo thon dong bac"
    event = tree.X1.events.get(kind=OrgEventKind.RENAMED)
    assert (event.before, event.after, event.decision_number) == (
        {"name": "Chi bộ Thôn Đông"},
        {"name": "Chi bộ Thôn Đông Bắc"},
        "77-QĐ/TU",
    )
    assert selectors.version_on(tree.X1, dt.date(2025, 8, 31)).name == "Chi bộ Thôn Đông"
    assert selectors.version_on(tree.X1, SEPT).name == "Chi bộ Thôn Đông Bắc"


def test_moving_rewrites_the_subtree_and_moves_its_counts(tree: Tree) -> None:
    organization_move(actor=None, org=tree.G1, new_parent=tree.C2, date=SEPT, decision=DECISION)
    tree.refresh()
    assert tree.G1.parent == tree.C2
    assert tree.X1.path.startswith(tree.G1.path) and tree.G1.path.startswith(tree.C2.path)
    assert totals(tree.C1) == {"org.commune": 1}
    assert totals(tree.C2) == {"org.commune": 1, "org.grassroots_committee": 2, "org.cell": 3}
    assert totals(tree.P)["org.cell"] == 3
    assert totals_recompute() == []
    # The past still shows it under C1.
    before = selectors.tree_as_of(tree.C1.pk, dt.date(2025, 8, 31))
    assert [r.code for r in before] == ["G1"]
    assert [r.code for r in selectors.tree_as_of(tree.C2.pk, SEPT)] == ["G2", "G1"]


def test_merging_moves_the_children_and_leaves_a_readable_predecessor(tree: Tree) -> None:
    organization_merge(actor=None, org=tree.G2, into=tree.G1, date=SEPT, decision=DECISION)
    tree.refresh()
    assert tree.G2.status == OrgStatus.MERGED
    assert tree.G2.dissolved_on == SEPT
    assert tree.G2.successor == tree.G1
    assert tree.Y1.parent == tree.G1
    assert list(tree.G1.predecessors.all()) == [tree.G2]
    assert totals(tree.C2) == {"org.commune": 1}
    assert totals(tree.G1) == {"org.grassroots_committee": 1, "org.cell": 3}
    assert totals_recompute() == []
    assert {e.kind for e in tree.G2.events.all()} == {OrgEventKind.FOUNDED, OrgEventKind.MERGED}
    assert tree.G1.events.filter(kind=OrgEventKind.ABSORBED, related=tree.G2).exists()
    # As of the day before, G2 still stood with its cell.
    assert [r.code for r in selectors.tree_as_of(tree.G2.pk, dt.date(2025, 8, 31))] == ["Y1"]
    assert selectors.tree_as_of(tree.C2.pk, SEPT) == []


def test_splitting_founds_new_organizations_beside_the_original(tree: Tree) -> None:
    created = organization_split(
        actor=None,
        org=tree.X2,
        parts=[NewPart("X2A", "Chi bộ Thôn Tây A"), NewPart("X2B", "Chi bộ Thôn Tây B")],
        date=SEPT,
        decision=DECISION,
        dissolve_original=True,
    )
    tree.refresh()
    assert [o.parent for o in created] == [tree.G1, tree.G1]
    assert tree.X2.status == OrgStatus.DISSOLVED
    assert totals(tree.G1)["org.cell"] == 3
    assert all(o.events.filter(kind=OrgEventKind.SPLIT_FROM, related=tree.X2).exists() for o in created)
    assert tree.X2.events.get(kind=OrgEventKind.SPLIT).after == {"into": ["X2A", "X2B"], "dissolved": True}


def test_dissolving_keeps_the_record_readable(tree: Tree) -> None:
    organization_dissolve(actor=None, org=tree.Y1, date=SEPT, decision=DECISION)
    tree.refresh()
    assert tree.Y1.status == OrgStatus.DISSOLVED
    assert Organization.objects.filter(pk=tree.Y1.pk).exists()
    assert totals(tree.G2) == {"org.grassroots_committee": 1}
    assert [r.code for r in selectors.tree_as_of(tree.G2.pk, dt.date(2025, 8, 31))] == ["Y1"]
    assert selectors.tree_as_of(tree.G2.pk, SEPT) == []


def test_every_restructuring_writes_an_audit_row(tree: Tree) -> None:
    organization_rename(actor=None, org=tree.X1, name="Chi bộ Mới", date=SEPT, decision=DECISION)
    entry = AuditEntry.objects.filter(object_type="organizations.organization", object_id=str(tree.X1.pk)).last()
    assert entry.action == "organization.rename"
    assert entry.before["name"] == "Chi bộ Thôn Đông"
    assert entry.after["name"] == "Chi bộ Mới"
    assert entry.after["event"]["decision_number"] == "77-QĐ/TU"


# --- refusals: each names what is wrong and the rule, and writes nothing -----------------


def refused(run: object, *words: str) -> Refusal:
    before = writes()
    with pytest.raises(Refusal) as caught:
        run()  # type: ignore[operator]
    assert writes() == before, "a refused change must write nothing"
    for word in words:
        assert word in caught.value.text, caught.value.text
    assert caught.value.rule
    return caught.value


def test_it_refuses_moving_under_its_own_descendant(tree: Tree) -> None:
    refused(
        lambda: organization_move(actor=None, org=tree.C1, new_parent=tree.X1, date=SEPT, decision=DECISION),
        "cannot be moved under itself",
        "no cycles",
    )


def test_it_refuses_merging_into_a_dissolved_organization(tree: Tree) -> None:
    organization_dissolve(actor=None, org=tree.Y1, date=SEPT, decision=DECISION)
    tree.refresh()
    refused(
        lambda: organization_merge(actor=None, org=tree.X1, into=tree.Y1, date=SEPT, decision=DECISION),
        "dissolved",
        "only be merged into an active one",
    )


def test_it_refuses_a_dissolution_before_the_founding(tree: Tree) -> None:
    refused(
        lambda: organization_dissolve(actor=None, org=tree.X1, date=dt.date(2025, 6, 30), decision=Decision("1", dt.date(2025, 6, 1))),
        "30/06/2025",
        "before the founding date 01/07/2025",
    )


def test_it_refuses_a_duplicate_code(tree: Tree) -> None:
    refused(lambda: make_org(tree.G1, "X1", "Chi bộ khác", OrgKind.CELL), "code X1 is already used", "codes are unique")


def test_it_refuses_a_decision_dated_in_the_future(tree: Tree) -> None:
    future = dt.date.today() + dt.timedelta(days=3)
    refused(
        lambda: organization_rename(actor=None, org=tree.X1, name="Tên mới", date=SEPT, decision=Decision("9", future)),
        "decision date",
        "in the future",
    )


def test_it_refuses_a_kind_the_rules_in_force_do_not_allow_there(tree: Tree) -> None:
    refusal = refused(lambda: make_org(tree.P, "D1", "Đảng bộ huyện Cũ", OrgKind.DISTRICT, dt.date(2025, 8, 1)), "District Party Committee")
    assert refusal.rule == "QĐ 294-QĐ/TW"
    # The same district was allowed under the rules of 2024.
    district = make_org(tree.P, "D0", "Đảng bộ huyện Xưa", OrgKind.DISTRICT, dt.date(2024, 1, 1))
    assert district.kind == OrgKind.DISTRICT


def test_it_refuses_dissolving_an_organization_with_active_children(tree: Tree) -> None:
    refused(lambda: organization_dissolve(actor=None, org=tree.G1, date=SEPT, decision=DECISION), "still has active sub-organizations")


def test_it_refuses_an_event_dated_before_the_last_one(tree: Tree) -> None:
    organization_rename(actor=None, org=tree.X1, name="Tên A", date=dt.date(2025, 10, 1), decision=DECISION)
    tree.refresh()
    refused(
        lambda: organization_rename(actor=None, org=tree.X1, name="Tên B", date=SEPT, decision=DECISION),
        "before the organization's last recorded change",
    )


def test_it_refuses_merging_organizations_of_different_kinds(tree: Tree) -> None:
    refused(lambda: organization_merge(actor=None, org=tree.X1, into=tree.G2, date=SEPT, decision=DECISION), "same kind")


def test_a_second_save_from_a_stale_form_is_told_the_record_changed(tree: Tree) -> None:
    loaded_version = tree.X1.version
    organization_rename(
        actor=None, org=tree.X1, name="Tên của người thứ nhất", date=SEPT, decision=DECISION, expected_version=loaded_version
    )
    stale = Organization.objects.get(pk=tree.X1.pk)
    with pytest.raises(ConcurrentEdit) as conflict:
        organization_rename(
            actor=None, org=stale, name="Tên của người thứ hai", date=SEPT, decision=DECISION, expected_version=loaded_version
        )
    assert conflict.value.current.name == "Tên của người thứ nhất"
    assert Organization.objects.get(pk=tree.X1.pk).name == "Tên của người thứ nhất"


def test_terms_do_not_overlap(tree: Tree) -> None:
    term_create(actor=None, org=tree.P, start_year=2020, end_year=2025)
    term_create(actor=None, org=tree.P, start_year=2025, end_year=2030)
    with pytest.raises(Refusal, match="overlaps"):
        term_create(actor=None, org=tree.P, start_year=2022, end_year=2027)
    assert [str(t) for t in tree.P.terms.all()] == ["2025–2030", "2020–2025"]


def test_the_totals_check_finds_and_repairs_drift(tree: Tree) -> None:
    SubtreeTotal.objects.filter(organization=tree.P, key="org.cell").update(value=99)
    drift = totals_recompute()
    assert drift == [(tree.P.pk, "org.cell", 99, 3)]
    totals_recompute(fix=True)
    assert totals_recompute() == []


def test_search_ignores_diacritics(tree: Tree) -> None:
    found = selectors.search(Organization.objects.all(), "hoa lac")
    assert [o.code for o in found] == ["C2", "G2"]
    assert [o.code for o in selectors.search(Organization.objects.all(), "THON DONG")] == ["X1"]


def test_the_top_of_the_tree_as_of_a_date(tree: Tree) -> None:
    assert [r.code for r in selectors.tree_as_of(None, dt.date(2024, 1, 1))] == ["P"]
    assert [r.code for r in selectors.tree_as_of(tree.P.pk, dt.date(2024, 1, 1))] == []
    rows = selectors.tree_as_of(tree.P.pk, dt.date(2025, 7, 1))
    assert [(r.code, r.children) for r in rows] == [("C1", 1), ("C2", 1)]


def test_organization_create_refuses_under_an_ended_parent(tree: Tree) -> None:
    organization_dissolve(actor=None, org=tree.Y1, date=SEPT, decision=DECISION)
    tree.refresh()
    with pytest.raises(Refusal, match="cannot take in"):
        organization_create(actor=None, parent=tree.Y1, code="Z", name="Z", kind=OrgKind.CELL, founded_on=SEPT, decision=DECISION)
