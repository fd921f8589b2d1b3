from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "partybuilding.organizations"
    label = "organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from partybuilding.core import audit_scope, rules, scope

        from .choices import OrgKind
        from .models import CommitteeTerm, Organization

        scope.register_tree(Organization)
        rules.register_labels("org.allowed_children", lambda kind: OrgKind(kind).label if kind in OrgKind.values else "—")
        audit_scope.register_path(Organization, "pk")
        audit_scope.register_path(CommitteeTerm, "organization")
