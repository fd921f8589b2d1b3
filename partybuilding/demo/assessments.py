"""The demo province's yearly assessments: the two years before this one decided (about 15 %
"excellent" within each grassroots organization's quota, 70 % "good", 12 % "completed", a few
"not completed"), the organizations rated and a few cells recognized "four good"; this year's
round open with its cells at different stages (self-assessments, votes), and one member of
the secretary's cell disciplined and rated "did not complete tasks" two years running, so
that the attention list raises the removal question.

The rounds are listed by the job function of the real opening; the past decisions are written
in bulk with their history rows, one audit entry each, and the year's counters moved once
(`organizations.totals.add_many`), as the services would have moved them one by one; the
secretary's cell goes through the services themselves.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import F, Value
from django.utils import timezone

from partybuilding.assessments import judging
from partybuilding.assessments import totals as counters
from partybuilding.assessments.choices import (
    FourGoodCriterion,
    FourGoodStage,
    Level,
    NotCompletedReason,
    PeriodKind,
    Source,
    Stage,
)
from partybuilding.assessments.models import FourGood, MemberRating, OrganizationRating, RatingStep, Round
from partybuilding.assessments.services import ratings as steps
from partybuilding.assessments.services.ratings import deciding_organization
from partybuilding.assessments.services.rounds import close_round, default_calendar, list_round
from partybuilding.core.audit import AuditItem, audit_record, audit_record_many
from partybuilding.core.bulk import no_progress
from partybuilding.core.errors import Refusal
from partybuilding.core.models import Job
from partybuilding.core.records import Decision
from partybuilding.inspections.choices import Body, DisciplineForm, MemberContent
from partybuilding.inspections.services.disciplines import discipline_record
from partybuilding.meetings.choices import HELD, MeetingKind, MeetingStatus
from partybuilding.meetings.models import Meeting
from partybuilding.organizations import totals
from partybuilding.organizations.models import Organization

# The share of each level among the members rated, drawn in this order.
MEMBER_SPREAD = ((Level.EXCELLENT, 0.15), (Level.GOOD, 0.70), (Level.COMPLETED, 0.12), (Level.NOT_COMPLETED, 0.03))
ORGANIZATION_SPREAD = ((Level.EXCELLENT, 0.18), (Level.GOOD, 0.67), (Level.COMPLETED, 0.12), (Level.NOT_COMPLETED, 0.03))
SCORES = {Level.EXCELLENT: (90, 98), Level.GOOD: (72, 89), Level.COMPLETED: (52, 69), Level.NOT_COMPLETED: (30, 48)}
TASKS = {
    Level.EXCELLENT: {"done": 100, "on_time": 100, "exceeded": 35},
    Level.GOOD: {"done": 100, "on_time": 100, "exceeded": 0},
    Level.COMPLETED: {"done": 100, "on_time": 85, "exceeded": 0},
    Level.NOT_COMPLETED: {"done": 60, "on_time": 40, "exceeded": 0},
}
SELF_ASSESSED_SHARE, VOTED_SHARE = 0.35, 0.20  # this year's cells: self-assessed, and voted too
FOUR_GOOD_CELLS = 12
CHUNK = 5000


def years_of(today: dt.date) -> tuple[list[int], int]:
    """The years decided, and the year of the round still open: this year's round opens in
    its last two months; before that, last year's is the open one."""
    open_year = today.year if today.month >= 11 else today.year - 1
    return [open_year - 2, open_year - 1], open_year


def load(province: Organization, today: dt.date, *, actor: Any, secretary_cell: Organization | None = None, seed: int = 2026) -> int:
    """Every round of the demo; returns the members' ratings written."""
    rng = random.Random(seed)
    decided, open_year = years_of(today)
    written = 0
    for year in decided:
        round_ = open_round(province, year, actor)
        written += decide_members(round_, rng)
        rate_organizations(round_, rng)
        recognize_four_good(province, year, rng)
        close_round(actor=actor, round_=round_)
    round_ = open_round(province, open_year, actor)
    written += round_.member_ratings.count()
    advance_cells(round_, rng, today, exclude=secretary_cell)
    if secretary_cell is not None:
        walk_secretary_cell(round_, secretary_cell, today)
    return written


def open_round(province: Organization, year: int, actor: Any) -> Round:
    """The province's yearly round, listed by the job function of a real opening."""
    round_ = Round.objects.create(
        organization=province,
        year=year,
        period_kind=PeriodKind.YEAR,
        title=f"Kiểm điểm, đánh giá, xếp loại chất lượng năm {year}",
        created_by=actor,
        **default_calendar(year),
    )
    audit_record(
        actor=actor, action="assessment.round_open", obj=round_, before=None, after={"title": round_.title, "scope": province.code}
    )
    list_round(Job(kind="assessments.open", params={"round": round_.pk}), no_progress)
    round_.refresh_from_db()
    return round_


# --- the years decided --------------------------------------------------------------------------


def _draw(rng: random.Random, spread: Iterable[tuple[str, float]]) -> str:
    draw, total = rng.random(), 0.0
    for level, share in spread:
        total += share
        if draw < total:
            return level
    return Level.GOOD


def _score(rng: random.Random, level: str, on: dt.date) -> int | None:
    """A score within the level's points, for a round judged on 100 points (none before)."""
    return rng.randint(*SCORES[Level(level)]) if judging.min_points(on) else None


def decide_members(round_: Round, rng: random.Random) -> int:
    """Each listed member's rating decided by the grassroots committee, "excellent" kept within
    each grassroots organization's quota, with the decision as its history row. One UPDATE per
    grassroots organization and level (the score spread by the rating's id within the level's
    points), and the history rows copied from the ratings in one INSERT … SELECT."""
    rows = list(MemberRating.objects.filter(round=round_, stage=Stage.LISTED).values_list("pk", "organization_id", "org_path"))
    quota = judging.quota_rule(round_.period_end)
    percent = int(quota.value) if quota else None
    pointed = bool(judging.min_points(round_.period_end))
    grassroots_of: dict[int, int] = {}
    cells = Organization.objects.in_bulk({org_id for _pk, org_id, _path in rows})
    by_grassroots: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, org_id, path in rows:
        if org_id not in grassroots_of:
            grassroots_of[org_id] = deciding_organization(cells[org_id]).pk
        by_grassroots[grassroots_of[org_id]].append((pk, path))
    decided_on = round_.review_until + dt.timedelta(days=3)
    per_node: dict[str, dict[str, int]] = {}
    base = f"{counters.PREFIX}{round_.year}.m."
    for grassroots_id, ratings in by_grassroots.items():
        levels = [_draw(rng, MEMBER_SPREAD) for _ in ratings]
        _within_quota(levels, percent)
        same: dict[str, list[int]] = defaultdict(list)
        for (pk, path), level in zip(ratings, levels, strict=True):
            same[level].append(pk)
            node = per_node.setdefault(path, {})  # from "not yet reviewed" to the level decided
            for key, n in ((base + "pending", -1), (f"{base}stage.{Stage.LISTED}", -1), (base + "rated", 1), (f"{base}L.{level}", 1)):
                node[key] = node.get(key, 0) + n
            if level == Level.NOT_COMPLETED:
                node[f"{base}nc.{NotCompletedReason.UNDER_HALF}"] = node.get(f"{base}nc.{NotCompletedReason.UNDER_HALF}", 0) + 1
        for level, pks in same.items():
            low, high = SCORES[Level(level)]
            for i in range(0, len(pks), CHUNK):
                MemberRating.objects.filter(pk__in=pks[i : i + CHUNK]).update(
                    stage=Stage.DECIDED, stage_since=decided_on, level=level,
                    score=Value(low) + F("id") % (high - low + 1) if pointed else None,
                    not_completed_reason=NotCompletedReason.UNDER_HALF if level == Level.NOT_COMPLETED else "",
                    decision_number=f"{grassroots_id % 90 + 10}-QĐ/ĐU", decision_date=decided_on,
                )  # fmt: skip
    totals.add_many(per_node)
    _decisions_as_history(round_)
    audit_record_many(
        actor=None,
        items=[
            AuditItem("assessment.rating.decide", "assessments.memberrating", str(pk), after={"round": round_.pk}) for pk, _o, _p in rows
        ],
    )
    return len(rows)


def _decisions_as_history(round_: Round) -> None:
    """The committee's decision of each decided rating of the round, as its history row."""
    from django.db import connection

    step, rating = RatingStep._meta.db_table, MemberRating._meta.db_table
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {step} (rating_id, kind, source, date, level, score, scores, tasks, strengths, weaknesses,
                                decision_number, decision_date, decided_by, recorded_at, note)
            SELECT id, 'decide', %s, decision_date, level, score, '{{}}', '{{}}', '', '', decision_number, decision_date, '', %s, ''
            FROM {rating} WHERE round_id = %s AND stage = %s
            """,  # noqa: S608 (table names from the models)
            [Source.COMMITTEE, now, round_.pk, Stage.DECIDED],
        )


def _within_quota(levels: list[str], percent: int | None) -> None:
    """Past the quota, the last "excellent" ones are decided "good"."""
    if percent is None:
        return
    excellent = [i for i, level in enumerate(levels) if level == Level.EXCELLENT]
    allowed = judging.Quota(len(excellent), len(excellent) + levels.count(Level.GOOD), percent).limit or 0
    for i in excellent[allowed:]:
        levels[i] = Level.GOOD


def rate_organizations(round_: Round, rng: random.Random) -> int:
    """Each organization listed, rated by the committee one level up: one UPDATE per level."""
    rows = list(OrganizationRating.objects.filter(round=round_, stage=Stage.LISTED).values_list("pk", "org_path", "org_kind"))
    pointed = bool(judging.min_points(round_.period_end))
    decided_on = round_.decide_until - dt.timedelta(days=5)
    same: dict[str, list[int]] = defaultdict(list)
    per_node: dict[str, dict[str, int]] = {}
    for pk, path, kind in rows:
        level = _draw(rng, ORGANIZATION_SPREAD)
        same[level].append(pk)
        base = f"{counters.PREFIX}{round_.year}.o.{kind}."
        node = per_node.setdefault(path, {})
        for key, n in ((base + "pending", -1), (base + "rated", 1), (f"{base}L.{level}", 1)):
            node[key] = node.get(key, 0) + n
    for level, pks in same.items():
        low, high = SCORES[Level(level)]
        score = Value(low) + F("id") % (high - low + 1) if pointed else None
        OrganizationRating.objects.filter(pk__in=pks).update(
            self_level=level, self_score=score, tasks=TASKS[Level(level)], self_report=f"Báo cáo kiểm điểm tập thể năm {round_.year}",
            stage=Stage.DECIDED, stage_since=decided_on, level=level, score=score,
            decision_number=f"{round_.year % 100}-QĐ/TU", decision_date=decided_on,
        )  # fmt: skip
    totals.add_many(per_node)
    audit_record_many(
        actor=None,
        items=[
            AuditItem("assessment.organization_rating.decide", "assessments.organizationrating", str(pk), after={"round": round_.pk})
            for pk, _p, _k in rows
        ],
    )
    return len(rows)


def recognize_four_good(province: Organization, year: int, rng: random.Random) -> int:
    """A few cells rated "excellent" that year registered in January and were recognized."""
    cells = list(
        OrganizationRating.objects.filter(year=year, counted=True, level=Level.EXCELLENT, org_kind__in=("cell", "grassroots_cell"))
        .order_by("org_path")
        .values_list("organization_id", "org_path")
    )
    chosen = rng.sample(cells, min(FOUR_GOOD_CELLS, len(cells)))
    registered_on, decided_on = dt.date(year, 1, 10), dt.date(year + 1, 1, 10)
    meetings = [
        Meeting(
            organization_id=pk, org_path=path, kind=MeetingKind.REGULAR, date=registered_on, month=registered_on.replace(day=1),
            status=MeetingStatus.CLOSED, attendance_recorded=True, title="Sinh hoạt thường kỳ — đăng ký chi bộ bốn tốt",
        )
        for pk, path in chosen
    ]  # fmt: skip
    Meeting.objects.bulk_create(meetings)
    met = {criterion: True for criterion in FourGoodCriterion.values}
    rows = FourGood.objects.bulk_create(
        FourGood(
            organization_id=m.organization_id, year=year, meeting=m, stage=FourGoodStage.RECOGNIZED, criteria=met,
            assessment_note="Đạt cả bốn tiêu chí.", decision_number=f"{year % 100}-QĐ/ĐU", decision_date=decided_on,
        )
        for m in meetings
    )  # fmt: skip
    audit_record_many(
        actor=None,
        items=[AuditItem("assessment.four_good_recognize", "assessments.fourgood", str(r.pk), after={"stage": r.stage}) for r in rows],
    )
    return len(rows)


# --- this year's open round ---------------------------------------------------------------------


def advance_cells(round_: Round, rng: random.Random, today: dt.date, exclude: Organization | None = None) -> int:
    """Some cells' members have assessed themselves, some cells have voted too (the counters
    of the stages moved with them)."""
    cells = sorted(set(MemberRating.objects.filter(round=round_, stage=Stage.LISTED).values_list("organization_id", flat=True)))
    chosen = {pk: rng.random() for pk in cells if pk != getattr(exclude, "pk", None)}
    self_day = min(today, round_.self_until) - dt.timedelta(days=2)
    vote_day = min(today, round_.review_until) - dt.timedelta(days=1)
    rows = list(
        MemberRating.objects.filter(
            round=round_, stage=Stage.LISTED, organization_id__in=[pk for pk, d in chosen.items() if d < SELF_ASSESSED_SHARE]
        )
    )
    history: list[RatingStep] = []
    for rating in rows:
        level = _draw(rng, MEMBER_SPREAD[1:3])  # what members propose for themselves: good or completed
        score = _score(rng, level, round_.period_end)
        voted = chosen[rating.organization_id] < VOTED_SHARE and vote_day > self_day
        rating.stage = Stage.VOTED if voted else Stage.SELF_ASSESSED
        rating.stage_since, rating.score = vote_day if voted else self_day, score
        history.append(
            RatingStep(rating=rating, kind="self", source=Source.SELF, date=self_day, level=level, score=score, tasks=TASKS[Level(level)])
        )
        if voted:
            history.append(RatingStep(rating=rating, kind="vote", source=Source.CELL_VOTE, date=vote_day, level=level, score=score))
    # one statement per stage and score, rather than a CASE per row
    same: dict[tuple[str, Any, Any], list[int]] = defaultdict(list)
    for rating in rows:
        same[(rating.stage, rating.stage_since, rating.score)].append(rating.pk)
    for (stage, since, score), pks in same.items():
        MemberRating.objects.filter(pk__in=pks).update(stage=stage, stage_since=since, score=score)
    RatingStep.objects.bulk_create(history, batch_size=CHUNK)
    moved: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    base = f"{counters.PREFIX}{round_.year}.m.stage."
    for rating in rows:
        moved[rating.org_path][base + Stage.LISTED] -= 1
        moved[rating.org_path][base + rating.stage] += 1
    totals.add_many({path: dict(deltas) for path, deltas in moved.items()})
    return len(rows)


def walk_secretary_cell(round_: Round, cell: Organization, today: dt.date) -> None:
    """The secretary's cell through the services: its first members assessed themselves, the
    cell voted on some of them at a meeting, and one member disciplined this year was decided
    "did not complete tasks" after the same level last year (the removal question)."""
    ratings = list(MemberRating.objects.filter(round=round_, organization=cell, stage=Stage.LISTED).select_related("member", "round"))
    if not ratings:
        return
    day = min(today, round_.self_until)
    meeting = (
        Meeting.objects.filter(organization=cell, status__in=HELD, date__gte=round_.period_start, date__lte=day).order_by("-date").first()
    )
    last_year = {
        r.member_id: r
        for r in MemberRating.objects.filter(year=round_.year - 1, counted=True, member_id__in=[r.member_id for r in ratings])
        if r.stage == Stage.DECIDED
    }
    flagged = next((r for r in ratings if r.member_id in last_year), None)
    if flagged is not None and meeting is not None:
        _not_completed_twice(flagged, last_year[flagged.member_id], meeting, day)
    for n, rating in enumerate(r for r in ratings if r is not flagged):
        if n >= 6:
            break
        level = Level.GOOD if n % 3 else Level.EXCELLENT
        try:
            steps.rating_self_assess(
                actor=None, rating=rating, level=level, group=rating.group, scores=_points(rating.group, 95 if level == Level.EXCELLENT else 82, round_),
                tasks=TASKS[level], date=day, strengths="Hoàn thành tốt nhiệm vụ được giao.",
            )  # fmt: skip
            if n < 3 and meeting is not None:
                rating.refresh_from_db()
                steps.rating_vote(actor=None, rating=rating, level=level, meeting=meeting, votes_for=8, votes_present=9, date=day)
        except Refusal:
            continue  # a member whose group's rules ask for more: left at the stage reached


def _not_completed_twice(rating: MemberRating, last: MemberRating, meeting: Meeting, day: dt.date) -> None:
    """The member rated "did not complete tasks" last year, disciplined this year, and decided
    so again: the attention list's removal question."""
    before = counters.member_keys(last)
    MemberRating.objects.filter(pk=last.pk).update(
        level=Level.NOT_COMPLETED,
        score=_score(random.Random(1), Level.NOT_COMPLETED, last.round.period_end),
        not_completed_reason=NotCompletedReason.UNDER_HALF,
    )
    last.refresh_from_db()
    RatingStep.objects.filter(rating=last).update(level=Level.NOT_COMPLETED, score=last.score)
    counters.change(last.org_path, before, counters.member_keys(last))
    decided = day.replace(month=5, day=12)
    discipline_record(
        actor=None,
        decision=Decision(f"{rating.member_id % 90 + 10}-QĐ/ĐU", decided, "Ban Thường vụ Đảng ủy"),
        organization=deciding_organization(rating.organization),
        body=Body.STANDING,
        member=rating.member,
        contents=[MemberContent.FORBIDDEN],
        violation="Vi phạm quy định về những điều đảng viên không được làm",
        violation_date=decided.replace(month=3, day=2),
        proposed_form=DisciplineForm.WARNING,
    )
    level, tasks = Level.NOT_COMPLETED, TASKS[Level.NOT_COMPLETED]
    steps.rating_self_assess(
        actor=None, rating=rating, level=level, group=rating.group, scores=_points(rating.group, 45, rating.round), tasks=tasks, date=day
    )
    rating.refresh_from_db()
    steps.rating_vote(actor=None, rating=rating, level=level, meeting=meeting, votes_for=9, votes_present=9, date=day)
    rating.refresh_from_db()
    steps.rating_decide(actor=None, rating=rating, level=level, decision=Decision(f"{rating.member_id % 90 + 10}-QĐ/ĐU", day))


def _points(group: str, total: int, round_: Round) -> dict[str, int]:
    """Points per criterion of the group's frame adding up to `total` (empty before the frame)."""
    frame = judging.criteria(group, round_.period_end)
    left = sum(c.points for c in frame) - total
    result = {c.code: c.points for c in frame}
    for criterion in reversed(frame):
        take = min(left, result[criterion.code])
        result[criterion.code] -= take
        left -= take
    return result
