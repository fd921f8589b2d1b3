"""The documents' full-text search, Vietnamese accents optional both ways.

On PostgreSQL: the words of the number, subject, summary, text and PDFs under the
`pb_unaccent` configuration, stored in the generated column `search_vector` with its GIN
index (migration 0003), matched with `websearch_to_tsquery` ("quoted phrases", -excluded
words, or); ranked on request (a common word matches a good part of a country's documents:
ranking them all is the slow part, so the list shows the newest first). On SQLite: every
word of the query, without its diacritics, is in `search_folded`."""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from partybuilding.core.text import search_key

from .models import Document

CONFIG = "pb_unaccent"
# named with its table, so that a join never makes the name ambiguous
VECTOR = '"directives_document"."search_vector"'
QUERY = f"websearch_to_tsquery('{CONFIG}'::regconfig, %s)"
MAX_WORDS = 12


def full_text() -> bool:
    return connection.vendor == "postgresql"


def search_documents(rows: QuerySet[Document], query: str, *, ranked: bool = False) -> QuerySet[Document]:
    """The documents of `rows` that hold every word of `query`; the best matches first when `ranked`."""
    query = " ".join((query or "").split()[:MAX_WORDS])
    if not query:
        return rows
    if full_text():
        matches = RawSQL(f"{VECTOR} @@ {QUERY}", [query], output_field=BooleanField())  # noqa: S611 (constants and a parameter)
        rows = rows.filter(matches)
        if ranked:
            rank = RawSQL(f"ts_rank({VECTOR}, {QUERY})", [query], output_field=FloatField())  # noqa: S611
            rows = rows.annotate(search_rank=rank).order_by("-search_rank", "-date", "-pk")
        return rows
    for word in search_key(query).split():
        word = word.strip('"').lstrip("-")
        if word:
            rows = rows.filter(search_folded__contains=word)
    return rows
