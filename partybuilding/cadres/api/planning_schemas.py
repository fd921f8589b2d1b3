"""The shapes of the planning API, with their documentation in both languages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Path, Schema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, NOT_BLANK, Day, Id, Version

from ..choices import ExitReason, PlanningState

PlanningId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The planning's id"))]
PlanningEntryId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The planning entry's id"))]


class CadrePlanningFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: the plannings of its subtree"))


class CadrePlanningIn(Schema):
    organization_id: Id = Field(description=gettext_lazy("The managing organization whose posts are planned"))
    term_label: str = Field(min_length=1, max_length=20, pattern=NOT_BLANK, description=gettext_lazy("The term, such as 2030–2035"))
    starts_on: Day
    ends_on: Day
    decision_number: str = Field(min_length=1, max_length=64, pattern=NOT_BLANK)
    decision_date: Day
    decided_by: str = Field("", max_length=255)
    note: str = Field("", max_length=2000)


class CadrePlanningDecisionOut(Schema):
    id: int
    kind: str
    year: int
    decision_number: str
    decision_date: dt.date | None
    decided_by: str
    note: str


class CadrePlanningOut(Schema):
    id: int
    organization_id: int
    term_label: str
    starts_on: dt.date
    ends_on: dt.date
    version: int


class CadrePlanningDetailOut(CadrePlanningOut):
    decisions: list[CadrePlanningDecisionOut]


class CadreReviewIn(Schema):
    decision_number: str = Field(min_length=1, max_length=64, pattern=NOT_BLANK)
    decision_date: Day
    decided_by: str = Field("", max_length=255)
    note: str = Field("", max_length=2000)


class CadreEntryFilters(Schema):
    state: PlanningState | None = Field(None, description=gettext_lazy("Only the entries in this stored state"))
    position_id: Id | None = Field(None, description=gettext_lazy("Only the entries for this post"))
    cadre_id: Id | None = Field(None, description=gettext_lazy("Only the entries of this cadre"))


class CadreEntryIn(Schema):
    decision_id: Id = Field(description=gettext_lazy("The approval or a review decision of the planning"))
    position_id: Id = Field(description=gettext_lazy("A post the planning's organization manages"))
    cadre_id: Id = Field(description=gettext_lazy("A cadre whose record you read"))


class CadreEntryRemoveIn(Schema):
    decision_id: Id = Field(description=gettext_lazy("The review decision that removes the cadre"))
    reason: str = Field(min_length=1, max_length=2000, pattern=NOT_BLANK)
    version: Version | None = None


class CadreExitIn(Schema):
    note: str = Field("", max_length=2000)
    version: Version | None = None


class CadreEntryOut(Schema):
    id: int
    planning_id: int
    position_id: int
    position_name: str
    cadre_id: int
    cadre_name: str
    added_by_id: int
    added_on: dt.date
    age_limit_on: dt.date = Field(description=gettext_lazy("The last day the cadre can start a full term"))
    state: str = Field(description=gettext_lazy("The stored state: planned, removed, left or appointed"))
    left_on: dt.date | None
    exit_reason: str
    exit_note: str
    removed_by_id: int | None
    version: int


class CadreTableLineOut(Schema):
    entry_id: int
    cadre_id: int
    cadre_name: str
    birth_year: int
    age: int
    gender: str
    ethnicity: str
    present_posts: list[str]
    theory: str
    qualification: str
    added_on: dt.date
    lacking: list[str] = Field(description=gettext_lazy("The standards of the post the cadre does not meet yet"))


class CadreTableRowOut(Schema):
    position_id: int
    position_name: str
    grade: int
    limit: int | None = Field(description=gettext_lazy("The most cadres the post may have planned"))
    count: int
    lines: list[CadreTableLineOut]


class CadreTableOut(Schema):
    planning_id: int
    on: dt.date
    rows: list[CadreTableRowOut]


class CadreDayQuery(Schema):
    on: Day | None = Field(None, description=gettext_lazy("The day the planning is shown as it stood (today by default)"))


class CadreShareOut(Schema):
    count: int
    percent: Decimal
    target: int | None = Field(description=gettext_lazy("The target share in percent, when there is one"))
    met: bool | None


class CadreStructureRowOut(Schema):
    level: str = Field(description=gettext_lazy("The level of the posts, empty for all levels"))
    label: str
    cadres: int
    ages: list[int] = Field(description=gettext_lazy("The cadres in the three age groups, youngest first"))
    women: CadreShareOut
    young: CadreShareOut
    minority: CadreShareOut


class CadreStructureOut(Schema):
    planning_id: int
    on: dt.date
    age_groups: list[str]
    young_under: int
    citation: str
    rows: list[CadreStructureRowOut]


class CadreExitsFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: the exits of the plannings of its subtree"))
    reason: ExitReason | None = Field(None, description=gettext_lazy("Only the exits for this reason"))


class CadreExitOut(Schema):
    entry_id: int
    planning_id: int
    cadre_id: int
    cadre_name: str
    position_id: int
    position_name: str
    reason: str
    left_on: dt.date
    discipline_id: int | None
    discipline_form: str
    discipline_number: str
    discipline_date: dt.date | None
