from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuilding.core.dates import full_years
from partybuilding.core.models import Decided, RecordedBy, RecordedEvent, VersionedModel
from partybuilding.core.scope import Action, Scoped, ScopedQuerySet
from partybuilding.organizations.models import Organization

from .choices import (
    ETHNICITY_CHOICES,
    AcademicTitle,
    BadgeCase,
    CardIssueKind,
    CommitteeRoleKind,
    EventKind,
    Gender,
    GeneralEducation,
    MemberStatus,
    Occupation,
    Qualification,
    Religion,
    RemovalReason,
    RewardForm,
    TheoryLevel,
    TransferKind,
    TransferStatus,
)


class PersonalRecord(models.Model):
    """The personal fields of a Party member's record, which an admission candidate's record
    has too (the admission decision copies them over: `personal.PersonalData`)."""

    family_name = models.CharField(_("family name"), max_length=40)
    middle_name = models.CharField(_("middle name"), max_length=60, blank=True)
    given_name = models.CharField(_("given name"), max_length=40)
    full_name = models.CharField(_("full name"), max_length=150, editable=False)
    name_search = models.CharField(max_length=150, editable=False)
    sort_key = models.CharField(max_length=400, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=ETHNICITY_CHOICES, default="01")
    religion = models.CharField(_("religion"), max_length=16, choices=Religion.choices, default=Religion.NONE)
    home_town = models.CharField(_("home town"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    education = models.CharField(
        _("general education"), max_length=16, choices=GeneralEducation.choices, default=GeneralEducation.UPPER_SECONDARY
    )
    qualification = models.CharField(
        _("professional qualification"), max_length=16, choices=Qualification.choices, default=Qualification.NONE
    )
    theory = models.CharField(_("political theory"), max_length=16, choices=TheoryLevel.choices, default=TheoryLevel.NONE)
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices, default=Occupation.OTHER)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    positions = models.CharField(_("positions"), max_length=255, blank=True)

    # Placed in the tree by the copy of their organization's path; personal data, so read
    # by the roles that see member records.
    scope_paths: ClassVar[tuple[str, ...]] = ("org_path",)
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.full_name


class MemberQuerySet(ScopedQuerySet["Member"]):
    def in_list(self) -> MemberQuerySet:
        return self.filter(status__in=[MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL])


class Member(PersonalRecord, Scoped, VersionedModel):
    """A Party member's record (lý lịch đảng viên). Status and organization are the
    projection of the member's events, changed only by the lifecycle services."""

    organization_lookup: ClassVar[str] = "organization"
    path_copy: ClassVar[str] = "org_path"

    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="members")
    org_path = models.CharField(max_length=80, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), null=True, blank=True, on_delete=models.SET_NULL, related_name="member"
    )
    given_search = models.CharField(max_length=40, editable=False, default="")  # the given name's search key
    citizen_id = models.CharField(_("citizen ID"), max_length=12, null=True, blank=True, unique=True)
    youth_union = models.BooleanField(_("Youth Union member at admission"), default=False)
    admission_date = models.DateField(_("admission date"))
    official_date = models.DateField(_("official date"), null=True, blank=True)
    card_number = models.CharField(_("card number"), max_length=20, null=True, blank=True, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=MemberStatus.choices)
    status_since = models.DateField(_("status since"))
    exempt_since = models.DateField(_("exempted since"), null=True, blank=True)
    # Facts the official statistics count (HD 11 forms 2, 3 and 4).
    academic_title = models.CharField(_("academic title"), max_length=20, choices=AcademicTitle.choices, default=AcademicTitle.NONE)
    readmitted = models.BooleanField(_("re-admitted after having left the Party"), default=False)
    private_business_owner = models.BooleanField(_("owner of a private business"), default=False)
    married_to_foreigner = models.BooleanField(_("married to a foreigner"), default=False)
    family_planning_violation = models.BooleanField(_("had violated the family-planning policy when admitted"), default=False)
    foreign_origin = models.BooleanField(_("Vietnamese citizen of foreign origin"), default=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Party member")
        verbose_name_plural = _("Party members")
        ordering = ["sort_key"]
        indexes = [
            # The admission date after the status: badges due (admitted on or before a date)
            # read only their own entries of a subtree's index range.
            models.Index(fields=["org_path", "status", "admission_date"], name="member_path_status_adm_idx"),
            # Searches read their matches in index order: by full name, or by given name then
            # in Vietnamese list order (selectors.ranked_search); org_path in the index lets
            # a search within a subtree skip the other organizations' entries in the index.
            models.Index(fields=["name_search", "org_path", "id"], name="member_name_idx"),
            models.Index(fields=["given_search", "sort_key", "org_path", "id"], name="member_given_name_idx"),
            models.Index(fields=["sort_key"], name="member_sort_idx"),
            # The list sorted by a column (records/views.py SORTS, then the id): the first page
            # of a province or the country is read in index order, not sorted from millions.
            models.Index(fields=["date_of_birth", "id"], name="member_born_idx"),
            # org_path and status too: the statistics count a node's members admitted within
            # parts of years (form 3's Party-age bands) inside this index.
            models.Index(fields=["admission_date", "id", "org_path", "status"], name="member_admitted_idx"),
            models.Index(fields=["status", "id"], name="member_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(official_date__isnull=True) | Q(official_date__gte=models.F("admission_date")),
                name="member_official_after_admission",
            ),
            models.CheckConstraint(condition=Q(admission_date__gt=models.F("date_of_birth")), name="member_admitted_after_birth"),
        ]

    @property
    def in_list(self) -> bool:
        return self.status in (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL)

    def age_on(self, day: dt.date) -> int:
        return full_years(self.date_of_birth, day)

    def party_age_on(self, day: dt.date) -> int:
        """Full years of Party age: counted from admission once the member is official."""
        if self.official_date is None or day < self.official_date:
            return 0
        return full_years(self.admission_date, day)


class MemberEvent(RecordedEvent):
    """One step of a member's life in the Party, as the timeline shows it."""

    # The statistics find a place's events of a period by these copies of the paths (an index
    # range), instead of joining every event of the period to its organization.
    path_copy: ClassVar[tuple[str, ...]] = ("org_path", "to_org_path")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    date = models.DateField(_("date"))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    org_path = models.CharField(max_length=80, editable=False)
    to_organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_org_path = models.CharField(max_length=80, editable=False, blank=True, default="")
    outside_party = models.CharField(_("outside the system"), max_length=255, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=RemovalReason.choices, blank=True)

    class Meta:
        verbose_name = _("member event")
        verbose_name_plural = _("member events")
        ordering = ["member", "date", "id"]
        indexes = [
            models.Index(fields=["member", "date"], name="member_event_idx"),
            # The statistics' snapshots ask what was recorded since they were taken.
            models.Index(fields=["recorded_at"], name="member_event_recorded_idx"),
            models.Index(fields=["org_path", "date"], name="member_event_path_idx"),
            models.Index(fields=["to_org_path", "date"], name="member_event_to_path_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.date:%d/%m/%Y}"


class Membership(models.Model):
    """A period during which a member belonged to an organization with a status: the
    answer to "who was a member of X on date D"."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=MemberStatus.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="first day it no longer holds")

    class Meta:
        indexes = [models.Index(fields=["organization", "valid_from"], name="membership_org_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")), name="membership_period_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.organization_id} {self.valid_from}–{self.valid_to or ''}"


class Transfer(Scoped, RecordedBy):
    """A transfer of Party activity: within the system, out of it, or into it; official or
    temporary (a temporary member is listed in the host organization, marked, and not
    counted in its membership)."""

    organization_lookup: ClassVar[str] = "member__organization"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(_("kind"), max_length=16, choices=TransferKind.choices)
    from_organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outside = models.CharField(_("organization outside the system"), max_length=255, blank=True)
    change_date = models.DateField(_("date of the change (new job, retirement, move)"), null=True, blank=True)
    letter_number = models.CharField(_("letter number"), max_length=64, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    until = models.DateField(_("temporary until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=TransferStatus.choices, default=TransferStatus.ISSUED)
    status_date = models.DateField(_("status date"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    # Seen from both ends: the cell it leaves and the cell it reaches (which acts on it).
    scope_paths: ClassVar[tuple[str, ...]] = ("from_organization__path", "to_organization__path")
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["status", "kind"], name="transfer_status_idx")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.get_status_display()}"


class BadgeAward(Decided, RecordedBy):
    """A Party badge awarded to a member."""

    organization_lookup: ClassVar[str] = "member__organization"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="badges")
    years = models.PositiveSmallIntegerField(_("badge (years)"))
    award_date = models.DateField(_("award date"))
    case = models.CharField(_("case"), max_length=16, choices=BadgeCase.choices, default=BadgeCase.REGULAR)

    class Meta:
        verbose_name = _("Party badge")
        verbose_name_plural = _("Party badges")
        constraints = [models.UniqueConstraint(fields=["member", "years"], name="badge_once_per_milestone")]

    def __str__(self) -> str:
        return f"{self.member} {self.years}"


class CardIssue(Scoped, RecordedBy):
    """A Party card issued to a member: the first card on becoming official, or a new one after
    a loss or damage (form 7, III). The member's `card_number` is the latest card's."""

    organization_lookup: ClassVar[str] = "member__organization"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="cards")
    kind = models.CharField(_("reason"), max_length=16, choices=CardIssueKind.choices)
    number = models.CharField(_("card number"), max_length=20)
    issued_on = models.DateField(_("issued on"))
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)

    scope_paths: ClassVar[tuple[str, ...]] = ("member__org_path",)
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Party card")
        verbose_name_plural = _("Party cards")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["issued_on"], name="card_issued_idx")]

    def __str__(self) -> str:
        return f"{self.member} {self.number}"


class Reward(Scoped, Decided, RecordedBy):
    """A reward given to a Party organization or to a member (form 7, I): a banner, a
    certificate of merit or of commendation, for the year of `awarded_on`."""

    organization_lookup: ClassVar[str] = "organization"

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="rewards",
        help_text=_("The organization rewarded, or the member's organization"),
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.PROTECT, related_name="rewards")
    form = models.CharField(_("form of reward"), max_length=16, choices=RewardForm.choices)
    awarded_on = models.DateField(_("awarded on"))
    reason = models.CharField(_("for"), max_length=255, blank=True)

    # Rewards of members are personal data; an organization's are read with the organization.
    scope_paths: ClassVar[tuple[str, ...]] = ("organization__path",)
    scope_action: ClassVar[Action] = Action.VIEW_MEMBERS
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["-awarded_on", "-pk"]
        indexes = [models.Index(fields=["awarded_on"], name="reward_awarded_idx")]

    def __str__(self) -> str:
        return f"{self.member or self.organization} {self.get_form_display()}"


class CommitteeRole(Scoped, models.Model):
    """A member's role in a committee term (secretary, deputy, standing committee…)."""

    organization_lookup: ClassVar[str] = "member__organization"

    term = models.ForeignKey("organizations.CommitteeTerm", on_delete=models.PROTECT, related_name="roles")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="committee_roles")
    role = models.CharField(_("role"), max_length=20, choices=CommitteeRoleKind.choices)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    # Seen where its term is (the pages then require the right to see member records).
    scope_paths: ClassVar[tuple[str, ...]] = ("term__organization__path",)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee role")
        verbose_name_plural = _("committee roles")
        ordering = ["term", "role"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_role_display()}"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the file")
    REJECTED = "rejected", _("Rows refused: nothing imported")
    READY = "ready", _("Checked: ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed: nothing imported")
    CANCELLED = "cancelled", _("Cancelled")


class ImportJob(models.Model):
    """An upload of member records from Excel: checked first (a dry run), then imported
    all at once on confirmation. The uploaded file is a private copy, removed when the
    job ends; the report keeps line numbers and reasons, never the rows' values."""

    organization_lookup: ClassVar[str] = "organization"

    RUNNING = frozenset({ImportStatus.CHECKING, ImportStatus.IMPORTING})

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file"), max_length=255)
    file_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    issue_count = models.PositiveIntegerField(_("problems"), default=0)
    issues = models.JSONField(_("problems"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    # The background job checking or importing the file (its progress is kept there).
    run = models.ForeignKey(
        "core.Job", verbose_name=_("background job"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING
