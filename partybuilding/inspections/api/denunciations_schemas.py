"""The shapes of the denunciations API. Who denounced appears only in `DenunciationDetailOut`
(`denouncer`), filled for the denunciation's current handlers and null for everyone else."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
import uuid
from typing import Annotated, Literal

from ninja import Field, Path, Schema

from partybuilding.core.api_docs import gettext_lazy, one_of
from partybuilding.core.api_types import MAX_ID, NOT_BLANK, Day, Id, Version, Year

from ..choices import Body, Channel, DenunciationStatus, Finding, NotProcessed, PetitionKind, SubjectKind
from .types import ContentCode

DenunciationId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The denunciation's id"))]
UserId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The handler's user id"))]
StepName = Literal["not_processed", "accept", "extend", "conclude", "notify"]


class DenunciationOut(Schema):
    id: int
    organization_id: int
    body: str
    kind: str
    channel: str
    received_on: dt.date
    subject_kind: str
    subject_member_id: int | None
    subject_organization_id: int | None
    committee_member: bool
    summary: str
    contents: list[str]
    repeat_of_id: int | None
    new_evidence: bool
    status: str
    not_processed: str
    not_processed_rule: str = Field(description=gettext_lazy("The rule under which it was not processed"))
    accepted_on: dt.date | None
    due: dt.date | None = Field(description=gettext_lazy("To be handled by (working days after acceptance)"))
    extended_days: int
    extension_notice_on: dt.date | None
    finding: str
    conclusion: str
    decision_number: str
    decision_date: dt.date | None
    notified_on: dt.date | None
    case_id: int | None
    discipline_id: int | None
    version: int


class DenunciationDenouncerOut(Schema):
    denouncer_name: str
    denouncer_address: str
    denouncer_phone: str
    denouncer_email: str
    denouncer_id_number: str


class DenunciationDetailOut(DenunciationOut):
    denouncer: DenunciationDenouncerOut | None = Field(
        description=gettext_lazy("Who denounced: given to the denunciation's current handlers only (each reading audited), else null")
    )


class DenunciationFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("The organization whose subtree is listed"))
    kind: PetitionKind | None = None
    status: DenunciationStatus | None = None
    channel: Channel | None = None
    year: Year | None = None


class DenunciationIn(Schema):
    organization_id: Id = Field(description=gettext_lazy("The handling organization"))
    body: Body = Body.COMMISSION
    kind: PetitionKind = PetitionKind.DENUNCIATION
    channel: Channel
    received_on: Day
    denouncer_name: str = Field("", max_length=150)
    denouncer_address: str = Field("", max_length=255)
    denouncer_phone: str = Field("", max_length=20)
    denouncer_email: str = Field("", max_length=150)
    denouncer_id_number: str = Field("", max_length=12)
    subject_kind: SubjectKind
    subject_member_id: Id | None = None
    subject_organization_id: Id | None = None
    summary: str = Field(max_length=10_000, pattern=NOT_BLANK)
    contents: list[ContentCode] = Field([], max_length=20)
    repeat_of_id: Id | None = Field(None, description=gettext_lazy("An earlier denunciation of the same scope it repeats"))
    new_evidence: bool = False
    submission: uuid.UUID | None = None


class DenunciationStepIn(Schema):
    date: Day | None = Field(None, description=gettext_lazy("The step's date (the conclusion: its decision_date)"))
    reason: Literal[""] | NotProcessed = Field("", description=gettext_lazy("Why it is not processed (not_processed)"))
    days: int | None = Field(None, ge=1, le=365, description=gettext_lazy("Working days of the extension (extend)"))
    finding: Literal[""] | Finding = ""
    conclusion: str = Field("", max_length=10_000)
    decision_number: str = Field("", max_length=64)
    decision_date: Day | None = None
    case_id: Id | None = Field(None, description=gettext_lazy("The case that verified it (conclude)"))
    discipline_id: Id | None = Field(None, description=gettext_lazy("The discipline that followed (conclude)"))
    version: Version | None = None
    submission: uuid.UUID | None = None


STEP_DOC = one_of(["not_processed", "accept", "extend", "conclude", "notify"])


class DenunciationStepOut(Schema):
    kind: str
    date: dt.date
    note: str
    decision_number: str
    decision_date: dt.date | None


class DenunciationHandlerOut(Schema):
    user_id: int
    username: str = Field(alias="user.username")
    assigned_on: dt.date
    released_on: dt.date | None


class DenunciationHandlerIn(Schema):
    user_id: Id
    date: Day


class HandlerReleaseIn(Schema):
    date: Day
