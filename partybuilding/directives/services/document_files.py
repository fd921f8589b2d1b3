"""The PDF files of a document: checked by their first bytes, kept whole, their text
extracted for the search (a file that cannot be read is kept without text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.files import MAX_FILE_BYTES
from partybuilding.core.models import lock_version
from partybuilding.core.records import actor_user
from partybuilding.core.text import nfc

from ..choices import DocumentStatus
from ..models import Document, DocumentFile
from ..text_extraction import pdf_text
from .documents import records_rule, refresh_search

PDF_SIGNATURE = b"%PDF-"


@dataclass(frozen=True)
class Uploaded:
    file: DocumentFile
    readable: bool  # False: kept, but no text could be read from it (a scan, a damaged file)


def _file_name(name: str) -> str:
    base = nfc((name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()) or "document.pdf"
    return base if base.lower().endswith(".pdf") else f"{base}.pdf"


def file_add(*, actor: Any, document: Document, name: str, content: bytes) -> Uploaded:
    """A PDF of the document; its text joins the document's searched words."""
    if not content:
        raise Refusal(_("The file is empty."), rule=records_rule(), field="file")
    if len(content) > MAX_FILE_BYTES:
        raise Refusal(_("A file is at most 10 MB."), rule=records_rule(), field="file")
    if not content.startswith(PDF_SIGNATURE):
        raise Refusal(_("The files of a document are PDF files."), rule=records_rule(), field="file")
    text = pdf_text(content)  # before the transaction: reading a long PDF takes a while
    name = _file_name(name)
    with transaction.atomic():
        lock_version(document, None)
        if document.status == DocumentStatus.WITHDRAWN:
            raise Refusal(_("A withdrawn document is not changed."), rule=records_rule())
        row = DocumentFile(document=document, name=name[:255], size=len(content), text=text or "", uploaded_by=actor_user(actor))
        row.file.save(f"document-{document.pk}.pdf", ContentFile(content), save=False)
        row.save()
        document.files_text = "\n".join(t for t in document.files.order_by("pk").values_list("text", flat=True) if t)
        refresh_search(document)
        document.save(update_fields=["files_text", "search_folded", "updated_at"])
        audit_record(
            actor=actor,
            action="document.file_add",
            obj=document,
            after={"file": row.pk, "name": row.name, "size": row.size, "text": len(row.text)},
        )
    return Uploaded(row, text is not None)


def file_content(row: DocumentFile) -> bytes | None:
    """The bytes kept, or None when the storage lost them."""
    try:
        with row.file.open("rb") as handle:
            return handle.read()
    except OSError:
        return None
