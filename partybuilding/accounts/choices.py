from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    ORGANIZING_OFFICER = "organizing_officer", _("Organizing officer")
    INSPECTION_OFFICER = "inspection_officer", _("Inspection officer")
    OFFICE_OFFICER = "office_officer", _("Office officer")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee member")
    CELL_SECRETARY = "cell_secretary", _("Cell secretary")
    MEMBER = "member", _("Party member")
    VIEWER = "viewer", _("Read-only viewer")
