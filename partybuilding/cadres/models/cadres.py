"""A cadre's record: a Party member's (linked to the member record, whose personal fields it
copies) or, for a few state posts, a person outside the member records."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.members.models import Member, PersonalRecord
from partybuilding.organizations.models import Organization

from ..choices import AcademicTitle, StaffCategory, StaffIn, StaffOut, StateManagement


class Cadre(PersonalRecord, Scoped, VersionedModel):
    """Read by the organizing board and the standing committee of the organization that
    manages the cadre (`managed_by`) and of those above it: nobody else, not even the
    cadre's own cell."""

    organization_lookup: ClassVar[str] = "managed_by"
    path_copy: ClassVar[str] = "manager_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("manager_path",)
    scope_action: ClassVar[Action] = Action.VIEW_CADRES

    member = models.OneToOneField(
        Member, verbose_name=_("member record"), null=True, blank=True, on_delete=models.PROTECT, related_name="cadre"
    )
    managed_by = models.ForeignKey(Organization, verbose_name=_("managed by"), on_delete=models.PROTECT, related_name="+")
    manager_path = models.CharField(max_length=80, editable=False)
    citizen_id = models.CharField(_("citizen ID"), max_length=12, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=255, blank=True)
    residence = models.CharField(_("residence"), max_length=255, blank=True)
    academic_title = models.CharField(_("academic title"), max_length=20, choices=AcademicTitle.choices, default=AcademicTitle.NONE)
    state_management = models.CharField(_("state management"), max_length=20, choices=StateManagement.choices, default=StateManagement.NONE)
    languages = models.CharField(_("foreign languages"), max_length=255, blank=True)
    it_skills = models.CharField(_("information technology"), max_length=255, blank=True)
    # the budget-paid staff of form 8: since when, how they came and how they left
    staff_category = models.CharField(
        _("staff category"), max_length=20, choices=StaffCategory.choices, default=StaffCategory.CIVIL_SERVANT
    )
    staff_since = models.DateField(_("on the payroll since"), null=True, blank=True)
    staff_in = models.CharField(_("came in by"), max_length=16, choices=StaffIn.choices, blank=True)
    staff_until = models.DateField(_("left the payroll on"), null=True, blank=True)
    staff_out = models.CharField(_("left by"), max_length=16, choices=StaffOut.choices, blank=True)
    work_history = models.TextField(_("work history before the records"), blank=True)
    rewards = models.TextField(_("rewards"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        ordering = ["sort_key", "pk"]
        indexes = [
            models.Index(fields=["manager_path", "sort_key"], name="cadre_manager_idx"),
            models.Index(fields=["name_search", "manager_path"], name="cadre_name_idx"),
            models.Index(fields=["sort_key", "id"], name="cadre_sort_idx"),  # the country's list, read from its first page
        ]
