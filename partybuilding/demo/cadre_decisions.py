"""The demo's appointments, rotations and periodic change of post:

- a provincial deputy head rotated to the first commune as its standing deputy secretary at
  its first congress, and a commune vice-chair rotated to a provincial department;
- the head of the budget office of the finance department moved to another office after five
  years (the periodic change), the post then proposed to a new cadre and voted on;
- the head of the propaganda board relieved of the post for another assignment, and a cadre
  planned for it appointed in their place (the planning entry becomes "appointed"); a
  re-appointment proposed for a term about to end; a new deputy head of the organizing board
  proposed;
- the second commune's People's Committee chair resigning, then its vice-chair nominated and
  elected in their place (and relieved of the vice-chair's post).

Recorded through the services of cadre work (the moves take the cadre out of one post and
into the other; the decisions start, renew and end the posts held and fulfil the planning),
dates counted back from `today`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from partybuilding.cadres.choices import AppointmentKind, Direction, MoveKind, PlanningState
from partybuilding.cadres.models import Appointment, Cadre, Holding, PlanningEntry, Position
from partybuilding.cadres.services.appointments import APPOINTMENT, appointment_propose
from partybuilding.cadres.services.moves import move_create
from partybuilding.core.dates import add_months
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .cadre_posts import People, Staff, cadre_of, hold
from .inspections import place_of

PROVINCE_STANDING = "Ban Thường vụ Tỉnh ủy Hòa An"
ROTATED_TO_COMMUNE = dt.date(2025, 9, 20)  # the first commune's congress


def load(staff: Staff, people: People, *, officer: Any, commune_officer: Any) -> int:
    """Every move and appointment of the demo; returns how many records were made."""
    made = _rotations(staff, people, officer)
    made += _periodic_change(staff, officer)
    made += _province_appointments(staff, people, officer)
    if len(staff.communes) > 1:
        made += _commune_chair_replaced(staff, staff.communes[1], commune_officer)
    return made


def holder(position: Position, seat: int = 0) -> Cadre | None:
    """Who holds the post now (the `seat`-th by start), from the records."""
    rows = Holding.objects.filter(position=position, ended_on__isnull=True).select_related("cadre").order_by("started_on", "pk")
    found = list(rows)
    return found[seat].cadre if len(found) > seat else None


def _new_cadre(staff: Staff, people: People, org: Organization, ages: tuple[int, int], actor: Any) -> Cadre | None:
    member_id = people.pick("" if org == staff.province else org.path, ages)
    return None if member_id is None else cadre_of(Member.objects.get(pk=member_id), org, actor)


def _rotations(staff: Staff, people: People, officer: Any) -> int:
    made = 0
    province, commune = staff.province, staff.communes[0]
    # a provincial deputy head of the organizing board, sent to the new commune's committee
    cadre = _new_cadre(staff, people, province, (37, 44), officer)
    if cadre is not None:
        board = staff.post(province, "organizing_deputy")
        hold(staff, board, cadre, (dt.date(2021, 3, 1), dt.date(2026, 2, 28)), officer)
        move_create(
            actor=officer, organization=province, kind=MoveKind.ROTATION, cadre=cadre, direction=Direction.PROVINCE_TO_COMMUNE,
            starts_on=ROTATED_TO_COMMUNE, ends_on=add_months(ROTATED_TO_COMMUNE, 24), from_position=board,
            to_position=staff.post(commune, "deputy"), takes_up=True,
            purpose="Đào tạo, rèn luyện thực tiễn cán bộ trẻ trong quy hoạch; kiện toàn cấp ủy xã mới sau sắp xếp.",
            decision=Decision("1250-QĐ/TU", ROTATED_TO_COMMUNE - dt.timedelta(days=10), PROVINCE_STANDING),
        )  # fmt: skip
        made += 3
    # a commune vice-chair rotated up to a provincial department for two years
    vice = staff.post(commune, "committee_vice")
    cadre = holder(vice)
    if cadre is not None:
        starts = staff.today - dt.timedelta(days=200)
        move_create(
            actor=officer, organization=province, kind=MoveKind.ROTATION, cadre=cadre, direction=Direction.COMMUNE_TO_PROVINCE,
            starts_on=starts, ends_on=add_months(starts, 24), from_position=vice, to_position=staff.post(province, "home_affairs_deputy"),
            takes_up=True, purpose="Luân chuyển cán bộ cấp xã lên cấp tỉnh để bồi dưỡng kinh nghiệm quản lý ngành.",
            decision=Decision("1388-QĐ/TU", starts - dt.timedelta(days=15), PROVINCE_STANDING),
        )  # fmt: skip
        made += 1
    return made


def _periodic_change(staff: Staff, officer: Any) -> int:
    """The budget office's head after five years moves to the public-finance office."""
    budget = staff.post(staff.province, "budget")
    cadre = holder(budget)
    if cadre is None:
        return 0
    starts = staff.today - dt.timedelta(days=45)
    move_create(
        actor=officer, organization=staff.province, kind=MoveKind.PERIODIC, cadre=cadre, direction=Direction.OFFICE_TO_OFFICE,
        starts_on=starts, from_position=budget, to_position=staff.post(staff.province, "public_finance"), takes_up=True,
        purpose="Định kỳ chuyển đổi vị trí công tác đối với vị trí liên quan đến quản lý ngân sách (phòng ngừa tham nhũng).",
        decision=Decision("845/QĐ-STC", starts - dt.timedelta(days=7), "Giám đốc Sở Tài chính"),
    )  # fmt: skip
    return 1


def appointment(
    kind: str, cadre: Cadre, position: Position, proposed_on: dt.date, actor: Any, *, reason: str,
    consulted: tuple[dt.date, int, int] | None = None, decided: tuple[str, dt.date, str] | None = None,
) -> Appointment:  # fmt: skip
    """A record proposed, then consulted and decided when asked (taking effect five days
    after the decision), all in one transaction: a refusal leaves nothing behind."""
    with transaction.atomic():
        record = appointment_propose(actor=actor, kind=kind, cadre=cadre, position=position, proposed_on=proposed_on, reason=reason)
        if consulted:
            day, votes_for, votes_total = consulted
            record = APPOINTMENT.run("consult", actor=actor, obj=record, date=day, votes_for=votes_for, votes_total=votes_total)
        if decided:
            number, day, by = decided
            record = APPOINTMENT.run(
                "decide", actor=actor, obj=record, decision=Decision(number, day, by), effective_on=day + dt.timedelta(days=5)
            )
    return record


def _province_appointments(staff: Staff, people: People, officer: Any) -> int:
    made, today, province = 0, staff.today, staff.province
    # the head of the propaganda board relieved for another assignment; a planned cadre appointed
    board = staff.post(province, "propaganda")
    day = today - dt.timedelta(days=55)
    former = holder(board)
    if former is not None:
        appointment(
            AppointmentKind.DISMISSAL, former, board, day - dt.timedelta(days=30), officer,
            reason="Miễn nhiệm để điều động, phân công làm Phó Trưởng Đoàn chuyên trách Đoàn đại biểu Quốc hội tỉnh.",
            consulted=(day - dt.timedelta(days=14), 14, 15), decided=("1501-QĐ/TU", day - dt.timedelta(days=6), PROVINCE_STANDING),
        )  # fmt: skip
        made += 1
    for entry in PlanningEntry.objects.filter(position=board, state=PlanningState.PLANNED).select_related("cadre").order_by("pk"):
        try:
            appointment(
                AppointmentKind.APPOINTMENT, entry.cadre, board, day - dt.timedelta(days=40), officer,
                reason="Kiện toàn Trưởng Ban; cán bộ trong quy hoạch, đủ tiêu chuẩn, điều kiện.",
                consulted=(day - dt.timedelta(days=14), 13, 15), decided=("1502-QĐ/TU", day, PROVINCE_STANDING),
            )  # fmt: skip
        except Refusal:
            continue
        made += 1
        break
    # a re-appointment proposed for the term ending soonest
    home = staff.post(province, "home_affairs")
    cadre = holder(home)
    if cadre is not None:
        appointment(
            AppointmentKind.REAPPOINTMENT, cadre, home, today - dt.timedelta(days=5), officer,
            reason="Hết thời hạn giữ chức vụ; hoàn thành tốt nhiệm vụ các năm trong nhiệm kỳ, đủ sức khỏe.",
        )  # fmt: skip
        made += 1
    # the budget office's head, after the periodic change: proposed, consulted and voted
    newcomer = _new_cadre(staff, people, province, (35, 42), officer)
    if newcomer is not None:
        appointment(
            AppointmentKind.APPOINTMENT, newcomer, staff.post(province, "budget"), today - dt.timedelta(days=30), officer,
            reason="Bổ nhiệm Trưởng phòng sau khi chuyển đổi vị trí công tác.", consulted=(today - dt.timedelta(days=12), 9, 11),
        )  # fmt: skip
        made += 2
    # a deputy head of the organizing board, just proposed
    deputy = _new_cadre(staff, people, province, (34, 40), officer)
    if deputy is not None:
        appointment(
            AppointmentKind.APPOINTMENT, deputy, staff.post(province, "organizing_deputy"), today - dt.timedelta(days=8), officer,
            reason="Bổ sung Phó Trưởng Ban còn thiếu so với cơ cấu.",
        )  # fmt: skip
        made += 2
    return made


def _commune_chair_replaced(staff: Staff, commune: Organization, actor: Any) -> int:
    """The commune's chair resigns for health reasons; its vice-chair is nominated, elected,
    and relieved of the vice-chair's post."""
    chair, vice = staff.post(commune, "committee_chair"), staff.post(commune, "committee_vice")
    leaving, coming = holder(chair), holder(vice)
    if leaving is None or coming is None:
        return 0
    standing = f"Ban Thường vụ Đảng ủy {place_of(commune)}"
    day = staff.today - dt.timedelta(days=120)
    appointment(
        AppointmentKind.RESIGNATION, leaving, chair, day - dt.timedelta(days=20), actor, reason="Xin thôi giữ chức vụ vì lý do sức khỏe.",
        consulted=(day - dt.timedelta(days=7), 7, 7), decided=("61-QĐ/ĐU", day, standing),
    )  # fmt: skip
    day += dt.timedelta(days=20)
    appointment(
        AppointmentKind.NOMINATION, coming, chair, day - dt.timedelta(days=12), actor,
        reason="Giới thiệu bầu giữ chức Chủ tịch Ủy ban nhân dân xã tại kỳ họp chuyên đề của Hội đồng nhân dân.",
        consulted=(day - dt.timedelta(days=6), 7, 7), decided=("64-QĐ/ĐU", day, standing),
    )  # fmt: skip
    appointment(
        AppointmentKind.DISMISSAL, coming, vice, day, actor, reason="Được bầu giữ chức Chủ tịch Ủy ban nhân dân xã.",
        consulted=(day, 7, 7), decided=("65-QĐ/ĐU", day, standing),
    )  # fmt: skip
    return 3
