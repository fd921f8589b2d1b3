from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class MembersConfig(PartyApp):
    name = "partybuilding.members"
    label = "members"
    verbose_name = _("Members")
    # The attention lines, the member counters, the jobs that import and export members (and
    # export the badges due and the cards), and what the system holds about a member (for
    # their own download).
    registers = ("attention", "counters", "imports.jobs", "records.exports", "badges.exports", "cards.exports", "own_data")
