"""HTML templates to PDF with WeasyPrint.

The print stylesheet is inline in the templates (core/pdf.html) and the URL
fetcher refuses everything but data: URLs: a PDF never reaches out to the network or the
file system, whatever text a record holds.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    from weasyprint.urls import default_url_fetcher

    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"PDF rendering fetches no external resource: {url[:80]}")


def render_pdf(html: str) -> bytes:
    # WeasyPrint takes seconds to import: loaded on the first PDF, not with every page.
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    """The template rendered to a PDF shown in the browser (it can still be saved)."""
    response = HttpResponse(render_pdf(render_to_string(template, context, request)), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename) or "inline"
    # Personal data: neither the browser nor a proxy keeps a copy.
    patch_cache_control(response, private=True, no_store=True)
    return response
