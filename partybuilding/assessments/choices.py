"""The codes of the yearly assessment: periods, levels (current and legacy), groups of
criteria, sources of a proposal, and why someone is not rated."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    TERM = "term", _("Term")
    QUARTER = "quarter", _("Quarter")
    AD_HOC = "ad_hoc", _("When needed")


class RoundStatus(models.TextChoices):
    OPENING = "opening", _("Being opened")
    OPEN = "open", pgettext_lazy("round", "Open")
    CLOSED = "closed", pgettext_lazy("round", "Closed")


class Level(models.TextChoices):
    """Every level a rating has had. The four current ones (since QĐ 132-QĐ/TW of 2018, kept
    by QĐ 124 and QĐ 366) come first; the 2012 names follow, mapped onto them by the rule
    `assessment.legacy_levels` in multi-year views."""

    EXCELLENT = "excellent", _("Completed tasks excellently")
    GOOD = "good", _("Completed tasks well")
    COMPLETED = "completed", _("Completed tasks")
    NOT_COMPLETED = "not_completed", _("Did not complete tasks")
    # HD 12-HD/BTCTW of 2012: organizations
    CLEAN_STRONG_EXEMPLARY = "clean_strong_exemplary", _("Clean and strong, exemplary (2012)")
    CLEAN_STRONG = "clean_strong", _("Clean and strong (2012)")
    ORG_GOOD = "org_good", _("Completed tasks well (2012)")
    WEAK = "weak", _("Weak (2012)")
    # HD 12-HD/BTCTW of 2012: members
    QUALIFIED_EXCELLENT = "qualified_excellent", _("Qualified, completed tasks excellently (2012)")
    QUALIFIED_GOOD = "qualified_good", _("Qualified, completed tasks well (2012)")
    QUALIFIED = "qualified", _("Qualified, completed tasks (2012)")
    BREACH = "breach", _("In breach of membership standards (2012)")


CURRENT_LEVELS = (Level.EXCELLENT, Level.GOOD, Level.COMPLETED, Level.NOT_COMPLETED)
SHORT = {Level.EXCELLENT: "HTXSNV", Level.GOOD: "HTTNV", Level.COMPLETED: "HTNV", Level.NOT_COMPLETED: "KHTNV"}


class Group(models.TextChoices):
    """The criteria frames of QĐ 366-QĐ/TW, one annex each."""

    COLLECTIVE = "collective", _("Collective (Party organization)")
    LEADER_CENTRAL = "leader_central", _("Leader managed by the Centre")
    LEADER = "leader", _("Leader or manager at any level")
    STAFF = "staff", _("Member holding no leading post, in the political system")
    OUTSIDE = "outside", _("Member working outside the political system")


MEMBER_GROUPS = (Group.LEADER_CENTRAL, Group.LEADER, Group.STAFF, Group.OUTSIDE)


class Stage(models.TextChoices):
    LISTED = "listed", _("To be rated")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    PROPOSED = "proposed", _("Proposed")
    VOTED = "voted", _("Voted by the cell")
    DECIDED = "decided", _("Decided")
    NOT_RATED = "not_rated", _("Not rated")


BEFORE_DECISION = (Stage.LISTED, Stage.SELF_ASSESSED, Stage.PROPOSED, Stage.VOTED)


class Source(models.TextChoices):
    """Who proposed a level: each kept beside the final one."""

    SELF = "self", _("Self-assessment")
    CELL_COMMITTEE = "cell_committee", _("Cell committee")
    EMPLOYER = "employer", _("Employing body")
    MASS_ORGANIZATION = "mass_organization", _("Mass organization")
    CELL_VOTE = "cell_vote", _("Cell's vote at the review meeting")
    COMMITTEE = "committee", _("Committee's decision")
    NOT_RATED = "not_rated", _("Not rated")


PROPOSERS = (Source.CELL_COMMITTEE, Source.EMPLOYER, Source.MASS_ORGANIZATION)


class NotRated(models.TextChoices):
    EXEMPTED = "exempted", _("Exempted from work and activities")
    NEW_MEMBER = "new_member", _("Admitted less than 6 months before")
    NEW_ORGANIZATION = "new_organization", _("Founded less than 6 months before")
    SUSPENDED = "suspended", _("Party activity suspended")
    SICK = "sick", _("Long illness or leave")
    OTHER = "other", pgettext_lazy("reason", "Other")


class NotCompletedReason(models.TextChoices):
    """Form 6's breakdown of "did not complete tasks" (sub-rows configurable in the report)."""

    DEGRADED = "degraded", _("Found by the competent level to show degradation")
    UNDER_HALF = "under_half", _("Completed under half of the targets (50 %)")
    CIVIL_SERVANT = "civil_servant", _("Rated “not completed” as a civil servant")
    DISCIPLINED = "disciplined", _("Disciplined in the year")
    OTHER = "other", pgettext_lazy("reason", "Other")


class FourGoodStage(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSESSED = "assessed", _("Assessed")
    RECOGNIZED = "recognized", _("Recognized")
    NOT_RECOGNIZED = "not_recognized", _("Not recognized")


class FourGoodCriterion(models.TextChoices):
    POLITICAL_TASK = "political_task", _("Leading the political task well")
    MEETING_QUALITY = "meeting_quality", _("Good quality of meetings")
    UNITY_DISCIPLINE = "unity_discipline", _("Unity, discipline and order")
    CADRES_MEMBERS = "cadres_members", _("Good cadres and members")
