"""The demo province's study of resolutions, through the services: the province's campaign to
study its resolution (its members a month ago, the deadline in two weeks), sessions held in
the demo commune's cells with their attendance, many study notes written, a member who
studied online, and the demo member still to study; and last year's campaign of the demo
commune on its congress resolution, attended and closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from partybuilding.directives.choices import StudyWay
from partybuilding.directives.models import Document, Issuer, StudyAssignment, StudyCampaign
from partybuilding.directives.services import documents, study
from partybuilding.members.models import Member
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from .inspections import Days, place_of

NOTES = [
    "Gương mẫu thực hiện nghị quyết; tham gia đầy đủ sinh hoạt chi bộ, đóng góp ý kiến xây dựng.",
    "Đăng ký phụ trách vận động 5 hộ gia đình thực hiện nếp sống văn minh; cài đặt và dùng sổ tay đảng viên điện tử.",
    "Học tập nâng cao trình độ lý luận chính trị; tuyên truyền nghị quyết đến gia đình và khu dân cư.",
    "Hoàn thành tốt nhiệm vụ chuyên môn; giúp đỡ một quần chúng ưu tú phấn đấu vào Đảng.",
]
NOTES_AT_MOST = 200  # notes written one by one through the service: keeps the step short on the full demo


def load(
    province: Organization,
    commune: Organization,
    resolution: Document,
    issuer: Issuer,
    days: Days,
    *,
    officer: Any,
    commune_officer: Any,
    secretary: Any,
    cell: Organization,
    member_user: Any,
) -> int:
    """Both campaigns; returns how many records were made (campaigns, sessions, notes)."""
    made = _this_year(province, commune, resolution, days, officer, commune_officer, secretary, cell, member_user)
    return made + _last_year(commune, issuer, days, commune_officer)


def _this_year(
    province: Organization,
    commune: Organization,
    resolution: Document,
    days: Days,
    officer: Any,
    commune_officer: Any,
    secretary: Any,
    cell: Organization,
    member_user: Any,
) -> int:
    campaign = study.campaign_create(
        actor=officer, organization=province, documents=[resolution], starts_on=days.ago(30), members_on=days.ago(30),
        deadline=days.today + dt.timedelta(days=14),
        title=f"Học tập, quán triệt Nghị quyết {resolution.number} của Tỉnh ủy về nâng cao năng lực lãnh đạo của tổ chức cơ sở đảng",
    )  # fmt: skip
    campaign = study.list_make(actor=officer, campaign=campaign)
    keep_out = set(Member.objects.filter(user=member_user).values_list("pk", flat=True))  # the demo member: still to study
    # sessions so far in the cells of the secretary's grassroots committee and the next one
    grassroots = list(Organization.objects.filter(parent=commune, status="active").order_by("path").values_list("path", flat=True))
    start = grassroots.index(cell.parent.path) if cell.parent and cell.parent.path in grassroots else 0
    held = Q()
    for path in grassroots[start : start + 2]:
        held |= Q(path__startswith=path)
    cells = list(Organization.objects.filter(held, kind=OrgKind.CELL, status="active").order_by("path"))
    made, notes = 1, 0
    for n, held_by in enumerate(cells):
        actor = secretary if held_by.pk == cell.pk else commune_officer
        session = study.session_create(
            actor=actor, campaign=campaign, organization=held_by, date=days.ago(25 - n % 20), place=f"Nhà văn hóa {held_by.name.removeprefix('Chi bộ ')}",
            speaker="Đồng chí Bí thư chi bộ" if n % 2 else f"Báo cáo viên Đảng ủy {place_of(commune)}",
        )  # fmt: skip
        rows = list(study.session_assignments(session).values_list("pk", "member_id"))
        present = [m for i, (_pk, m) in enumerate(rows) if i % 9 != 4 and m not in keep_out]
        excused = [m for i, (_pk, m) in enumerate(rows) if i % 9 == 4 and i % 2 == 0 and m not in keep_out]
        study.attendance_record(actor=actor, session=session, present=present, excused=excused)
        made += 1
        written = [pk for i, (pk, m) in enumerate(rows) if m in present and i % 5 != 3]
        for i, row in enumerate(StudyAssignment.objects.filter(pk__in=written[: max(0, NOTES_AT_MOST - notes)])):
            written_on = min(days.today, session.date + dt.timedelta(days=1 + i % 6))
            study.note_write(actor=actor, assignment=row, note=NOTES[(n + i) % len(NOTES)], written_on=written_on)
            notes += 1
    # two members of another commune studied online (a make-up for those away on the day)
    elsewhere = StudyAssignment.objects.filter(campaign=campaign, done=False).exclude(member_path__startswith=commune.path)
    for row in elsewhere.exclude(member_id__in=keep_out).order_by("pk")[:2]:
        study.study_record(actor=officer, assignment=row, way=StudyWay.ONLINE, studied_on=days.ago(7))
        made += 1
    return made + notes


def _last_year(commune: Organization, issuer: Issuer, days: Days, commune_officer: Any) -> int:
    """The commune's congress resolution studied by its members last year, no note asked;
    attended by nearly all, then closed after its deadline."""
    congress = documents.document_register(
        actor=commune_officer, issuer=issuer, kind="NQ", date=days.last_year(0.8), signer=f"Bí thư Đảng ủy {place_of(commune)}",
        title=f"Nghị quyết Đại hội đại biểu Đảng bộ {place_of(commune)} lần thứ I, nhiệm kỳ 2025–2030",
        summary="Phương hướng, mục tiêu, nhiệm vụ nhiệm kỳ; ba khâu đột phá.",
    )  # fmt: skip
    starts = days.last_year(0.84)
    campaign = study.campaign_create(
        actor=commune_officer, organization=commune, documents=[congress], starts_on=starts, members_on=starts,
        deadline=starts + dt.timedelta(days=30), note_required=False, title=f"Quán triệt {congress.title}",
    )  # fmt: skip
    campaign = study.list_make(actor=commune_officer, campaign=campaign)
    for n, grassroots in enumerate(Organization.objects.filter(parent=commune, status="active").order_by("path")):
        session = study.session_create(
            actor=commune_officer, campaign=campaign, organization=grassroots, date=starts + dt.timedelta(days=5 + n % 10),
            place="Hội trường Đảng ủy xã", speaker=f"Báo cáo viên Đảng ủy {place_of(commune)}",
        )  # fmt: skip
        members = list(study.session_assignments(session).values_list("member_id", flat=True))
        study.attendance_record(actor=commune_officer, session=session, present=[m for i, m in enumerate(members) if i % 25 != 7])
    campaign = StudyCampaign.objects.get(pk=campaign.pk)
    study.campaign_close(actor=commune_officer, campaign=campaign, date=campaign.deadline + dt.timedelta(days=3))
    return 2


__all__ = ["load"]
