"""Issuers and documents through the API: the same scope, selectors and services as the pages.
Documents are read along the line; issuing, editing, withdrawing and adding files need the
"direct" action over the issuer's organization."""

# No `from __future__ import annotations` here: django-ninja resolves the schemas from the
# real annotations at import time.
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, UploadedFile
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Pages, documented
from partybuilding.core.errors import Refusal
from partybuilding.core.files import MAX_FILE_BYTES, attachment
from partybuilding.core.scope import Action, organization_or_404, scope_of

from ..models import Document
from ..selectors import documents as selectors
from ..services import document_files as files
from ..services import documents as services
from ..services import issuers as issuer_services
from .documents_schemas import (
    DirectiveDocumentDetailOut,
    DirectiveDocumentEditIn,
    DirectiveDocumentFilters,
    DirectiveDocumentIn,
    DirectiveDocumentOut,
    DirectiveIssuerFilters,
    DirectiveIssuerIn,
    DirectiveIssuerOut,
    DirectiveUploadOut,
    DirectiveWaitingFilters,
    DirectiveWaitingOut,
    DirectiveWithdrawIn,
    DocumentFileId,
    DocumentId,
)
from .router import router

RECIPIENTS_SHOWN = 2000  # a document sent to a whole province: its first recipients, and their count


def _within(request: HttpRequest, within: int | None) -> Any:
    return organization_or_404(request.user, within) if within is not None else None


def _organizations(request: HttpRequest, ids: list[int]) -> list[Any]:
    return [organization_or_404(request.user, pk) for pk in dict.fromkeys(ids)]


def _detail(request: HttpRequest, document: Document) -> dict[str, Any]:
    today = timezone.localdate()
    recipients = selectors.recipients_of(request.user, document)

    def brief(d: Document) -> dict[str, Any]:
        return {"id": d.pk, "number": d.number, "title": d.title, "date": d.date, "organization_id": d.organization_id}

    return {
        **{field: getattr(document, field) for field in DirectiveDocumentOut.model_fields if field != "id"},
        "id": document.pk,
        "text": document.text,
        "recipients_total": recipients.count(),
        "recipients": [
            {
                "organization_id": r.organization_id,
                "organization_name": r.organization.name,
                "concretized_by_id": r.concretized_by_id,
                "concretized_on": r.concretized_on,
                "lag_days": selectors.lag_days(r, document, today),
            }
            for r in recipients[:RECIPIENTS_SHOWN]
        ],
        "implements_chain": [brief(d) for d in selectors.chain_up(request.user, document)],
        "lower_documents": [brief(d) for d in selectors.lower_documents(request.user, document)],
        "files": [_file(f) for f in selectors.document_files(document)],
    }


def _file(row: Any) -> dict[str, Any]:
    return {"id": row.pk, "name": row.name, "size": row.size, "has_text": bool(row.text), "uploaded_at": row.uploaded_at}


# --- issuers -------------------------------------------------------------------------------------


@router.get("/issuers", response=documented(list[DirectiveIssuerOut], 404, 422), summary=gettext_lazy("Issuers of documents"))
@paginate(Pages)
def list_issuers(request: HttpRequest, filters: Query[DirectiveIssuerFilters]) -> Any:
    return selectors.issuers_in(request.user, _within(request, filters.within)).order_by("org_path", "name", "pk")


@router.post(
    "/issuers", response=documented({201: DirectiveIssuerOut}, 400, 403, 404, 422), summary=gettext_lazy("Add an issuer of documents")
)
def create_issuer(request: HttpRequest, payload: DirectiveIssuerIn) -> Any:
    org = organization_or_404(request.user, payload.organization_id, Action.DIRECT)
    return 201, issuer_services.issuer_create(actor=request.user, organization=org, body=payload.body, name=payload.name, symbol=payload.symbol)  # fmt: skip


# --- documents ------------------------------------------------------------------------------------


@router.get("/documents", response=documented(list[DirectiveDocumentOut], 404, 422), summary=gettext_lazy("Documents issued"))
@paginate(Pages)
def list_documents(request: HttpRequest, filters: Query[DirectiveDocumentFilters]) -> Any:
    rows = selectors.documents_in(request.user, _within(request, filters.within))
    values = filters.dict()
    values["issuer"] = values.pop("issuer_id")
    rows = selectors.filtered_documents(rows, values)
    return rows if filters.q.strip() else rows.order_by("-date", "-pk")


@router.post(
    "/documents",
    response=documented({201: DirectiveDocumentDetailOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Register a document: it takes the next number of its issuer, kind and year"),
)
def create_document(request: HttpRequest, payload: DirectiveDocumentIn) -> Any:
    issuer = selectors.issuer_or_404(request.user, payload.issuer_id, Action.DIRECT)
    implements = selectors.document_or_404(request.user, payload.implements_id) if payload.implements_id else None
    replaces = selectors.document_or_404(request.user, payload.replaces_id) if payload.replaces_id else None
    fields = payload.dict(exclude={"issuer_id", "recipient_ids", "implements_id", "replaces_id"})
    document = services.document_register(
        actor=request.user,
        issuer=issuer,
        recipients=_organizations(request, payload.recipient_ids),
        implements=implements,
        replaces=replaces,
        **fields,
    )
    return 201, _detail(request, document)


@router.get(
    "/documents/{document_id}",
    response=documented(DirectiveDocumentDetailOut, 404, 422),
    summary=gettext_lazy("A document: its recipients, the chain up and down, its files"),
)
def get_document(request: HttpRequest, document_id: DocumentId) -> Any:
    return _detail(request, selectors.document_or_404(request.user, document_id))


@router.patch(
    "/documents/{document_id}",
    response=documented(DirectiveDocumentDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Edit a document's signer, summary and text, or send it to more organizations"),
)
def edit_document(request: HttpRequest, document_id: DocumentId, payload: DirectiveDocumentEditIn) -> Any:
    document = selectors.document_or_404(request.user, document_id, Action.DIRECT)
    services.document_edit(
        actor=request.user,
        document=document,
        signer=payload.signer,
        summary=payload.summary,
        text=payload.text,
        add_recipients=_organizations(request, payload.add_recipient_ids),
        recipients_kind=payload.recipients_kind,
        expected_version=payload.version,
    )
    return _detail(request, selectors.document_or_404(request.user, document_id))


@router.post(
    "/documents/{document_id}/withdraw",
    response=documented(DirectiveDocumentDetailOut, 400, 403, 404, 409, 422),
    summary=gettext_lazy("Withdraw a document: no longer in force, its number stays used"),
)
def withdraw_document(request: HttpRequest, document_id: DocumentId, payload: DirectiveWithdrawIn) -> Any:
    document = selectors.document_or_404(request.user, document_id, Action.DIRECT)
    services.document_withdraw(actor=request.user, document=document, reason=payload.reason, expected_version=payload.version)
    return _detail(request, selectors.document_or_404(request.user, document_id))


@router.post(
    "/documents/{document_id}/files",
    response=documented({201: DirectiveUploadOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Add a PDF file to a document; its text is extracted for the search"),
)
def upload_file(request: HttpRequest, document_id: DocumentId, file: UploadedFile | None = File(None)) -> Any:
    # the file is checked after the document: a document out of reach answers 404 whatever was sent
    document = selectors.document_or_404(request.user, document_id, Action.DIRECT)
    if file is None:
        raise Refusal(_("Send the PDF file."), rule=services.records_rule(), field="file")
    done = files.file_add(actor=request.user, document=document, name=file.name or "", content=file.read(MAX_FILE_BYTES + 1))
    return 201, {"file": _file(done.file), "readable": done.readable}


@router.get(
    "/documents/{document_id}/files/{file_id}",
    response=documented({200: None}, 404, 422),
    summary=gettext_lazy("Download a document's file (always as an attachment)"),
)
def download_file(request: HttpRequest, document_id: DocumentId, file_id: DocumentFileId) -> Any:
    document = selectors.document_or_404(request.user, document_id)
    row = document.files.filter(pk=file_id).first()
    content = files.file_content(row) if row is not None else None
    if row is None or content is None:
        raise Http404
    response: HttpResponse = attachment(content, row.name, "application/pdf")
    return response


@router.get(
    "/not-concretized",
    response=documented(list[DirectiveWaitingOut], 404, 422),
    summary=gettext_lazy("Recipients late to concretize a document asking for it"),
)
@paginate(Pages)
def list_not_concretized(request: HttpRequest, filters: Query[DirectiveWaitingFilters]) -> Any:
    scope = _within(request, filters.within) or scope_of(request)
    if scope is None:
        raise Http404
    return selectors.not_concretized(scope, timezone.localdate())
