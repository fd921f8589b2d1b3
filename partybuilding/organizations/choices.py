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


class UnitType(models.TextChoices):
    """The type of grassroots unit a Party organization sits in (form 5 of HD 11, reports.md).
    Set on a grassroots organization; the organizations under it share it."""

    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    TOWNSHIP = "township", _("Township (before 1 July 2025)")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    PARTY_BODY = "party_body", _("Party, Front or mass-organization body")
    STATE_BODY = "state_body", _("State body")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    NONPUBLIC_SERVICE = "nonpublic_service", _("Non-public service unit")
    ARMY = "army", _("Army")
    POLICE = "police", _("Police")
    STATE_100 = "state_100", _("Enterprise: the State holds all the charter capital")
    STATE_MAJORITY = "state_majority", _("Enterprise: the State holds half or more of the capital")
    STATE_MINORITY = "state_minority", _("Enterprise: the State holds under half of the capital")
    JOINT_STOCK = "joint_stock", _("Non-state enterprise: joint-stock company")
    PRIVATE = "private", _("Non-state enterprise: private enterprise")
    LIMITED = "limited", _("Non-state enterprise: limited liability company")
    PARTNERSHIP = "partnership", _("Non-state enterprise: partnership")
    FOREIGN_100 = "foreign_100", _("Foreign-invested enterprise: wholly foreign-owned")
    FOREIGN_JOINT = "foreign_joint", _("Foreign-invested enterprise: joint venture")
    COOPERATIVE = "cooperative", _("Cooperative")
    OVERSEAS = "overseas", _("Overseas")
    OTHER = "other", _("Other type of unit")
