"""The shapes of the assessment API, with their documentation in both languages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Path, Schema

from partybuilding.core.api_docs import gettext_lazy, one_of
from partybuilding.core.api_types import MAX_ID, NOT_BLANK, Count, Day, Id, Version, Year

from .. import reports
from ..choices import FourGoodCriterion, FourGoodStage, Level, PeriodKind, Stage
from ..models import MemberRating, RatingStep
from ..services import ratings as rating_services
from ..services.rounds import default_calendar

# Descriptions shared by several schemas (the API's documentation, in both languages).
PERIOD_START = gettext_lazy("The first day of the period assessed")
PERIOD_END = gettext_lazy("The last day of the period assessed: the rules in force on it judge the round")
CUTOFF = gettext_lazy("Who is in the list on this day is rated")
SELF_UNTIL = gettext_lazy("Self-assessments until this day (D1)")
REVIEW_UNTIL = gettext_lazy("The cells' review meetings until this day (D2)")
DECIDE_UNTIL = gettext_lazy("The committees' decisions until this day (D3)")
PERIOD_KIND = gettext_lazy("year, term, quarter or ad_hoc; only yearly rounds are counted in the reports")
GROUP = gettext_lazy("The criteria group: leader_central, leader, staff or outside")
NOT_RATED = gettext_lazy("Why it is not rated, when it is not")
NOT_COMPLETED = gettext_lazy("Why “did not complete tasks”: degraded, under_half, civil_servant, disciplined or other")
SCORE = gettext_lazy("The score on 100 points")
TASKS = gettext_lazy("Task results in percent: done, on_time, exceeded")
QUOTA_OVERRIDE = gettext_lazy("The committee's reason for exceeding the quota")
STRENGTHS = gettext_lazy("Strengths")
WEAKNESSES = gettext_lazy("Shortcomings and how to remedy them")
VOTES_PRESENT = gettext_lazy("Members present at the review meeting")
ROUND_ID = gettext_lazy("The round's id")
RATING_ID = gettext_lazy("The member's rating's id")
ORG_RATING_ID = gettext_lazy("The organization's rating's id")
REGISTRATION_ID = gettext_lazy("The four-good registration's id")
RoundId = Annotated[int, Path(ge=1, le=MAX_ID, description=ROUND_ID)]
RatingId = Annotated[int, Path(ge=1, le=MAX_ID, description=RATING_ID)]
OrgRatingId = Annotated[int, Path(ge=1, le=MAX_ID, description=ORG_RATING_ID)]
RegistrationId = Annotated[int, Path(ge=1, le=MAX_ID, description=REGISTRATION_ID)]
STEP_SOURCE = gettext_lazy("Who proposed or decided: self, cell_committee, employer, mass_organization, cell_vote, committee")


# --- schemas -----------------------------------------------------------------------------------


class RoundOut(Schema):
    id: int
    organization_id: int
    period_kind: str = Field(description=PERIOD_KIND)
    year: int
    title: str
    period_start: dt.date = Field(description=PERIOD_START)
    period_end: dt.date = Field(description=PERIOD_END)
    cutoff: dt.date = Field(description=CUTOFF)
    self_until: dt.date = Field(description=SELF_UNTIL)
    review_until: dt.date = Field(description=REVIEW_UNTIL)
    decide_until: dt.date = Field(description=DECIDE_UNTIL)
    status: str
    version: int


class RoundIn(Schema):
    organization_id: Id = Field(description=gettext_lazy("The round's scope: the organization and its subtree"))
    title: str = Field(max_length=255, pattern=NOT_BLANK)
    year: Year = Field(description=gettext_lazy("The year; the calendar's dates left out take the usual ones of that year"))
    period_kind: PeriodKind = Field(PeriodKind.YEAR, description=PERIOD_KIND)
    period_start: Day | None = Field(None, description=PERIOD_START)
    period_end: Day | None = Field(None, description=PERIOD_END)
    cutoff: Day | None = Field(None, description=CUTOFF)
    self_until: Day | None = Field(None, description=SELF_UNTIL)
    review_until: Day | None = Field(None, description=REVIEW_UNTIL)
    decide_until: Day | None = Field(None, description=DECIDE_UNTIL)

    def calendar(self) -> dict[str, dt.date]:
        usual = default_calendar(self.year)
        return {name: getattr(self, name) or day for name, day in usual.items()}


class RoundOpenedOut(Schema):
    round: RoundOut = Field(description=gettext_lazy("The round, recorded"))
    job_id: int = Field(description=gettext_lazy("The background job listing the members and organizations (GET /jobs/… on the site)"))


class VersionIn(Schema):
    version: Version | None = None


class RatingOut(Schema):
    id: int
    round_id: int = Field(description=ROUND_ID)
    member_id: int
    full_name: str
    organization_id: int = Field(description=gettext_lazy("The cell that rates the member"))
    year: int
    group: str = Field(description=GROUP)
    stage: str = Field(description=gettext_lazy("Where the rating stands: listed, self_assessed, proposed, voted, decided, not_rated"))
    stage_since: dt.date
    not_rated: str = Field(description=NOT_RATED)
    score: int | None = Field(description=SCORE)
    level: str = Field(description=gettext_lazy("The level decided"))
    not_completed_reason: str = Field(description=NOT_COMPLETED)
    decision_number: str
    decision_date: dt.date | None
    quota_override: str = Field(description=QUOTA_OVERRIDE)
    version: int

    @staticmethod
    def resolve_full_name(obj: MemberRating) -> str:
        return obj.member.full_name


class RatingStepOut(Schema):
    kind: str = Field(description=gettext_lazy("The step: self, propose, vote, decide or unrated"))
    source: str = Field(description=STEP_SOURCE)
    date: dt.date
    level: str = Field(description=gettext_lazy("The level proposed or decided"))
    score: int | None = Field(description=SCORE)
    scores: dict[str, Any] = Field(description=gettext_lazy("Points per criterion"))
    tasks: dict[str, Any] = Field(description=TASKS)
    strengths: str = Field(description=STRENGTHS)
    weaknesses: str = Field(description=WEAKNESSES)
    meeting_id: int | None = Field(description=gettext_lazy("The cell's review meeting"))
    votes_for: int | None
    votes_present: int | None = Field(description=VOTES_PRESENT)
    decision_number: str
    decision_date: dt.date | None
    note: str


class RatingDetailOut(RatingOut):
    steps: list[RatingStepOut] = Field(description=gettext_lazy("Every proposal and decision, in date order"))
    offered: list[str] = Field(description=gettext_lazy("The steps that may come now (whether you may do them aside)"))

    @staticmethod
    def resolve_steps(obj: MemberRating) -> Any:
        return RatingStep.objects.filter(rating=obj).order_by("date", "id")

    @staticmethod
    def resolve_offered(obj: MemberRating) -> list[str]:
        return [step.name for step in rating_services.RATING.offered(obj)]


class RatingFilters(Schema):
    stage: Literal["", "pending"] | Stage = Field("", description=gettext_lazy("A stage; 'pending' for those not yet decided"))
    level: Literal[""] | Level = ""
    within: Id | None = Field(None, description=gettext_lazy("An organization: its whole subtree"))
    q: str = Field("", max_length=200, description=gettext_lazy("Name (diacritics ignored)"))


class TasksIn(Schema):
    done: int | None = Field(None, ge=0, le=100, description=gettext_lazy("Tasks done, in percent"))
    on_time: int | None = Field(None, ge=0, le=100, description=gettext_lazy("Tasks done on time, in percent"))
    exceeded: int | None = Field(None, ge=0, le=100, description=gettext_lazy("Tasks done beyond the requirement, in percent"))


class RatingStepIn(Schema):
    date: Day | None = Field(None, description=gettext_lazy("The step's date (the decision: its decision_date)"))
    level: Literal[""] | Level = ""
    group: str = Field("", max_length=16, description=GROUP)
    score: int | None = Field(None, ge=0, le=100, description=SCORE)
    scores: dict[str, int] = Field({}, max_length=30, description=gettext_lazy("Points per criterion (self-assessment)"))
    tasks: TasksIn | None = Field(None, description=TASKS)
    strengths: str = Field("", max_length=5000, description=STRENGTHS)
    weaknesses: str = Field("", max_length=5000, description=WEAKNESSES)
    source: str = Field("", max_length=20, description=gettext_lazy("Who proposes: cell_committee, employer or mass_organization"))
    meeting_id: Id | None = Field(None, description=gettext_lazy("The cell's review meeting (vote)"))
    votes_for: Count | None = None
    votes_present: Count | None = Field(None, description=VOTES_PRESENT)
    decision_number: str = Field("", max_length=64)
    decision_date: Day | None = None
    not_completed_reason: str = Field("", max_length=16, description=NOT_COMPLETED)
    quota_override: str = Field("", max_length=255, description=QUOTA_OVERRIDE)
    reason: str = Field("", max_length=20, description=gettext_lazy("Why the member is not rated (unrated)"))
    note: str = Field("", max_length=2000)
    version: Version | None = None
    submission: uuid.UUID | None = None


class OrganizationRatingOut(Schema):
    id: int
    round_id: int = Field(description=ROUND_ID)
    organization_id: int
    org_kind: str = Field(description=gettext_lazy("The organization's kind on the cut-off date (the rows of form 6)"))
    year: int
    stage: str = Field(description=gettext_lazy("Where the rating stands: listed, self_assessed, decided, not_rated"))
    stage_since: dt.date
    not_rated: str = Field(description=NOT_RATED)
    self_score: int | None = Field(description=gettext_lazy("The score the organization gave itself"))
    self_level: str = Field(description=gettext_lazy("The level the organization proposed for itself"))
    self_report: str = Field(description=gettext_lazy("The self-assessment report (form 01)"))
    tasks: dict[str, Any] = Field(description=TASKS)
    score: int | None = Field(description=SCORE)
    level: str = Field(description=gettext_lazy("The level decided one level up"))
    decision_number: str
    decision_date: dt.date | None
    version: int


class OrganizationStepIn(Schema):
    level: Literal[""] | Level = ""
    score: int | None = Field(None, ge=0, le=100, description=SCORE)
    tasks: TasksIn | None = Field(None, description=TASKS)
    report: str = Field("", max_length=20000, description=gettext_lazy("The self-assessment report (form 01)"))
    date: Day | None = Field(None, description=gettext_lazy("The step's date (the decision: its decision_date)"))
    decision_number: str = Field("", max_length=64)
    decision_date: Day | None = None
    version: Version | None = None


class OrganizationFilters(Schema):
    stage: Literal[""] | Stage = ""
    level: Literal[""] | Level = ""
    within: Id | None = Field(None, description=gettext_lazy("An organization: its whole subtree"))


class FourGoodOut(Schema):
    id: int
    organization_id: int
    year: int
    meeting_id: int
    stage: str = Field(description=gettext_lazy("registered, assessed, recognized or not_recognized"))
    criteria: dict[str, bool] = Field(description=one_of(FourGoodCriterion.values))
    assessment_note: str = Field(description=gettext_lazy("The year-end assessment"))
    decision_number: str
    decision_date: dt.date | None


class FourGoodFilters(Schema):
    year: Year | None = None
    within: Id | None = Field(None, description=gettext_lazy("An organization: its whole subtree"))
    stage: Literal[""] | FourGoodStage = ""


class FourGoodIn(Schema):
    organization_id: Id
    year: Year
    meeting_id: Id = Field(description=gettext_lazy("The regular meeting where the organization registered"))


class FourGoodAssessIn(Schema):
    criteria: dict[FourGoodCriterion, bool] = Field(description=gettext_lazy("Each criterion met or not"))
    note: str = Field("", max_length=5000)


class FourGoodRecognizeIn(Schema):
    recognized: bool = Field(True, description=gettext_lazy("Recognized, or not recognized"))
    decision_number: str = Field(max_length=64)
    decision_date: Day


class MyRatingOut(Schema):
    id: int
    round_id: int = Field(description=ROUND_ID)
    round_title: str = Field(description=gettext_lazy("The round's title"))
    year: int
    stage: str = Field(description=gettext_lazy("Where the rating stands"))
    level: str = Field(description=gettext_lazy("The level decided"))
    score: int | None = Field(description=SCORE)
    decision_number: str
    decision_date: dt.date | None

    @staticmethod
    def resolve_round_title(obj: MemberRating) -> str:
        return obj.round.title


class TableRowOut(Schema):
    organization_id: int
    code: str
    name: str
    present: int = Field(description=gettext_lazy("Members listed on the cut-off date"))
    rated: int = Field(description=gettext_lazy("Members rated"))
    levels: dict[str, int] = Field(description=gettext_lazy("Members rated at each level (earlier names read as the current ones)"))
    quota_exceeded: bool = Field(description=gettext_lazy("More members rated excellent than the quota allows"))
    good_share: Decimal | None = Field(description=gettext_lazy("Excellent and good, in percent of those rated"))
    last_year_good_share: Decimal | None = Field(description=gettext_lazy("The same share the year before"))

    @staticmethod
    def of(line: reports.Line) -> dict[str, Any]:
        org = line.organization
        return {
            "organization_id": org.pk, "code": org.code, "name": org.name, "present": line.present, "rated": line.rated,
            "levels": {str(level): n for level, n in line.levels.items()}, "quota_exceeded": line.over_quota,
            "good_share": line.good_share, "last_year_good_share": line.last_good_share,
        }  # fmt: skip


class TableOut(Schema):
    year: int
    quota_percent: int | None = Field(description=gettext_lazy("The quota of excellent in force, in percent of good or above"))
    total: TableRowOut = Field(description=gettext_lazy("The organization asked for, its whole subtree"))
    rows: list[TableRowOut] = Field(description=gettext_lazy("Each subordinate organization, its whole subtree"))
