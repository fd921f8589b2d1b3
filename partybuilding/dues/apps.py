from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "partybuilding.dues"
    label = "dues"
    verbose_name = _("Party dues")

    def ready(self) -> None:
        from partybuilding.core import attention, audit_scope
        from partybuilding.organizations import totals

        from .models import Charge, DuesBase, FixedAmount, Payment, Relief
        from .selectors import attention_items
        from .totals import recount

        audit_scope.register_path(DuesBase, "member__organization")
        audit_scope.register_path(Relief, "member__organization")
        audit_scope.register_path(FixedAmount, "organization")
        audit_scope.register_path(Payment, "organization")
        # Charges and payments carry a copy of their organization's path: a moved subtree rewrites it.
        totals.register_path_column(Charge, "org_path")
        totals.register_path_column(Payment, "org_path")
        totals.register_recount("d.", recount)
        attention.register(attention_items)
