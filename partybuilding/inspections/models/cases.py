"""An inspection or a supervision: its decision, team and period, the subject's
self-report, the findings, the conclusion (number, date, result) and each shortcoming to be
remedied, followed to its closure."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import Decided, RecordedEvent, VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from ..choices import Body, CaseKind, CaseResult, CaseStatus, FollowUpStatus, SubjectKind
from .programmes import ProgrammeItem


class Case(Scoped, Decided, VersionedModel):
    """`Decided` holds the opening decision; the conclusion has its own number and date.
    Read by the inspection officers of the conducting organization and above."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_action: ClassVar[Action] = Action.INSPECT

    organization = models.ForeignKey(Organization, verbose_name=_("conducting organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    body = models.CharField(_("conducted by"), max_length=12, choices=Body.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    programme_item = models.OneToOneField(
        ProgrammeItem, verbose_name=_("programme item"), null=True, blank=True, on_delete=models.PROTECT, related_name="case"
    )
    subject_kind = models.CharField(_("subject"), max_length=12, choices=SubjectKind.choices)
    subject_organization = models.ForeignKey(
        Organization, verbose_name=_("organization inspected"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_member = models.ForeignKey(
        Member, verbose_name=_("member inspected"), null=True, blank=True, on_delete=models.PROTECT, related_name="inspection_cases"
    )
    # the subject's place when the case was opened (a member's cell, an organization itself)
    subject_path = models.CharField(max_length=80, editable=False, blank=True)
    committee_member = models.BooleanField(_("the member sits on a Party committee"), default=False)
    contents = models.JSONField(_("content"), default=list, blank=True)  # MemberContent / OrganizationContent codes
    content_note = models.TextField(_("content in words"), blank=True)
    team = models.TextField(_("team (head and members)"), blank=True)
    period_from = models.DateField(_("from"), null=True, blank=True)
    period_to = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.PLANNED)
    status_since = models.DateField(_("status since"))
    self_report = models.TextField(_("the subject's self-report"), blank=True)
    self_report_date = models.DateField(_("self-report received on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    conclusion_number = models.CharField(_("conclusion number"), max_length=64, blank=True)
    conclusion_date = models.DateField(_("conclusion date"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    result = models.CharField(_("result"), max_length=16, choices=CaseResult.choices, blank=True)
    discipline_required = models.BooleanField(_("discipline required"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection or supervision")
        verbose_name_plural = _("inspections and supervisions")
        ordering = ["-status_since", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(subject_kind="member", subject_member__isnull=False)
                    | Q(subject_kind="organization", subject_organization__isnull=False)
                ),
                name="case_names_its_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["org_path", "conclusion_date"], name="case_path_concluded_idx"),
            models.Index(fields=["org_path", "status"], name="case_path_status_idx"),
            models.Index(fields=["status", "period_to", "org_path"], name="case_overdue_idx"),  # the overdue board
            models.Index(fields=["status_since", "id"], name="case_recent_idx"),  # the list's default order
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def subject(self) -> Member | Organization | None:
        return self.subject_member if self.subject_kind == SubjectKind.MEMBER else self.subject_organization


class CaseStep(RecordedEvent):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("step of a case")
        verbose_name_plural = _("steps of cases")
        ordering = ["case", "date", "pk"]


class Shortcoming(VersionedModel):
    """A shortcoming or violation the conclusion asks to remedy, followed to its closure."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="shortcomings")
    org_path = models.CharField(max_length=80, editable=False)  # the case's, for the overdue board
    description = models.TextField(_("shortcoming to remedy"))
    responsible = models.CharField(_("responsible"), max_length=255, blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    evidence = models.TextField(_("evidence of the remedy"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="inspections/evidence/%Y/", blank=True)

    path_copy: ClassVar[str] = "org_path"

    class Meta:
        verbose_name = _("shortcoming to remedy")
        verbose_name_plural = _("shortcomings to remedy")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline", "org_path"], name="shortcoming_due_idx")]

    def __str__(self) -> str:
        return self.description[:80]
