from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class StatisticsConfig(PartyApp):
    name = "partybuilding.statistics"
    label = "statistics"
    verbose_name = _("Statistics")
    registers = ("consistency", "drill_lists")  # the job kinds: the consistency check; a long list behind a figure to Excel
