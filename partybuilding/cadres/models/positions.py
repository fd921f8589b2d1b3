"""The leadership posts an organization's committee manages, and who holds them."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.organizations.models import Organization

from ..choices import Body, Level, Title


class Position(Scoped, VersionedModel):
    """A post (secretary of the commune committee, director of a provincial department…) in
    the organization where it sits, managed by the committee of `managed_by`: its records
    are read by the organizing board and the standing committee there and above."""

    organization_lookup: ClassVar[str] = "managed_by"
    path_copy: ClassVar[tuple[str, ...]] = ("manager_path", "org_path")
    scope_paths: ClassVar[tuple[str, ...]] = ("manager_path",)
    scope_action: ClassVar[Action] = Action.VIEW_CADRES

    organization = models.ForeignKey(Organization, verbose_name=_("organization of the post"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    managed_by = models.ForeignKey(Organization, verbose_name=_("managed by"), on_delete=models.PROTECT, related_name="+")
    manager_path = models.CharField(max_length=80, editable=False)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    title = models.CharField(_("title"), max_length=20, choices=Title.choices)
    name = models.CharField(_("name of the post"), max_length=255)
    grade = models.PositiveSmallIntegerField(_("grade (1 is the highest)"))
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)  # a committee's members: many seats, one post
    # periodic change of post for positions prone to corruption (Decree 59/2019, Art. 36)
    corruption_prone = models.BooleanField(_("prone to corruption (periodic change of post)"), default=False)
    active = models.BooleanField(_("in use"), default=True)
    name_search = models.CharField(max_length=255, editable=False, default="")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["manager_path", "grade", "name", "pk"]
        indexes = [models.Index(fields=["manager_path", "grade"], name="position_manager_idx")]

    def __str__(self) -> str:
        return self.name


class Holding(Scoped, models.Model):
    """A cadre in a post from a date (by an appointment, an election or a record entered
    later), until they leave it; `term_ends` is when the appointment's term runs out (the
    re-appointment is due 90 working days before it)."""

    organization_lookup: ClassVar[str] = "position__managed_by"
    path_copy: ClassVar[str] = "manager_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("manager_path",)
    scope_action: ClassVar[Action] = Action.VIEW_CADRES

    cadre = models.ForeignKey("cadres.Cadre", verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="holdings")
    position = models.ForeignKey(Position, verbose_name=_("post"), on_delete=models.PROTECT, related_name="holdings")
    manager_path = models.CharField(max_length=80, editable=False)
    started_on = models.DateField(_("in the post since"))
    term_ends = models.DateField(_("term ends on"), null=True, blank=True)
    ended_on = models.DateField(_("left the post on"), null=True, blank=True)
    suspended_until = models.DateField(_("suspended from work until"), null=True, blank=True)
    appointment = models.ForeignKey(
        "cadres.Appointment", verbose_name=_("by the decision"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("post held")
        verbose_name_plural = _("posts held")
        ordering = ["-started_on", "pk"]
        indexes = [
            models.Index(fields=["manager_path", "term_ends"], name="holding_term_idx"),
            models.Index(fields=["cadre", "ended_on"], name="holding_cadre_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre}: {self.position}"
