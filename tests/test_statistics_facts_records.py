"""What the official statistics (HD 11 forms 2–5) count, in the member and organization
records: a member's academic title and flags (re-admitted, private business owner, married
to a foreigner, family-planning violation, foreign origin) and the forms' occupation
categories, entered and corrected through the pages, the API and the Excel import; an
organization's type of unit, set on a grassroots organization or a commune-level committee
and shared by the organizations under it. The member counters stay true throughout."""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client

from partybuilding.accounts.services import token_create
from partybuilding.core.models import AuditEntry
from partybuilding.core.records import Decision
from partybuilding.members import imports
from partybuilding.members.models import Member
from partybuilding.organizations import totals
from partybuilding.organizations.models import Organization, SubtreeTotal
from partybuilding.organizations.services import organization_move

from .conftest import Personas, Tree, client_for, decision_data
from .members_factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_import_dir(settings: Any, tmp_path: Path) -> None:
    settings.MEMBER_IMPORT_DIR = str(tmp_path / "imports")


def api(user: Any) -> Client:
    _token, key = token_create(actor=user, user=user, name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def counted(org: Organization, *keys: str) -> dict[str, int]:
    rows = dict(SubtreeTotal.objects.filter(organization=org, key__in=keys).values_list("key", "value"))
    return {key: rows.get(key, 0) for key in keys}


def totals_are_true() -> None:
    """`manage.py totals_check`: the counters match the records (it raises on any drift)."""
    call_command("totals_check", stdout=io.StringIO())
    assert totals.recompute() == []


# --- member records: the pages -------------------------------------------------------------


def member_form(**extra: Any) -> dict[str, Any]:
    data = {
        "organization": "X1", "family_name": "Đỗ", "middle_name": "Minh", "given_name": "Khoa", "gender": "M",
        "date_of_birth": "02/03/1970", "ethnicity": "01", "religion": "none", "education": "upper_secondary",
        "qualification": "doctorate", "theory": "advanced", "occupation": "public_employee", "academic_title": "associate_professor",
        "readmitted": "on", "foreign_origin": "on", "admission_date": "19/05/2005", "official_date": "19/05/2006",
        "card_number": "25009911", "submission": str(uuid.uuid4()),
    }  # fmt: skip
    data.update(extra)
    return data


def test_a_member_entered_and_corrected_on_the_pages_keeps_what_the_statistics_count(tree: Tree, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    client.post("/accounts/scope/", {"organization": tree.X1.pk})
    form_page = client.get("/members/new/").content.decode()
    assert 'data-testid="statistics-facts"' in form_page and "For the statistics" in form_page
    assert "Admitted again after having once left the Party." in form_page  # each flag explains itself
    assert form_page.index('name="qualification"') < form_page.index('name="academic_title"') < form_page.index('name="readmitted"')

    assert client.post("/members/new/", member_form()).status_code == 302
    member = Member.objects.get(given_name="Khoa")
    assert (member.academic_title, member.readmitted, member.foreign_origin) == ("associate_professor", True, True)
    assert not (member.married_to_foreigner or member.private_business_owner or member.family_planning_violation)
    assert counted(tree.G1, "m.academic_title.associate_professor", "m.flag.readmitted", "m.flag.foreign_origin") == {
        "m.academic_title.associate_professor": 1, "m.flag.readmitted": 1, "m.flag.foreign_origin": 1,
    }  # fmt: skip

    page = client.get(f"/members/{member.pk}/").content.decode()
    assert "Associate professor" in page
    assert "Re-admitted to the Party after having left it" in page and "Vietnamese citizen of foreign origin" in page
    assert "Married to a foreigner" not in page and "Owner of a private business" not in page  # only what is set

    edit = client.get(f"/members/{member.pk}/edit/").context["form"]
    assert edit.initial["readmitted"] is True and edit.initial["academic_title"] == "associate_professor"
    corrected = {**member_form(), "version": member.version, "married_to_foreigner": "on", "academic_title": "professor"}
    del corrected["readmitted"]
    assert client.post(f"/members/{member.pk}/edit/", corrected).status_code == 302
    member.refresh_from_db()
    assert (member.academic_title, member.readmitted, member.married_to_foreigner) == ("professor", False, True)
    assert counted(tree.G1, "m.academic_title.associate_professor", "m.academic_title.professor", "m.flag.readmitted") == {
        "m.academic_title.associate_professor": 0, "m.academic_title.professor": 1, "m.flag.readmitted": 0,
    }  # fmt: skip
    entry = AuditEntry.objects.filter(action="member.update", object_id=str(member.pk)).get()
    assert (entry.before["readmitted"], entry.after["readmitted"], entry.after["married_to_foreigner"]) == (True, False, True)
    totals_are_true()


def test_the_vietnamese_form_and_record_speak_the_statistical_forms_words(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, occupation="enterprise_worker")
    client = client_for(people.cell_secretary, "vi")
    assert "Công nhân, lao động trực tiếp sản xuất trong doanh nghiệp" in client.get(f"/members/{member.pk}/").content.decode()


def test_the_list_filters_by_occupation_and_its_export_carries_the_facts(tree: Tree, people: Personas) -> None:
    farmer = make_member(tree.X1, given_name="Nông", occupation="farmer")
    worker = make_member(tree.X1, given_name="Thợ", occupation="enterprise_worker")
    Member.objects.filter(pk=worker.pk).update(private_business_owner=True)  # set past the service: only the export reads it here
    client = client_for(people.commune_officer)
    page = client.get("/members/", {"within": tree.G1.pk, "occupation": "farmer"}).content.decode()
    assert farmer.full_name in page and worker.full_name not in page
    response = client.get("/members/export.xlsx", {"within": tree.G1.pk})
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    header, by_name = rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert "Owner of a private business" in header and "Academic title" in header
    assert by_name[worker.full_name]["Occupation"] == "Production worker of an enterprise"
    assert by_name[worker.full_name]["Owner of a private business"] == "Yes"
    assert by_name[farmer.full_name]["Owner of a private business"] is None


def test_a_member_s_own_data_holds_the_facts(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    Member.objects.filter(pk=member.pk).update(user=people.member, married_to_foreigner=True, academic_title="professor")
    response = client_for(people.member).get("/members/me/data.json")
    body = json.loads(response.content)
    record = body["sections"]["record"]
    assert record["rows"][0]["married_to_foreigner"] is True and record["rows"][0]["academic_title"] == "Professor"
    assert record["columns"]["foreign_origin"] == "Vietnamese citizen of foreign origin"


# --- member records: the API ---------------------------------------------------------------


def test_a_member_entered_and_corrected_through_the_api(tree: Tree, people: Personas) -> None:
    client = api(people.commune_officer)
    body = {
        "organization_id": tree.X2.pk, "family_name": "Vũ", "given_name": "Hải", "gender": "M", "date_of_birth": "1980-01-01",
        "admission_date": "2005-01-01", "official_date": "2006-01-01", "occupation": "enterprise_manager", "citizen_id": "001080123456",
        "card_number": "25001234", "private_business_owner": True, "academic_title": "none",
    }  # fmt: skip
    created = client.post("/api/members", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    read = client.get(f"/api/members/{created.json()['id']}").json()
    assert (read["occupation"], read["private_business_owner"], read["readmitted"]) == ("enterprise_manager", True, False)

    url = f"/api/members/{read['id']}"
    patched = client.patch(
        url, {"readmitted": True, "qualification": "intermediate", "version": read["version"]}, content_type="application/json"
    )
    assert patched.status_code == 200, patched.json()
    assert (patched.json()["readmitted"], patched.json()["qualification"], patched.json()["private_business_owner"]) == (
        True,
        "intermediate",
        True,
    )
    member = Member.objects.get(pk=read["id"])
    # What the correction left out stays, identifiers the API never shows included.
    assert (member.citizen_id, member.card_number, member.given_name, member.occupation) == (
        "001080123456",
        "25001234",
        "Hải",
        "enterprise_manager",
    )

    stale = client.patch(url, {"readmitted": False, "version": read["version"]}, content_type="application/json")
    assert stale.status_code == 409
    masked = client.patch(url, {"card_number": read["card_number"]}, content_type="application/json")  # "2500••34" read back
    assert masked.status_code == 422 and Member.objects.get(pk=read["id"]).card_number == "25001234"
    assert client.patch(url, {"occupation": "worker"}, content_type="application/json").status_code == 422  # the old category is gone
    assert api(people.outsider).patch(url, {"readmitted": False}, content_type="application/json").status_code == 404
    assert api(people.viewer).patch(url, {"readmitted": False}, content_type="application/json").status_code == 403
    assert Member.objects.get(pk=read["id"]).readmitted
    totals_are_true()


# --- the Excel import ----------------------------------------------------------------------


def import_row(n: int, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {column.field: "" for column in imports.COLUMNS}
    values.update({
        "organization": "X1", "family_name": "Trần", "middle_name": "Văn", "given_name": f"Nhập{n}", "gender": "Nam",
        "date_of_birth": "17/05/1975", "citizen_id": f"0010750000{n:02d}", "admission_date": "03/03/2000", "official_date": "03/03/2001",
        "card_number": f"2577{n:04d}",
    })  # fmt: skip
    values.update(overrides)
    return values


def workbook(rows: list[dict[str, Any]]) -> io.BytesIO:
    handle = io.BytesIO()
    imports.write_workbook(handle, ([r[c.field] for c in imports.COLUMNS] for r in rows))
    handle.seek(0)
    handle.name = "dang-vien.xlsx"
    return handle


def test_the_import_takes_the_statistics_columns_and_the_forms_occupation_wording(tree: Tree, people: Personas) -> None:
    rows = [
        import_row(1, occupation="Công nhân, lao động trực tiếp sản xuất trong doanh nghiệp", readmitted="Có", youth_union="x"),
        import_row(
            2, occupation="Viên chức đơn vị sự nghiệp công lập", qualification="Tiến sĩ", academic_title="Phó Giáo sư",
            married_to_foreigner="x", foreign_origin="Có", education="Biết đọc, biết viết chữ quốc ngữ",
        ),
        import_row(3, occupation="Người lãnh đạo, quản lý doanh nghiệp", private_business_owner="có", family_planning_violation="X"),
        import_row(4, occupation="Sĩ quan, chiến sĩ quân đội và công an", qualification="Trung cấp"),  # no statistics columns filled
    ]  # fmt: skip
    report = imports.import_file(workbook(rows), within=Organization.objects.all(), actor=people.commune_officer)
    assert report.ok and report.imported == 4, [i.text for i in report.issues]
    found = {m.given_name: m for m in Member.objects.filter(given_name__startswith="Nhập")}
    assert (found["Nhập1"].occupation, found["Nhập1"].readmitted, found["Nhập1"].youth_union) == ("enterprise_worker", True, True)
    two = found["Nhập2"]
    assert (two.occupation, two.academic_title, two.education) == ("public_employee", "associate_professor", "literate")
    assert (two.married_to_foreigner, two.foreign_origin, two.readmitted) == (True, True, False)
    assert (found["Nhập3"].private_business_owner, found["Nhập3"].family_planning_violation) == (True, True)
    four = found["Nhập4"]
    assert (four.occupation, four.qualification, four.academic_title, four.readmitted) == ("armed_forces", "intermediate", "none", False)
    entry = AuditEntry.objects.get(action="member.import", object_id=str(two.pk))
    assert entry.after["academic_title"] == "associate_professor" and entry.after["foreign_origin"] is True
    assert counted(tree.P, "m.flag.readmitted", "m.occupation.public_employee", "m.flag.youth_union") == {
        "m.flag.readmitted": 1, "m.occupation.public_employee": 1, "m.flag.youth_union": 1,
    }  # fmt: skip
    totals_are_true()


def test_an_unknown_label_is_refused_row_by_row_and_nothing_is_imported(tree: Tree, people: Personas) -> None:
    rows = [
        import_row(1, occupation="Nông dân"),
        import_row(2, occupation="Cán bộ, công chức, viên chức"),  # the old template's: it spans several categories
        import_row(3, readmitted="có lẽ", academic_title="Tiến sĩ khoa học"),
    ]
    report = imports.import_file(workbook(rows), within=Organization.objects.all(), actor=people.commune_officer)
    assert report.imported == 0 and not Member.objects.filter(given_name__startswith="Nhập").exists()
    issues = {(i.line, i.column): i for i in report.issues}
    assert set(issues) == {(4, "occupation"), (5, "readmitted"), (5, "academic_title")}  # data from line 3 (two header rows)
    assert "“Cán bộ, công chức, viên chức” is not an accepted value of “Occupation”" in issues[(4, "occupation")].text
    assert "write “Có” or “x”, or leave it empty" in issues[(5, "readmitted")].text
    # The page reports each row with its line and reason.
    client = client_for(people.commune_officer)
    page = client.post("/members/import/", {"file": workbook(rows)}, follow=True).content.decode()
    assert 'data-status="rejected"' in page and "Cán bộ, công chức, viên chức" in page and "có lẽ" in page


def test_the_template_offers_the_forms_categories_and_the_statistics_columns(tree: Tree, people: Personas) -> None:
    response = client_for(people.provincial_officer).get("/members/import/template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header = [c.value for c in book["Đảng viên"][1]]
    assert {"Chức danh khoa học", "Kết nạp lại", "Chủ doanh nghiệp tư nhân", "Quốc tịch gốc nước ngoài"} <= set(header)
    lists = book["Danh mục"]
    columns = {lists.cell(row=1, column=c).value: c for c in range(1, lists.max_column + 1)}
    occupations = [lists.cell(row=r, column=columns["Nghề nghiệp"]).value for r in range(2, 17)]
    assert occupations[0] == "Cán bộ, công chức cơ quan Nhà nước"
    assert "Công nhân, lao động trực tiếp sản xuất trong doanh nghiệp" in occupations and "Học sinh" in occupations
    assert [lists.cell(row=r, column=columns["Chức danh khoa học"]).value for r in range(2, 5)] == ["Không", "Phó Giáo sư", "Giáo sư"]


# --- admission candidates ------------------------------------------------------------------


def test_a_candidate_takes_the_new_categories_and_the_member_record_carries_them(tree: Tree, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    form = client.get("/admissions/new/").context["form"]
    assert "village_staff" in dict(form.fields["occupation"].choices) and "literate" in dict(form.fields["education"].choices)
    data = {
        "organization": "X1", "family_name": "Lò", "middle_name": "Văn", "given_name": "Páo", "gender": "M", "date_of_birth": "12/04/1998",
        "recorded_on": "10/01/2023", "ethnicity": "03", "religion": "none", "education": "literate", "qualification": "intermediate",
        "theory": "none", "occupation": "village_staff", "submission": form.initial["submission"],
    }  # fmt: skip
    assert client.post("/admissions/new/", data).status_code == 302
    from partybuilding.admissions.models import Candidate

    candidate = Candidate.objects.get(given_name="Páo")
    assert (candidate.occupation, candidate.education, candidate.qualification) == ("village_staff", "literate", "intermediate")


# --- organizations: the type of unit -------------------------------------------------------


def facts_form(org: Organization, **extra: Any) -> dict[str, Any]:
    org.refresh_from_db()
    return {"unit_type": org.unit_type, "version": org.version, **extra}


def test_a_unit_type_set_above_reaches_the_organizations_under_it_but_a_unit_of_its_own(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    form_page = client.get(f"/organizations/{tree.C1.pk}/facts/").content.decode()
    assert "Set here, the organizations under it take the same type" in form_page
    assert client.post(f"/organizations/{tree.C1.pk}/facts/", facts_form(tree.C1, unit_type="commune")).status_code == 302
    tree.refresh()
    assert [o.unit_type for o in (tree.C1, tree.G1, tree.X1, tree.X2)] == ["commune"] * 4
    assert tree.C2.unit_type == tree.Y1.unit_type == ""  # another commune's stay as they were

    # A school's Party cell under the commune's committee: its own type, picked when it is founded.
    new = {
        "code": "T1",
        "name": "Chi bộ Trường Mầm non An Bình",
        "kind": "grassroots_cell",
        "unit_type": "public_service",
        **decision_data(),
    }
    assert client.post(f"/organizations/{tree.C1.pk}/new/", new).status_code == 302
    school = Organization.objects.get(code="T1")
    assert school.unit_type == "public_service"

    assert client.post(f"/organizations/{tree.C1.pk}/facts/", facts_form(tree.C1, unit_type="ward")).status_code == 302
    tree.refresh()
    school.refresh_from_db()
    assert [o.unit_type for o in (tree.C1, tree.G1, tree.X1, tree.X2)] == ["ward"] * 4 and school.unit_type == "public_service"
    entry = AuditEntry.objects.filter(action="organization.facts", object_id=str(tree.C1.pk)).latest("id")
    assert entry.before["unit_type"] == "commune" and entry.after == {
        "unit_type": "ward", "no_candidates_left": False, "organizations_below_updated": 3,
    }  # fmt: skip
    page = client.get(f"/organizations/{tree.X1.pk}/").content.decode()
    assert "Ward" in page and 'data-testid="org-facts"' in page


def test_a_new_organization_takes_its_parent_s_type_and_a_moved_one_its_new_parent_s(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    client.post(f"/organizations/{tree.G1.pk}/facts/", facts_form(tree.G1, unit_type="public_service"))
    form = client.get(f"/organizations/{tree.G1.pk}/new/").context["form"]
    assert form.fields["unit_type"].initial == "public_service"  # offered by default on the page
    cell = {"code": "X5", "name": "Chi bộ Tổ Văn", "kind": "cell", "unit_type": "", **decision_data()}  # left "not set"
    assert client.post(f"/organizations/{tree.G1.pk}/new/", cell).status_code == 302
    assert Organization.objects.get(code="X5").unit_type == "public_service"
    created = api(people.provincial_officer).post(
        "/api/organizations",
        {"parent_id": tree.G1.pk, "code": "X3", "name": "Chi bộ Giáo viên", "kind": "cell", **api_decision()},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["unit_type"] == "public_service"  # left out: the parent's
    refused = api(people.provincial_officer).post(
        "/api/organizations",
        {"parent_id": tree.G1.pk, "code": "X4", "name": "Chi bộ Khác", "kind": "cell", "unit_type": "army", **api_decision()},
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["rule"] == "form 5 of HD 11-HD/BTCTW: the type of grassroots unit"

    tree.refresh()
    organization_move(actor=None, org=tree.X1, new_parent=tree.G2, date=dt.date(2025, 9, 1), decision=Decision("9-QĐ"))
    tree.refresh()
    assert tree.X1.unit_type == tree.G2.unit_type == ""  # now inside the other grassroots unit


def api_decision() -> dict[str, str]:
    return {"date": "2025-09-01", "decision_number": "5-QĐ", "decision_date": "2025-08-30"}


def test_a_cell_shares_its_unit_s_type_and_says_where_to_change_it(tree: Tree, people: Personas) -> None:
    client = api(people.provincial_officer)
    done = client.patch(f"/api/organizations/{tree.G1.pk}", {"unit_type": "state_body"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["unit_type"] == "state_body"
    refused = client.patch(f"/api/organizations/{tree.X1.pk}", {"unit_type": "army"}, content_type="application/json")
    assert refused.status_code == 422
    assert "shares the type of unit of Đảng bộ Trường THPT Nguyễn Huệ (State body): change it there" in refused.json()["detail"]
    assert client.patch(f"/api/organizations/{tree.P.pk}", {"unit_type": "commune"}, content_type="application/json").status_code == 422
    # Whether non-members are left: on any unit, the type untouched.
    left = client.patch(f"/api/organizations/{tree.X1.pk}", {"no_candidates_left": True}, content_type="application/json")
    assert left.status_code == 200 and left.json()["unit_type"] == "state_body"
    assert Organization.objects.get(pk=tree.X1.pk).no_candidates_left
    # The page shows a cell's type without letting it be changed there.
    page_client = client_for(people.provincial_officer)
    page = page_client.get(f"/organizations/{tree.X1.pk}/facts/").content.decode()
    assert "Shared with the grassroots organization above it, Đảng bộ Trường THPT Nguyễn Huệ: change it there." in page
    page_client.post(f"/organizations/{tree.X1.pk}/facts/", facts_form(tree.X1, unit_type="army", no_candidates_left="on"))
    assert Organization.objects.get(pk=tree.X1.pk).unit_type == "state_body"
    assert "No non-members left to admit" in page_client.get(f"/organizations/{tree.X1.pk}/").content.decode()


# --- the demo ------------------------------------------------------------------------------

# The type of unit a demo name calls for, by what the name says.
NAMED = [
    ("Đảng bộ xã", "commune"), ("Đảng bộ phường", "ward"), ("Trường", "public_service"), ("Trạm Y tế", "public_service"),
    ("Công an", "police"), ("Quân sự", "army"), ("Hợp tác xã", "cooperative"), ("Chi cục Thuế", "state_body"),
    ("TNHH MTV", "state_100"), ("Cổ phần Xi măng", "state_majority"), ("Cổ phần Chè", "joint_stock"), ("TNHH May", "limited"),
    ("Doanh nghiệp tư nhân", "private"),
]  # fmt: skip


def test_the_demo_gives_every_grassroots_unit_a_type_its_name_calls_for(db: Any) -> None:
    from partybuilding.demo import tree as demo_tree
    from partybuilding.organizations.services import UNIT_SETTERS

    demo = demo_tree.build(districts=3, grassroots_per_district=10, cells_per_grassroots=2)
    units = list(Organization.objects.within(demo.province).filter(kind__in=UNIT_SETTERS, status="active"))
    assert len(units) > 30
    for org in units:
        expected = next(unit_type for words, unit_type in NAMED if words in org.name)
        assert org.unit_type == expected, org.name
    assert {"commune", "ward", "public_service", "police"} <= {o.unit_type for o in units}
    for cell in Organization.objects.within(demo.province).filter(kind="cell").select_related("parent"):
        assert cell.unit_type == cell.parent.unit_type
