from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class AssessmentsConfig(PartyApp):
    name = "partybuilding.assessments"
    label = "assessments"
    verbose_name = _("Assessment and classification")
    # the attention lines, the counters' recount, the round's opening job, the rules' labels
    registers = ("selectors", "totals", "services.rounds", "levels", "own_data")
