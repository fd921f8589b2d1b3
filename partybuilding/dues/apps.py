from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class DuesConfig(PartyApp):
    name = "partybuilding.dues"
    label = "dues"
    verbose_name = _("Party dues")
    # the attention lines; the dues counters; a member's own data; the export jobs of the bank credits and the arrears
    registers = ("selectors", "totals", "own_data", "bank_lists", "exports")
