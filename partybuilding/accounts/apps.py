from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "partybuilding.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from partybuilding.core import audit_scope
        from partybuilding.organizations.models import Organization

        audit_scope.register("accounts.roleassignment", lambda pk: Organization.objects.filter(pk__in=_assignment_org(pk)).first())


def _assignment_org(pk: str) -> list[int]:
    from .models import RoleAssignment

    return list(RoleAssignment.objects.filter(pk=pk).values_list("organization_id", flat=True))
