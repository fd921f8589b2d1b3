"""Files users uploaded, served back safely.

An uploaded file is always an attachment (RFC 6266 `filename*`, which every browser reads,
whatever the name's script), and only types that no browser runs keep their content type:
an HTML or SVG file under `text/html` or `image/svg+xml` would run its script in the
viewer's session if a browser ever showed it inline.
"""

from __future__ import annotations

from typing import TypeVar

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

_Response = TypeVar("_Response", bound=HttpResponseBase)

MAX_FILE_BYTES = 10 * 1024 * 1024  # a file kept by the application: a technical limit, not a rule

# Types a browser shows without running anything; everything else is served as bytes.
INERT_TYPES = frozenset(
    {
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "text/plain",
        "text/csv",
        "application/zip",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
    }
)


def served_type(declared: str) -> str:
    """The content type to serve an upload with: its own if inert, else plain bytes."""
    base = (declared or "").split(";", 1)[0].strip().lower()
    if base in INERT_TYPES:
        # Text is served as UTF-8 text, never with a charset the uploader chose.
        return f"{base}; charset=utf-8" if base.startswith("text/") else base
    return "application/octet-stream"


def as_download(response: _Response, name: str) -> _Response:
    """The response saved as a file named `name` (RFC 6266), kept in no cache: what is
    downloaded here holds personal data."""
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name) or "attachment"
    patch_cache_control(response, private=True, no_store=True)
    return response


def attachment(content: bytes, name: str, declared_type: str) -> HttpResponse:
    """An uploaded file as a download: attachment, inert type, no sniffing, not cached."""
    response = as_download(HttpResponse(content, content_type=served_type(declared_type)), name)
    response["X-Content-Type-Options"] = "nosniff"
    # A file served from our origin must never be a page: no script, no plugin, no frame.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
