from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "partybuilding.organizations"
    label = "organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from partybuilding.core import audit_scope

        from .models import Organization

        audit_scope.register("organizations.organization", lambda pk: Organization.objects.filter(pk=pk).first())
        audit_scope.register(
            "organizations.committeeterm",
            lambda pk: Organization.objects.filter(terms__pk=pk).first(),
        )
