from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "partybuilding.admissions"
    label = "admissions"
    verbose_name = _("Admissions")

    def ready(self) -> None:
        from partybuilding.core import attention, audit_scope
        from partybuilding.organizations import totals

        from .models import AdmissionTarget, Candidate
        from .selectors import attention_items

        audit_scope.register_path(Candidate, "organization")
        audit_scope.register_path(AdmissionTarget, "organization")
        # A candidate carries a copy of its cell's path: moving a subtree rewrites it too.
        totals.register_path_column(Candidate, "org_path")
        attention.register(attention_items)
