from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuilding.organizations.choices import OrgKind


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular monthly meeting")
    THEMATIC = "thematic", _("Thematic meeting")
    CELL_COMMITTEE = "cell_committee", _("Cell committee meeting")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots Party committee meeting")
    EXTRAORDINARY = "extraordinary", _("Extraordinary meeting")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held, being recorded")
    CLOSED = "closed", _("Closed")


HELD = (MeetingStatus.HELD, MeetingStatus.CLOSED)


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Absent with reason")
    UNEXCUSED = "unexcused", _("Absent without reason")


class Level(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    AVERAGE = "average", _("Average")
    POOR = "poor", _("Poor")


class CriterionKind(models.TextChoices):
    """What the record of a meeting measures (a scheme gives each its points and threshold)."""

    ATTENDANCE_RATE = "attendance_rate", _("Attendance rate (percent of the members required)")
    DURATION = "duration", _("Duration (minutes)")
    CONTRIBUTIONS = "contributions", _("Number of contributions")
    MINUTES_COMPLETE = "minutes_complete", _("Minutes complete (agenda, discussion, resolution)")
    RESOLUTION_ADOPTED = "resolution_adopted", _("Resolution adopted")


# Which organizations hold which meetings (Party Charter Art. 24; HD 12-HD/BTCTW 2022).
CELL_KINDS = frozenset({OrgKind.CELL, OrgKind.GRASSROOTS_CELL})
KINDS_OF_ORG: dict[str, frozenset[str]] = {
    MeetingKind.REGULAR: CELL_KINDS,
    MeetingKind.THEMATIC: CELL_KINDS,
    MeetingKind.CELL_COMMITTEE: CELL_KINDS,
    MeetingKind.GRASSROOTS_COMMITTEE: frozenset({OrgKind.GRASSROOTS_COMMITTEE}),
    MeetingKind.EXTRAORDINARY: CELL_KINDS | {OrgKind.GRASSROOTS_COMMITTEE},
}
COMMITTEE_MEETINGS = frozenset({MeetingKind.CELL_COMMITTEE, MeetingKind.GRASSROOTS_COMMITTEE})
