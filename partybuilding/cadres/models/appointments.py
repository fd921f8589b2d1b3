"""Appointment, re-appointment, nomination for election, dismissal, resignation and temporary
suspension: each a record that goes through its steps (`services.appointments`) to the
competent committee's decision, with its documents."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import Decided, RecordedEvent, VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.organizations.models import Organization

from ..choices import AppointmentKind, AppointmentState
from .cadres import Cadre
from .positions import Holding, Position


class Appointment(Scoped, Decided, VersionedModel):
    """Decided by the committee that manages the post (`organization`)."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_action: ClassVar[Action] = Action.VIEW_CADRES

    kind = models.CharField(_("kind"), max_length=16, choices=AppointmentKind.choices)
    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="appointments")
    position = models.ForeignKey(Position, verbose_name=_("post"), on_delete=models.PROTECT, related_name="appointments")
    organization = models.ForeignKey(Organization, verbose_name=_("deciding organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    holding = models.ForeignKey(
        Holding, verbose_name=_("post held"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the post ended, paused or renewed (every kind but a first appointment or nomination)
    state = models.CharField(_("state"), max_length=12, choices=AppointmentState.choices, default=AppointmentState.PROPOSED)
    proposed_on = models.DateField(_("proposed on"))
    reason = models.TextField(_("reasons"), blank=True)
    # the consultation: the vote of the standing committee (or the committee) on the proposal
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_total = models.PositiveSmallIntegerField(_("members voting"), null=True, blank=True)
    effective_on = models.DateField(_("takes effect on"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-proposed_on", "-pk"]
        indexes = [
            models.Index(fields=["org_path", "state", "proposed_on"], name="appointment_path_idx"),
            models.Index(fields=["position", "state"], name="appointment_position_idx"),
            models.Index(fields=["org_path", "decision_date"], name="appointment_decided_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.cadre} — {self.position}"


class AppointmentStep(RecordedEvent):
    """An appointment's history: proposed, consulted, decided, withdrawn."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("step of an appointment")
        verbose_name_plural = _("steps of appointments")
        ordering = ["appointment", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.appointment_id}: {self.kind} {self.date}"


class AppointmentFile(models.Model):
    """A document of the record (the proposal, the minutes of the vote, the decision), a PDF
    served as an attachment to those who read the appointment."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="cadres/appointments/%Y/")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("document of an appointment")
        verbose_name_plural = _("documents of appointments")
        ordering = ["appointment", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title
