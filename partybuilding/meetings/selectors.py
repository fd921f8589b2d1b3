"""Reads of meetings that the pages, the API and the exports share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partybuilding.core import paths
from partybuilding.core.month_charts import MonthFigure, month_chart
from partybuilding.core.scope import Action, can, visible_or_404
from partybuilding.core.text import search_key
from partybuilding.members.choices import IN_LIST
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization, SubtreeTotal

from . import roster
from . import totals as quality
from .choices import Level, MeetingKind, MeetingStatus, Presence
from .models import Attendance, LeaveRequest, MarkConflict, Meeting, MeetingDocument


def in_scope(user: Any, within: Organization | None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.visible_to(user)
    if within is not None:
        meetings = meetings.filter(paths.subtree_q(within.path, "org_path"))
    return meetings


def filtered(meetings: QuerySet[Meeting], filters: dict[str, Any]) -> QuerySet[Meeting]:
    for word in search_key(filters.get("q") or "").split():  # every word of the organization's name, accents ignored
        meetings = meetings.filter(organization__name_search__contains=word)
    if filters.get("kind"):
        meetings = meetings.filter(kind=filters["kind"])
    if filters.get("status"):
        meetings = meetings.filter(status=filters["status"])
    year, month = filters.get("year"), filters.get("month")
    if year and month:
        meetings = meetings.filter(date__gte=dt.date(year, month, 1), date__lt=dt.date(year + month // 12, month % 12 + 1, 1))
    elif year:
        meetings = meetings.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
    return meetings.select_related("organization__parent").order_by("-date", "org_path", "-pk")


def meeting_or_404(user: Any, pk: int, action: Action | None = None) -> Meeting:
    """A meeting of the user's scope; with `action`, one they may act on (403 otherwise)."""
    return visible_or_404(Meeting.objects.select_related("organization", "chair", "secretary", "scheme"), user, pk, action)


def own_cell_member(user: Any) -> Member | None:
    """The logged-in member's record while they are in the list (their cell's meetings are theirs)."""
    return Member.objects.select_related("organization").filter(user_id=user.pk or 0, status__in=IN_LIST).first()


def own_cell_reader(user: Any) -> Member | None:
    """A member whose roles do not read their cell's meetings (a plain member) still reads
    the list of them, with their own attendance: the member's record, else None."""
    member = own_cell_member(user)
    if member is None or can(user, Action.VIEW_MEMBERS, member.organization):
        return None
    return member


def own_cell_meetings(member: Member, within: Organization | None) -> QuerySet[Meeting]:
    """The meetings of the member's cell (within the list's organization), each with the
    member's own attendance (`my_presence`, empty before it is marked) and nobody else's."""
    meetings = with_presence_of(Meeting.objects.filter(organization_id=member.organization_id), member)
    if within is not None:
        meetings = meetings.filter(paths.subtree_q(within.path, "org_path"))
    return meetings


def attended_by(meetings: QuerySet[Meeting], member: Member) -> QuerySet[Meeting]:
    """The meetings where the member was expected, with their attendance (a record's link)."""
    return with_presence_of(meetings.filter(attendance__member=member), member)


def with_presence_of(meetings: QuerySet[Meeting], member: Member) -> QuerySet[Meeting]:
    """Each meeting with the member's attendance (`my_presence`, empty before it is marked)."""
    mine = Attendance.objects.filter(meeting=OuterRef("pk"), member=member).values("presence")[:1]
    return meetings.annotate(my_presence=Subquery(mine))


def document_or_404(user: Any, pk: Any) -> MeetingDocument:
    """A meeting's file, for the roles that see the meeting and for the members of its own cell."""
    document = MeetingDocument.objects.select_related("meeting").filter(pk=pk).first()
    if document is None:
        raise Http404
    if not Meeting.objects.visible_to(user).filter(pk=document.meeting_id).exists():
        member = own_cell_member(user)
        if member is None or member.organization_id != document.meeting.organization_id:
            raise Http404
    return document


def attendance_list(meeting: Meeting) -> list[Attendance]:
    """The meeting's attendance in the order of the member list (the page and the minutes)."""
    return list(meeting.attendance.select_related("member").order_by("member__sort_key", "member_id"))


def held(meeting: Meeting) -> dict[str, Any]:
    """What the meeting's page and its minutes show of it: who was expected, who came, who
    was absent with and without reason, and the items voted on."""
    attendance = attendance_list(meeting)
    return {
        "meeting": meeting,
        "attendance": attendance,
        "required": sum(1 for a in attendance if a.required),
        **{presence: [a for a in attendance if a.presence == presence] for presence in Presence.values},
        "items": list(meeting.items.all()),
    }


def documents(meeting: Meeting) -> QuerySet[MeetingDocument]:
    return meeting.documents.defer("content").order_by("uploaded_at", "pk")


@dataclass(frozen=True)
class YearFigure:
    year: int
    regular_held: int
    scored: int
    average: float | None
    levels: dict[str, int]


def yearly_figure(org: Organization, year: int) -> YearFigure:
    """The cell's regular meetings of a year and their scores (one query)."""
    closed = Q(status=MeetingStatus.CLOSED)
    found = Meeting.objects.filter(
        organization=org,
        kind=MeetingKind.REGULAR,
        status__in=[MeetingStatus.HELD, MeetingStatus.CLOSED],
        month__gte=dt.date(year, 1, 1),
        month__lte=dt.date(year, 12, 1),
    ).aggregate(
        held=Count("pk"),
        scored=Count("pk", filter=closed),
        mean_score=Avg("score", filter=closed),
        **{level: Count("pk", filter=closed & Q(level=level)) for level in Level.values},
    )
    return YearFigure(
        year,
        found["held"],
        found["scored"],
        round(found["mean_score"], 1) if found["mean_score"] is not None else None,
        {level: found[level] for level in Level.values},
    )


@dataclass(frozen=True)
class Need:
    """One thing a meeting still needs, and whether it is there."""

    label: Any
    done: bool


def needs(meeting: Meeting, has_documents: bool) -> list[Need]:
    """What members must know before a planned meeting, and what its record needs after."""
    if meeting.status == MeetingStatus.PLANNED:
        return [
            Need(_("topic"), bool(meeting.title)),
            Need(_("starting time"), meeting.starts_at is not None),
            Need(_("place"), bool(meeting.place)),
            Need(_("agenda"), bool(meeting.agenda)),
            Need(_("documents for the members"), has_documents),
        ]
    return [
        Need(_("attendance"), meeting.attendance_recorded),
        Need(_("minutes (agenda, discussion, resolution)"), meeting.minutes_complete),
    ]


def upcoming_for(org: Organization, today: dt.date) -> QuerySet[Meeting]:
    """The meetings a member of `org` is invited to, from today on."""
    return Meeting.objects.filter(organization=org, date__gte=today).exclude(status=MeetingStatus.CLOSED).order_by("date", "pk")


def quality_by_month(org: Organization, year: int) -> list[MonthFigure]:
    """The average score of the closed meetings of `org`'s subtree, month by month in
    `year`, from the quality counters (one query of 24 rows, whatever the subtree's size);
    a month without a scored meeting has no value."""
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    wanted = [quality.key(m, name) for m in months for name in ("scored", "points")]
    counted = dict(SubtreeTotal.objects.filter(organization=org, key__in=wanted).values_list("key", "value"))
    figures = []
    for month in months:
        n, points = counted.get(quality.key(month, "scored"), 0), counted.get(quality.key(month, "points"), 0)
        note = ngettext("%(n)d meeting scored", "%(n)d meetings scored", n) % {"n": n} if n else ""
        figures.append(MonthFigure(month, round(points / n, 1) if n else None, note))
    return figures


def quality_chart(org: Organization, year: int) -> Any:
    title = _("Meeting quality by month, %(year)d (average score out of 100)") % {"year": year}
    return month_chart(quality_by_month(org, year), title)


# --- check-in, leave requests, conflicts ---------------------------------------------------


def arrivals(meeting: Meeting) -> list[Attendance]:
    """The members marked so far, latest first (arrivals by QR code with their time)."""
    rows = meeting.attendance.select_related("member").exclude(marked_at__isnull=True)
    return list(rows.order_by("-marked_at", "-pk"))


def unmarked_count(meeting: Meeting) -> int:
    """While the attendance is marked member by member (check-ins, phones), how many
    required members are not marked yet (0 once it is recorded)."""
    if meeting.attendance_recorded or not meeting.attendance.exists():
        return 0
    marked = set(meeting.attendance.values_list("member_id", flat=True))
    return sum(1 for e in roster.expected(meeting.organization, meeting.kind, meeting.date) if e.required and e.member.pk not in marked)


def leave_requests(meeting: Meeting) -> list[LeaveRequest]:
    return list(meeting.leave_requests.select_related("member").order_by("requested_at", "pk"))


def leave_asked(member: Member, meetings: list[Meeting]) -> dict[int, str]:
    """The member's leave requests among `meetings`: meeting id → reason (one query)."""
    found = LeaveRequest.objects.filter(member=member, meeting__in=[m.pk for m in meetings])
    return dict(found.values_list("meeting_id", "reason"))


def leave_of(meeting: Meeting, member: Member) -> LeaveRequest | None:
    return meeting.leave_requests.filter(member=member).first()


@dataclass(frozen=True)
class Side:
    """One of two marks that disagreed, as the meeting's page shows it."""

    presence: str
    presence_label: str
    reason: str
    marked_at: dt.datetime | None
    via: str
    by: str


def _side(data: dict[str, Any]) -> Side:
    marked_at = dt.datetime.fromisoformat(data["marked_at"]) if data.get("marked_at") else None
    via = data.get("via") or ""
    return Side(
        data["presence"],
        str(Presence(data["presence"]).label),
        data.get("reason", ""),
        marked_at,
        _("QR check-in") if via == "QR" else via or _("attendance form"),
        data.get("by", ""),
    )


@dataclass(frozen=True)
class Conflict:
    pk: int
    member: Member
    kept: Side
    overruled: Side

    @property
    def sides(self) -> tuple[Side, Side]:
        return self.kept, self.overruled


def open_conflicts(meeting: Meeting) -> list[Conflict]:
    """Marks that disagreed and that the secretary has not settled yet."""
    rows = MarkConflict.objects.filter(meeting=meeting, settled_at__isnull=True).select_related("member")
    return [Conflict(c.pk, c.member, _side(c.kept), _side(c.overruled)) for c in rows]


def conflict_or_404(user: Any, pk: int) -> MarkConflict:
    """A conflict of a meeting the user may record the attendance of (404 outside the scope)."""
    conflict = MarkConflict.objects.select_related("meeting").filter(pk=pk).first()
    if conflict is None:
        raise Http404
    conflict.meeting = meeting_or_404(user, conflict.meeting_id, Action.MANAGE_MEMBERS)
    return conflict
