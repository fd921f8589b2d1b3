"""Committee roles of a term, and the size rules of the Charter as warnings: the 9-member
threshold of a cell committee, its 7-member maximum, the 3 official members of a
grassroots organization; plus the dashboard's attention list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partybuilding.core.attention import attention
from partybuilding.core.errors import Refusal
from partybuilding.members.choices import CommitteeRoleKind as Role
from partybuilding.members.committees.selectors import offenders, size_warnings, term_roles
from partybuilding.members.committees.services import committee_role_assign, committee_role_end
from partybuilding.members.lifecycle.services import member_die
from partybuilding.members.models import CommitteeRole, Member
from partybuilding.members.transfers.services import transfer_issue, transfer_receive
from partybuilding.organizations.models import CommitteeTerm, Organization
from partybuilding.organizations.services import term_create

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 2)
SINCE = dt.date(2025, 10, 1)


def term_of(org: Organization) -> CommitteeTerm:
    return term_create(actor=None, org=org, start_year=2025, end_year=2030)


def members(org: Organization, n: int) -> list[Member]:
    return [make_member(org) for _ in range(n)]


def roles(term: CommitteeTerm, people: list[Member], *kinds: str) -> None:
    for member, kind in zip(people, kinds, strict=False):
        committee_role_assign(actor=None, term=term, member=member, role=kind, since=SINCE)


def warnings_of(org: Organization) -> list[str]:
    return [w.message for w in size_warnings(Organization.objects.filter(pk=org.pk), TODAY)]


# --- roles ------------------------------------------------------------------------------


def test_a_role_goes_to_a_member_of_the_organization_in_the_list(tree: Tree) -> None:
    term = term_of(tree.X1)
    own, other, gone = make_member(tree.X1), make_member(tree.X2), make_member(tree.X1)
    member_die(actor=None, member=gone, date=dt.date(2025, 9, 1))
    gone.refresh_from_db()
    committee_role_assign(actor=None, term=term, member=own, role=Role.SECRETARY, since=SINCE)
    with pytest.raises(Refusal, match="is not a member of Chi bộ Thôn Đông"):
        committee_role_assign(actor=None, term=term, member=other, role=Role.DEPUTY_SECRETARY, since=SINCE)
    with pytest.raises(Refusal, match="is not a member"):
        committee_role_assign(actor=None, term=term, member=gone, role=Role.DEPUTY_SECRETARY, since=SINCE)
    with pytest.raises(Refusal, match="already holds this role"):
        committee_role_assign(actor=None, term=term, member=own, role=Role.SECRETARY, since=SINCE)
    with pytest.raises(Refusal, match="outside the term 2025–2030"):
        committee_role_assign(actor=None, term=term, member=own, role=Role.MEMBER, since=dt.date(2024, 12, 31))


def test_a_grassroots_committee_takes_members_of_its_whole_subtree(tree: Tree) -> None:
    term = term_of(tree.G1)
    committee_role_assign(actor=None, term=term, member=make_member(tree.X2), role=Role.STANDING, since=SINCE)
    committee_role_assign(actor=None, term=term, member=make_member(tree.X1), role=Role.INSPECTION, since=SINCE)
    assert term.roles.count() == 2


def test_one_secretary_at_a_time_and_an_ended_role_frees_the_seat(tree: Tree) -> None:
    term = term_of(tree.X1)
    first, second = members(tree.X1, 2)
    role = committee_role_assign(actor=None, term=term, member=first, role=Role.SECRETARY, since=SINCE)
    with pytest.raises(Refusal, match="already has a secretary"):
        committee_role_assign(actor=None, term=term, member=second, role=Role.SECRETARY, since=SINCE)
    with pytest.raises(Refusal, match="ends after it starts"):
        committee_role_end(actor=None, role=role, until=SINCE)
    committee_role_end(actor=None, role=role, until=dt.date(2026, 3, 1))
    with pytest.raises(Refusal, match="already ended"):
        committee_role_end(actor=None, role=role, until=dt.date(2026, 3, 2))
    committee_role_assign(actor=None, term=term, member=second, role=Role.SECRETARY, since=dt.date(2026, 3, 1))
    assert [r.member for r in term_roles(term)] == [second, first]


# --- size rules -------------------------------------------------------------------------


@pytest.mark.parametrize(("official", "warned"), [(8, True), (9, False)])
def test_a_cell_under_9_official_members_has_a_secretary_not_a_committee(tree: Tree, official: int, warned: bool) -> None:
    people = members(tree.X1, official)
    roles(term_of(tree.X1), people, Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.MEMBER)
    found = [m for m in warnings_of(tree.X1) if "not a committee" in m]
    assert bool(found) == warned
    if warned:
        assert found == ["8 official members (under 9): the cell elects a secretary and a deputy, not a committee; 3 hold a role."]


def test_a_secretary_and_a_deputy_are_what_a_small_cell_elects(tree: Tree) -> None:
    people = members(tree.X1, 8)
    roles(term_of(tree.X1), people, Role.SECRETARY, Role.DEPUTY_SECRETARY)
    assert warnings_of(tree.X1) == []


@pytest.mark.parametrize(("official", "warned"), [(8, False), (9, True)])
def test_a_cell_of_9_official_members_elects_a_committee(tree: Tree, official: int, warned: bool) -> None:
    people = members(tree.X1, official)
    roles(term_of(tree.X1), people, Role.SECRETARY)
    assert bool([m for m in warnings_of(tree.X1) if "none is recorded" in m]) == warned


@pytest.mark.parametrize(("size", "warned"), [(7, False), (8, True)])
def test_a_cell_committee_has_at_most_7_members(tree: Tree, size: int, warned: bool) -> None:
    people = members(tree.X1, 12)
    roles(term_of(tree.X1), people, Role.SECRETARY, Role.DEPUTY_SECRETARY, *[Role.MEMBER] * (size - 2))
    assert warnings_of(tree.X1) == (["The cell committee has 8 members; at most 7."] if warned else [])


def test_ended_roles_do_not_count(tree: Tree) -> None:
    people = members(tree.X1, 12)
    term = term_of(tree.X1)
    roles(term, people, Role.SECRETARY, Role.DEPUTY_SECRETARY, *[Role.MEMBER] * 6)
    committee_role_end(actor=None, role=CommitteeRole.objects.filter(role=Role.MEMBER).first(), until=dt.date(2026, 1, 1))
    assert warnings_of(tree.X1) == []


@pytest.mark.parametrize(("official", "warned"), [(2, True), (3, False)])
def test_a_grassroots_organization_needs_3_official_members(tree: Tree, official: int, warned: bool) -> None:
    members(tree.X1, official)
    make_member(tree.X2, official=None, admitted=dt.date(2026, 1, 5))  # probationary: not counted
    found = warnings_of(tree.G1)
    assert found == ([f"{official} official members; a grassroots organization or a cell needs at least 3."] if warned else [])


def test_temporary_guests_do_not_count_for_the_size_rules(tree: Tree) -> None:
    guests = members(tree.X1, 3)
    for guest in guests:
        transfer = transfer_issue(
            actor=None, member=guest, kind="temporary", to_organization=tree.Y1, letter_number="1", letter_date=dt.date(2026, 9, 1),
            until=dt.date(2027, 3, 1),
        )  # fmt: skip
        transfer_receive(actor=None, transfer=transfer, date=dt.date(2026, 9, 2))
    assert any("0 official members" in m for m in warnings_of(tree.G2))


def test_the_warnings_of_a_whole_tree_are_one_query(tree: Tree) -> None:
    roles(term_of(tree.X1), members(tree.X1, 4), Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.MEMBER)
    members(tree.Y1, 10)
    orgs = Organization.objects.within(tree.P)
    with CaptureQueriesContext(connection) as queries:
        found = list(offenders(orgs, TODAY))
    assert len(queries) == 1
    assert {o.code for o in found} == {"X1", "X2", "Y1"}  # a committee too many; empty; 10 members, no committee


# --- pages and the attention list -------------------------------------------------------


def test_the_term_page_lists_roles_and_assigns_one(tree: Tree, people: Personas) -> None:
    term = term_of(tree.X1)
    member = make_member(tree.X1, family_name="Lê", middle_name="Thị", given_name="Hoa", card="79012345")
    client = client_for(people.cell_secretary)
    day = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(f"/members/committees/terms/{term.pk}/assign/", {"member": "le thi hoa", "role": "secretary", "since": day})
    assert response.status_code == 302
    page = client.get(f"/members/committees/terms/{term.pk}/").content.decode()
    assert "Lê Thị Hoa" in page and "Secretary" in page and 'data-testid="size-warnings"' in page
    page = client.post(
        f"/members/committees/terms/{term.pk}/assign/", {"member": "79012345", "role": "secretary", "since": day}
    ).content.decode()
    assert "already holds this role" in page
    role = CommitteeRole.objects.get(member=member)
    assert client.post(f"/members/committees/roles/{role.pk}/end/", {"until": timezone.localdate().strftime("%d/%m/%Y")}).status_code == 302
    assert CommitteeRole.objects.get(pk=role.pk).until == timezone.localdate()


def test_the_organization_page_links_each_terms_roles(tree: Tree, people: Personas) -> None:
    term = term_of(tree.X1)
    page = client_for(people.commune_officer).get(f"/organizations/{tree.X1.pk}/").content.decode()
    assert f"/members/committees/terms/{term.pk}/" in page


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("commune_officer", 200, 200),
        ("cell_secretary", 200, 200),
        ("viewer", 200, 403),
        ("member", 403, 403),
        ("outsider", 404, 404),
    ],
)
def test_committee_pages_answer_by_scope_and_role(tree: Tree, people: Personas, persona: str, read: int, write: int) -> None:
    term = term_of(tree.X1)
    role = CommitteeRole.objects.create(term=term, member=make_member(tree.X1), role=Role.SECRETARY, since=SINCE)
    client = client_for(getattr(people, persona))
    assert client.get(f"/members/committees/terms/{term.pk}/").status_code == read
    assert client.get(f"/members/committees/terms/{term.pk}/assign/").status_code == write
    assert client.get(f"/members/committees/roles/{role.pk}/end/").status_code == write
    if write != 200:
        client.post(f"/members/committees/roles/{role.pk}/end/", {"until": "01/11/2026"})
        assert CommitteeRole.objects.get(pk=role.pk).until is None


def test_the_warnings_page_of_the_scope(tree: Tree, people: Personas) -> None:
    members(tree.X1, 2)
    page = client_for(people.commune_officer).get("/members/committees/warnings/").content.decode()
    assert "Chi bộ Thôn Đông" in page and "needs at least 3" in page and "Chi bộ Ấp Một" not in page
    assert client_for(people.member).get("/members/committees/warnings/").status_code == 403


def test_the_attention_list_counts_what_needs_acting_on(tree: Tree, people: Personas) -> None:
    today = timezone.localdate()
    late = make_member(tree.X1)
    transfer_issue(
        actor=None, member=late, kind="official", to_organization=tree.Y1, letter_number="3", letter_date=today - dt.timedelta(days=31)
    )
    make_member(tree.X1, admitted=dt.date(1970, 1, 1), official=dt.date(1971, 1, 1), date_of_birth=dt.date(1948, 1, 1))
    items = {item.label.split(" on ")[0].split(" due")[0]: item for item in attention(tree.C1, today, people.commune_officer)}
    assert items["Transfers overdue"].count == 1
    assert items["Transfers overdue"].url == "/members/transfers/?overdue=1"
    assert items["Party badges"].count == 1
    assert items["Organizations breaking the size rules"].count == 3  # G1 has 2 official members, X1 2, X2 none
    assert attention(tree.C1, today, people.member) == []
    own = [i.label for i in attention(tree.C2, today, people.outsider) if not i.url.startswith("/meetings/")]
    assert own == ["Transfers overdue", "Organizations breaking the size rules"]


def test_the_dashboard_shows_the_attention_list(tree: Tree, people: Personas) -> None:
    members(tree.X1, 2)
    client = client_for(people.commune_officer)
    page = client.get("/").content.decode()
    assert 'hx-get="/members/attention/"' in page  # loaded after the figures
    listed = client.get("/members/attention/").content.decode()
    assert "Organizations breaking the size rules" in listed and "/members/committees/warnings/" in listed
