"""The planning of cadres for the posts of the next term: a managing organization's planning
for a term, its decisions (the approval, then a review every year), and its entries — one
cadre planned for one post."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import Decided, RecordedBy, VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.organizations.models import Organization

from ..choices import ExitReason, PlanningDecisionKind, PlanningState
from .cadres import Cadre
from .positions import Position


class Planning(Scoped, VersionedModel):
    """The planning of `organization`'s posts for a term (2025–2030, 2030–2035…)."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_action: ClassVar[Action] = Action.VIEW_CADRES

    organization = models.ForeignKey(Organization, verbose_name=_("managing organization"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    term_label = models.CharField(_("term"), max_length=20)  # "2025–2030"
    starts_on = models.DateField(_("the term starts on"))
    ends_on = models.DateField(_("the term ends on"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("planning")
        verbose_name_plural = _("plannings")
        ordering = ["-starts_on", "org_path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "term_label"], name="planning_one_per_term"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="planning_term_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.term_label}"


class PlanningDecision(Decided, RecordedBy):
    """The approval of a planning or a yearly review: the entries it added and removed name it."""

    planning = models.ForeignKey(Planning, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("kind"), max_length=12, choices=PlanningDecisionKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("planning decision")
        verbose_name_plural = _("planning decisions")
        ordering = ["planning", "decision_date", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.year})"


class PlanningEntry(Scoped, VersionedModel):
    """A cadre planned for a post. `age_limit_on` is the last day the cadre could still start
    a full term in the post (from the retirement age in force when planned): past it, and on
    a discipline decision, the cadre leaves the planning automatically."""

    organization_lookup: ClassVar[str] = "planning__organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_action: ClassVar[Action] = Action.VIEW_CADRES

    planning = models.ForeignKey(Planning, verbose_name=_("planning"), on_delete=models.PROTECT, related_name="entries")
    org_path = models.CharField(max_length=80, editable=False)
    position = models.ForeignKey(Position, verbose_name=_("post"), on_delete=models.PROTECT, related_name="planning_entries")
    cadre = models.ForeignKey(Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="planning_entries")
    added_by = models.ForeignKey(PlanningDecision, verbose_name=_("added by the decision"), on_delete=models.PROTECT, related_name="added")
    added_on = models.DateField(_("planned on"))
    age_limit_on = models.DateField(_("can start a full term until"))
    state = models.CharField(_("state"), max_length=12, choices=PlanningState.choices, default=PlanningState.PLANNED)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    exit_reason = models.CharField(_("reason for leaving"), max_length=12, choices=ExitReason.choices, blank=True)
    exit_note = models.TextField(_("about the exit"), blank=True)
    removed_by = models.ForeignKey(
        PlanningDecision, verbose_name=_("removed by the decision"), null=True, blank=True, on_delete=models.PROTECT, related_name="removed"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("planning entry")
        verbose_name_plural = _("planning entries")
        ordering = ["planning", "position__grade", "position__name", "pk"]
        constraints = [
            # a cadre is planned once for a post in a planning (a second entry after leaving is allowed)
            models.UniqueConstraint(fields=["planning", "position", "cadre"], condition=Q(state="planned"), name="planning_entry_once"),
        ]
        indexes = [
            models.Index(fields=["org_path", "state"], name="planning_entry_path_idx"),
            models.Index(fields=["position", "state"], name="planning_entry_position_idx"),
            models.Index(fields=["cadre", "state"], name="planning_entry_cadre_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} → {self.position}"
