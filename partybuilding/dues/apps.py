from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "partybuilding.dues"
    label = "dues"
    verbose_name = _("Party dues")

    def ready(self) -> None:
        from partybuilding.core import audit_scope
        from partybuilding.members import attention
        from partybuilding.organizations import totals
        from partybuilding.organizations.models import Organization

        from .models import Charge, Payment
        from .selectors import attention_items
        from .totals import recount

        audit_scope.register("dues.duesbase", lambda pk: Organization.objects.filter(members__dues_bases__pk=pk).first())
        audit_scope.register("dues.relief", lambda pk: Organization.objects.filter(members__dues_reliefs__pk=pk).first())
        audit_scope.register("dues.fixedamount", lambda pk: Organization.objects.filter(dues_fixed_amounts__pk=pk).first())
        audit_scope.register("dues.payment", lambda pk: Organization.objects.filter(dues_payments__pk=pk).first())
        # Charges and payments carry a copy of their organization's path: a moved subtree rewrites it.
        totals.register_path_column(Charge, "org_path")
        totals.register_path_column(Payment, "org_path")
        totals.register_recount("d.", recount)
        attention.register(attention_items)
