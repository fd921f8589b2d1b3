"""Tasks "3 clear": clear work, clear person responsible, clear deadline (and the result
expected). A task comes from a document, a meeting's resolution or an inspection conclusion,
or from a task of the level above that was split down; it is counted at its responsible
organization (`counters.py`) while it has no tasks split from it."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import RecordedEvent, VersionedModel
from partybuilding.core.scope import Scoped, ScopedQuerySet
from partybuilding.inspections.models import Case
from partybuilding.meetings.models import Meeting
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from ..choices import TaskSource, TaskState, TaskStatus
from .documents import Document


class Task(Scoped, VersionedModel):
    """Read in the subtree of the organization that assigned it and of the one carrying it out."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[tuple[str, ...]] = ("org_path", "assigner_path")
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path", "assigner_path")

    source = models.CharField(_("given by"), max_length=10, choices=TaskSource.choices)
    document = models.ForeignKey(
        Document, verbose_name=_("document"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, verbose_name=_("inspection"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", verbose_name=_("split from"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    assigned_by = models.ForeignKey(Organization, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+")
    assigner_path = models.CharField(max_length=80, editable=False)
    organization = models.ForeignKey(Organization, verbose_name=_("responsible organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    work = models.TextField(_("work"))
    responsible_person = models.CharField(_("person responsible"), max_length=255)
    responsible_member = models.ForeignKey(
        Member, verbose_name=_("member responsible"), null=True, blank=True, on_delete=models.PROTECT, related_name="directive_tasks"
    )
    deadline = models.DateField(_("deadline"))
    expected_result = models.TextField(_("result expected"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=TaskState.choices, default=TaskState.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (percent)"), default=0)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result achieved"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    split = models.BooleanField(_("split down"), default=False)  # carried out by the tasks split from it
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    search_folded = models.TextField(blank=True, editable=False)  # work and person without diacritics, for the list's search

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["org_path", "state", "deadline"], name="task_path_state_idx"),
            models.Index(fields=["assigner_path", "state", "deadline"], name="task_assigner_state_idx"),
            models.Index(fields=["document", "org_path"], name="task_document_idx"),
            models.Index(fields=["responsible_member", "state"], name="task_member_idx"),
            models.Index(fields=["deadline", "id"], name="task_deadline_idx"),  # the lists' order, read from the first page
        ]

    def __str__(self) -> str:
        return self.work[:80]

    def status_on(self, day: dt.date) -> TaskStatus:
        """The status shown on `day`: done on time or late, overdue, or the stored state."""
        if self.state == TaskState.DONE:
            return TaskStatus.DONE_ON_TIME if self.done_on and self.done_on <= self.deadline else TaskStatus.DONE_LATE
        if self.state == TaskState.CANCELLED:
            return TaskStatus.CANCELLED
        if self.deadline < day:
            return TaskStatus.OVERDUE
        return TaskStatus(self.state)


class TaskStep(RecordedEvent):
    """A task's history: progress reports (with evidence), done, cancelled, split, reopened."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20)
    date = models.DateField(_("date"))
    progress = models.PositiveSmallIntegerField(_("progress (percent)"), null=True, blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="directives/evidence/%Y/", blank=True)

    class Meta:
        verbose_name = _("step of a task")
        verbose_name_plural = _("steps of tasks")
        ordering = ["task", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.kind} {self.date}"
