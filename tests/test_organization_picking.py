"""Organizations are picked by name (diacritics and case ignored), by code, or from the
suggestions, which show the parent and the code; namesakes are told apart everywhere."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django import forms

from partybuilding.admissions.choices import Stage
from partybuilding.core.forms import OrganizationField, ScopedForm
from partybuilding.core.scope import Action
from partybuilding.members.models import Member
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from .admissions_factories import make_candidate, official_member, walk
from .conftest import Personas, Tree, client_for, make_org
from .members_factories import make_member

pytestmark = pytest.mark.django_db


class CellForm(ScopedForm):
    cell = OrganizationField("cell", action=Action.MANAGE_MEMBERS)


def picked(user: object, text: str) -> Organization | str:
    form = CellForm({"cell": text}, user=user)
    return form.cleaned_data["cell"] if form.is_valid() else " ".join(form.errors["cell"])


@pytest.fixture
def namesake(tree: Tree) -> Organization:
    """A second "Chi bộ Thôn Đông", in the sibling commune."""
    return make_org(tree.G2, "Y2", "Chi bộ Thôn Đông", OrgKind.CELL)


def test_a_cell_is_picked_by_its_name_whatever_the_accents_and_case(tree: Tree, people: Personas) -> None:
    assert picked(people.commune_officer, "Chi bộ Thôn Tây") == tree.X2
    assert picked(people.commune_officer, "chi bo thon tay") == tree.X2
    assert picked(people.commune_officer, "  CHI BỘ   THÔN TÂY ") == tree.X2


def test_a_cell_is_picked_by_its_code_or_by_the_suggestion(tree: Tree, people: Personas) -> None:
    assert picked(people.commune_officer, "x2") == tree.X2
    suggestion = Organization.objects.select_related("parent").get(pk=tree.X2.pk).picker_text
    assert suggestion == "Chi bộ Thôn Tây — Đảng bộ Trường THPT Nguyễn Huệ (X2)"
    assert picked(people.commune_officer, suggestion) == tree.X2


def test_a_name_two_cells_bear_asks_to_pick_one_listing_them_with_their_parents(
    tree: Tree, people: Personas, namesake: Organization
) -> None:
    error = str(picked(people.provincial_officer, "Chi bộ Thôn Đông"))
    assert "Several organizations are called Chi bộ Thôn Đông" in error
    assert "Chi bộ Thôn Đông — Đảng bộ Trường THPT Nguyễn Huệ (X1)" in error
    assert "Chi bộ Thôn Đông — Đảng bộ xã Hòa Lạc cũ (Y2)" in error
    assert picked(people.provincial_officer, "Chi bộ Thôn Đông — Đảng bộ xã Hòa Lạc cũ (Y2)") == namesake


def test_a_namesake_outside_the_scope_is_not_a_candidate(tree: Tree, people: Personas, namesake: Organization) -> None:
    assert picked(people.commune_officer, "Chi bộ Thôn Đông") == tree.X1


def test_an_unknown_name_or_one_outside_the_scope_is_refused_alike(tree: Tree, people: Personas) -> None:
    assert picked(people.commune_officer, "Chi bộ Thôn Bắc") == "No organization called Chi bộ Thôn Bắc is within your scope."
    assert picked(people.commune_officer, "Chi bộ Ấp Một") == "No organization called Chi bộ Ấp Một is within your scope."
    assert picked(people.commune_officer, "Chi bộ Ấp Một — Đảng bộ xã Hòa Lạc cũ (Y1)") == (
        "No organization called Chi bộ Ấp Một — Đảng bộ xã Hòa Lạc cũ (Y1) is within your scope."
    )
    assert picked(people.commune_officer, "Y1") == "No organization with code Y1 is within your scope."


def test_a_field_without_an_action_picks_among_every_organization(tree: Tree) -> None:
    class AnyForm(forms.Form):
        org = OrganizationField("org")

    form = AnyForm({"org": "chi bo ap mot"})
    assert form.is_valid() and form.cleaned_data["org"] == tree.Y1
    refused = AnyForm({"org": "Nowhere at all"})
    assert not refused.is_valid() and refused.errors["org"] == ["No organization is called Nowhere at all."]


def test_a_new_member_is_entered_in_a_cell_named_as_people_say_it(tree: Tree, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    form = {
        "organization": "chi bo thon dong", "family_name": "Hoàng", "middle_name": "Thị", "given_name": "Mai", "gender": "F",
        "date_of_birth": "02/03/1990", "ethnicity": "01", "religion": "none", "education": "upper_secondary",
        "qualification": "bachelor", "theory": "elementary", "occupation": "public_employee", "admission_date": "19/05/2025",
        "submission": str(uuid.uuid4()),
    }  # fmt: skip
    assert client.post("/members/new/", form).status_code == 302
    assert Member.objects.get(given_name="Mai").organization == tree.X1


def test_the_suggestions_show_the_parent_and_the_code(tree: Tree, people: Personas, namesake: Organization) -> None:
    page = client_for(people.provincial_officer).get("/organizations/options/", {"q": "thon dong"}).content.decode()
    assert 'value="Chi bộ Thôn Đông — Đảng bộ Trường THPT Nguyễn Huệ (X1)"' in page
    assert 'value="Chi bộ Thôn Đông — Đảng bộ xã Hòa Lạc cũ (Y2)"' in page


def test_an_organization_says_enough_to_tell_it_from_its_namesakes(tree: Tree, namesake: Organization) -> None:
    with_parent = Organization.objects.select_related("parent").get(pk=namesake.pk)
    assert with_parent.label == "Chi bộ Thôn Đông — Đảng bộ xã Hòa Lạc cũ"
    assert Organization.objects.get(pk=namesake.pk).label == "Chi bộ Thôn Đông · Y2"  # no query for the parent
    assert Organization.objects.get(pk=tree.P.pk).label == "Đảng bộ tỉnh Thử Nghiệm"  # the top has no namesake to fear


def test_the_member_list_tells_namesake_cells_apart(tree: Tree, people: Personas, namesake: Organization) -> None:
    make_member(tree.X1, given_name="Đông")
    make_member(namesake, given_name="Xa")
    page = client_for(people.provincial_officer).get("/members/").content.decode()
    assert "Chi bộ Thôn Đông — Đảng bộ Trường THPT Nguyễn Huệ" in page
    assert "Chi bộ Thôn Đông — Đảng bộ xã Hòa Lạc cũ" in page


def test_the_label_costs_no_query(tree: Tree, django_assert_num_queries: Any) -> None:
    rows = list(Organization.objects.filter(parent__isnull=False).order_by("path"))
    with django_assert_num_queries(0):
        labels = [org.label for org in rows]
    assert "Chi bộ Thôn Đông · X1" in labels


def test_introducers_are_offered_with_their_cell(tree: Tree, people: Personas) -> None:
    candidate = walk(make_candidate(tree.X1), Stage.COURSE)
    official_member(tree.X2, family_name="Lê", middle_name="Văn", given_name="An")
    page = client_for(people.commune_officer).get(f"/admissions/{candidate.pk}/introducers/").content.decode()
    assert "Lê Văn An — Chi bộ Thôn Tây" in page
