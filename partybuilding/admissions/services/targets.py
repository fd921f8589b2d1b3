"""Yearly admission targets. Who may set one (the level above the organization) is checked
by the page and the API through the scope policy; the service keeps the record."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.records import actor_user
from partybuilding.organizations.models import Organization

from ..models import AdmissionTarget


def admission_target_set(*, actor: Any, organization: Organization, year: int, target: int | None) -> AdmissionTarget | None:
    """Set (or, with None, clear) how many members `organization`'s subtree is to admit in `year`."""
    if organization.parent_id is None:
        raise Refusal(
            _("A target is set by the level above; %(org)s has none in this system.") % {"org": organization.name},
            rule=_("admission targets"),
        )
    if not 1900 <= year <= 2200 or (target is not None and target < 0):
        raise Refusal(_("Give a year and a target of zero or more."), rule=_("records rule"), field="target")
    with transaction.atomic():
        current = AdmissionTarget.objects.select_for_update().filter(organization=organization, year=year).first()
        before = {"year": year, "target": current.target} if current else None
        if target is None:
            if current is not None:
                audit_record(actor=actor, action="admission_target.clear", obj=current, before=before)
                current.delete()
            return None
        if current is None:
            current = AdmissionTarget(organization=organization, year=year)
        current.target = target
        current.set_by = actor_user(actor)
        current.save()
        audit_record(actor=actor, action="admission_target.set", obj=current, before=before, after={"year": year, "target": target})
    return current
