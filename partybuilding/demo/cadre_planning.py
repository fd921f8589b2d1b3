"""The demo's planning of cadres for the 2030–2035 term: the province's and two communes'
plannings approved early this year, one to three cadres for each leadership post (never more
than the rule's three, at most three posts of a level for a cadre, only for a post graded
above the one they hold, only those who can still start a full term when it begins); the
province's yearly review at the end of the year, adding one cadre and removing another; and a
planned cadre of the first commune disciplined since (the automatic exit the page shows).

Written with the ORM as the records would stand; the discipline goes through the
inspections' services."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import transaction

from partybuilding.cadres.ages import last_full_term_start
from partybuilding.cadres.choices import PlanningDecisionKind, PlanningState
from partybuilding.cadres.models import Cadre, Planning, PlanningDecision, PlanningEntry, Position
from partybuilding.cadres.services.planning import entry_add, entry_remove, planning_create, review_record
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.core.rules import rule_value
from partybuilding.inspections.choices import Body, DisciplineForm, MemberContent
from partybuilding.inspections.services import disciplines
from partybuilding.organizations.models import Organization

from .cadre_posts import Staff
from .inspections import place_of

TERM = "2030–2035"
TERM_STARTS = {"province": dt.date(2030, 10, 1), "commune": dt.date(2030, 9, 1)}
TERM_ENDS = dt.date(2035, 9, 30)
PLANNED_UP_TO_GRADE = 6  # the leadership posts: heads of boards and departments and above


def approval_day(today: dt.date) -> dt.date:
    """Early this year (a month back when the year has just begun)."""
    return min(dt.date(today.year, 1, 20), today - dt.timedelta(days=30))


def review_day(today: dt.date) -> dt.date:
    """The yearly review at the end of the year (a few days back)."""
    return max(approval_day(today) + dt.timedelta(days=30), min(dt.date(today.year, 12, 1), today - dt.timedelta(days=3)))


def approve(staff: Staff, *, officer: Any, commune_officer: Any) -> int:
    """The three plannings, approved, with their entries; returns how many records."""
    made = 0
    for n, org in enumerate([staff.province, *staff.communes[:2]]):
        actor = officer if n == 0 else commune_officer
        level = "province" if n == 0 else "commune"
        on = approval_day(staff.today)
        planning = planning_create(
            actor=actor, organization=org, term_label=TERM, starts_on=TERM_STARTS[level], ends_on=TERM_ENDS,
            decision_number=f"{215 + n}-QĐ/TU" if n == 0 else f"{18 + n}-QĐ/ĐU", decision_date=on, decided_by=_standing(org),
            note=f"Phê duyệt quy hoạch cán bộ nhiệm kỳ {TERM}.",
        )  # fmt: skip
        approval = planning.decisions.get(kind=PlanningDecisionKind.APPROVAL)
        made += 2 + _entries(staff, planning, approval, actor)
    return made


def _standing(org: Organization) -> str:
    return "Ban Thường vụ Tỉnh ủy Hòa An" if org.kind == "province" else f"Ban Thường vụ Đảng ủy {place_of(org)}"


def _entries(staff: Staff, planning: Planning, approval: PlanningDecision, actor: Any) -> int:
    """One to three cadres per post, the rules held."""
    on = approval.decision_date or staff.today
    per_post, per_cadre = rule_value("cadres.planning_max_per_post", on), rule_value("cadres.planning_max_posts_per_cadre", on)
    posts = Position.objects.filter(managed_by=planning.organization, grade__lte=PLANNED_UP_TO_GRADE).order_by("grade", "pk")
    pool = [c for c in Cadre.objects.filter(managed_by=planning.organization).order_by("pk") if staff.grade_of(c) < 99]
    planned: Counter[int] = Counter()
    made = 0
    for i, post in enumerate(posts):
        wanted = min(per_post, 1 + i % 3)
        fits = [c for c in pool if staff.grade_of(c) > post.grade and planned[c.pk] < per_cadre and _limit(c, on) >= planning.starts_on]
        fits.sort(key=lambda c: (staff.grade_of(c) - post.grade, planned[c.pk], -c.date_of_birth.toordinal()))
        for cadre in fits:
            if wanted and _added(planning, post, cadre, approval, actor):
                wanted -= 1
                planned[cadre.pk] += 1
                made += 1
    return made


def _limit(cadre: Cadre, on: dt.date) -> dt.date:
    return last_full_term_start(cadre.gender, cadre.date_of_birth, on)


def _added(planning: Planning, post: Position, cadre: Cadre, decision: PlanningDecision, actor: Any) -> bool:
    """The cadre planned for the post, unless a rule refuses it (the next one is tried)."""
    try:
        with transaction.atomic():
            entry_add(actor=actor, planning=planning, decision=decision, position=post, cadre=cadre)
    except Refusal:
        return False
    return True


def review(staff: Staff, *, officer: Any) -> int:
    """The province's yearly review: one cadre added to a post with room left, one removed."""
    planning = Planning.objects.get(organization=staff.province, term_label=TERM)
    on = review_day(staff.today)
    decision = review_record(
        actor=officer, planning=planning, decision_number="486-QĐ/TU", decision_date=on, decided_by=_standing(staff.province),
        note=f"Rà soát, bổ sung quy hoạch cán bộ năm {on.year}.",
    )  # fmt: skip
    entries = PlanningEntry.objects.filter(planning=planning, state=PlanningState.PLANNED)
    removed = entries.filter(cadre__member__isnull=False).order_by("-position__grade", "pk").first()
    if removed is not None:
        reason = "Không còn đáp ứng yêu cầu phát triển theo kết quả rà soát hằng năm."
        entry_remove(actor=officer, entry=removed, decision=decision, reason=reason)
    # the first cadre the rules allow, for the lowest post with room left (the services check)
    for post in Position.objects.filter(managed_by=staff.province, grade__lte=PLANNED_UP_TO_GRADE).order_by("-grade", "pk"):
        taken = set(entries.filter(position=post).values_list("cadre_id", flat=True))
        for cadre in Cadre.objects.filter(managed_by=staff.province, holdings__ended_on__isnull=True).distinct().order_by("-date_of_birth"):
            if (
                cadre.pk not in taken
                and (removed is None or cadre.pk != removed.cadre_id)
                and _added(planning, post, cadre, decision, officer)
            ):
                return 3
    return 2


def discipline_a_planned_cadre(staff: Staff, *, officer: Any) -> int:
    """A reprimand decided three weeks ago for a cadre planned in the first commune: the
    entry is still "planned" on the record, its automatic exit pending."""
    commune = staff.communes[0]
    day = staff.today - dt.timedelta(days=20)
    entries = PlanningEntry.objects.filter(
        planning__organization=commune, state=PlanningState.PLANNED, cadre__member__isnull=False, added_on__lt=day
    ).select_related("cadre__member__organization")
    for entry in entries.order_by("-position__grade", "pk")[:10]:
        member = entry.cadre.member
        assert member is not None
        for body, organization in ((Body.STANDING, commune), (Body.CELL, member.organization)):
            try:
                with transaction.atomic():
                    disciplines.discipline_record(
                        actor=officer, decision=Decision("52-QĐ/ĐU", day, _standing(commune) if body == Body.STANDING else organization.name),
                        organization=organization, body=body, member=member, contents=[MemberContent.DUTIES],
                        violation="Thiếu trách nhiệm trong quản lý, để xảy ra sai phạm trong hỗ trợ hộ nghèo tại địa bàn phụ trách.",
                        violation_date=max(day - dt.timedelta(days=60), member.admission_date), proposed_form=DisciplineForm.REPRIMAND,
                    )  # fmt: skip
            except Refusal:
                continue
            return 1
    return 0
