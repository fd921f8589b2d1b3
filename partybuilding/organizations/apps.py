from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class OrganizationsConfig(PartyApp):
    name = "partybuilding.organizations"
    label = "organizations"
    verbose_name = _("Organizations")
    registers = ("totals", "exports")  # the organization counters; the export job

    def ready(self) -> None:
        from partybuilding.core import rules, scope

        from .choices import OrgKind
        from .models import Organization

        super().ready()
        scope.register_tree(Organization)
        rules.register_labels("org.allowed_children", lambda kind: OrgKind(kind).label if kind in OrgKind.values else "—")
