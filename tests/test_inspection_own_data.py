"""What a member finds about inspection work in their own data and on the rules page: the
disciplines and the concluded denunciations about them, never who denounced them nor the
denunciation's own words; the rules of discipline as people read them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from partybuilding.core.records import Decision
from partybuilding.inspections.choices import Channel, Finding, SubjectKind
from partybuilding.inspections.services.denunciations import denunciation_record, denunciation_step
from partybuilding.members.models import Member

from .assessment_targets import disciplined
from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db

DENOUNCER, WORDS = "Lê Thị Người Báo", "Ông ấy nhận quà của tôi ở chợ Đông"


def test_a_member_downloads_their_disciplines_and_the_concluded_denunciations_without_who_denounced(tree: Tree, people: Personas) -> None:
    me = make_member(tree.X1, given_name="Mai")
    Member.objects.filter(pk=me.pk).update(user=people.member)
    disciplined(me, dt.date(2026, 3, 2))
    received = dt.date(2026, 4, 1)
    concluded = denunciation_record(
        actor=None, organization=tree.C1, channel=Channel.LETTER, received_on=received, subject_kind=SubjectKind.MEMBER,
        subject_member=me, summary=WORDS, denouncer_name=DENOUNCER, denouncer_address="Xóm Giếng Cạn",
    )  # fmt: skip
    denunciation_step("accept", actor=None, denunciation=concluded, date=received)
    denunciation_step(
        "conclude", actor=None, denunciation=concluded, finding=Finding.FALSE, conclusion="Không có căn cứ",
        decision=Decision("7-KL/UBKT", dt.date(2026, 5, 4)),
    )  # fmt: skip
    denunciation_record(
        actor=None, organization=tree.C1, channel=Channel.LETTER, received_on=received, subject_kind=SubjectKind.MEMBER,
        subject_member=me, summary="Đang xác minh", denouncer_name=DENOUNCER, denouncer_address="Xóm Giếng Cạn",
    )  # fmt: skip
    body = client_for(people.member).get("/members/me/data.json").content.decode()
    rows = json.loads(body)["sections"]
    assert [d["decision_number"] for d in rows["disciplines"]["rows"]] == [f"{me.pk}-QĐ/ĐU"]
    (found,) = rows["denunciations"]["rows"]  # the one still being handled is not shown
    assert found["decision_number"] == "7-KL/UBKT" and found["finding"] == "False"
    assert DENOUNCER not in body and WORDS not in body and "Xóm Giếng Cạn" not in body


def test_the_rules_page_reads_the_time_limits_and_the_forms_by_subject(tree: Tree, people: Personas) -> None:
    page = client_for(people.viewer, "vi").get("/rules/?on=06/12/2026").content.decode()
    assert "Khiển trách → 5" in page and "Cảnh cáo → 10" in page and "QĐ 69-QĐ/TW" in page
    assert "Đảng viên dự bị → Khiển trách, Cảnh cáo" in page
