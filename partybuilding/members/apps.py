from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "partybuilding.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from partybuilding.core import attention, audit_scope
        from partybuilding.organizations import totals

        from . import counters
        from .attention import attention_items
        from .imports import jobs  # noqa: F401  (the import's and the export's kinds of job)
        from .models import BadgeAward, CommitteeRole, ImportJob, Member, Transfer
        from .records import exports  # noqa: F401

        # Whose administrators may read an audited record's log: its member's organization.
        audit_scope.register_path(Member, "organization")
        audit_scope.register_path(Transfer, "member__organization")
        audit_scope.register_path(BadgeAward, "member__organization")
        audit_scope.register_path(CommitteeRole, "member__organization")
        audit_scope.register_path(ImportJob, "organization")
        totals.register_recount("m.", counters.actual_totals)
        totals.register_path_column(Member, "org_path")
        attention.register(attention_items)
