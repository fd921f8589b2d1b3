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
        from .models import Member

        audit_scope.register("members.member", lambda pk: Member.objects.filter(pk=pk).select_related("organization").first().organization)  # type: ignore[union-attr]
        totals.register_recount("m.", counters.actual_totals)
        totals.register_path_column(Member, "org_path")
