from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class AdmissionsConfig(PartyApp):
    name = "partybuilding.admissions"
    label = "admissions"
    verbose_name = _("Admissions")
    registers = ("selectors", "own_data")  # the dashboard's attention lines; a member's own data
