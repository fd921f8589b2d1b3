"""Denunciations and petitions: intake with channel and date, "not processed" with the rule
that says so, handling within working days (extendable once, with a notice), the finding and
its notice. Who denounced is kept in the `denouncer_*` fields, shown only to the case's
handlers (`selectors` for the rule); the subject of a case can never handle it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import Decided, RecordedEvent, VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from ..choices import Body, Channel, DenunciationStatus, Finding, NotProcessed, PetitionKind, SubjectKind
from .cases import Case
from .discipline import Discipline

# The fields that can identify who denounced: shown, exported and served only to handlers,
# and every read of them audited.
IDENTITY_FIELDS = ("denouncer_name", "denouncer_address", "denouncer_phone", "denouncer_email", "denouncer_id_number")


class Denunciation(Scoped, Decided, VersionedModel):
    """`Decided` holds the conclusion (its number and date)."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_action: ClassVar[Action] = Action.INSPECT

    organization = models.ForeignKey(Organization, verbose_name=_("handling organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    body = models.CharField(_("handling body"), max_length=12, choices=Body.choices, default=Body.COMMISSION)
    kind = models.CharField(_("kind"), max_length=12, choices=PetitionKind.choices, default=PetitionKind.DENUNCIATION)
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    denouncer_name = models.CharField(_("name of the person denouncing"), max_length=150, blank=True)
    denouncer_address = models.CharField(_("their address"), max_length=255, blank=True)
    denouncer_phone = models.CharField(_("their telephone"), max_length=20, blank=True)
    denouncer_email = models.CharField(_("their e-mail"), max_length=150, blank=True)
    denouncer_id_number = models.CharField(_("their citizen ID"), max_length=12, blank=True)
    subject_kind = models.CharField(_("denounced"), max_length=12, choices=SubjectKind.choices)
    subject_member = models.ForeignKey(
        Member, verbose_name=_("member denounced"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_organization = models.ForeignKey(
        Organization, verbose_name=_("organization denounced"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_path = models.CharField(max_length=80, editable=False, blank=True)
    committee_member = models.BooleanField(_("the member sits on a Party committee"), default=False)
    summary = models.TextField(_("content"))
    contents = models.JSONField(_("about"), default=list, blank=True)  # MemberContent / OrganizationContent codes
    repeat_of = models.ForeignKey(
        "self", verbose_name=_("repeats the denunciation"), null=True, blank=True, on_delete=models.PROTECT, related_name="repeats"
    )
    new_evidence = models.BooleanField(_("with new evidence"), default=False)
    status = models.CharField(_("status"), max_length=14, choices=DenunciationStatus.choices, default=DenunciationStatus.RECEIVED)
    status_since = models.DateField(_("status since"))
    not_processed = models.CharField(_("not processed because"), max_length=14, choices=NotProcessed.choices, blank=True)
    not_processed_rule = models.CharField(_("rule"), max_length=255, blank=True)
    accepted_on = models.DateField(_("accepted for handling on"), null=True, blank=True)
    due = models.DateField(_("to be handled by"), null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0)
    extension_notice_on = models.DateField(_("extension notified on"), null=True, blank=True)
    finding = models.CharField(_("finding"), max_length=8, choices=Finding.choices, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    notified_on = models.DateField(_("result notified on"), null=True, blank=True)
    case = models.ForeignKey(
        Case, verbose_name=_("verified by the case"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    discipline = models.ForeignKey(
        Discipline, verbose_name=_("discipline that followed"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("denunciation or petition")
        verbose_name_plural = _("denunciations and petitions")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "due", "org_path"], name="denunciation_due_idx"),
            models.Index(fields=["org_path", "received_on"], name="denunciation_received_idx"),
            models.Index(fields=["received_on", "id"], name="denunciation_recent_idx"),  # the list's default order
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on:%d/%m/%Y}"


class Handler(models.Model):
    """A user assigned to handle a denunciation: the only ones who see who denounced."""

    denunciation = models.ForeignKey(Denunciation, on_delete=models.CASCADE, related_name="handlers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handler"), on_delete=models.PROTECT, related_name="+")
    assigned_on = models.DateField(_("assigned on"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    released_on = models.DateField(_("released on"), null=True, blank=True)

    class Meta:
        verbose_name = _("handler")
        verbose_name_plural = _("handlers")
        constraints = [models.UniqueConstraint(fields=["denunciation", "user"], name="handler_once")]

    def __str__(self) -> str:
        return str(self.user)


class DenunciationStep(RecordedEvent):
    denunciation = models.ForeignKey(Denunciation, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("step of a denunciation")
        verbose_name_plural = _("steps of denunciations")
        ordering = ["denunciation", "date", "pk"]
