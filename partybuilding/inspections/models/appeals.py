"""An appeal against a discipline: filed within a month of the decision's receipt, settled
within its working days by the body one level up, the decision staying in force meanwhile."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import Decided, RecordedEvent, VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.organizations.models import Organization

from ..choices import AppealOutcome, AppealStatus, Body, ChangeReason, DisciplineForm, Level
from .discipline import Discipline


class Appeal(Scoped, Decided, VersionedModel):
    """`Decided` holds the settling decision."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path", "subject_path")
    scope_action: ClassVar[Action] = Action.INSPECT

    discipline = models.ForeignKey(Discipline, verbose_name=_("discipline"), on_delete=models.PROTECT, related_name="appeals")
    organization = models.ForeignKey(Organization, verbose_name=_("settling organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    subject_path = models.CharField(max_length=80, editable=False, blank=True)  # the discipline's
    body = models.CharField(_("settling body"), max_length=12, choices=Body.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    filed_on = models.DateField(_("filed on"))
    grounds = models.JSONField(_("the appeal is about"), default=list, blank=True)  # AppealGround codes
    content = models.TextField(_("content"))
    due = models.DateField(_("to be settled by"))
    status = models.CharField(_("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.FILED)
    status_since = models.DateField(_("status since"))
    refused_reason = models.TextField(_("why it is not accepted"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=AppealOutcome.choices, blank=True)
    new_form = models.CharField(_("form after the appeal"), max_length=12, choices=DisciplineForm.choices, blank=True)
    change_reason = models.CharField(_("reason for the change"), max_length=12, choices=ChangeReason.choices, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal against a discipline")
        verbose_name_plural = _("appeals against disciplines")
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["status", "due", "org_path"], name="appeal_due_idx")]

    def __str__(self) -> str:
        return f"{_('Appeal')}: {self.discipline}"


class AppealStep(RecordedEvent):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("step of an appeal")
        verbose_name_plural = _("steps of appeals")
        ordering = ["appeal", "date", "pk"]
