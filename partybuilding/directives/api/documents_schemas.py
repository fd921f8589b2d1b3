"""The shapes of the documents' API, with their documentation in both languages."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
import datetime as dt
from typing import Annotated, Any

from ninja import Field, Path, Schema

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import MAX_ID, NOT_BLANK, Day, Id, Version, Year

from ..choices import DocumentStatus, IssuerBody

DocumentId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The document's id"))]
DocumentFileId = Annotated[int, Path(ge=1, le=MAX_ID, description=gettext_lazy("The file's id"))]
KindCode = Annotated[str, Field(min_length=1, max_length=8, description=gettext_lazy("A kind of document in force on its date: NQ, CT, KL…"))]  # fmt: skip
OrgKindCode = Annotated[str, Field(max_length=32, description=gettext_lazy("And every organization of this kind below (a few hundred at most)"))]  # fmt: skip


class DirectiveIssuerIn(Schema):
    organization_id: Id = Field(description=gettext_lazy("The organization the body issues in the name of"))
    body: IssuerBody
    name: str = Field(min_length=1, max_length=255, pattern=NOT_BLANK)
    symbol: str = Field(min_length=1, max_length=20, pattern=NOT_BLANK, description=gettext_lazy("What its numbers end with: TU in 15-NQ/TU"))  # fmt: skip


class DirectiveIssuerOut(Schema):
    id: int
    organization_id: int
    body: str
    name: str
    symbol: str = Field(description=gettext_lazy("What its numbers end with: TU in 15-NQ/TU"))
    active: bool = Field(description=gettext_lazy("Still issues documents"))
    version: int


class DirectiveIssuerFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: the issuers of its subtree and of those above it"))


class DirectiveDocumentIn(Schema):
    issuer_id: Id = Field(description=gettext_lazy("The issuer: a body of an organization where you issue documents"))
    kind: KindCode
    date: Day
    title: str = Field(min_length=1, max_length=500, pattern=NOT_BLANK)
    signer: str = Field("", max_length=255, description=gettext_lazy("Who signed it"))
    summary: str = Field("", max_length=10000)
    text: str = Field("", max_length=500000, description=gettext_lazy("The full text"))
    recipient_ids: list[Id] = Field([], max_length=500, description=gettext_lazy("The organizations below the issuer it is sent to"))
    recipients_kind: OrgKindCode = ""
    implements_id: Id | None = Field(None, description=gettext_lazy("The higher document it implements, in the system"))
    implements_reference: str = Field(
        "", max_length=255, description=gettext_lazy("The higher document outside the system, such as 57-NQ/TW")
    )
    replaces_id: Id | None = Field(None, description=gettext_lazy("An earlier document of the same issuer it replaces"))
    expects_concretization: bool = Field(
        False, description=gettext_lazy("The recipients are to concretize it with a document of their own")
    )


class DirectiveDocumentEditIn(Schema):
    signer: str = Field("", max_length=255, description=gettext_lazy("Who signed it"))
    summary: str = Field("", max_length=10000)
    text: str = Field("", max_length=500000, description=gettext_lazy("The full text"))
    add_recipient_ids: list[Id] = Field([], max_length=500, description=gettext_lazy("More organizations below the issuer to send it to"))  # fmt: skip
    recipients_kind: OrgKindCode = ""
    version: Version | None = None


class DirectiveWithdrawIn(Schema):
    reason: str = Field(min_length=1, max_length=2000, pattern=NOT_BLANK)
    version: Version | None = None


class DirectiveDocumentFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: the documents of its subtree and of those above it"))
    kind: str = Field("", max_length=8)
    issuer_id: Id | None = Field(None, description=gettext_lazy("The issuer's id"))
    year: Year | None = None
    date_from: Day | None = Field(None, description=gettext_lazy("Issued on or after this day"))
    date_to: Day | None = Field(None, description=gettext_lazy("Issued on or before this day"))
    status: DocumentStatus | None = None
    not_concretized: bool = Field(False, description=gettext_lazy("Only documents some recipient has not concretized yet"))
    number: str = Field("", max_length=40, description=gettext_lazy("The number, whole or in part: 15-NQ/TU"))
    q: str = Field("", max_length=200, description=gettext_lazy("Words of the document, accents optional"))


class DirectiveDocumentOut(Schema):
    id: int
    number: str = Field(description=gettext_lazy("The number as printed: 15-NQ/TU"))
    issuer_id: int = Field(description=gettext_lazy("The issuer's id"))
    organization_id: int
    kind: str
    year: int
    sequence: int = Field(description=gettext_lazy("Its number in the year, per issuer and kind"))
    date: dt.date
    signer: str = Field(description=gettext_lazy("Who signed it"))
    title: str
    summary: str
    status: str
    implements_id: int | None = Field(description=gettext_lazy("The higher document it implements, in the system"))
    implements_reference: str = Field(description=gettext_lazy("The higher document outside the system, such as 57-NQ/TW"))
    replaces_id: int | None = Field(description=gettext_lazy("The earlier document of the same issuer it replaces"))
    expects_concretization: bool = Field(description=gettext_lazy("The recipients are to concretize it with a document of their own"))
    version: int


class DirectiveRecipientOut(Schema):
    organization_id: int
    organization_name: str = Field(description=gettext_lazy("The organization's name"))
    concretized_by_id: int | None = Field(description=gettext_lazy("The recipient's own document that concretized it, first registered"))
    concretized_on: dt.date | None = Field(description=gettext_lazy("The date of that lower document"))
    lag_days: int = Field(description=gettext_lazy("Days from issue to the lower document, or to today while it is awaited"))


class DirectiveChainOut(Schema):
    id: int
    number: str = Field(description=gettext_lazy("The number as printed: 15-NQ/TU"))
    title: str
    date: dt.date
    organization_id: int


class DirectiveFileOut(Schema):
    id: int
    name: str
    size: int = Field(description=gettext_lazy("Its size in bytes"))
    has_text: bool = Field(description=gettext_lazy("Text could be read from it, for the search"))
    uploaded_at: dt.datetime = Field(description=gettext_lazy("When it was uploaded"))


class DirectiveDocumentDetailOut(DirectiveDocumentOut):
    text: str = Field(description=gettext_lazy("The full text"))
    recipients: list[DirectiveRecipientOut] = Field(
        description=gettext_lazy("The organizations it was sent to that you see (the first 2,000)")
    )
    recipients_total: int = Field(description=gettext_lazy("How many organizations it was sent to that you see"))
    implements_chain: list[DirectiveChainOut] = Field(description=gettext_lazy("What it implements, up to the top"))
    lower_documents: list[DirectiveChainOut] = Field(description=gettext_lazy("The lower documents implementing it"))
    files: list[DirectiveFileOut] = Field(description=gettext_lazy("Its PDF files"))


class DirectiveUploadOut(Schema):
    file: DirectiveFileOut
    readable: bool = Field(description=gettext_lazy("False: kept, but no text could be read from it"))


class DirectiveWaitingOut(Schema):
    """A recipient late to concretize a document."""

    document_id: int = Field(description=gettext_lazy("The document's id"))
    number: str = Field(description=gettext_lazy("The document's number"))
    title: str
    date: dt.date = Field(description=gettext_lazy("The date the document was issued"))
    organization_id: int
    organization_name: str = Field(description=gettext_lazy("The organization's name"))
    days: int = Field(description=gettext_lazy("Days since issue"))

    @staticmethod
    def resolve_number(obj: Any) -> str:
        return str(obj.document.number)

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj.document.title)

    @staticmethod
    def resolve_date(obj: Any) -> dt.date:
        return obj.document.date

    @staticmethod
    def resolve_organization_name(obj: Any) -> str:
        return str(obj.organization.name)

    @staticmethod
    def resolve_days(obj: Any) -> int:
        from django.utils import timezone

        return (timezone.localdate() - obj.document.date).days


class DirectiveWaitingFilters(Schema):
    within: Id | None = Field(None, description=gettext_lazy("An organization: its subtree's recipients; else your working scope"))
