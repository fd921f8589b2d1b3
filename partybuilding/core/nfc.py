"""Text comes into the system in one Unicode form, NFC, whatever keyboard typed it.

Every form field, query parameter and JSON body passes through `NfcMiddleware`, so no form,
view or API operation has to remember it; imports normalize in `core.sheets`."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from typing import Any

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError

from .text import nfc, nfc_deep

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def nfc_query(query: Any) -> Any:
    """The same parameters with every name and value in NFC (the same object when they are)."""
    if all(
        unicodedata.is_normalized("NFC", key) and all(unicodedata.is_normalized("NFC", v) for v in values) for key, values in query.lists()
    ):
        return query
    normalized = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        normalized.setlist(nfc(key), [nfc(v) for v in values])
    normalized._mutable = False
    return normalized


def nfc_json_body(body: bytes) -> bytes:
    """A JSON body whose strings are in NFC: the raw text, and strings written with \\u
    escapes (as Python's json module sends them) when one of them is decomposed."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return body  # the API answers that it is no JSON
    text = nfc(text)
    if "\\u" in text:
        try:
            data = json.loads(text)
        except ValueError:
            return text.encode()
        normalized = nfc_deep(data)
        if normalized != data:
            return json.dumps(normalized, ensure_ascii=False).encode()
    return text.encode()


class NfcMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = nfc_query(request.GET)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            try:
                if request.content_type in _FORM_TYPES:
                    request.POST = nfc_query(request.POST)
                elif request.content_type == "application/json":
                    request._body = nfc_json_body(request.body)
            except (BadRequest, SuspiciousOperation, MultiPartParserError):
                pass  # a body too large or malformed: the view answers it as it would have
        return self.get_response(request)
