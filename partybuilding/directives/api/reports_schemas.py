"""The shapes of the reports API (their fields are described in `core.api_docs.FIELDS`)."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from ninja import Field, Schema

from partybuilding.core.api_types import Id, Year


class DirectiveIssuedQuery(Schema):
    year: Year
    lower: bool = Field(False)


class DirectiveReportKindOut(Schema):
    code: str
    name: str
    this_year: int
    last_year: int


class DirectiveReportIssuerOut(Schema):
    issuer_id: int
    name: str
    symbol: str
    organization_id: int
    counts: dict[str, int]
    total: int
    withdrawn: int
    last_year: int


class DirectiveIssuedOut(Schema):
    organization_id: int
    year: int
    kinds: list[DirectiveReportKindOut]
    issuers: list[DirectiveReportIssuerOut]
    total: int
    last_total: int
    withdrawn: int
    sentences: list[str]


class DirectiveImplementationQuery(Schema):
    document: Id | None = None


class DirectiveImplementationRowOut(Schema):
    organization_id: int | None
    name: str
    total: int
    done_on_time: int
    done_late: int
    overdue: int
    open_in_time: int
    cancelled: int
    percent_done: float | None


class DirectiveImplementationOut(Schema):
    organization_id: int
    document_id: int | None
    rows: list[DirectiveImplementationRowOut]
    whole: DirectiveImplementationRowOut


class DirectiveStudyRowOut(Schema):
    organization_id: int | None
    name: str
    assigned: int
    done: int
    percent: float | None


class DirectiveStudyOut(Schema):
    organization_id: int
    campaign_id: int
    rows: list[DirectiveStudyRowOut]
    whole: DirectiveStudyRowOut
