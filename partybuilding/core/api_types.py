"""What every API operation shares: the bounds of its inputs, its pages and its error bodies.

A number the database cannot store, a year no record has, a page past any list: each is
refused by the operation's schema (422, naming the field) before a query runs, rather than
failing in the database (500).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Union

from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from . import keyset
from .api_docs import gettext_lazy
from .errors import Refusal
from .listing import COUNT_CAP, PagedRows

MAX_ID = 2**63 - 1  # the largest key a 64-bit primary key holds
FIRST_YEAR, LAST_YEAR = 1900, 2100  # no record of the system falls outside these years
MAX_COUNT = 100_000  # votes, members present, a target: far beyond any committee or province
MAX_DAYS = 36_600  # a span of days: a century
MAX_PAGE = 100_000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Day = Annotated[dt.date, Field(ge=dt.date(FIRST_YEAR, 1, 1), le=dt.date(LAST_YEAR, 12, 31))]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Version = Annotated[
    int, Field(ge=0, le=MAX_ID, description=gettext_lazy("The version you read; a change by someone else since answers 409"))
]
NOT_BLANK = r"\S"  # the pattern of a required text: something besides spaces


class Pages(PageNumberPagination):
    """Ninja's numbered pages, with a last page any list can reach (a page past it is empty).

    A list is counted no further than COUNT_CAP rows, as the pages do: `more` says it is
    longer, so that a call on the whole country never counts millions of rows. Numbered
    pages go as deep as COUNT_CAP rows; past that a client pages by keyset, giving as
    `after` the `next_after` of the page before (core/keyset.py)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=100)
        after: int | None = Field(None, ge=1, le=MAX_ID, description=gettext_lazy("The next_after of the page before: the page after it"))

    class Output(Schema):
        items: list[Any]
        count: int
        more: bool = False
        next_after: int | None = None

    def paginate_queryset(self, queryset: Any, pagination: Any, request: Any, **params: Any) -> Any:
        rows = queryset if isinstance(queryset, PagedRows) else PagedRows(queryset)
        size = self._get_page_size(pagination.page_size)
        order = keyset.order_of(rows.rows) if isinstance(rows.rows, QuerySet) else None
        if pagination.after is not None:
            later = keyset.after(rows.rows, order, str(pagination.after)) if order else None
            if later is None:
                raise Refusal(_("This list cannot be paged by `after`, or no row of it has that id."), field="after")
            items, next_key = PagedRows(later, rows.build).page(0, size)
        elif (pagination.page - 1) * size > COUNT_CAP and (len(rows) > COUNT_CAP or rows.capped):  # a short list's far page is empty
            message = _("Numbered pages go as deep as %(n)s rows: past that, give as `after` the next_after of the page before.")
            raise Refusal(message % {"n": number_format(COUNT_CAP, force_grouping=True)}, field="page")
        else:
            items, next_key = rows.page((pagination.page - 1) * size, size)
        return {"items": items, "count": len(rows), "more": rows.capped, "next_after": next_key if order else None}


class ErrorOut(Schema):
    detail: str


class RefusalOut(Schema):
    """A refusal by a rule, or a value the database cannot take."""

    detail: str
    rule: str = Field(description=gettext_lazy("The rule (and its article) that refuses it; empty for a value out of range"))
    field: str | None = Field(description=gettext_lazy("The field concerned, when one is"))


class InvalidParameterOut(Schema):
    type: str
    loc: list[str | int] = Field(description=gettext_lazy("Where the value was sent, then its name (e.g. query, year)"))
    msg: str


class InvalidOut(Schema):
    detail: list[InvalidParameterOut]


class ConflictOut(Schema):
    detail: str
    current_version: int


UNPROCESSABLE = Union[RefusalOut, InvalidOut]  # noqa: UP007 (ninja builds the response model from a Union)
ERROR_BODIES: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: UNPROCESSABLE}


def documented(success: Any, *errors: int) -> dict[int, Any]:
    """An operation's responses: `success` (its 200 body, or a mapping of codes to bodies),
    401 for a call without a valid token, and the error bodies of `errors`.

    A 422 the operation answers with its own body (an import's report) is documented as
    either that body or the usual 422."""
    answers: dict[int, Any] = dict(success) if isinstance(success, dict) else {200: success}
    for code in (401, *errors):
        own = answers.get(code)
        answers[code] = ERROR_BODIES[code] if own is None else Union[own, ERROR_BODIES[code]]  # noqa: UP007
    return answers
