"""Rotations, transfers, and the periodic change of post of staff in positions prone to
corruption."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import Decided, VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.organizations.models import Organization

from ..choices import Direction, MoveKind
from .cadres import Cadre
from .positions import Position


class Move(Scoped, Decided, VersionedModel):
    """A decision moving a cadre from one post to another for a period, with its purpose;
    decided by `organization` (the managing committee)."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_action: ClassVar[Action] = Action.VIEW_CADRES

    kind = models.CharField(_("kind"), max_length=12, choices=MoveKind.choices)
    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="moves")
    organization = models.ForeignKey(Organization, verbose_name=_("deciding organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    from_position = models.ForeignKey(
        Position, verbose_name=_("from the post"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_text = models.CharField(_("from (outside the records)"), max_length=255, blank=True)
    to_position = models.ForeignKey(
        Position, verbose_name=_("to the post"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_text = models.CharField(_("to (outside the records)"), max_length=255, blank=True)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    starts_on = models.DateField(_("from the date"))
    ends_on = models.DateField(_("until the date"), null=True, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    additional_post = models.BooleanField(_("an additional post (concurrently)"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rotation or transfer")
        verbose_name_plural = _("rotations and transfers")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["org_path", "starts_on"], name="move_path_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.cadre}"
