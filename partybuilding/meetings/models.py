"""Meetings of cells and committees: the plan, the record (attendance, agenda items and their
votes, attached files), the closing that freezes it and the amendments after; and the
province's scoring schemes with their effective dates."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import Submitted, VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .choices import CriterionKind, Level, MeetingKind, MeetingStatus, Presence


class ScoringScheme(models.Model):
    """A province's criteria of meeting quality, in force from a date. Without a province
    it is the default for provinces that have not set their own."""

    province = models.ForeignKey(
        Organization, verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_schemes"
    )
    name = models.CharField(_("name"), max_length=255)
    effective_from = models.DateField(_("effective from"))
    good_min = models.PositiveSmallIntegerField(_("good from (points)"), default=90)
    fair_min = models.PositiveSmallIntegerField(_("fair from (points)"), default=70)
    average_min = models.PositiveSmallIntegerField(_("average from (points)"), default=50)
    citation = models.CharField(_("decision"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting scoring scheme")
        verbose_name_plural = _("meeting scoring schemes")
        ordering = ["province", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["province", "effective_from"], name="scheme_unique_date"),
            models.UniqueConstraint(fields=["effective_from"], condition=Q(province__isnull=True), name="scheme_default_unique_date"),
            models.CheckConstraint(
                condition=Q(good_min__lte=100, good_min__gt=models.F("fair_min"), fair_min__gt=models.F("average_min")),
                name="scheme_levels_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%d/%m/%Y})"


class ScoringCriterion(models.Model):
    """Full points when the measure reaches the threshold; for counted measures a share of
    the points below it (a yes/no measure scores all or nothing)."""

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(_("criterion"), max_length=24, choices=CriterionKind.choices)
    points = models.PositiveSmallIntegerField(_("points"))
    threshold = models.PositiveIntegerField(_("threshold for full points"), default=1)
    required_for_good = models.BooleanField(_("full points needed for “good”"), default=False)

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["scheme", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "kind"], name="criterion_unique_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.points}"


class Meeting(Scoped, Submitted, VersionedModel):
    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"

    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="meetings")
    # A copy of the organization's path: a subtree's meetings are one index range.
    org_path = models.CharField(max_length=80, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=MeetingKind.choices)
    status = models.CharField(_("status"), max_length=8, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    date = models.DateField(_("date"))
    # The first day of the date's month (set with the date by the services): "held in
    # month M" is then one key of an index.
    month = models.DateField(editable=False)
    title = models.CharField(_("topic"), max_length=255, blank=True)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    # The planned end: with the start, the window in which members check in by QR code.
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair = models.ForeignKey(Member, verbose_name=_("chair"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    secretary = models.ForeignKey(
        Member, verbose_name=_("secretary of the meeting"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agenda = models.TextField(_("agenda"), blank=True)
    discussion = models.TextField(_("discussion and contributions"), blank=True)
    resolution = models.TextField(_("resolution adopted"), blank=True)
    attendance_recorded = models.BooleanField(default=False)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    level = models.CharField(_("quality"), max_length=8, choices=Level.choices, blank=True)
    scheme = models.ForeignKey(ScoringScheme, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    # Attendance is personal data: the roles that see member records see meetings.
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "org_path"]
        indexes = [
            models.Index(fields=["org_path", "date"], name="meeting_path_date_idx"),
            # The lists' default order, newest first: the first page of a province or of the
            # country is read in index order instead of sorting its meetings.
            models.Index(fields=["-date", "org_path", "-id"], name="meeting_recent_idx"),
            # One cell's held meetings of a kind by month: its yearly figure, and the probe of
            # each cell when the list of cells without a meeting is read page by page.
            models.Index(fields=["organization", "kind", "month"], name="meeting_held_idx", condition=Q(status__in=["held", "closed"])),
            # "Which cells of this province held a regular meeting in month M": one index range
            # (kind, month, path prefix) for the anti-join, whatever the length of the history.
            models.Index(fields=["kind", "month", "org_path"], name="meeting_month_idx", condition=Q(status__in=["held", "closed"])),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="closed") | Q(attendance_recorded=True), name="meeting_closed_with_attendance"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(starts_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.organization.name} {self.date:%d/%m/%Y}"

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED

    @property
    def minutes_complete(self) -> bool:
        return bool(self.agenda.strip() and self.discussion.strip() and self.resolution.strip())


class Attendance(models.Model):
    """One expected member at one meeting. An exempted member is listed as not required."""

    path_copy: ClassVar[str] = "org_path"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="meeting_attendance")
    # Copies of the meeting's path and month: the removal report reads a province's absences
    # of a year from one range of a small partial index, without visiting the meetings.
    org_path = models.CharField(max_length=80, editable=False)
    month = models.DateField(editable=False)
    required = models.BooleanField(_("required"), default=True)
    presence = models.CharField(_("attendance"), max_length=10, choices=Presence.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    contributions = models.PositiveSmallIntegerField(_("contributions"), default=0)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)  # by the meeting's QR code
    late = models.BooleanField(_("late"), default=False)
    # The mark that counts: when it was made (a phone's clock for a mark synced later), how
    # ("" for the attendance form, "QR" for a check-in, else the phone's label) and by whom.
    marked_at = models.DateTimeField(null=True, blank=True)
    marked_via = models.CharField(max_length=100, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique_member")]
        indexes = [
            models.Index(fields=["member", "presence"], name="attendance_member_idx"),
            # Absences without reason are few: the removal report reads only them.
            models.Index(
                fields=["org_path", "month", "member"], name="attendance_unexcused_idx", condition=Q(presence="unexcused", required=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.presence}"


class AgendaItem(models.Model):
    """An item voted on, with its votes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(_("item"), max_length=255)
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstain"), default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]

    def __str__(self) -> str:
        return self.title


class MeetingDocument(models.Model):
    """A file attached to a meeting, kept in the database (no shared file system needed)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="documents")
    name = models.CharField(_("file"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "uploaded_at"]

    def __str__(self) -> str:
        return self.name


class Amendment(models.Model):
    """A correction of a closed meeting: why, by whom, what changed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="amendments")
    reason = models.TextField(_("reason for the amendment"))
    before = models.JSONField()
    after = models.JSONField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["meeting", "made_at"]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.made_at:%d/%m/%Y}"


class LeaveRequest(models.Model):
    """A member asks, before the meeting, to be excused: the attendance form then offers
    "absent with reason" with this reason."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="leave_requests")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=255)
    requested_at = models.DateTimeField(_("asked at"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["meeting", "requested_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="leave_unique_member")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.reason}"


class DeviceMark(models.Model):
    """A mark recorded on a phone (perhaps offline) and sent later: kept by the phone's id
    for it, so that a mark sent twice is applied once."""

    client_id = models.UUIDField(unique=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="device_marks")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    presence = models.CharField(max_length=10, choices=Presence.choices)
    reason = models.CharField(max_length=255, blank=True)
    marked_at = models.DateTimeField()  # the phone's clock
    device = models.CharField(max_length=100)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10)  # "applied" or "conflict", as answered to the phone

    class Meta:
        ordering = ["meeting", "marked_at"]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.member_id} {self.presence}"


class MarkConflict(models.Model):
    """The same member marked differently from two places (two phones, a phone and the QR
    check-in, a phone and the attendance form): the later mark counts, the other is kept
    here for the secretary to see and settle. Each side is {presence, reason, marked_at,
    via, by}."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="mark_conflicts")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    kept = models.JSONField()
    overruled = models.JSONField()
    found_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    settled_presence = models.CharField(max_length=10, choices=Presence.choices, blank=True)

    class Meta:
        ordering = ["meeting", "found_at", "pk"]
        indexes = [models.Index(fields=["meeting"], name="conflict_open_idx", condition=Q(settled_at__isnull=True))]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.member_id}"
