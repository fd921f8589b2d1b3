"""The numbers of documents: per issuer, kind and year, consecutive from 1, without a gap or a
duplicate even when two officers issue at the same moment.

The sequence's row is created if missing (a second creator racing the first waits on the
unique index, then does nothing), then locked: whoever locks second waits for the first
transaction to end and reads the number it took. Call inside the transaction that saves the
document, so that a refused registration gives its number back."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from ..models import Issuer, NumberSequence


def next_number(issuer: Issuer, kind: str, year: int) -> int:
    """The next number of `issuer`'s documents of `kind` in `year`, taken for the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() runs inside the transaction that saves the document")
    NumberSequence.objects.bulk_create([NumberSequence(issuer=issuer, kind=kind, year=year)], ignore_conflicts=True)
    sequence = NumberSequence.objects.select_for_update().get(issuer=issuer, kind=kind, year=year)
    NumberSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    return sequence.last + 1


def printed_number(sequence: int, kind: str, symbol: str) -> str:
    """How a number is printed on the document: 15-NQ/TU."""
    return f"{sequence}-{kind}/{symbol}"
