"""The yearly assessment: a round over a scope and a period, the members and organizations it
rates, every level's proposal beside the final one, and the four-good cell model."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuilding.core.models import RecordedEvent, TimeStampedModel, VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.meetings.models import Meeting
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .choices import FourGoodStage, Group, Level, NotCompletedReason, NotRated, PeriodKind, RoundStatus, Source, Stage


class Round(Scoped, VersionedModel):
    """One assessment over a scope (an organization and its subtree) for a period, with its
    calendar: self-assessment until `self_until`, the cells' review meetings until
    `review_until`, the committees' decisions until `decide_until`. It is judged by the
    rules in force on the period's last day."""

    organization_lookup: ClassVar[str] = "organization"
    scope_paths: ClassVar[tuple[str, ...]] = ("organization__path",)

    organization = models.ForeignKey(Organization, verbose_name=_("scope"), on_delete=models.PROTECT, related_name="assessment_rounds")
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    cutoff = models.DateField(_("cut-off date"))
    self_until = models.DateField(_("self-assessment until"))
    review_until = models.DateField(_("cell review meetings until"))
    decide_until = models.DateField(_("committee decisions until"))
    status = models.CharField(_("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPENING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-period_end", "organization__path"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")), name="round_period_in_order"),
            models.CheckConstraint(
                condition=Q(self_until__lte=models.F("review_until")) & Q(review_until__lte=models.F("decide_until")),
                name="round_calendar_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def counted(self) -> bool:
        """A yearly round keeps the year's counters (form 6 and the tables read them)."""
        return self.period_kind == PeriodKind.YEAR


class MemberRating(Scoped, VersionedModel):
    """A member's rating in a round: where it stands, and the level decided. Each proposal
    (self, cell committee, employing body, mass organization, the cell's vote, the
    committee) is a row of its history (`RatingStep`)."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="member_ratings")
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="ratings")
    # The cell that rates the member: the one on the cut-off date, then the one where the
    # member is when a step is recorded (a member who moves is rated by the new cell).
    organization = models.ForeignKey(Organization, verbose_name=_("Party cell"), on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    counted = models.BooleanField(default=True, editable=False)  # its round keeps counters
    group = models.CharField(_("criteria group"), max_length=16, choices=Group.choices, default=Group.OUTSIDE)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.LISTED)
    stage_since = models.DateField(_("stage since"))
    not_rated = models.CharField(_("not rated because"), max_length=20, choices=NotRated.choices, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=24, choices=Level.choices, blank=True)
    not_completed_reason = models.CharField(_("reason for “not completed”"), max_length=16, choices=NotCompletedReason.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    quota_override = models.CharField(_("reason for exceeding the quota"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("member rating")
        verbose_name_plural = _("member ratings")
        ordering = ["member__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="rating_once_per_round"),
            # a member is rated once per year by the yearly rounds, whatever their scopes
            models.UniqueConstraint(fields=["member", "year"], condition=Q(counted=True), name="rating_once_per_year"),
        ]
        indexes = [
            models.Index(fields=["round", "org_path", "stage"], name="rating_round_path_idx"),
            models.Index(fields=["member", "year"], name="rating_member_year_idx"),
            models.Index(fields=["year", "level", "org_path"], name="rating_year_level_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.round}"


class RatingStep(RecordedEvent):
    """A proposal or decision on a rating, kept beside the final level."""

    rating = models.ForeignKey(MemberRating, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20)
    source = models.CharField(_("proposed by"), max_length=20, choices=Source.choices)
    date = models.DateField(_("date"))
    level = models.CharField(_("level"), max_length=24, choices=Level.choices, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    scores = models.JSONField(_("points per criterion"), default=dict, blank=True)
    tasks = models.JSONField(_("task results (%)"), default=dict, blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("shortcomings and remedies"), blank=True)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("review meeting"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_present = models.PositiveSmallIntegerField(_("members present"), null=True, blank=True)

    class Meta:
        verbose_name = _("rating step")
        verbose_name_plural = _("rating steps")
        ordering = ["rating", "date", "id"]

    def __str__(self) -> str:
        return f"{self.rating} {self.get_source_display()}"


class OrganizationRating(Scoped, VersionedModel):
    """An organization's rating in a round, decided by the standing committee one level up."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="organization_ratings")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="ratings")
    org_path = models.CharField(max_length=80, editable=False)
    org_kind = models.CharField(_("kind"), max_length=32, editable=False)  # the kind on the cut-off date (form 6's rows)
    year = models.PositiveSmallIntegerField(_("year"))
    counted = models.BooleanField(default=True, editable=False)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.LISTED)
    stage_since = models.DateField(_("stage since"))
    not_rated = models.CharField(_("not rated because"), max_length=20, choices=NotRated.choices, blank=True)
    self_score = models.PositiveSmallIntegerField(_("self-assessed score"), null=True, blank=True)
    self_level = models.CharField(_("self-assessed level"), max_length=24, choices=Level.choices, blank=True)
    self_report = models.TextField(_("self-assessment report (form 01)"), blank=True)
    tasks = models.JSONField(_("task results (%)"), default=dict, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=24, choices=Level.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization rating")
        verbose_name_plural = _("organization ratings")
        ordering = ["org_path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="org_rating_once_per_round"),
            models.UniqueConstraint(fields=["organization", "year"], condition=Q(counted=True), name="org_rating_once_per_year"),
        ]
        indexes = [models.Index(fields=["round", "org_path"], name="org_rating_round_path_idx")]

    def __str__(self) -> str:
        return f"{self.organization} — {self.round}"


class FourGood(Scoped, TimeStampedModel):
    """A cell's (or grassroots committee's) registration for the four-good model in a year,
    its year-end assessment on the four criteria, and its recognition by decision."""

    organization_lookup: ClassVar[str] = "organization"
    scope_paths: ClassVar[tuple[str, ...]] = ("organization__path",)

    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="four_good")
    year = models.PositiveSmallIntegerField(_("year"))
    meeting = models.ForeignKey(Meeting, verbose_name=_("registered at the meeting"), on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=16, choices=FourGoodStage.choices, default=FourGoodStage.REGISTERED)
    criteria = models.JSONField(_("criteria met"), default=dict, blank=True)  # {criterion: true/false}
    assessment_note = models.TextField(_("assessment"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("four-good registration")
        verbose_name_plural = _("four-good registrations")
        ordering = ["-year", "organization__path"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="four_good_once_per_year")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"
