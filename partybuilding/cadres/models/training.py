"""Courses a cadre attended: political theory, degrees, state management, refresher courses."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet

from ..choices import CourseKind, CourseLevel, CourseMode, CoursePlace, RefresherTopic
from .cadres import Cadre


class Training(Scoped, VersionedModel):
    """A course with its dates and certificate; a completed course gives its level (the
    standards of a post are checked against the levels held, `selectors.standards`)."""

    organization_lookup: ClassVar[str] = "cadre__managed_by"
    path_copy: ClassVar[str] = "manager_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("manager_path",)
    scope_action: ClassVar[Action] = Action.VIEW_CADRES

    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="trainings")
    manager_path = models.CharField(max_length=80, editable=False)
    kind = models.CharField(_("kind of course"), max_length=20, choices=CourseKind.choices)
    level = models.CharField(_("level obtained"), max_length=20, choices=CourseLevel.choices, default=CourseLevel.NONE)
    topic = models.CharField(_("refresher topic"), max_length=20, choices=RefresherTopic.choices, blank=True)
    name = models.CharField(_("course"), max_length=255)
    institution = models.CharField(_("institution"), max_length=255, blank=True)
    mode = models.CharField(_("mode"), max_length=12, choices=CourseMode.choices, default=CourseMode.FULL_TIME)
    place = models.CharField(_("where"), max_length=12, choices=CoursePlace.choices, default=CoursePlace.DOMESTIC)
    starts_on = models.DateField(_("from the date"))
    ends_on = models.DateField(_("until the date"))
    completed = models.BooleanField(_("completed"), default=False)
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)
    certificate_file = models.FileField(_("certificate"), upload_to="cadres/certificates/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("course attended")
        verbose_name_plural = _("courses attended")
        ordering = ["-starts_on", "pk"]
        indexes = [
            models.Index(fields=["manager_path", "ends_on"], name="training_path_idx"),
            models.Index(fields=["cadre", "completed"], name="training_cadre_idx"),
            models.Index(fields=["ends_on"], name="training_ended_idx"),  # a year's courses over the whole country
        ]

    def __str__(self) -> str:
        return self.name
