"""The shapes of the programmes' and cases' API, with their documentation in both languages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
import uuid
from typing import Annotated, Literal

from ninja import Field, Path, Schema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, NOT_BLANK, Day, Id, Version, Year

from ..choices import Body, CaseKind, CaseResult, CaseStatus, SubjectKind
from .types import ContentCode

ProgrammeId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The programme's id"))]
ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The programme item's id"))]
CaseId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The case's id"))]
ShortcomingId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The shortcoming's id"))]
StepKind = Literal["open", "self_report", "findings", "conclude", "cancel"]
SUBJECT = gettext_lazy("organization or member; the kinds about an organization's work take an organization only")


class ProgrammeIn(Schema):
    organization_id: Id = Field(description=gettext_lazy("The organization whose body conducts the programme"))
    body: Body
    year: Year
    title: str = Field(min_length=1, max_length=255, pattern=NOT_BLANK)


class ItemIn(Schema):
    kind: CaseKind
    subject_kind: SubjectKind = Field(description=SUBJECT)
    subject_organization_id: Id | None = None
    subject_member_id: Id | None = None
    content: str = Field(min_length=1, max_length=4000, pattern=NOT_BLANK)
    planned_from: Day
    planned_to: Day
    lead: str = Field("", max_length=255, description=gettext_lazy("Who leads it"))


class ProgrammeItemOut(Schema):
    id: int
    kind: str
    subject_kind: str
    subject_organization_id: int | None
    subject_member_id: int | None
    content: str
    planned_from: dt.date
    planned_to: dt.date
    lead: str
    case_id: int | None = Field(None, description=gettext_lazy("The case started from the item, when there is one"))
    case_status: str = Field("", description=gettext_lazy("planned, open, concluded or cancelled; empty: not started"))

    @staticmethod
    def resolve_case_id(obj: object) -> int | None:
        started = getattr(obj, "started", None)
        return started.pk if started is not None else None

    @staticmethod
    def resolve_case_status(obj: object) -> str:
        started = getattr(obj, "started", None)
        return started.status if started is not None else ""


class ProgrammeOut(Schema):
    id: int
    organization_id: int
    body: str
    year: int
    title: str
    adopted: bool = Field(description=gettext_lazy("Adopted by decision: its items are fixed"))
    decision_number: str
    decision_date: dt.date | None
    version: int


class ProgrammeDetailOut(ProgrammeOut):
    items: list[ProgrammeItemOut]

    @staticmethod
    def resolve_items(obj: object) -> list[object]:
        from ..selectors.cases import programme_items

        return list(programme_items(obj))  # type: ignore[arg-type]


class AdoptIn(Schema):
    decision_number: str = Field(min_length=1, max_length=64, pattern=NOT_BLANK)
    decision_date: Day
    decided_by: str = Field("", max_length=255)
    version: Version | None = None


class ProgrammeFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: the programmes of its subtree"))
    year: Year | None = None
    body: Body | None = None
    q: str = Field("", max_length=100, description=gettext_lazy("Words of the title"))


class CaseIn(Schema):
    organization_id: Id = Field(description=gettext_lazy("The organization whose body conducts the case"))
    body: Body
    kind: CaseKind
    subject_kind: SubjectKind = Field(description=SUBJECT)
    subject_organization_id: Id | None = None
    subject_member_id: Id | None = None
    contents: list[ContentCode] = Field([], max_length=20, description=gettext_lazy("Content codes of the subject's kind"))
    content_note: str = Field("", max_length=4000)


class CaseFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: the cases conducted in its subtree"))
    kind: CaseKind | None = None
    status: CaseStatus | None = None
    body: Body | None = None
    subject_kind: SubjectKind | None = None
    year: Year | None = Field(None, description=gettext_lazy("The year of the opening decision or of the conclusion"))
    overdue: bool = Field(False, description=gettext_lazy("Only open cases past their period"))
    overdue_shortcomings: bool = Field(False, description=gettext_lazy("Only cases with shortcomings past their deadline"))
    q: str = Field("", max_length=100, description=gettext_lazy("The subject's name (diacritics ignored)"))


class CaseOut(Schema):
    id: int
    organization_id: int
    body: str
    kind: str
    status: str
    status_since: dt.date
    programme_item_id: int | None
    subject_kind: str
    subject_organization_id: int | None
    subject_member_id: int | None
    subject_name: str = Field(description=gettext_lazy("The member's full name or the organization's name"))
    committee_member: bool
    decision_number: str
    decision_date: dt.date | None
    period_from: dt.date | None
    period_to: dt.date | None
    conclusion_number: str
    conclusion_date: dt.date | None
    result: str
    discipline_required: bool
    version: int

    @staticmethod
    def resolve_subject_name(obj: object) -> str:
        from ..selectors.cases import subject_name

        return subject_name(obj)


class CaseStepOut(Schema):
    kind: str
    date: dt.date
    decision_number: str
    note: str


class ShortcomingOut(Schema):
    id: int
    description: str
    responsible: str
    deadline: dt.date
    status: str
    closed_on: dt.date | None
    evidence: str
    has_file: bool

    @staticmethod
    def resolve_has_file(obj: object) -> bool:
        return bool(getattr(obj, "evidence_file", None))


class CaseDetailOut(CaseOut):
    contents: list[str]
    content_note: str
    team: str
    self_report: str
    self_report_date: dt.date | None
    findings: str
    conclusion: str
    steps: list[CaseStepOut]
    shortcomings: list[ShortcomingOut]

    @staticmethod
    def resolve_steps(obj: object) -> list[object]:
        return list(obj.steps.order_by("date", "pk"))  # type: ignore[attr-defined]

    @staticmethod
    def resolve_shortcomings(obj: object) -> list[object]:
        return list(obj.shortcomings.all())  # type: ignore[attr-defined]


class CaseStepIn(Schema):
    date: Day | None = Field(None, description=gettext_lazy("The step's date (self_report, findings, cancel)"))
    decision_number: str = Field("", max_length=64, description=gettext_lazy("The opening decision (open)"))
    decision_date: Day | None = None
    decided_by: str = Field("", max_length=255)
    team: str = Field("", max_length=4000)
    period_from: Day | None = None
    period_to: Day | None = None
    text: str = Field("", max_length=20000, description=gettext_lazy("The self-report or the findings"))
    conclusion_number: str = Field("", max_length=64)
    conclusion_date: Day | None = None
    conclusion: str = Field("", max_length=20000)
    result: Literal[""] | CaseResult = ""
    discipline_required: bool = False
    reason: str = Field("", max_length=4000, description=gettext_lazy("Why the case is cancelled"))
    version: Version | None = None
    submission: uuid.UUID | None = None


class ShortcomingIn(Schema):
    description: str = Field(min_length=1, max_length=4000, pattern=NOT_BLANK)
    responsible: str = Field("", max_length=255)
    deadline: Day


class RemedyIn(Schema):
    date: Day
    evidence: str = Field(min_length=1, max_length=4000, pattern=NOT_BLANK)
    version: Version | None = None


class DropIn(Schema):
    date: Day
    reason: str = Field(min_length=1, max_length=4000, pattern=NOT_BLANK)
    version: Version | None = None
