from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class DuesConfig(PartyApp):
    name = "partybuilding.dues"
    label = "dues"
    verbose_name = _("Party dues")
    registers = ("selectors", "totals", "own_data")  # the attention lines; the dues counters; a member's own data
