from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class MembersConfig(PartyApp):
    name = "partybuilding.members"
    label = "members"
    verbose_name = _("Members")
    # The attention lines, the member counters, and the jobs that import and export members.
    registers = ("attention", "counters", "imports.jobs", "records.exports")
