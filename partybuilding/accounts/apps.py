from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "partybuilding.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from partybuilding.core import audit_scope, scope

        from .models import RoleAssignment
        from .policy import active_grants

        scope.register_grants(active_grants)
        audit_scope.register_path(RoleAssignment, "organization")
