"""A committee's or an inspection commission's yearly programme of inspection and
supervision: its items (subject, content, time, who leads), adopted by decision; each item
then becomes a case."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import Decided, VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from ..choices import Body, CaseKind, SubjectKind


class Programme(Scoped, Decided, VersionedModel):
    """Adopted once its decision is recorded (`decision_number`, `decision_date`)."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_action: ClassVar[Action] = Action.INSPECT

    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    body = models.CharField(_("conducted by"), max_length=12, choices=Body.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection and supervision programme")
        verbose_name_plural = _("inspection and supervision programmes")
        ordering = ["-year", "org_path", "body"]
        constraints = [models.UniqueConstraint(fields=["organization", "body", "year"], name="programme_once_per_body_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def adopted(self) -> bool:
        return bool(self.decision_number and self.decision_date)


class ProgrammeItem(models.Model):
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    subject_kind = models.CharField(_("subject"), max_length=12, choices=SubjectKind.choices)
    subject_organization = models.ForeignKey(
        Organization, verbose_name=_("organization inspected"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_member = models.ForeignKey(
        Member, verbose_name=_("member inspected"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("content"))
    planned_from = models.DateField(_("planned from"))
    planned_to = models.DateField(_("planned to"))
    lead = models.CharField(_("led by"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["programme", "planned_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(planned_from__lte=models.F("planned_to")), name="programme_item_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_member or self.subject_organization}"
