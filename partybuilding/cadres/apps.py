from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class CadresConfig(PartyApp):
    name = "partybuilding.cadres"
    label = "cadres"
    verbose_name = _("Cadres")
    # the cadre records in a member's own data; the attention lines
    registers = ("own_data", "selectors.planning", "selectors.appointments", "selectors.moves")
