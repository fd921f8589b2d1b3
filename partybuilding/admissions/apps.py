from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "partybuilding.admissions"
    label = "admissions"
    verbose_name = _("Admissions")

    def ready(self) -> None:
        from partybuilding.core import audit_scope
        from partybuilding.members import attention
        from partybuilding.organizations import totals
        from partybuilding.organizations.models import Organization

        from .models import Candidate
        from .selectors import attention_items

        audit_scope.register("admissions.candidate", lambda pk: Organization.objects.filter(candidates__pk=pk).first())
        audit_scope.register("admissions.admissiontarget", lambda pk: Organization.objects.filter(admission_targets__pk=pk).first())
        # A candidate carries a copy of its cell's path: moving a subtree rewrites it too.
        totals.register_path_column(Candidate, "org_path")
        attention.register(attention_items)
