"""The shapes of the moves' API, with their documentation in both languages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Path, Schema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, Day, Id, Version, Year
from partybuilding.core.dates import add_months

from ..choices import Direction, MoveKind
from ..selectors.moves import periodic_months

CadreMoveId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The move's id"))]
TEXT = 4000


class CadreMoveFields(Schema):
    kind: MoveKind
    cadre_id: Id = Field(description=gettext_lazy("The cadre moved"))
    from_position_id: Id | None = Field(None, description=gettext_lazy("The post moved from, of the records"))
    from_text: str = Field("", max_length=255, description=gettext_lazy("The post moved from, outside the records"))
    to_position_id: Id | None = Field(None, description=gettext_lazy("The post moved to, of the records"))
    to_text: str = Field("", max_length=255, description=gettext_lazy("The post moved to, outside the records"))
    direction: Direction = Field(description=gettext_lazy("The direction of the move (the column of HD 11 form 11)"))
    starts_on: Day = Field(description=gettext_lazy("The first day of the period"))
    ends_on: Day | None = Field(None, description=gettext_lazy("The last day of the period (none: open)"))
    purpose: str = Field("", max_length=TEXT, description=gettext_lazy("The purpose of the move"))
    additional_post: bool = Field(False, description=gettext_lazy("The post moved to is held concurrently"))
    decision_number: str = Field("", max_length=64, description=gettext_lazy("The decision's number"))
    decision_date: Day | None = Field(None, description=gettext_lazy("The decision's date"))
    decided_by: str = Field("", max_length=255)


class CadreMoveIn(CadreMoveFields):
    organization_id: Id = Field(description=gettext_lazy("The deciding organization (the committee that manages the cadre)"))
    takes_up: bool = Field(False, description=gettext_lazy("The cadre takes up the post moved to (and leaves the one moved from)"))


class CadreMoveUpdateIn(CadreMoveFields):
    version: Version | None = None


class CadreMoveFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("Moves decided in this organization's subtree"))
    kind: MoveKind | None = None
    direction: Direction | None = Field(None, description=gettext_lazy("The direction of the move (the column of HD 11 form 11)"))
    year: Year | None = Field(None, description=gettext_lazy("The year the move starts"))
    q: str = Field("", max_length=100, description=gettext_lazy("Part of the cadre's name (diacritics ignored)"))


class CadreMoveOut(Schema):
    id: int
    kind: str
    cadre_id: int
    cadre_name: str = Field(description=gettext_lazy("The cadre's full name"))
    organization_id: int
    from_position_id: int | None = Field(description=gettext_lazy("The post moved from, of the records"))
    from_text: str = Field(description=gettext_lazy("The post moved from, outside the records"))
    to_position_id: int | None = Field(description=gettext_lazy("The post moved to, of the records"))
    to_text: str = Field(description=gettext_lazy("The post moved to, outside the records"))
    direction: str = Field(description=gettext_lazy("The direction of the move (the column of HD 11 form 11)"))
    starts_on: dt.date
    ends_on: dt.date | None
    purpose: str = Field(description=gettext_lazy("The purpose of the move"))
    additional_post: bool = Field(description=gettext_lazy("The post moved to is held concurrently"))
    decision_number: str
    decision_date: dt.date | None
    decided_by: str
    version: int

    @staticmethod
    def resolve_cadre_name(obj: object) -> str:
        return str(obj.cadre.full_name)  # type: ignore[attr-defined]


class CadrePeriodicFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("Posts managed in this organization's subtree"))
    past: bool = Field(False, description=gettext_lazy("Only the changes already due"))
    q: str = Field("", max_length=100, description=gettext_lazy("Part of the cadre's or the post's name (diacritics ignored)"))


class CadrePeriodicDueOut(Schema):
    holding_id: int = Field(description=gettext_lazy("The post held"))
    cadre_id: int
    cadre_name: str = Field(description=gettext_lazy("The cadre's full name"))
    position_id: int
    position_name: str = Field(description=gettext_lazy("The post's name"))
    started_on: dt.date = Field(description=gettext_lazy("In the post since"))
    due_on: dt.date = Field(description=gettext_lazy("The day the change of post falls due"))
    days_left: int = Field(description=gettext_lazy("Days to that day (negative: past)"))

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
    def resolve_due_on(obj: Any) -> dt.date:
        return add_months(obj.started_on, periodic_months(timezone.localdate()))

    @staticmethod
    def resolve_days_left(obj: Any) -> int:
        today = timezone.localdate()
        return int((add_months(obj.started_on, periodic_months(today)) - today).days)
