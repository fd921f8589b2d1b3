"""The dissemination and study of a resolution: a campaign with its documents and deadline,
the members who must study it (the organization's members on a date), the sessions held,
and each member's attendance and written study note (their plan of personal action)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from ..choices import CampaignStatus, StudyWay
from .documents import Document


class StudyCampaign(Scoped, VersionedModel):
    """Read along the line: in the organization's subtree, where it is carried out, and above."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_line: ClassVar[bool] = True

    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    title = models.CharField(_("title"), max_length=500)
    documents = models.ManyToManyField(Document, verbose_name=_("documents studied"), blank=True, related_name="study_campaigns")
    starts_on = models.DateField(_("from"))
    deadline = models.DateField(_("deadline"))
    members_on = models.DateField(_("members on"))  # who must study: the organization's members on this day
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.PREPARING)
    assigned = models.PositiveIntegerField(_("members who must study"), default=0)
    note_required = models.BooleanField(_("a written study note is required"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("study campaign")
        verbose_name_plural = _("study campaigns")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["org_path", "deadline"], name="campaign_path_idx")]

    def __str__(self) -> str:
        return self.title


class StudySession(Scoped, models.Model):
    """A session held by an organization of the campaign's subtree (a cell, a commune)."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)

    campaign = models.ForeignKey(StudyCampaign, on_delete=models.CASCADE, related_name="sessions")
    organization = models.ForeignKey(Organization, verbose_name=_("held by"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    speaker = models.CharField(_("speaker"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["campaign", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.date}"


class StudyAssignment(Scoped, models.Model):
    """A member who must study the campaign's documents, at the cell they were in on the
    campaign's day; counted (`counters.py`) as assigned, and as done once studied (and the
    note written, when the campaign requires one)."""

    organization_lookup: ClassVar[str] = "member__organization"
    path_copy: ClassVar[str] = "member_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("member_path",)
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS

    campaign = models.ForeignKey(StudyCampaign, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="study_assignments")
    member_path = models.CharField(max_length=80, editable=False)
    studied_on = models.DateField(_("studied on"), null=True, blank=True)
    way = models.CharField(_("how"), max_length=10, choices=StudyWay.choices, blank=True)
    session = models.ForeignKey(
        StudySession, verbose_name=_("session"), null=True, blank=True, on_delete=models.SET_NULL, related_name="attendees"
    )
    note = models.TextField(_("study note (plan of personal action)"), blank=True)
    note_written_on = models.DateField(_("note written on"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("member to study")
        verbose_name_plural = _("members to study")
        ordering = ["campaign", "member_path", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "member"], name="study_assignment_unique")]
        indexes = [
            models.Index(fields=["campaign", "member_path", "done"], name="study_campaign_path_idx"),
            models.Index(fields=["member", "done"], name="study_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.member_id}"
