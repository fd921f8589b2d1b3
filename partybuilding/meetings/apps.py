from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "partybuilding.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from partybuilding.core import attention, audit_scope
        from partybuilding.organizations import totals

        from .missing import attention_items
        from .models import Attendance, Meeting

        audit_scope.register_path(Meeting, "organization")
        # A meeting carries a copy of its organization's path: moving a subtree rewrites it too.
        totals.register_path_column(Meeting, "org_path")
        totals.register_path_column(Attendance, "org_path")
        attention.register(attention_items)
