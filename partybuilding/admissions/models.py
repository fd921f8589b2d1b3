"""The admission pipeline: outstanding non-members (candidates), the steps they pass,
their introducers, and the yearly admission targets of each organization."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import RecordedEvent, VersionedModel
from partybuilding.core.scope import Scoped, ScopedQuerySet
from partybuilding.members.models import Member, PersonalRecord
from partybuilding.organizations.models import Organization

from .choices import Stage, StepKind


class Candidate(PersonalRecord, Scoped, VersionedModel):
    """An outstanding non-member (quần chúng ưu tú) followed by a cell towards admission.

    The personal fields are those of a member record (`members.personal.PersonalData`), so
    the admission decision copies them into the member record unchanged."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"

    organization = models.ForeignKey(Organization, verbose_name=_("Party cell"), on_delete=models.PROTECT, related_name="candidates")
    org_path = models.CharField(max_length=80, editable=False)
    citizen_id = models.CharField(_("citizen ID"), max_length=12, blank=True)
    youth_union = models.BooleanField(_("Youth Union member"), default=False)
    # Once a member, left, and admitted again: the member record is marked re-admitted (HD 11 form 1).
    readmission = models.BooleanField(_("re-admission"), default=False)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.RECORDED)
    stage_since = models.DateField(_("stage since"))
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)
    age_exception = models.CharField(_("age exception (decision)"), max_length=255, blank=True)
    decided_on = models.DateField(_("admission decision date"), null=True, blank=True)
    ceremony_on = models.DateField(_("ceremony date"), null=True, blank=True)
    # Fixed by the rule in force at admission, so the board can filter on it in the database.
    probation_ends_on = models.DateField(_("probation ends on"), null=True, blank=True)
    member = models.OneToOneField(
        Member, verbose_name=_("member record"), null=True, blank=True, on_delete=models.PROTECT, related_name="candidate"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("admission candidate")
        verbose_name_plural = _("admission candidates")
        ordering = ["sort_key"]
        indexes = [
            models.Index(fields=["org_path", "stage"], name="candidate_path_stage_idx"),
            models.Index(fields=["name_search"], name="candidate_name_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(member__isnull=True) | Q(decided_on__isnull=False), name="candidate_member_after_decision"),
        ]

    @property
    def is_open(self) -> bool:
        from .choices import FINAL

        return self.stage not in FINAL


class CandidateStep(RecordedEvent):
    """One step of the pipeline, as the candidate's timeline shows it."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    date = models.DateField(_("date"))
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    present = models.PositiveIntegerField(_("official members present"), null=True, blank=True)
    official_members = models.PositiveIntegerField(_("official members of the cell"), null=True, blank=True)

    class Meta:
        verbose_name = _("admission step")
        verbose_name_plural = _("admission steps")
        ordering = ["candidate", "date", "id"]
        indexes = [models.Index(fields=["candidate", "date"], name="candidate_step_idx")]

    def __str__(self) -> str:
        return f"{self.candidate} {self.get_kind_display()} {self.date:%d/%m/%Y}"


class Introducer(models.Model):
    """One of the two people who introduce an applicant: an official member who has
    worked or lived with them, or (for a youth) the Youth Union executive committee."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="introducers")
    member = models.ForeignKey(Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    youth_union_committee = models.BooleanField(_("Youth Union executive committee"), default=False)
    known_since = models.DateField(_("has known the applicant since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("introducer")
        verbose_name_plural = _("introducers")
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(youth_union_committee=False) & Q(known_since__isnull=False))
                | (Q(member__isnull=True) & Q(youth_union_committee=True)),
                name="introducer_member_or_youth_union",
            )
        ]

    def __str__(self) -> str:
        return str(self.member) if self.member_id else str(_("Youth Union executive committee"))


class AdmissionTarget(models.Model):
    """How many members an organization (its whole subtree) is to admit in a year, set by
    the level above it."""

    organization_lookup: ClassVar[str] = "organization"

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="admission_targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.PositiveIntegerField(_("target"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("admission target")
        verbose_name_plural = _("admission targets")
        ordering = ["organization", "year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="admission_target_unique_year")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}: {self.target}"
