from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class PwaConfig(PartyApp):
    name = "partybuilding.pwa"
    label = "pwa"
    verbose_name = _("Phone app")
