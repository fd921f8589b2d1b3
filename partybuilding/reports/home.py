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
from django.utils.translation import gettext_lazy as _

from partybuilding.accounts.choices import Role
from partybuilding.admissions import checks
from partybuilding.admissions.choices import FINAL, Stage
from partybuilding.admissions.models import Candidate
from partybuilding.core.scope import grants, is_superuser
from partybuilding.dues import months
from partybuilding.dues import selectors as dues_selectors
from partybuilding.meetings import selectors as meeting_selectors
from partybuilding.meetings.choices import HELD, MeetingStatus, Presence
from partybuilding.meetings.missing import unexcused_threshold
from partybuilding.meetings.models import Attendance, Meeting, MeetingDocument
from partybuilding.members.badges import selectors as badge_selectors
from partybuilding.members.choices import IN_LIST
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

OFFICER = "officer"
SECRETARY = "secretary"
MEMBER = "member"
LIST_LIMIT = 10
# The cell plans its meeting about two weeks ahead, so that members get the date, the
# topic and the papers in time (as the cell's reminders count it).
PREPARE_DAYS = 14


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
class Need:
    """One thing a meeting still needs, and whether it is there."""

    label: Any
    done: bool


@dataclass(frozen=True)
class NextMeeting:
    meeting: Meeting
    needs: list[Need]
    days_left: int

    @property
    def missing(self) -> list[Need]:
        return [n for n in self.needs if not n.done]


@dataclass(frozen=True)
class NextStep:
    """A candidate, what the cell does next for them, and by when (None: no deadline)."""

    candidate: Candidate
    step: Any
    deadline: dt.date | None
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


@dataclass
class CellHome:
    cell: Organization
    today: dt.date
    next_meeting: NextMeeting | None = None
    unrecorded: list[Meeting] = field(default_factory=list)
    dues_month: dt.date | None = None
    dues_due: int = 0
    dues_collected: int = 0
    absent: list[tuple[Member, int]] = field(default_factory=list)
    absent_threshold: int = 0
    candidates: list[NextStep] = field(default_factory=list)
    badges: list[tuple[Member, int]] = field(default_factory=list)
    badge_day: dt.date | None = None

    @property
    def dues_rate(self) -> float | None:
        return round(100 * self.dues_collected / self.dues_due, 1) if self.dues_due else None


def meeting_needs(meeting: Meeting, has_documents: bool) -> list[Need]:
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


def next_meeting(cell: Organization, today: dt.date) -> NextMeeting | None:
    meeting = meeting_selectors.upcoming_for(cell, today).filter(status=MeetingStatus.PLANNED).annotate(files=Count("documents")).first()
    if meeting is None:
        return None
    return NextMeeting(meeting, meeting_needs(meeting, meeting.files > 0), (meeting.date - today).days)


def next_step(candidate: Candidate, today: dt.date) -> NextStep:
    """The step the pipeline waits for, with the deadline the rules give it, if any."""
    deadline: dt.date | None = None
    if candidate.stage in (Stage.COURSE, Stage.INTRODUCED, Stage.APPLIED) and candidate.certificate_date:
        found = checks.certificate_expiry(candidate.certificate_date, today)
        deadline = found[0] if found else None
    elif candidate.stage == Stage.DECIDED and candidate.decided_on:
        found_ceremony = checks.ceremony_deadline(candidate.decided_on)
        deadline = found_ceremony[0] if found_ceremony else None
    elif candidate.stage == Stage.PROBATION and candidate.probation_ends_on:
        deadline = checks.recognition_deadline(candidate.probation_ends_on)
    step = NEXT_STEP.get(candidate.stage, "")
    return NextStep(candidate, step, deadline, (deadline - today).days if deadline else None)


NEXT_STEP: dict[str, Any] = {
    Stage.RECORDED: _("Awareness course"),
    Stage.COURSE: _("Name two introducers"),
    Stage.INTRODUCED: _("Submit the application file"),
    Stage.APPLIED: _("Cell resolution"),
    Stage.CELL_RESOLVED: _("Admission decision by the committee"),
    Stage.DECIDED: _("Admission ceremony"),
    Stage.PROBATION: _("Cell considers official status"),
    Stage.CONSIDERED: _("Official status decided by the committee"),
}


def absent_unexcused(cell: Organization, today: dt.date) -> tuple[list[tuple[Member, int]], int]:
    """Members of the cell absent without reason this year, with the number of months,
    most first, and the removal rule's number of months (they are warned before it)."""
    rows = (
        Attendance.objects.filter(
            meeting__organization=cell, month__gte=dt.date(today.year, 1, 1), presence=Presence.UNEXCUSED, required=True
        )
        .order_by()
        .values("member_id")
        .annotate(months=Count("month", distinct=True))
        .order_by("-months", "member_id")[:LIST_LIMIT]
    )
    people = Member.objects.in_bulk([row["member_id"] for row in rows])
    found = [(people[row["member_id"]], row["months"]) for row in rows if row["member_id"] in people]
    return found, unexcused_threshold(today.year, today)


def cell_home(user: Any, cell: Organization, today: dt.date) -> CellHome:
    home = CellHome(cell, today, next_meeting=next_meeting(cell, today))
    home.unrecorded = list(
        Meeting.objects.filter(organization=cell, status=MeetingStatus.HELD).order_by("date")[:LIST_LIMIT]
        or Meeting.objects.filter(organization=cell, status=MeetingStatus.PLANNED, date__lt=today).order_by("date")[:LIST_LIMIT]
    )
    report = dues_selectors.report(cell, months.first_of(today), months.first_of(today))
    home.dues_month, home.dues_due, home.dues_collected = months.first_of(today), report.total.due, report.total.collected
    home.absent, home.absent_threshold = absent_unexcused(cell, today)
    open_candidates = Candidate.objects.visible_to(user).filter(organization=cell).exclude(stage__in=FINAL)
    steps = [next_step(c, today) for c in open_candidates.order_by("stage_since", "pk")[: LIST_LIMIT * 3]]
    # Overdue first, then the nearest deadline, then those without one.
    steps.sort(key=lambda s: (s.days_left is None, s.days_left if s.days_left is not None else 0))
    home.candidates = steps[:LIST_LIMIT]
    home.badge_day = badge_selectors.next_award_date(today)
    due = badge_selectors.due(Member.objects.filter(organization=cell, status__in=IN_LIST), home.badge_day)
    home.badges = [(m, m.milestone) for m in due.order_by("admission_date", "pk")[:LIST_LIMIT]]  # type: ignore[attr-defined]
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


def member_home(member: Member, today: dt.date) -> MemberHome:
    home = MemberHome(member, today)
    files = Prefetch("documents", queryset=MeetingDocument.objects.defer("content").order_by("uploaded_at", "pk"))  # names only
    home.meetings = list(meeting_selectors.upcoming_for(member.organization, today).prefetch_related(files)[:3])
    year_start = dt.date(today.year, 1, 1)
    history = Attendance.objects.filter(member=member, meeting__status__in=HELD).select_related("meeting").order_by("-meeting__date")
    home.attendance = list(history[:12])
    home.attended = history.filter(meeting__date__gte=year_start, presence=Presence.PRESENT).count()
    home.dues = dues_selectors.account(member, today.year)
    return home
