from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partybuilding.organizations.choices import OrgKind, OrgStatus
from partybuilding.organizations.models import Organization

from .conftest import Personas, Tree, client_for, decision_data, make_org

pytestmark = pytest.mark.django_db


def test_the_tree_page_shows_the_scope_with_its_children_and_counts(tree: Tree, people: Personas) -> None:
    page = client_for(people.provincial_officer).get("/organizations/").content.decode()
    assert "Đảng bộ tỉnh Thử Nghiệm" in page
    assert "7 sub-organizations" in page
    assert "Đảng bộ xã An Bình" in page and "3 sub-organizations" in page


def test_opening_a_node_loads_its_children(tree: Tree, people: Personas) -> None:
    fragment = client_for(people.provincial_officer).get(f"/organizations/{tree.G1.pk}/children/", HTTP_HX_REQUEST="true").content.decode()
    assert "Chi bộ Thôn Đông" in fragment and "Chi bộ Thôn Tây" in fragment
    assert "<html" not in fragment


def test_the_tree_page_issues_a_bounded_number_of_queries(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    client.get("/organizations/")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/organizations/{tree.G1.pk}/children/")
    for n in range(30):
        make_org(tree.G1, f"N{n}", f"Chi bộ số {n}", OrgKind.CELL)
    with CaptureQueriesContext(connection) as large:
        response = client.get(f"/organizations/{tree.G1.pk}/children/")
    assert "Chi bộ số 29" in response.content.decode()
    assert len(large) == len(small) <= 8


def test_the_organization_page_issues_a_bounded_number_of_queries(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    with CaptureQueriesContext(connection) as small:
        client.get(f"/organizations/{tree.G1.pk}/")
    for n in range(20):
        make_org(tree.G1, f"M{n}", f"Chi bộ thêm {n}", OrgKind.CELL)
    with CaptureQueriesContext(connection) as large:
        client.get(f"/organizations/{tree.G1.pk}/")
    assert len(large) == len(small)


def test_search_ignores_diacritics(tree: Tree, people: Personas) -> None:
    page = client_for(people.provincial_officer).get("/organizations/", {"q": "thon dong"}).content.decode()
    assert "Chi bộ Thôn Đông" in page
    assert "Chi bộ Thôn Tây" not in page


def test_the_past_tree_page_shows_the_structure_of_that_date(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    page = client.get("/organizations/", {"on": "30/06/2025"}).content.decode()
    assert "The tree as of 30/06/2025" in page
    assert "Đảng bộ xã An Bình" not in page
    page = client.get("/organizations/", {"on": "01/07/2025", "parent": tree.P.pk}).content.decode()
    assert "Đảng bộ xã An Bình" in page


def test_a_rename_through_the_form_shows_in_the_history(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    response = client.post(f"/organizations/{tree.X1.pk}/rename/", decision_data(name="Chi bộ Thôn Đông Mới", version=tree.X1.version))
    assert response.status_code == 302
    page = client.get(f"/organizations/{tree.X1.pk}/").content.decode()
    assert "<h1>Chi bộ Thôn Đông Mới" in page
    assert "Chi bộ Thôn Đông → Chi bộ Thôn Đông Mới" in page
    assert "77-QĐ/TU" in page and "25/08/2025" in page


def test_a_refused_move_explains_itself_and_keeps_the_input(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    page = client.post(f"/organizations/{tree.G1.pk}/move/", decision_data(new_parent="X1", version=tree.G1.version)).content.decode()
    assert "cannot be moved under itself" in page
    assert "no cycles" in page
    assert 'value="77-QĐ/TU"' in page
    tree.G1.refresh_from_db()
    assert tree.G1.parent == tree.C1


def test_a_move_target_outside_the_scope_is_refused_like_a_missing_one(tree: Tree, people: Personas) -> None:
    page = (
        client_for(people.commune_officer)
        .post(f"/organizations/{tree.X1.pk}/move/", decision_data(new_parent="G2", version=tree.X1.version))
        .content.decode()
    )
    assert "No organization with code G2 is within your scope" in page


def test_the_refusal_speaks_the_users_language(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer, "vi")
    page = client.post(
        f"/organizations/{tree.X1.pk}/dissolve/", decision_data(date="30/06/2025", decision_date="20/06/2025", version=tree.X1.version)
    ).content.decode()
    assert "30/06/2025" in page and "01/07/2025" in page
    assert "before the founding date" not in page  # the Vietnamese text is shown instead


def test_bad_dates_in_a_form_are_explained(tree: Tree, people: Personas) -> None:
    page = (
        client_for(people.commune_officer)
        .post(f"/organizations/{tree.X1.pk}/rename/", decision_data(name="X", date="32/13/2025", version=tree.X1.version))
        .content.decode()
    )
    assert "Enter a valid date" in page


def test_two_officers_editing_at_once(tree: Tree, people: Personas) -> None:
    loaded = tree.X1.version
    first = client_for(people.commune_officer)
    second = client_for(people.provincial_officer)
    assert first.post(f"/organizations/{tree.X1.pk}/rename/", decision_data(name="Tên thứ nhất", version=loaded)).status_code == 302
    page = second.post(f"/organizations/{tree.X1.pk}/rename/", decision_data(name="Tên thứ hai", version=loaded)).content.decode()
    assert "Someone else changed this record" in page
    assert "Tên thứ nhất" in page  # the current values are shown
    assert f'name="version" value="{loaded + 1}"' in page  # saving again is possible, knowingly
    assert Organization.objects.get(pk=tree.X1.pk).name == "Tên thứ nhất"


def test_creating_a_sub_organization_offers_only_the_kinds_allowed_there(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    kinds = [value for value, _label in client.get(f"/organizations/{tree.G1.pk}/new/").context["form"].fields["kind"].choices]
    assert "cell" in kinds and "commune" not in kinds  # (a commune is still a type of unit the form offers)
    response = client.post(
        f"/organizations/{tree.G1.pk}/new/", {"code": "X9", "name": "Chi bộ Thôn Chín", "kind": "cell", **decision_data()}
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="X9").parent == tree.G1


def test_merge_split_and_dissolve_through_the_forms(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    assert client.post(f"/organizations/{tree.G2.pk}/merge/", decision_data(into="G1", version=tree.G2.version)).status_code == 302
    tree.refresh()
    assert tree.G2.status == OrgStatus.MERGED and tree.Y1.parent == tree.G1
    page = client.get(f"/organizations/{tree.G2.pk}/").content.decode()
    assert "its successor is" in page and "Đảng bộ Trường THPT Nguyễn Huệ" in page
    response = client.post(
        f"/organizations/{tree.X2.pk}/split/",
        decision_data(parts="XA | Chi bộ A\nXB | Chi bộ B", dissolve_original="on", version=tree.X2.version),
    )
    assert response.status_code == 302
    assert set(Organization.objects.filter(parent=tree.G1, status="active").values_list("code", flat=True)) == {"X1", "Y1", "XA", "XB"}
    new_cell = Organization.objects.get(code="XA")
    assert client.post(f"/organizations/{new_cell.pk}/dissolve/", decision_data(version=new_cell.version)).status_code == 302
    assert Organization.objects.get(code="XA").status == OrgStatus.DISSOLVED


def test_a_split_form_explains_a_badly_written_line(tree: Tree, people: Personas) -> None:
    page = (
        client_for(people.provincial_officer)
        .post(f"/organizations/{tree.X2.pk}/split/", decision_data(parts="XA Chi bộ A", version=tree.X2.version))
        .content.decode()
    )
    assert "Line 1: write “code | name”" in page


def test_terms_are_recorded_from_the_organization_page(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    assert (
        client.post(
            f"/organizations/{tree.P.pk}/terms/new/", {"start_year": 2025, "end_year": 2030, "congress_date": "15/10/2025"}
        ).status_code
        == 302
    )
    page = client.post(f"/organizations/{tree.P.pk}/terms/new/", {"start_year": 2027, "end_year": 2032}).content.decode()
    assert "overlaps the term 2025–2030" in page
    assert "15/10/2025" in client.get(f"/organizations/{tree.P.pk}/").content.decode()


def test_the_export_holds_the_scope_subtree(tree: Tree, people: Personas) -> None:
    response = client_for(people.commune_officer).get("/organizations/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Name", "Kind")
    assert [r[0] for r in rows[1:]] == ["C1", "G1", "X1", "X2"]
    assert rows[1][5].strftime("%d/%m/%Y") == "01/07/2025"


def test_dates_are_shown_day_first(tree: Tree, people: Personas) -> None:
    page = client_for(people.viewer).get(f"/organizations/{tree.X1.pk}/").content.decode()
    assert "01/07/2025" in page
