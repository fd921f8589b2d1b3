from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class MeetingsConfig(PartyApp):
    name = "partybuilding.meetings"
    label = "meetings"
    verbose_name = _("Meetings")
    # the dashboard's attention lines; a member's own data; the quality counters; the export job
    registers = ("missing", "own_data", "totals", "exports")
