"""The official statistical forms as data, and the figures reported before the records could
give them.

A form version is a tree of labelled rows and a set of columns, each row and column a count
over the records (`definition.py` reads it); a revision of a form is a new version with its own
dates, added from a file (`manage.py statistics_forms load`), not from code."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import RecordedBy
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.organizations.models import Organization


class FormVersionQuerySet(models.QuerySet["FormVersion"]):
    def in_force(self, day: dt.date) -> FormVersionQuerySet:
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class FormVersion(models.Model):
    """One version of an official form: its code and title as printed, its dates of validity
    and its layout (`definition`: rows and columns, see `definition.py`)."""

    slug = models.SlugField(_("form"), max_length=16)  # in the URL: "1", "2b", "3"…
    code = models.CharField(_("code"), max_length=32)  # as printed: "1-BTCTW"
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("The last day the version applies"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    definition = models.JSONField(_("rows and columns"))

    objects = FormVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("statistical form version")
        verbose_name_plural = _("statistical form versions")
        ordering = ["slug", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "valid_from"], name="form_version_unique_start"),
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name="form_version_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.valid_from:%d/%m/%Y})"

    @property
    def title(self) -> str:
        return self.title_vi if (get_language() or "vi").startswith("vi") else self.title_en


class ReportedFigure(Scoped, RecordedBy):
    """A figure of a form as an organization reported it for a period (imported from the
    Excel of that year): the comparison column's source when the records do not reach that
    far back, and what the differences report holds against the records."""

    organization_lookup: ClassVar[str] = "organization"

    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+")
    form_slug = models.SlugField(_("form"), max_length=16)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    row = models.CharField(_("row"), max_length=32)
    column = models.CharField(_("column"), max_length=32)
    value = models.DecimalField(_("figure"), max_digits=14, decimal_places=2)
    file_name = models.CharField(_("file"), max_length=255, blank=True)

    scope_paths: ClassVar[tuple[str, ...]] = ("organization__path",)
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        constraints = [
            models.UniqueConstraint(fields=["organization", "form_slug", "start", "end", "row", "column"], name="reported_figure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form_slug} {self.row}/{self.column} = {self.value}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value}


class Snapshot(models.Model):
    """The member counters of a large node's subtree as they stood on a past day (the tree as it
    stands now), so that "the same period last year" of the country reads one row, not millions.
    Taken by a background job (`snapshots.take`); no longer used once an event dated on or before
    its day, or a change of the tree, is recorded after it was taken."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    values = models.JSONField(_("counters"))
    taken_at = models.DateTimeField(_("taken at"))

    class Meta:
        verbose_name = _("counter snapshot")
        verbose_name_plural = _("counter snapshots")
        constraints = [models.UniqueConstraint(fields=["organization", "day"], name="snapshot_unique_day")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.day}"
