"""The shapes of the study API (campaigns, sessions, attendance, a member's own study)."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
from typing import Annotated

from ninja import Field, Path, Schema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, NOT_BLANK, Day, Id, Version

CampaignId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The study campaign's id"))]
SessionId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The study session's id"))]
AssignmentId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The id of the member's study"))]
MAX_MEMBERS_AT_ONCE = 5000  # attendance of one session: a large cell or a hall of a commune


class StudyCampaignFilters(Schema):
    within: Id | None = None


class StudyCampaignIn(Schema):
    organization_id: Id = Field(description=gettext_lazy("The organization that opens the campaign"))
    title: str = Field(min_length=1, max_length=500, pattern=NOT_BLANK)
    document_ids: list[Id] = Field(min_length=1, max_length=50)
    starts_on: Day
    deadline: Day
    members_on: Day
    note_required: bool | None = None


class StudyCampaignOut(Schema):
    id: int
    organization_id: int
    title: str
    starts_on: dt.date
    deadline: dt.date
    members_on: dt.date
    status: str
    assigned: int
    note_required: bool


class StudyCompletionOut(Schema):
    organization_id: int
    organization_name: str
    assigned: int
    done: int
    percent: float | None = Field(description=gettext_lazy("Members done out of those who must study, in percent"))


class StudyCampaignDetailOut(StudyCampaignOut):
    document_ids: list[int]
    list_job_id: int | None
    completion: StudyCompletionOut
    children: list[StudyCompletionOut]


class StudySessionIn(Schema):
    organization_id: Id = Field(description=gettext_lazy("The organization that holds the session"))
    date: Day
    place: str = Field("", max_length=255, description=gettext_lazy("Where the session is held"))
    speaker: str = Field("", max_length=255)


class StudySessionOut(Schema):
    id: int
    campaign_id: int
    organization_id: int
    date: dt.date
    place: str = Field(description=gettext_lazy("Where the session is held"))
    speaker: str


class StudyAttendanceIn(Schema):
    present: list[Id] = Field(max_length=MAX_MEMBERS_AT_ONCE, description=gettext_lazy("The ids of the members present"))
    excused: list[Id] = Field([], max_length=MAX_MEMBERS_AT_ONCE, description=gettext_lazy("The ids of the members excused"))


class StudyAttendanceOut(Schema):
    present: int = Field(description=gettext_lazy("Members marked present"))
    excused: int = Field(description=gettext_lazy("Members marked excused"))
    changed: int


class StudyAssignmentOut(Schema):
    id: int
    campaign_id: int
    campaign_title: str
    deadline: dt.date
    document_ids: list[int]
    studied_on: dt.date | None
    way: str
    note: str = Field(description=gettext_lazy("The study note (plan of personal action)"))
    note_written_on: dt.date | None
    note_required: bool
    done: bool = Field(description=gettext_lazy("Studied, and the note written when it is required"))


class StudyNoteIn(Schema):
    note: str = Field(
        min_length=1, max_length=20_000, pattern=NOT_BLANK, description=gettext_lazy("The study note (plan of personal action)")
    )


class StudyCloseIn(Schema):
    date: Day
    version: Version | None = None
