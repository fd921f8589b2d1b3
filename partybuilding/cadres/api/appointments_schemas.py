"""The shapes of the appointment records' API, with their documentation in both languages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Path, Schema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, Day, Id, Version, Year
from partybuilding.core.calendar import working_days_between

from ..choices import AppointmentKind, AppointmentState
from ..selectors.appointments import due_from

CadreAppointmentId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The appointment record's id"))]
CadreAppointmentStepKind = Literal["consult", "decide", "withdraw"]
TEXT = 4000


class CadreAppointmentIn(Schema):
    kind: AppointmentKind
    cadre_id: Id = Field(description=gettext_lazy("The cadre proposed"))
    position_id: Id = Field(description=gettext_lazy("The post; its managing organization decides"))
    proposed_on: Day = Field(description=gettext_lazy("The date of the proposal"))
    reason: str = Field("", max_length=TEXT, description=gettext_lazy("The reasons for the proposal"))
    submission: uuid.UUID | None = None


class CadreAppointmentStepIn(Schema):
    date: Day | None = Field(None, description=gettext_lazy("The step's date (consult, withdraw)"))
    votes_for: int | None = Field(None, ge=0, le=999, description=gettext_lazy("Members voting in favour (consult)"))
    votes_total: int | None = Field(
        None, ge=1, le=999, description=gettext_lazy("Members voting (consult); more than half in favour passes")
    )
    note: str = Field("", max_length=TEXT, description=gettext_lazy("A note on the vote (consult)"))
    decision_number: str = Field("", max_length=64, description=gettext_lazy("The decision's number (decide)"))
    decision_date: Day | None = Field(None, description=gettext_lazy("The decision's date (decide)"))
    decided_by: str = Field("", max_length=255)
    effective_on: Day | None = Field(None, description=gettext_lazy("The day the decision takes effect (decide; none: its date)"))
    term_months: int | None = Field(None, ge=1, le=120, description=gettext_lazy("The term in months (decide; none: the rule's)"))
    suspended_until: Day | None = Field(None, description=gettext_lazy("The day a suspension ends (decide)"))
    reason: str = Field("", max_length=TEXT, description=gettext_lazy("Why the record is withdrawn (withdraw)"))
    version: Version | None = None
    submission: uuid.UUID | None = None


class CadreAppointmentFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("Records decided in this organization's subtree"))
    kind: AppointmentKind | None = None
    state: AppointmentState | None = Field(None, description=gettext_lazy("The record's state: proposed, consulted, decided or withdrawn"))
    year: Year | None = Field(None, description=gettext_lazy("The year proposed"))
    q: str = Field("", max_length=100, description=gettext_lazy("Part of the cadre's or the post's name (diacritics ignored)"))


class CadreAppointmentOut(Schema):
    id: int
    kind: str
    state: str = Field(description=gettext_lazy("The record's state: proposed, consulted, decided or withdrawn"))
    cadre_id: int
    cadre_name: str = Field(description=gettext_lazy("The cadre's full name"))
    position_id: int
    position_name: str = Field(description=gettext_lazy("The post's name"))
    organization_id: int
    holding_id: int | None = Field(description=gettext_lazy("The post held that the record gives, renews, ends or pauses"))
    proposed_on: dt.date
    reason: str
    votes_for: int | None
    votes_total: int | None = Field(description=gettext_lazy("Members voting in the consultation"))
    passed: bool | None = Field(description=gettext_lazy("The consultation passed (more than half in favour); none before the vote"))
    effective_on: dt.date | None = Field(description=gettext_lazy("The day the decision takes effect"))
    term_months: int | None = Field(description=gettext_lazy("The term decided, in months"))
    suspended_until: dt.date | None = Field(description=gettext_lazy("The day a suspension ends"))
    decision_number: str
    decision_date: dt.date | None
    decided_by: str
    version: int

    @staticmethod
    def resolve_cadre_name(obj: object) -> str:
        return str(obj.cadre.full_name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_position_name(obj: object) -> str:
        return str(obj.position.name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_passed(obj: object) -> bool | None:
        from ..services.appointments import passed

        return passed(obj)  # type: ignore[arg-type]


class CadreAppointmentStepOut(Schema):
    kind: str
    date: dt.date
    note: str
    decision_number: str


class CadreAppointmentFileOut(Schema):
    id: int
    title: str
    uploaded_at: dt.datetime = Field(description=gettext_lazy("When the document was added"))


class CadreAppointmentDetailOut(CadreAppointmentOut):
    steps: list[CadreAppointmentStepOut]
    files: list[CadreAppointmentFileOut] = Field(description=gettext_lazy("The record's PDF documents"))

    @staticmethod
    def resolve_steps(obj: object) -> list[object]:
        return list(obj.steps.order_by("date", "pk"))  # type: ignore[attr-defined]

    @staticmethod
    def resolve_files(obj: object) -> list[object]:
        return list(obj.files.all())  # type: ignore[attr-defined]


class CadreDueFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("Posts managed in this organization's subtree"))
    past: bool = Field(False, description=gettext_lazy("Only the terms already ended"))
    q: str = Field("", max_length=100, description=gettext_lazy("Part of the cadre's or the post's name (diacritics ignored)"))


class CadreReappointmentDueOut(Schema):
    holding_id: int = Field(description=gettext_lazy("The post held"))
    cadre_id: int
    cadre_name: str = Field(description=gettext_lazy("The cadre's full name"))
    position_id: int
    position_name: str = Field(description=gettext_lazy("The post's name"))
    started_on: dt.date = Field(description=gettext_lazy("In the post since"))
    term_ends: dt.date = Field(description=gettext_lazy("The day the term ends"))
    due_from: dt.date = Field(description=gettext_lazy("The first day the re-appointment is due (the notice counted back in working days)"))
    days_left: int = Field(description=gettext_lazy("Calendar days to the term's end (negative: past)"))
    working_days_left: int = Field(description=gettext_lazy("Working days to the term's end (Tết and holidays not counted)"))

    @staticmethod
    def resolve_holding_id(obj: Any) -> int:
        return int(obj.pk)

    @staticmethod
    def resolve_cadre_name(obj: Any) -> str:
        return str(obj.cadre.full_name)

    @staticmethod
    def resolve_position_name(obj: Any) -> str:
        return str(obj.position.name)

    @staticmethod
    def resolve_due_from(obj: Any) -> dt.date:
        return due_from(obj.term_ends, timezone.localdate())

    @staticmethod
    def resolve_days_left(obj: Any) -> int:
        return int((obj.term_ends - timezone.localdate()).days)

    @staticmethod
    def resolve_working_days_left(obj: Any) -> int:
        return working_days_between(timezone.localdate(), obj.term_ends)
