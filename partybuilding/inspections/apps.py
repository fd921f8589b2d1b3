from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class InspectionsConfig(PartyApp):
    name = "partybuilding.inspections"
    label = "inspections"
    verbose_name = _("Inspection, supervision and discipline")
    # the rules' labels; the attention lines of each area
    registers = ("labels", "own_data", "selectors.cases", "selectors.disciplines", "selectors.denunciations", "selectors.overdue")
