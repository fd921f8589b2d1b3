"""A discipline of a member or an organization: proposed, then decided by the competent body
(or found out of time), its form in force after appeals, the notice to the state body or
mass organization; and the temporary suspension of a member's Party activity."""

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

from ..choices import Body, DisciplineForm, DisciplineStatus, DisciplineSubject, Level, NoLimitMatter
from .cases import Case


class Discipline(Scoped, Decided, VersionedModel):
    """Seen where the deciding body sits and where the subject is (a member's cell needs to
    know, for the yearly assessment); `Decided` holds the discipline decision."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path", "subject_path")
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS

    organization = models.ForeignKey(Organization, verbose_name=_("deciding organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    body = models.CharField(_("deciding body"), max_length=12, choices=Body.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    subject = models.CharField(_("subject"), max_length=12, choices=DisciplineSubject.choices)
    member = models.ForeignKey(
        Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="disciplines"
    )
    subject_organization = models.ForeignKey(
        Organization, verbose_name=_("organization disciplined"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_path = models.CharField(max_length=80, editable=False, blank=True)
    committee_member = models.BooleanField(_("the member sits on a Party committee"), default=False)
    case = models.ForeignKey(
        Case, verbose_name=_("from the case"), null=True, blank=True, on_delete=models.PROTECT, related_name="disciplines"
    )
    contents = models.JSONField(_("violation"), default=list, blank=True)  # MemberContent / OrganizationContent codes
    violation = models.TextField(_("the violation in words"))
    violation_date = models.DateField(_("date of the violation"))
    # a new violation within the time limit restarts it (QĐ 69-QĐ/TW, Art. 6)
    new_violation_date = models.DateField(_("date of a new violation"), null=True, blank=True)
    no_limit_matter = models.CharField(_("matter without time limit"), max_length=20, choices=NoLimitMatter.choices, blank=True)
    proposed_form = models.CharField(_("form proposed"), max_length=12, choices=DisciplineForm.choices)
    proposed_on = models.DateField(_("proposed on"))
    proposed_by = models.CharField(_("proposed by"), max_length=255, blank=True)
    # the date the competent body concluded that discipline is required: the time limit runs to it
    concluded_on = models.DateField(_("violation concluded on"), null=True, blank=True)
    form = models.CharField(_("form decided"), max_length=12, choices=DisciplineForm.choices, blank=True)
    form_in_force = models.CharField(_("form in force"), max_length=12, choices=DisciplineForm.choices, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=DisciplineStatus.choices, default=DisciplineStatus.PROPOSED)
    status_since = models.DateField(_("status since"))
    received_on = models.DateField(_("decision received by the subject on"), null=True, blank=True)
    # the statistical forms' columns on other action taken
    prosecuted = models.BooleanField(_("prosecuted"), default=False)
    imprisoned = models.BooleanField(_("sentenced to prison (suspended included)"), default=False)
    administrative_action = models.BooleanField(_("administrative discipline"), default=False)
    # the notice to the state body or mass organization where the member works
    notice_to = models.CharField(_("notice to (state body or mass organization)"), max_length=255, blank=True)
    notice_due = models.DateField(_("notice due by"), null=True, blank=True)
    notice_sent_on = models.DateField(_("notice sent on"), null=True, blank=True)
    response_due = models.DateField(_("their action due by"), null=True, blank=True)
    response_on = models.DateField(_("their action recorded on"), null=True, blank=True)
    response = models.TextField(_("their action"), blank=True)
    # after an annulment: the subject's rights restored and the apology (QĐ 117-QĐ/TW)
    restored_on = models.DateField(_("rights restored on"), null=True, blank=True)
    apology_on = models.DateField(_("apology made on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["-status_since", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(subject="organization", subject_organization__isnull=False) | (~Q(subject="organization") & Q(member__isnull=False))
                ),
                name="discipline_names_its_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["org_path", "decision_date"], name="discipline_path_decided_idx"),
            models.Index(fields=["subject_path", "decision_date"], name="discipline_subject_idx"),
            models.Index(fields=["member", "decision_date"], name="discipline_member_idx"),
            models.Index(fields=["status_since", "id"], name="discipline_recent_idx"),  # the list's default order
            # the overdue board: notices not sent, responses not received
            models.Index(
                fields=["notice_due", "org_path"],
                condition=Q(status="decided", notice_sent_on__isnull=True),
                name="discipline_notice_due_idx",
            ),
            models.Index(
                fields=["response_due", "org_path"],
                condition=Q(status="decided", notice_sent_on__isnull=False, response_on__isnull=True),
                name="discipline_response_due_idx",
            ),
        ]

    def __str__(self) -> str:
        form = self.get_form_in_force_display() or self.get_proposed_form_display()
        return f"{form}: {self.member or self.subject_organization}"

    @property
    def in_force(self) -> bool:
        return self.status == DisciplineStatus.DECIDED


class DisciplineStep(RecordedEvent):
    discipline = models.ForeignKey(Discipline, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("step of a discipline")
        verbose_name_plural = _("steps of disciplines")
        ordering = ["discipline", "date", "pk"]


class Suspension(Scoped, Decided, VersionedModel):
    """A member's Party activity suspended for a time (đình chỉ sinh hoạt đảng), counted in its
    own column of the discipline forms."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path", "subject_path")
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS

    organization = models.ForeignKey(Organization, verbose_name=_("deciding organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    body = models.CharField(_("deciding body"), max_length=12, choices=Body.choices)
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="suspensions")
    subject_path = models.CharField(max_length=80, editable=False, blank=True)
    reason = models.TextField(_("reason"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("suspension of Party activity")
        verbose_name_plural = _("suspensions of Party activity")
        ordering = ["-starts_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="suspension_in_order")]

    def __str__(self) -> str:
        return f"{self.member}: {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"
