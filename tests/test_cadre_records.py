"""Posts, cadre records, posts held and courses: the services and their rules."""

from __future__ import annotations

import datetime as dt

import pytest

from partybuilding.cadres.choices import Body, CourseKind, CourseLevel, Level, Title
from partybuilding.cadres.models import Cadre
from partybuilding.cadres.services import cadres as cadre_services
from partybuilding.cadres.services import positions as position_services
from partybuilding.cadres.services import training as training_services
from partybuilding.core.errors import ConcurrentEdit, Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.members.personal import PersonalData
from partybuilding.members.records.services import member_update

from .cadre_targets import cadre_in, position_in
from .conftest import Personas, Tree
from .members_factories import make_member, personal

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%fake certificate\n"


def course(actor, cadre: Cadre, **fields) -> object:
    values = {
        "kind": CourseKind.THEORY,
        "level": CourseLevel.THEORY_ADVANCED,
        "name": "Cao cấp lý luận chính trị",
        "starts_on": dt.date(2022, 3, 1),
        "ends_on": dt.date(2023, 6, 30),
        "completed": True,
        **fields,
    }
    return training_services.training_record(actor=actor, cadre=cadre, **values)


# --- posts ------------------------------------------------------------------------------------------


def test_a_post_takes_its_grade_from_its_title_and_its_level_from_its_manager(tree: Tree, people: Personas) -> None:
    post = position_services.position_create(
        actor=people.provincial_officer, organization=tree.C1, managed_by=tree.P, body=Body.PARTY_COMMITTEE,
        title=Title.SECRETARY, name="Bí thư Đảng ủy xã An Bình",
    )  # fmt: skip
    assert (post.grade, post.level, post.manager_path) == (1, Level.PROVINCE, tree.P.path)
    assert post.name_search == "bi thu dang uy xa an binh"
    assert AuditEntry.objects.filter(action="cadre_position.create", object_id=str(post.pk)).exists()


def test_a_post_is_not_managed_from_below_or_aside(tree: Tree, people: Personas) -> None:
    with pytest.raises(Refusal) as refused:
        position_services.position_create(
            actor=people.provincial_officer, organization=tree.C1, managed_by=tree.C2, body=Body.PARTY_COMMITTEE,
            title=Title.SECRETARY, name="Bí thư",
        )  # fmt: skip
    assert refused.value.field == "managed_by" and "QĐ 80" in refused.value.rule


def test_an_edit_made_on_an_old_version_is_refused(tree: Tree, people: Personas) -> None:
    post = position_in(tree.C1)
    fields = {"body": post.body, "title": post.title, "name": "Phó Bí thư", "level": post.level, "grade": None, "seats": 1, "corruption_prone": False}  # fmt: skip
    position_services.position_edit(actor=people.commune_officer, position=post, expected_version=post.version, **fields)
    assert post.grade == 2  # the title's grade when none is given
    with pytest.raises(ConcurrentEdit):
        position_services.position_edit(actor=people.commune_officer, position=post, expected_version=1, **fields)


def test_a_post_held_is_not_taken_out_of_use(tree: Tree, people: Personas) -> None:
    post, cadre = position_in(tree.C1), cadre_in(tree.C1)
    position_services.holding_record(actor=people.commune_officer, cadre=cadre, position=post, started_on=dt.date(2024, 1, 1))
    with pytest.raises(Refusal):
        position_services.position_set_active(actor=people.commune_officer, position=post, active=False)
    other = position_in(tree.C1, Title.SECRETARY)
    position_services.position_set_active(actor=people.commune_officer, position=other, active=False)
    other.refresh_from_db()
    assert other.active is False


def test_a_post_held_takes_one_appointment_term_by_default(tree: Tree, people: Personas) -> None:
    holding = position_services.holding_record(
        actor=people.commune_officer, cadre=cadre_in(tree.C1), position=position_in(tree.C1), started_on=dt.date(2023, 10, 1)
    )
    assert holding.term_ends == dt.date(2028, 9, 30)  # 60 months (cadres.appointment_term_months)


def test_a_post_held_twice_at_once_or_ended_before_it_started_is_refused(tree: Tree, people: Personas) -> None:
    cadre, post = cadre_in(tree.C1), position_in(tree.C1)
    with pytest.raises(Refusal) as refused:
        position_services.holding_record(actor=None, cadre=cadre, position=post, started_on=dt.date(2020, 1, 1), ended_on=dt.date(2019, 1, 1))  # fmt: skip
    assert refused.value.field == "ended_on"
    position_services.holding_record(actor=None, cadre=cadre, position=post, started_on=dt.date(2020, 1, 1))
    with pytest.raises(Refusal):
        position_services.holding_record(actor=None, cadre=cadre, position=post, started_on=dt.date(2022, 1, 1))


# --- cadre records ------------------------------------------------------------------------------------


def test_a_cadre_record_copies_the_member_record(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, given_name="Bình", theory="intermediate")
    cadre = cadre_services.cadre_from_member(actor=people.commune_officer, member=member, managed_by=tree.C1, languages="Tiếng Anh B1")
    assert (cadre.full_name, cadre.theory, cadre.manager_path, cadre.languages) == (member.full_name, "intermediate", tree.C1.path, "Tiếng Anh B1")  # fmt: skip
    entry = AuditEntry.objects.get(action="cadre.create", object_id=str(cadre.pk))
    assert entry.after["citizen_id"] == "set"  # noted as present, never copied


def test_a_member_has_one_cadre_record_at_most(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    cadre_services.cadre_from_member(actor=people.provincial_officer, member=member, managed_by=tree.P)
    with pytest.raises(Refusal) as refused:
        cadre_services.cadre_from_member(actor=people.commune_officer, member=member, managed_by=tree.C1)
    assert member.full_name in refused.value.message and tree.P.name in refused.value.message
    assert refused.value.field == "member"
    assert Cadre.objects.filter(member=member).count() == 1


def test_refresh_copies_the_member_records_corrections(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, given_name="Cũ")
    cadre = cadre_services.cadre_from_member(actor=None, member=member, managed_by=tree.C1)
    data = PersonalData.of(member)
    member_update(actor=None, member=member, data=PersonalData(**{**data.__dict__, "given_name": "Mới", "theory": "advanced"}), card_number=None, expected_version=None)  # fmt: skip
    cadre_services.cadre_refresh(actor=people.commune_officer, cadre=cadre, expected_version=cadre.version)
    cadre.refresh_from_db()
    assert (cadre.given_name, cadre.theory, cadre.name_search) == ("Mới", "advanced", "nguyen van moi")


def test_a_person_outside_the_member_records_is_typed_in_and_edited(tree: Tree, people: Personas) -> None:
    cadre = cadre_services.cadre_create_person(actor=None, managed_by=tree.P, data=personal(given_name="Hùng", citizen_id=None), residence="Hà Nội")  # fmt: skip
    assert cadre.member_id is None and cadre.citizen_id == ""
    cadre_services.cadre_edit(actor=None, cadre=cadre, data=personal(given_name="Dũng"), expected_version=cadre.version, rewards="Bằng khen")  # fmt: skip
    cadre.refresh_from_db()
    assert (cadre.given_name, cadre.rewards, cadre.residence) == ("Dũng", "Bằng khen", "Hà Nội")
    with pytest.raises(Refusal):
        cadre_services.cadre_refresh(actor=None, cadre=cadre)


def test_a_members_personal_fields_are_not_edited_on_the_cadre_record(tree: Tree) -> None:
    cadre = cadre_services.cadre_from_member(actor=None, member=make_member(tree.X1), managed_by=tree.C1)
    with pytest.raises(Refusal):
        cadre_services.cadre_edit(actor=None, cadre=cadre, data=personal(given_name="Khác"))


# --- courses ---------------------------------------------------------------------------------------------


def test_a_course_ends_on_or_after_it_starts(tree: Tree, people: Personas) -> None:
    cadre = cadre_in(tree.C1)
    with pytest.raises(Refusal) as refused:
        course(people.commune_officer, cadre, starts_on=dt.date(2023, 1, 2), ends_on=dt.date(2023, 1, 1))
    assert refused.value.field == "ends_on"
    same_day = course(people.commune_officer, cadre, starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2023, 1, 1))
    assert same_day.pk


def test_a_course_gives_a_level_of_its_kind(tree: Tree) -> None:
    with pytest.raises(Refusal) as refused:
        course(None, cadre_in(tree.C1), kind=CourseKind.PROFESSIONAL, level=CourseLevel.THEORY_ADVANCED)
    assert refused.value.field == "level"
    with pytest.raises(Refusal) as refused:
        course(None, cadre_in(tree.C1), kind=CourseKind.REFRESHER, level=CourseLevel.NONE)
    assert refused.value.field == "topic"


def test_a_certificate_is_a_pdf_of_at_most_ten_megabytes(tree: Tree) -> None:
    cadre = cadre_in(tree.C1)
    with pytest.raises(Refusal) as refused:
        course(None, cadre, certificate=b"<html><script>alert(1)</script>")
    assert refused.value.field == "certificate"
    with pytest.raises(Refusal):
        course(None, cadre, certificate=PDF + b"0" * (10 * 1024 * 1024))
    kept = course(None, cadre, certificate=PDF)
    assert training_services.certificate_content(kept) == PDF
