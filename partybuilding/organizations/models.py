from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuilding.core import paths
from partybuilding.core.models import RecordedEvent, TimeStampedModel, VersionedModel
from partybuilding.core.scope import Scoped, ScopedQuerySet

from .choices import OrgEventKind, OrgKind, OrgStatus, UnitType


class OrganizationQuerySet(ScopedQuerySet["Organization"]):
    def descendants(self, org: Organization) -> OrganizationQuerySet:
        return self.filter(paths.descendants_q(org.path))

    def active(self) -> OrganizationQuerySet:
        return self.filter(status=OrgStatus.ACTIVE)


class Organization(Scoped, VersionedModel):
    """A Party organization, from the Centre down to a cell. Never deleted."""

    organization_lookup: ClassVar[str] = "pk"

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_search = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices)
    parent = models.ForeignKey("self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=80, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    child_seq = models.PositiveIntegerField(default=0, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=OrgStatus.choices, default=OrgStatus.ACTIVE)
    founded_on = models.DateField(_("founded on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("successor"), null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors"
    )
    # What the official statistics count (HD 11 forms 2 and 5): the type of unit the organization
    # sits in (set on a grassroots organization, copied to the organizations under it), and
    # whether any non-member is left to admit there.
    unit_type = models.CharField(_("type of unit"), max_length=20, choices=UnitType.choices, blank=True, default="")
    no_candidates_left = models.BooleanField(_("no non-members left to admit"), default=False)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        indexes = [models.Index(fields=["path", "kind", "status"], name="org_path_kind_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=models.F("founded_on")),
                name="org_dissolved_after_founded",
            ),
            models.CheckConstraint(
                condition=Q(status="active", dissolved_on__isnull=True) | (~Q(status="active") & Q(dissolved_on__isnull=False)),
                name="org_dissolved_date_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name with enough to tell namesakes apart (fourteen cells may be called
        "Chi bộ Khu phố 4"): the parent's name when it was fetched with the row
        (`select_related("parent")`), else the code, so that a list never pays a query a row."""
        if self.parent_id is None:
            return self.name
        if Organization.parent.is_cached(self):
            return f"{self.name} — {self.parent.name}"  # type: ignore[union-attr]
        return f"{self.name} · {self.code}"

    @property
    def picker_text(self) -> str:
        """What an organization picker shows and takes back: name, parent and code
        ("Chi bộ Khu phố 4 — Đảng bộ phường An Phú (HA-H01-X03-04)"). Reads the parent:
        fetch it with the row (`select_related("parent")`) when listing several."""
        parent = f" — {self.parent.name}" if self.parent_id and self.parent else ""
        return f"{self.name}{parent} ({self.code})"

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE

    def ancestors(self) -> OrganizationQuerySet:
        return Organization.objects.filter(path__in=paths.ancestor_paths(self.path)[:-1]).order_by("path")


class OrganizationVersion(models.Model):
    """What an organization was called, where it sat and what kind it was, over a period.

    A restructuring event closes the current version and opens the next, so the tree as
    of any past date is the set of versions valid on that date.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="first day it no longer holds")
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=32, choices=OrgKind.choices)
    parent = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["organization", "valid_from"]
        indexes = [models.Index(fields=["parent", "valid_from"], name="orgversion_parent_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")), name="orgversion_period_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from} – {self.valid_to or '…'}]"


class OrganizationEvent(RecordedEvent):
    """A restructuring decision as the organization's history shows it."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=16, choices=OrgEventKind.choices)
    date = models.DateField(_("effective date"))
    related = models.ForeignKey(
        Organization, verbose_name=_("related organization"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("organization event")
        verbose_name_plural = _("organization events")
        ordering = ["organization", "date", "id"]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()} {self.date:%d/%m/%Y}"


class SubtreeTotal(models.Model):
    """A counter of an organization's whole subtree (itself included), kept up to date in
    the same transaction as every write that changes it, so dashboards read a few rows.

    Keys: "org.<kind>" counts active organizations of that kind; other apps add theirs.
    """

    # No index of its own: the unique (organization, key) index serves every look-up by
    # organization, and each index less is one write less per counter a bulk import updates.
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="totals", db_index=False)
    key = models.CharField(max_length=64)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="subtree_total_unique")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.key}={self.value}"


class CommitteeTerm(Scoped, TimeStampedModel):
    """A term of a Party committee (e.g. 2020–2025)."""

    organization_lookup: ClassVar[str] = "organization"

    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="terms")
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    congress_date = models.DateField(_("congress date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    scope_paths: ClassVar[tuple[str, ...]] = ("organization__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")
        ordering = ["organization", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "start_year"], name="term_unique_start"),
            models.CheckConstraint(condition=Q(end_year__gt=models.F("start_year")), name="term_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start_year}–{self.end_year}"
