"""Denunciations and petitions: the intake, the screening with the rule in force, the handling
deadline in working days (Tết 2027, the 2/9 holidays), the one extension, the conclusion and
its notice, and who may handle a denunciation."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.inspections.choices import Channel, DenunciationStatus, Finding, NotProcessed, SubjectKind
from partybuilding.inspections.models import DenunciationStep, Handler
from partybuilding.inspections.services.denunciations import (
    denunciation_record,
    denunciation_step,
    handler_assign,
    handler_release,
    suggested_reason,
)
from partybuilding.members.models import Member

from .conftest import Personas, Tree, client_for, make_user
from .members_factories import make_member

pytestmark = pytest.mark.django_db

NAMED = {"denouncer_name": "Trần Thị Tố", "denouncer_address": "Thôn Đông, xã An Bình"}


def received(tree: Tree, actor: Any = None, day: dt.date = dt.date(2026, 11, 2), **given: Any) -> Any:
    data: dict[str, Any] = {
        "organization": tree.C1,
        "channel": Channel.LETTER,
        "received_on": day,
        "subject_kind": SubjectKind.ORGANIZATION,
        "subject_organization": tree.X1,
        "summary": "Chi bộ thu sai đảng phí",
        **NAMED,
    }
    data.update(given)
    return denunciation_record(actor=actor, **data)


def test_the_recorder_is_its_first_handler_and_the_text_is_kept_in_nfc(tree: Tree, people: Personas) -> None:
    decomposed = "Chi bo\u0302\u0323 thu sai"  # "Chi bộ" typed with combining marks
    d = received(tree, people.inspection_officer, summary=decomposed, denouncer_name="Tra\u0302\u0300n Va\u0306n")
    assert d.status == DenunciationStatus.RECEIVED
    assert d.summary == "Chi bộ thu sai" and d.denouncer_name == "Trần Văn"
    assert d.org_path == tree.C1.path and d.subject_path == tree.X1.path
    assert [h.user for h in Handler.objects.filter(denunciation=d)] == [people.inspection_officer]
    assert DenunciationStep.objects.get(denunciation=d).kind == "received"


def test_the_subject_must_be_inside_the_handling_organization(tree: Tree) -> None:
    with pytest.raises(Refusal) as refused:
        received(tree, subject_organization=tree.C2)
    assert refused.value.field == "subject_organization"
    outside = make_member(tree.Y1)
    with pytest.raises(Refusal):
        received(tree, subject_kind=SubjectKind.MEMBER, subject_member=outside, subject_organization=None)


def test_a_received_date_in_the_future_is_refused(tree: Tree) -> None:
    with pytest.raises(Refusal) as refused:
        received(tree, day=dt.date(2099, 1, 1))
    assert refused.value.field == "received_on"


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ({"denouncer_name": ""}, NotProcessed.ANONYMOUS),
        ({"denouncer_address": ""}, NotProcessed.NO_ADDRESS),
        ({}, ""),
    ],
)
def test_the_screening_suggests_the_reason(tree: Tree, given: dict[str, str], reason: str) -> None:
    assert suggested_reason(received(tree, **given)) == reason


def test_a_repeat_without_new_evidence_is_suggested_as_a_repeat(tree: Tree) -> None:
    first = received(tree, day=dt.date(2026, 9, 1))
    assert suggested_reason(received(tree, repeat_of=first)) == NotProcessed.REPEAT
    assert suggested_reason(received(tree, repeat_of=first, new_evidence=True)) == ""


@pytest.mark.parametrize(
    ("day", "citation"),
    [(dt.date(2026, 11, 3), "QĐ 296-QĐ/TW"), (dt.date(2024, 5, 6), "QĐ 22-QĐ/TW")],
)
def test_not_processed_names_the_rule_in_force(tree: Tree, day: dt.date, citation: str) -> None:
    d = received(tree, day=day, denouncer_name="")
    denunciation_step("not_processed", actor=None, denunciation=d, reason=NotProcessed.ANONYMOUS, date=day)
    d.refresh_from_db()
    assert (d.status, d.not_processed, d.not_processed_rule) == (DenunciationStatus.NOT_PROCESSED, "anonymous", citation)


def test_a_reason_outside_the_rule_is_refused(tree: Tree) -> None:
    d = received(tree)
    with pytest.raises(Refusal) as refused:
        denunciation_step("not_processed", actor=None, denunciation=d, reason="because", date=dt.date(2026, 11, 3))
    assert refused.value.rule == "QĐ 296-QĐ/TW" and refused.value.field == "reason"


@pytest.mark.parametrize("given", [{"denouncer_name": ""}, {"denouncer_address": ""}, "repeat"])
def test_an_anonymous_no_address_or_repeated_denunciation_cannot_be_accepted(tree: Tree, given: Any) -> None:
    if given == "repeat":
        given = {"repeat_of": received(tree, day=dt.date(2026, 9, 1))}
    d = received(tree, **given)
    with pytest.raises(Refusal) as refused:
        denunciation_step("accept", actor=None, denunciation=d, date=dt.date(2026, 11, 3))
    assert refused.value.rule == "QĐ 296-QĐ/TW"
    d.refresh_from_db()
    assert d.status == DenunciationStatus.RECEIVED


def test_a_repeat_with_new_evidence_is_accepted(tree: Tree) -> None:
    d = received(tree, repeat_of=received(tree, day=dt.date(2026, 9, 1)), new_evidence=True)
    denunciation_step("accept", actor=None, denunciation=d, date=dt.date(2026, 11, 2))
    d.refresh_from_db()
    assert d.status == DenunciationStatus.HANDLING


def test_the_handling_time_runs_in_working_days_across_tet_2027(tree: Tree) -> None:
    """90 working days from 02/11/2026: New Year's Day and Tết (04–10/02/2027) are not
    counted; a count of weekdays alone would end on 05/03/2027."""
    d = received(tree)
    denunciation_step("accept", actor=None, denunciation=d, date=dt.date(2026, 11, 2))
    d.refresh_from_db()
    assert (d.accepted_on, d.due) == (dt.date(2026, 11, 2), dt.date(2027, 3, 17))


def test_the_handling_time_skips_the_2_9_holidays(tree: Tree) -> None:
    d = received(tree, day=dt.date(2025, 6, 2))
    denunciation_step("accept", actor=None, denunciation=d, date=dt.date(2025, 6, 2))
    d.refresh_from_db()
    assert d.due == dt.date(2025, 10, 8)  # 01–02/09/2025 are holidays


def test_the_extension_is_once_and_at_most_30_working_days(tree: Tree) -> None:
    d = received(tree)
    d = denunciation_step("accept", actor=None, denunciation=d, date=dt.date(2026, 11, 2))
    with pytest.raises(Refusal) as refused:
        denunciation_step("extend", actor=None, denunciation=d, days=31, date=dt.date(2026, 12, 1))
    assert refused.value.rule == "QĐ 296-QĐ/TW" and refused.value.field == "days"
    d = denunciation_step("extend", actor=None, denunciation=d, days=30, date=dt.date(2026, 12, 1))
    assert (d.extended_days, d.extension_notice_on, d.due) == (30, dt.date(2026, 12, 1), dt.date(2027, 4, 29))  # 16/04: Hùng Kings
    with pytest.raises(Refusal) as again:
        denunciation_step("extend", actor=None, denunciation=d, days=1, date=dt.date(2026, 12, 2))
    assert "only once" in again.value.message


def test_conclusion_then_notice(tree: Tree) -> None:
    d = denunciation_step("accept", actor=None, denunciation=received(tree), date=dt.date(2026, 11, 2))
    with pytest.raises(Refusal) as refused:
        denunciation_step(
            "conclude", actor=None, denunciation=d, finding=Finding.PARTLY, conclusion="", decision=Decision("1-KL", dt.date(2026, 11, 20))
        )
    assert refused.value.field == "conclusion"
    d = denunciation_step(
        "conclude",
        actor=None,
        denunciation=d,
        finding=Finding.PARTLY,
        conclusion="Đúng một phần",
        decision=Decision("12-KL/UBKT", dt.date(2026, 11, 20)),
        submission=uuid.uuid4(),
    )
    assert (d.status, d.finding, d.decision_number) == (DenunciationStatus.CONCLUDED, "partly", "12-KL/UBKT")
    d = denunciation_step("notify", actor=None, denunciation=d, date=dt.date(2026, 11, 25))
    assert (d.status, d.notified_on) == (DenunciationStatus.NOTIFIED, dt.date(2026, 11, 25))


def _member_user(tree: Tree, username: str, org: Any) -> tuple[Any, Member]:
    user = make_user(username, "inspection_officer", tree.P)
    member = make_member(org)
    Member.objects.filter(pk=member.pk).update(user=user)
    member.refresh_from_db()
    return user, member


def test_the_member_denounced_can_never_handle_it(tree: Tree, people: Personas) -> None:
    user, member = _member_user(tree, "kiemtra.bi.to", tree.X1)
    d = received(tree, people.inspection_officer, subject_kind=SubjectKind.MEMBER, subject_member=member, subject_organization=None)
    with pytest.raises(Refusal) as refused:
        handler_assign(actor=people.inspection_officer, denunciation=d, user=user, date=dt.date(2026, 11, 3))
    assert refused.value.field == "user" and "subject" in refused.value.message
    # recorded by the subject: they do not become its handler either
    own = received(tree, user, subject_kind=SubjectKind.MEMBER, subject_member=member, subject_organization=None)
    assert not Handler.objects.filter(denunciation=own).exists()


def test_a_member_of_the_organization_denounced_cannot_handle_it(tree: Tree, people: Personas) -> None:
    user, _member = _member_user(tree, "kiemtra.trong.to", tree.X1)
    d = received(tree, people.inspection_officer, subject_organization=tree.X1)
    with pytest.raises(Refusal):
        handler_assign(actor=people.inspection_officer, denunciation=d, user=user, date=dt.date(2026, 11, 3))
    elsewhere = received(tree, people.inspection_officer, subject_organization=tree.X2)
    assert handler_assign(actor=people.inspection_officer, denunciation=elsewhere, user=user, date=dt.date(2026, 11, 3))


def test_a_handler_must_inspect_over_the_handling_organization(tree: Tree, people: Personas) -> None:
    d = received(tree, people.inspection_officer)
    with pytest.raises(Refusal):
        handler_assign(actor=people.inspection_officer, denunciation=d, user=people.provincial_officer, date=dt.date(2026, 11, 3))
    handler = handler_assign(actor=people.inspection_officer, denunciation=d, user=people.admin, date=dt.date(2026, 11, 3))
    handler_release(actor=people.inspection_officer, handler=handler, date=dt.date(2026, 11, 4))
    handler.refresh_from_db()
    assert handler.released_on == dt.date(2026, 11, 4)


def test_the_pages_record_screen_and_show_the_rule(tree: Tree, people: Personas) -> None:
    client = client_for(people.inspection_officer)
    response = client.post(
        "/inspections/denunciations/new/",
        {
            "organization": tree.C1.code,
            "body": "commission",
            "kind": "denunciation",
            "channel": "letter",
            "received_on": "03/11/2026",
            "subject_kind": "organization",
            "subject_organization": tree.X1.code,
            "summary": "Nội dung tố cáo",
            "submission": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    detail = response["Location"]
    page = client.get(detail).content.decode()
    assert "Suggested: not processed" in page and 'data-testid="step-accept"' in page
    response = client.post(f"{detail}not_processed/", {"reason": "anonymous", "date": "04/11/2026", "submission": str(uuid.uuid4())})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "Not processed: anonymous (QĐ 296-QĐ/TW)" in page
    listed = client.get(f"/inspections/denunciations/?within={tree.C1.pk}&q=noi dung").content.decode()
    assert "Nội dung tố cáo" in listed


def test_the_list_filters_overdue_and_due_soon(tree: Tree, people: Personas) -> None:
    late = denunciation_step(
        "accept", actor=None, denunciation=received(tree, day=dt.date(2025, 6, 2), summary="Quá hạn"), date=dt.date(2025, 6, 2)
    )
    soon = received(tree, summary="Sắp đến hạn")
    denunciation_step("accept", actor=None, denunciation=soon, date=dt.date(2026, 11, 2))
    assert late.due is not None and late.due < dt.date(2026, 11, 2)
    client = client_for(people.inspection_officer)
    overdue = client.get(f"/inspections/denunciations/?within={tree.C1.pk}&overdue=on").content.decode()
    assert "Quá hạn" in overdue and "Sắp đến hạn" not in overdue
    assert "days late" in overdue
