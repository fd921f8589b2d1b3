from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "partybuilding.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from partybuilding.core import audit_scope
        from partybuilding.organizations import totals

        from . import counters
        from .models import BadgeAward, CommitteeRole, ImportJob, Member, Transfer

        # Whose administrators may read an audited record's log: its member's organization.
        audit_scope.register("members.member", _organization_of(Member, "organization"))
        audit_scope.register("members.transfer", _organization_of(Transfer, "member__organization"))
        audit_scope.register("members.badgeaward", _organization_of(BadgeAward, "member__organization"))
        audit_scope.register("members.committeerole", _organization_of(CommitteeRole, "member__organization"))
        audit_scope.register("members.importjob", _organization_of(ImportJob, "organization"))
        totals.register_recount("m.", counters.actual_totals)
        totals.register_path_column(Member, "org_path")


def _organization_of(model: Any, path: str) -> Any:
    def resolve(pk: str) -> Any:
        from partybuilding.organizations.models import Organization

        org_id = model.objects.filter(pk=pk).values_list(f"{path}_id" if "__" not in path else path, flat=True).first()
        return Organization.objects.filter(pk=org_id).first() if org_id else None

    return resolve
