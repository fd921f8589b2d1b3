"""The demo province's meetings of the last months: most cells held their regular meeting
each month (closed and scored), a thematic one in the last quarter, a few absences with and
without reason, and a handful of members absent without reason month after month, so the
attention list and the report of what is missing show what a real province would see.

Written in bulk with one audit entry per meeting, as an import writes members; the scores
come from the default scheme in Python, with no query per meeting.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from partybuilding.core.audit import AuditItem, audit_record_many
from partybuilding.meetings import scoring, services
from partybuilding.meetings import totals as quality
from partybuilding.meetings.choices import CELL_KINDS, MeetingKind, MeetingStatus, Presence
from partybuilding.meetings.models import AgendaItem, Attendance, Meeting, ScoringScheme
from partybuilding.members.choices import IN_LIST
from partybuilding.members.models import Member
from partybuilding.organizations import totals
from partybuilding.organizations.models import Organization

HELD_SHARE = 0.92  # the share of cells that held their regular meeting in a month
ABSENT_EXCUSED, ABSENT_UNEXCUSED = 0.05, 0.02
AGENDA = "1. Kiểm điểm việc thực hiện nghị quyết tháng trước\n2. Thảo luận nhiệm vụ tháng tới\n3. Biểu quyết nghị quyết"


def _months(today: dt.date, count: int) -> list[dt.date]:
    first = today.replace(day=1)
    return [first - relativedelta(months=n) for n in range(count, -1, -1)]


def load(today: dt.date, months: int = 3, seed: int = 2026) -> int:
    """The `months` months before this one and this month so far; returns the meetings."""
    rng = random.Random(seed)
    cells = list(Organization.objects.filter(kind__in=CELL_KINDS, status="active").order_by("path").values_list("pk", "path"))
    roster: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    rows = Member.objects.filter(status__in=IN_LIST, organization_id__in=[pk for pk, _ in cells]).order_by("sort_key", "pk")
    for pk, org_id, admitted, exempt in rows.values_list("pk", "organization_id", "admission_date", "exempt_since"):
        roster[org_id].append((pk, admitted, exempt))
    # A few members who stay away without reason every month of the window.
    absentees = {pk for members in rng.sample(list(roster.values()), min(12, len(roster))) for pk, _a, _e in members[:1]}
    scheme = ScoringScheme.objects.filter(province__isnull=True).prefetch_related("criteria").order_by("-effective_from").first()
    meetings: list[Meeting] = []
    details: list[tuple[list[Attendance], list[AgendaItem]]] = []
    for month in _months(today, months):
        thematic_month = month.month % 3 == 0  # the last month of each quarter
        for org_id, path in cells:
            if rng.random() > HELD_SHARE:
                continue
            kinds = [MeetingKind.REGULAR] + ([MeetingKind.THEMATIC] if thematic_month and rng.random() < 0.85 else [])
            for kind in kinds:
                day = month.replace(day=rng.randint(3, 25) if kind == MeetingKind.REGULAR else rng.randint(10, 27))
                planned = day > today
                meeting = Meeting(
                    organization_id=org_id, org_path=path, kind=kind, date=day, month=month,
                    status=MeetingStatus.PLANNED if planned else MeetingStatus.CLOSED,
                    title="Sinh hoạt thường kỳ" if kind == MeetingKind.REGULAR else "Học tập, quán triệt nghị quyết",
                )  # fmt: skip
                attendance: list[Attendance] = []
                items: list[AgendaItem] = []
                if not planned:
                    attendance, items = _record(rng, meeting, roster[org_id], absentees)
                    if scheme is not None:
                        measures = scoring.Measures(
                            _rate(attendance), meeting.duration_minutes or 0, sum(a.contributions for a in attendance), True, True
                        )
                        meeting.score, meeting.level = scoring.score(scheme, measures)
                        meeting.scheme = scheme
                meetings.append(meeting)
                details.append((attendance, items))
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    for meeting, (attendance, items) in zip(meetings, details, strict=True):
        for row in attendance:
            row.meeting_id, row.org_path, row.month = meeting.pk, meeting.org_path, meeting.month
        for item in items:
            item.meeting_id = meeting.pk
    Attendance.objects.bulk_create([a for attendance, _ in details for a in attendance], batch_size=5000)
    AgendaItem.objects.bulk_create([i for _, items in details for i in items], batch_size=5000)
    # The quality counters the services keep meeting by meeting, added once for all of them.
    per_node: dict[str, dict[str, int]] = {}
    for meeting in meetings:
        node = per_node.setdefault(meeting.org_path, {})
        for key, value in quality.keys_of(meeting).items():
            node[key] = node.get(key, 0) + value
    totals.add_many(per_node)
    audit_record_many(
        actor=None,
        items=[
            AuditItem(f"meeting.{m.status}", "meetings.meeting", str(m.pk), after={"organization": m.organization_id, "date": m.date})
            for m in meetings
        ],
    )
    return len(meetings) + _checkin_today(today)


def _checkin_today(today: dt.date) -> int:
    """A meeting of the demo secretary's cell today, its window around the time the demo is
    loaded, so that "bithu" can show the check-in QR code and "dangvien" scan it."""
    secretary = Member.objects.select_related("organization").filter(user__username="bithu").first()
    if secretary is None:  # a demo without its users (tests)
        return 0
    now = timezone.localtime()
    start = max(now.replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=1), now.replace(hour=0, minute=0))
    end = min(start + dt.timedelta(hours=4), now.replace(hour=23, minute=59))
    services.meeting_plan(
        actor=None, organization=secretary.organization, kind=MeetingKind.THEMATIC, date=today,
        title="Chuyên đề: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        starts_at=start.time(), ends_at=end.time(), place="Hội trường nhà văn hóa",
    )  # fmt: skip
    return 1


def _rate(attendance: list[Attendance]) -> int:
    required = [a for a in attendance if a.required]
    present = sum(1 for a in required if a.presence == Presence.PRESENT)
    return present * 100 // len(required) if required else 0


def _record(
    rng: random.Random, meeting: Meeting, members: list[tuple[int, dt.date, dt.date | None]], absentees: set[int]
) -> tuple[list[Attendance], list[AgendaItem]]:
    attendance = []
    for pk, admitted, exempt in members:
        if admitted > meeting.date:
            continue
        required = exempt is None or exempt > meeting.date
        draw = rng.random()
        if pk in absentees or (required and draw < ABSENT_UNEXCUSED):
            presence, reason = Presence.UNEXCUSED, ""
        elif not required or draw < ABSENT_UNEXCUSED + ABSENT_EXCUSED:
            presence, reason = Presence.EXCUSED, rng.choice(["Ốm", "Đi công tác", "Việc gia đình"]) if required else "Được miễn sinh hoạt"
        else:
            presence, reason = Presence.PRESENT, ""
        contributions = rng.choice([0, 0, 1, 1, 2]) if presence == Presence.PRESENT else 0
        attendance.append(Attendance(member_id=pk, required=required, presence=presence, reason=reason, contributions=contributions))
    present = [a.member_id for a in attendance if a.presence == Presence.PRESENT]
    meeting.starts_at = dt.time(rng.choice([8, 14, 19]), 30)
    meeting.duration_minutes = rng.choice([60, 75, 90, 90, 120])
    meeting.place = "Hội trường"
    meeting.chair_id = present[0] if present else None
    meeting.secretary_id = present[1] if len(present) > 1 else None
    meeting.agenda = AGENDA
    meeting.discussion = "Các đảng viên phát biểu ý kiến về kết quả tháng và nhiệm vụ tháng tới."
    meeting.resolution = "Chi bộ thống nhất thông qua nghị quyết tháng."
    meeting.attendance_recorded = True
    against = 1 if len(present) > 4 and rng.random() < 0.2 else 0
    items = [AgendaItem(position=1, title="Thông qua nghị quyết", votes_for=len(present) - against, votes_against=against)]
    return attendance, items
