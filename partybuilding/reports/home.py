"""The home page of each kind of user: a cell secretary opens on their cell's work, a
member on their own things; officers keep the dashboard of their scope.

Everything here is read through the apps' own selectors; this module only chooses what a
person in that role looks at first, and in which order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch

from partybuilding.accounts.choices import Role
from partybuilding.admissions.models import Candidate
from partybuilding.admissions.selectors import NextStep, next_steps
from partybuilding.assessments import selectors as assessment_selectors
from partybuilding.assessments.models import MemberRating, Round
from partybuilding.core.scope import grants, is_superuser
from partybuilding.directives.models import StudyAssignment, Task
from partybuilding.directives.selectors import study as study_selectors
from partybuilding.directives.selectors import tasks as task_selectors
from partybuilding.dues import months
from partybuilding.dues import selectors as dues_selectors
from partybuilding.meetings import selectors as meeting_selectors
from partybuilding.meetings.choices import HELD, MeetingStatus, Presence
from partybuilding.meetings.missing import months_absent_unexcused, unexcused_threshold
from partybuilding.meetings.models import Attendance, Meeting, MeetingDocument
from partybuilding.members.badges import selectors as badge_selectors
from partybuilding.members.choices import IN_LIST
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

OFFICER = "officer"
SECRETARY = "secretary"
MEMBER = "member"
LIST_LIMIT = 10


def kind_of(user: Any) -> tuple[str, Organization | None]:
    """Which home page the user opens on, and for a secretary the cell it is about.
    A role over more than a cell (officers, viewers, administrators) keeps the dashboard."""
    if is_superuser(user):
        return OFFICER, None
    held = grants(user)
    if any(g.role not in (Role.CELL_SECRETARY, Role.MEMBER) for g in held):
        return OFFICER, None
    cells = [g.organization_id for g in held if g.role == Role.CELL_SECRETARY]
    if cells:
        return SECRETARY, Organization.objects.filter(pk=cells[0]).select_related("parent").first()
    return MEMBER, None


# --- the cell secretary ---------------------------------------------------------------------


@dataclass(frozen=True)
class NextMeeting:
    meeting: Meeting
    needs: list[meeting_selectors.Need]
    days_left: int

    @property
    def missing(self) -> list[meeting_selectors.Need]:
        return [n for n in self.needs if not n.done]


@dataclass
class CellHome:
    cell: Organization
    today: dt.date
    next_meeting: NextMeeting | None = None
    unrecorded: list[Meeting] = field(default_factory=list)
    dues_month: dt.date | None = None
    dues: dues_selectors.Line | None = None
    absent: list[tuple[Member, int]] = field(default_factory=list)
    absent_threshold: int = 0
    candidates: list[NextStep] = field(default_factory=list)
    badges: list[tuple[Member, int]] = field(default_factory=list)
    badge_day: dt.date | None = None
    round: Round | None = None  # the open assessment round covering the cell
    round_stages: dict[str, int] = field(default_factory=dict)
    tasks: list[Task] = field(default_factory=list)  # the cell's own open tasks

    @property
    def review_days_left(self) -> int | None:
        """Days until the cell's review meeting is due (negative: late)."""
        return (self.round.review_until - self.today).days if self.round else None


def next_meeting(cell: Organization, today: dt.date) -> NextMeeting | None:
    meeting = meeting_selectors.upcoming_for(cell, today).filter(status=MeetingStatus.PLANNED).annotate(files=Count("documents")).first()
    if meeting is None:
        return None
    return NextMeeting(meeting, meeting_selectors.needs(meeting, meeting.files > 0), (meeting.date - today).days)


def absent_unexcused(cell: Organization, today: dt.date) -> tuple[list[tuple[Member, int]], int]:
    """Members of the cell absent without reason this year, with the number of months,
    most first, and the removal rule's number of months (they are warned before it)."""
    rows = list(months_absent_unexcused(cell, today.year)[:LIST_LIMIT])
    people = Member.objects.in_bulk([row["member_id"] for row in rows])
    found = [(people[row["member_id"]], row["months"]) for row in rows if row["member_id"] in people]
    return found, unexcused_threshold(today.year, today)


def cell_home(user: Any, cell: Organization, today: dt.date) -> CellHome:
    home = CellHome(cell, today, next_meeting=next_meeting(cell, today))
    home.unrecorded = list(
        Meeting.objects.filter(organization=cell, status=MeetingStatus.HELD).order_by("date")[:LIST_LIMIT]
        or Meeting.objects.filter(organization=cell, status=MeetingStatus.PLANNED, date__lt=today).order_by("date")[:LIST_LIMIT]
    )
    home.dues_month = months.first_of(today)
    home.dues = dues_selectors.report(cell, home.dues_month, home.dues_month).total
    home.absent, home.absent_threshold = absent_unexcused(cell, today)
    home.candidates = next_steps(Candidate.objects.visible_to(user).filter(organization=cell), today, LIST_LIMIT)
    home.badge_day = badge_selectors.next_award_date(today)
    due = badge_selectors.due(Member.objects.filter(organization=cell, status__in=IN_LIST), home.badge_day)
    home.badges = [(m, m.milestone) for m in due.order_by("admission_date", "pk")[:LIST_LIMIT]]  # type: ignore[attr-defined]
    home.round = assessment_selectors.open_round_of(cell)
    if home.round is not None:
        home.round_stages = assessment_selectors.stage_counts(home.round, cell)
    home.tasks = task_selectors.open_tasks_of(cell, today)[:LIST_LIMIT]
    return home


# --- the member -----------------------------------------------------------------------------


@dataclass
class MemberHome:
    member: Member
    today: dt.date
    meetings: list[Meeting] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    attended: int = 0
    dues: dues_selectors.DuesAccount | None = None
    rating: MemberRating | None = None  # in an open assessment round
    work: OwnWork | None = None

    @property
    def self_days_left(self) -> int | None:
        """Days until the self-assessment is due (negative: late)."""
        return (self.rating.round.self_until - self.today).days if self.rating else None


def member_home(member: Member, today: dt.date) -> MemberHome:
    home = MemberHome(member, today)
    files = Prefetch("documents", queryset=MeetingDocument.objects.defer("content").order_by("uploaded_at", "pk"))  # names only
    home.meetings = list(meeting_selectors.upcoming_for(member.organization, today).prefetch_related(files)[:3])
    year_start = dt.date(today.year, 1, 1)
    history = Attendance.objects.filter(member=member, meeting__status__in=HELD).select_related("meeting").order_by("-meeting__date")
    home.attendance = list(history[:12])
    home.attended = history.filter(meeting__date__gte=year_start, presence=Presence.PRESENT).count()
    home.dues = dues_selectors.account(member, today.year)
    home.rating = assessment_selectors.open_rating_of(member)
    home.work = own_work(member, today)
    return home


@dataclass
class OwnWork:
    """What a member must do, on any home page of theirs: the tasks they are responsible for and
    the resolutions they must still study."""

    tasks: list[Task]
    to_study: list[StudyAssignment]


def own_work(member: Member | None, today: dt.date) -> OwnWork | None:
    if member is None:
        return None
    to_study = list(study_selectors.to_study(member, today)[:LIST_LIMIT])
    for assignment in to_study:
        assignment.days_left = (assignment.campaign.deadline - today).days  # type: ignore[attr-defined]
    return OwnWork(task_selectors.tasks_of_member(member, today)[:LIST_LIMIT], to_study)
