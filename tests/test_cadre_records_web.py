"""The pages of posts, cadre records and courses, who reads them, and the profile sheet."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from partybuilding.cadres.choices import Title
from partybuilding.cadres.models import Cadre, Position, Training
from partybuilding.cadres.services import positions as position_services
from partybuilding.core.models import AuditEntry

from .cadre_targets import cadre_in, holding_of, position_in, training_of
from .conftest import PERSONA_ROLES, Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db

# who reads the cadres managed by P, C1 and C2 (the superuser reads all)
READS = {
    "admin": {"P", "C1", "C2"},
    "provincial_officer": {"P", "C1", "C2"},
    "standing_member": {"P", "C1", "C2"},
    "commune_officer": {"C1"},
    "outsider": {"C2"},
    "superuser": {"P", "C1", "C2"},
}
WRITES = {"admin", "provincial_officer", "commune_officer", "outsider", "superuser"}


@pytest.mark.parametrize("persona", list(PERSONA_ROLES))
def test_each_role_reads_the_cadres_of_its_scope_only(tree: Tree, people: Personas, persona: str) -> None:
    cadres = {code: cadre_in(getattr(tree, code), given_name=f"Cán{code}") for code in ("P", "C1", "C2")}
    client = client_for(getattr(people, persona))
    reads = READS.get(persona, set())
    listed = client.get(reverse("cadre_list"))
    if reads:
        assert listed.status_code == 200
        shown = {code for code, cadre in cadres.items() if cadre.full_name in listed.content.decode()}
        assert shown == reads
    else:
        assert listed.status_code in (403, 404)
    for code, cadre in cadres.items():
        page = client.get(reverse("cadre_detail", args=[cadre.pk]))
        assert page.status_code == (200 if code in reads else 404), (code, page.status_code)
        edit = client.get(reverse("cadre_edit", args=[cadre.pk]))
        assert edit.status_code == (200 if code in reads and persona in WRITES else 403 if code in reads else 404)


def test_reading_a_cadre_is_audited(tree: Tree, people: Personas) -> None:
    cadre = cadre_in(tree.C1)
    client_for(people.standing_member).get(reverse("cadre_detail", args=[cadre.pk]))
    assert AuditEntry.objects.filter(action="cadre.view", object_id=str(cadre.pk), actor=people.standing_member).exists()


def test_the_officer_creates_a_cadre_record_from_a_member_and_is_refused_a_second(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, given_name="Tâm")
    client = client_for(people.commune_officer)
    form = client.get(reverse("cadre_new_member") + f"?member={member.pk}")
    assert form.status_code == 200
    data = {"member": member.pk, "managed_by": "C1", "academic_title": "none", "state_management": "none", "staff_category": "civil_servant"}  # fmt: skip
    done = client.post(reverse("cadre_new_member"), data)
    cadre = Cadre.objects.get(member=member)
    assert done.status_code == 302 and done["Location"] == reverse("cadre_detail", args=[cadre.pk])
    again = client.post(reverse("cadre_new_member"), data)
    assert again.status_code == 422 and "already has a cadre record" in again.content.decode()


def test_the_officer_records_a_person_outside_the_member_records(tree: Tree, people: Personas) -> None:
    data = {
        "managed_by": "C1", "family_name": "Lê", "given_name": "Hòa", "gender": "F", "date_of_birth": "12/03/1979",
        "ethnicity": "01", "religion": "none", "education": "upper_secondary", "qualification": "bachelor", "theory": "none",
        "occupation": "other", "academic_title": "none", "state_management": "none", "staff_category": "civil_servant",
    }  # fmt: skip
    done = client_for(people.commune_officer).post(reverse("cadre_new_person"), data)
    assert done.status_code == 302
    cadre = Cadre.objects.get(given_name="Hòa")
    assert cadre.member_id is None and cadre.managed_by == tree.C1 and cadre.date_of_birth == dt.date(1979, 3, 12)


def test_the_standing_committee_reads_but_does_not_write(tree: Tree, people: Personas) -> None:
    client = client_for(people.standing_member)
    assert client.get(reverse("cadre_positions")).status_code == 200
    assert client.get(reverse("cadre_position_new")).status_code == 403
    assert client.get(reverse("cadre_new_member")).status_code == 403
    page = client.get(reverse("cadre_detail", args=[cadre_in(tree.P).pk])).content.decode()
    assert 'data-testid="cadre-edit"' not in page and 'data-testid="cadre-cv"' in page


def test_a_posts_page_shows_its_holder_and_the_days_left_in_the_term(tree: Tree, people: Personas) -> None:
    holding = holding_of(tree.C1)
    page = client_for(people.commune_officer).get(reverse("cadre_position", args=[holding.position_id])).content.decode()
    assert holding.cadre.full_name in page and 'data-testid="term-days-left"' in page  # its term ends on 30/09/2030


def test_the_post_list_filters_vacant_posts_and_searches_without_diacritics(tree: Tree, people: Personas) -> None:
    held = holding_of(tree.C1).position
    vacant = position_in(tree.C1, Title.SECRETARY, name="Bí thư Đảng ủy xã An Bình")
    client = client_for(people.commune_officer)
    page = client.get(reverse("cadre_positions"), {"vacant": "yes"}).content.decode()
    assert vacant.name in page and held.name not in page
    found = client.get(reverse("cadre_positions"), {"q": "bi thu dang uy"}).content.decode()
    assert vacant.name in found


def test_a_post_is_created_with_its_titles_grade_and_taken_out_of_use(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    done = client.post(reverse("cadre_position_new"), {"organization": "G1", "managed_by": "C1", "body": "party_committee", "title": "secretary", "name": "Bí thư Đảng ủy trường", "seats": 1})  # fmt: skip
    post = Position.objects.get(name="Bí thư Đảng ủy trường")
    assert done.status_code == 302 and (post.grade, post.level, post.managed_by) == (1, "commune", tree.C1)
    client.post(reverse("cadre_position_active", args=[post.pk]), {"version": post.version})
    post.refresh_from_db()
    assert post.active is False
    refused = client.post(reverse("cadre_position_new"), {"organization": "C1", "managed_by": "G1", "body": "party_committee", "title": "secretary", "name": "X", "seats": 1})  # fmt: skip
    assert refused.status_code == 422


def test_the_cadre_list_export_is_audited(tree: Tree, people: Personas) -> None:
    cadre_in(tree.C1)
    response = client_for(people.commune_officer).get(reverse("cadre_list_xlsx"), {"within": tree.C1.pk})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="cadres.cadres.export", actor=people.commune_officer).exists()


def test_a_course_with_its_certificate_is_recorded_and_served_as_an_attachment(tree: Tree, people: Personas) -> None:
    cadre = cadre_in(tree.C1)
    client = client_for(people.commune_officer)
    pdf = SimpleUploadedFile("bang.pdf", b"%PDF-1.4\n certificate", "application/pdf")
    data = {"kind": "theory", "level": "theory_intermediate", "name": "Trung cấp LLCT", "mode": "part_time", "place": "domestic", "starts_on": "01/09/2022", "ends_on": "30/06/2023", "completed": "on", "certificate": pdf}  # fmt: skip
    done = client.post(reverse("cadre_training_new", args=[cadre.pk]), data)
    assert done.status_code == 302
    training = Training.objects.get(cadre=cadre, name="Trung cấp LLCT")
    download = client.get(reverse("cadre_training_certificate", args=[training.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert client_for(people.outsider).get(reverse("cadre_training_certificate", args=[training.pk])).status_code == 404
    not_pdf = {**data, "certificate": SimpleUploadedFile("x.pdf", b"<html>", "application/pdf"), "name": "Khác"}
    assert client.post(reverse("cadre_training_new", args=[cadre.pk]), not_pdf).status_code == 422


def test_the_api_keeps_a_courses_certificate_and_serves_it_as_an_attachment(tree: Tree, people: Personas) -> None:
    from .cadre_targets import training_of

    training = training_of(tree.C1)
    client, url = client_for(people.commune_officer), f"/api/cadres/trainings/{training.pk}/certificate"
    assert client.get(url).status_code == 404  # none kept yet
    refused = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"<html>", "application/pdf")})
    assert refused.status_code == 422 and refused.json()["field"] == "certificate"
    kept = client.post(url, {"file": SimpleUploadedFile("bang.pdf", b"%PDF-1.4\n certificate", "application/pdf")})
    assert kept.status_code == 200 and kept.json()["has_certificate"] is True
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert download.content.startswith(b"%PDF-1.4")
    assert client_for(people.outsider).get(url).status_code == 404


def test_a_cadres_page_shows_what_they_lack_for_a_post_they_are_planned_for(tree: Tree, people: Personas) -> None:
    from .cadre_targets import entry_in

    entry = entry_in(tree.C1)
    page = client_for(people.commune_officer).get(reverse("cadre_detail", args=[entry.cadre_id])).content.decode()
    assert "political theory (has: no political theory)" in page
    gaps = client_for(people.commune_officer).get(reverse("cadre_standards_gaps"), {"within": tree.C1.pk}).content.decode()
    assert entry.cadre.full_name in gaps


def test_the_profile_sheet_renders_with_its_sections(tree: Tree, people: Personas) -> None:
    holding = holding_of(tree.C1)
    training_of(tree.C1)
    position_services.holding_record(actor=None, cadre=holding.cadre, position=position_in(tree.C1), started_on=dt.date(2015, 1, 1), ended_on=dt.date(2020, 1, 1))  # fmt: skip
    response = client_for(people.commune_officer).get(reverse("cadre_cv_pdf", args=[holding.cadre_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "TRẦN THỊ CÁN" in text and "Trần Thị Cán" in text  # Vietnamese letters render (the name, and the signature)
    for section in ("1. ", "12. ", "19. ", "Training", "Work history", "Rewards and disciplines", "Cao cấp lý luận", "01/2015 – 01/2020"):
        assert section in text, section
    assert AuditEntry.objects.filter(action="cadre.export_pdf", object_id=str(holding.cadre_id)).exists()


def test_the_api_creates_a_post_and_refuses_a_second_record_for_a_member(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    made = client.post("/api/cadres/positions", {"organization_id": tree.G1.pk, "managed_by_id": tree.C1.pk, "body": "party_committee", "title": "secretary", "name": "Bí thư"}, content_type="application/json")  # fmt: skip
    assert made.status_code == 201 and made.json()["grade"] == 1
    member = make_member(tree.X1)
    body = {"member_id": member.pk, "managed_by_id": tree.C1.pk}
    assert client.post("/api/cadres/records/from-member", body, content_type="application/json").status_code == 201
    again = client.post("/api/cadres/records/from-member", body, content_type="application/json")
    assert again.status_code == 422 and "one cadre record per member" in again.content.decode()
    listed = client.get("/api/cadres/records").json()
    assert [row["member_id"] for row in listed["items"]] == [member.pk]
