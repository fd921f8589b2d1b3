from django.utils.translation import gettext_lazy as _

from partybuilding.core.apps import PartyApp


class NotificationsConfig(PartyApp):
    name = "partybuilding.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    registers = ("delivery", "own_data")  # the task that sends the e-mails; a member's own data
