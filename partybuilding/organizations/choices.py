from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgKind(models.TextChoices):
    CENTRAL = "central", _("Central Party Committee")
    PROVINCE = "province", _("Provincial Party Committee")
    DISTRICT = "district", _("District Party Committee (before 1 July 2025)")
    COMMUNE = "commune", _("Commune-level Party Committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots Party Committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots Party Cell")
    SUB_COMMITTEE = "sub_committee", _("Subordinate Party Committee")
    CELL = "cell", _("Party Cell")


GRASSROOTS_KINDS = frozenset({OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL})
COMMITTEE_KINDS = frozenset(
    {OrgKind.CENTRAL, OrgKind.PROVINCE, OrgKind.DISTRICT, OrgKind.COMMUNE, OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUB_COMMITTEE}
)


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MERGED = "merged", _("Merged")
    DISSOLVED = "dissolved", _("Dissolved")


class OrgEventKind(models.TextChoices):
    FOUNDED = "founded", _("Founded")
    RENAMED = "renamed", _("Renamed")
    MOVED = "moved", _("Moved")
    MERGED = "merged", _("Merged into another organization")
    ABSORBED = "absorbed", _("Took in a merged organization")
    SPLIT = "split", _("Split")
    SPLIT_FROM = "split_from", _("Founded by a split")
    DISSOLVED = "dissolved", pgettext_lazy("event", "Dissolved")
