"""The shapes of the disciplines', suspensions' and appeals' API, documented in both languages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
import uuid
from typing import Annotated, Literal

from ninja import Field, Path, Schema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, NOT_BLANK, Day, Id, Version, Year

from ..choices import (
    AppealGround,
    AppealOutcome,
    AppealStatus,
    Body,
    ChangeReason,
    DisciplineForm,
    DisciplineStatus,
    DisciplineSubject,
    NoLimitMatter,
)
from .types import ContentCode

DisciplineId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The discipline's id"))]
SuspensionId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The suspension's id"))]
AppealId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The appeal's id"))]
DisciplineStepKind = Literal["decide", "out_of_time", "not_disciplined", "received", "notice", "response", "restore", "apology"]
AppealStepKind = Literal["not_accepted", "settle"]
Text = Field(min_length=1, max_length=4000, pattern=NOT_BLANK)


class DisciplineFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: its subtree only"))
    year: Year | None = None
    form: DisciplineForm | None = Field(None, description=gettext_lazy("The form in force"))
    subject: DisciplineSubject | None = None
    status: DisciplineStatus | None = None
    body: Body | None = None
    committee: bool = Field(False, description=gettext_lazy("Members sitting on a Party committee only"))


class DisciplineIn(Schema):
    organization_id: Id = Field(description=gettext_lazy("The deciding organization"))
    body: Body
    member_id: Id | None = Field(None, description=gettext_lazy("The member disciplined (or an organization)"))
    subject_organization_id: Id | None = Field(None, description=gettext_lazy("The organization disciplined (or a member)"))
    case_id: Id | None = None
    contents: list[ContentCode] = Field([], max_length=20, description=gettext_lazy("Codes of what the violation is about"))
    violation: str = Text
    violation_date: Day
    new_violation_date: Day | None = None
    no_limit_matter: Literal[""] | NoLimitMatter = ""
    proposed_form: DisciplineForm
    proposed_on: Day | None = Field(None, description=gettext_lazy("Default: today, or the decision date"))
    proposed_by: str = Field("", max_length=255)
    decision_number: str = Field("", max_length=64, description=gettext_lazy("With its decision, a discipline decided earlier"))
    decision_date: Day | None = None
    decided_by: str = Field("", max_length=255)
    concluded_on: Day | None = None
    notice_to: str = Field("", max_length=255)
    submission: uuid.UUID | None = None


class DisciplineStepIn(Schema):
    date: Day | None = Field(None, description=gettext_lazy("The step's date (all but decide and not_disciplined)"))
    decision_number: str = Field("", max_length=64)
    decision_date: Day | None = None
    decided_by: str = Field("", max_length=255)
    form: Literal[""] | DisciplineForm = ""
    concluded_on: Day | None = None
    notice_to: str = Field("", max_length=255)
    response: str = Field("", max_length=4000)
    note: str = Field("", max_length=2000)
    version: Version | None = None
    submission: uuid.UUID | None = None


class DisciplineStepOut(Schema):
    kind: str
    date: dt.date
    decision_number: str
    decision_date: dt.date | None
    note: str


class DisciplineOut(Schema):
    id: int
    organization_id: int
    body: str
    level: str
    subject: str
    member_id: int | None
    subject_organization_id: int | None
    committee_member: bool
    case_id: int | None
    contents: list[str]
    violation: str
    violation_date: dt.date
    new_violation_date: dt.date | None
    no_limit_matter: str
    proposed_form: str
    proposed_on: dt.date
    concluded_on: dt.date | None
    status: str
    form: str
    form_in_force: str
    decision_number: str
    decision_date: dt.date | None
    received_on: dt.date | None
    notice_to: str
    notice_due: dt.date | None
    notice_sent_on: dt.date | None
    response_due: dt.date | None
    response_on: dt.date | None
    restored_on: dt.date | None
    apology_on: dt.date | None
    version: int


class DisciplineDetailOut(DisciplineOut):
    time_limit_ends_on: dt.date | None = Field(None, description=gettext_lazy("The last day within the time limit; none: no limit"))
    steps: list[DisciplineStepOut]


class SuspensionIn(Schema):
    organization_id: Id
    body: Body
    member_id: Id
    reason: str = Text
    starts_on: Day
    ends_on: Day
    decision_number: str = Field("", max_length=64)
    decision_date: Day | None = None
    decided_by: str = Field("", max_length=255)


class LiftIn(Schema):
    date: Day
    version: Version | None = None


class SuspensionOut(Schema):
    id: int
    organization_id: int
    body: str
    member_id: int
    reason: str
    starts_on: dt.date
    ends_on: dt.date
    lifted_on: dt.date | None
    decision_number: str
    decision_date: dt.date | None
    version: int


class AppealFilters(Schema):
    within: Id | None = None
    year: Year | None = None
    status: AppealStatus | None = None
    overdue: bool = False
    due_within: int | None = Field(None, ge=0, le=366, description=gettext_lazy("Pending, due within this many days"))


class AppealIn(Schema):
    discipline_id: Id
    filed_on: Day
    body: Literal["committee", "standing", "commission"] = "committee"
    grounds: list[AppealGround] = Field([], max_length=3)
    content: str = Text
    submission: uuid.UUID | None = None


class AppealStepIn(Schema):
    date: Day | None = Field(None, description=gettext_lazy("not_accepted: its date"))
    reason: str = Field("", max_length=4000)
    outcome: Literal[""] | AppealOutcome = ""
    new_form: Literal[""] | DisciplineForm = ""
    change_reason: Literal[""] | ChangeReason = ""
    decision_number: str = Field("", max_length=64)
    decision_date: Day | None = None
    decided_by: str = Field("", max_length=255)
    version: Version | None = None
    submission: uuid.UUID | None = None


class AppealOut(Schema):
    id: int
    discipline_id: int
    organization_id: int
    body: str
    level: str
    filed_on: dt.date
    grounds: list[str]
    content: str
    due: dt.date
    status: str
    refused_reason: str
    outcome: str
    new_form: str
    change_reason: str
    decision_number: str
    settled_on: dt.date | None
    version: int


class AppealDetailOut(AppealOut):
    steps: list[DisciplineStepOut]
