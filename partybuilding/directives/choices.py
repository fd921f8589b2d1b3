"""The fixed lists of the documents app. The kinds of document are not here: they are a dated
rule (`directives.kinds`), read through `kinds.py`."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IssuerBody(models.TextChoices):
    """Who in an organization issues documents in its name."""

    COMMITTEE = "committee", _("Party committee")
    STANDING = "standing", _("standing committee")
    INSPECTION = "inspection", _("inspection commission")
    ORGANIZING = "organizing", _("organizing board")
    PROPAGANDA = "propaganda", _("propaganda and mass mobilization board")
    OFFICE = "office", _("office of the committee")
    CELL = "cell", _("Party cell")
    OTHER = "other", pgettext_lazy("issuer", "other")


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("in force")
    REPLACED = "replaced", _("replaced")
    WITHDRAWN = "withdrawn", _("withdrawn")


class TaskSource(models.TextChoices):
    DOCUMENT = "document", _("a document")
    MEETING = "meeting", _("a meeting's resolution")
    CASE = "case", _("an inspection conclusion")
    PARENT = "parent", _("a task of the level above")


class TaskState(models.TextChoices):
    """What is stored; what a user sees is `TaskStatus`, which adds the deadline."""

    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", pgettext_lazy("task", "done")
    CANCELLED = "cancelled", pgettext_lazy("task", "cancelled")


class TaskStatus(models.TextChoices):
    """The status shown: the stored state judged against the deadline on a day."""

    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE_ON_TIME = "done_on_time", _("done on time")
    DONE_LATE = "done_late", _("done late")
    OVERDUE = "overdue", pgettext_lazy("task", "overdue")
    CANCELLED = "cancelled", pgettext_lazy("task", "cancelled")


class CampaignStatus(models.TextChoices):
    PREPARING = "preparing", _("preparing the list of members")
    OPEN = "open", pgettext_lazy("campaign", "open")
    CLOSED = "closed", pgettext_lazy("campaign", "closed")


class StudyWay(models.TextChoices):
    SESSION = "session", _("at a study session")
    MAKE_UP = "make_up", _("at a make-up session")
    ONLINE = "online", _("online")
    EXCUSED = "excused", _("excused (not counted)")
