"""The text of a PDF, for the documents' search. A scanned page has no text, and a damaged or
encrypted file cannot be read: the file is kept all the same, with no text (None)."""

from __future__ import annotations

import io
import logging

from partybuilding.core.text import nfc

log = logging.getLogger(__name__)

MAX_PAGES = 500  # past this a file is a book, not a document: its first pages are searched
MAX_TEXT = 2_000_000  # characters kept per file


def pdf_text(content: bytes) -> str | None:
    """The text of every page, in NFC; None when the file cannot be read."""
    from pypdf import PdfReader  # imported on the first upload, not with every page

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            reader.decrypt("")
        parts = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
    except Exception as exc:
        log.info("PDF text not extracted: %s", type(exc).__name__)
        return None
    text = nfc("\n".join(part.strip() for part in parts if part.strip()))
    return text[:MAX_TEXT]
