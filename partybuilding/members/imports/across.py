"""The checks across an import's rows: duplicates in the file, organizations within the
importer's scope, identifiers already on record."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from partybuilding.core.errors import Refusal
from partybuilding.organizations.models import Organization

from ..models import Member
from ..records import services
from .columns import Candidate, Issue, from_refusal

IN_CHUNK = 500  # values per `IN (…)`: well under SQLite's and PostgreSQL's limits


def _duplicates_in_file(candidates: Sequence[Candidate]) -> list[Issue]:
    issues: list[Issue] = []
    cards: dict[str, int] = {}
    citizens: dict[str, int] = {}
    for c in candidates:
        if c.card_number:
            first = cards.setdefault(c.card_number, c.line)
            if first != c.line:
                message = _("The card number %(card)s is also on line %(line)d.") % {"card": c.card_number, "line": first}
                issues.append(Issue(c.line, "card_number", message, _("card numbers are unique")))
        if c.data.citizen_id:
            first = citizens.setdefault(c.data.citizen_id, c.line)
            if first != c.line:
                message = _("The same citizen ID is also on line %(line)d.") % {"line": first}
                issues.append(Issue(c.line, "citizen_id", message, _("citizen IDs are unique")))
    return issues


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), IN_CHUNK):
        yield values[i : i + IN_CHUNK]


def _organizations(candidates: Sequence[Candidate], within: QuerySet[Organization]) -> list[Issue]:
    """Resolve each row's organization within the importer's scope. An organization outside
    it is reported exactly as a missing one: the report tells nothing about other scopes."""
    spellings = sorted({s for c in candidates for s in (c.org_code, c.org_code.upper(), c.org_code.lower())})
    found: dict[str, Organization] = {}
    for chunk in _chunks(spellings):
        found.update({o.code.casefold(): o for o in within.filter(code__in=chunk)})
    homes: dict[int, Refusal | None] = {}
    issues: list[Issue] = []
    for c in candidates:
        org = found.get(c.org_code.casefold())
        if org is None:
            message = _("No organization with code %(code)s is within your scope.") % {"code": c.org_code[:40]}
            issues.append(Issue(c.line, "organization", message, _("scope: the organizations you manage")))
            continue
        if org.pk not in homes:
            try:
                services.check_home(org)
                homes[org.pk] = None
            except Refusal as refusal:
                homes[org.pk] = refusal
        refused = homes[org.pk]
        if refused is not None:
            issues.append(from_refusal(c.line, refused, "organization"))
        c.organization = org
    return issues


def _on_record(column: str, values: list[str]) -> set[str]:
    """Which of `values` a member record already has in `column`."""
    if connection.vendor == "postgresql":
        # One array parameter: an IN list of 100,000 values costs seconds to bind.
        table, name = connection.ops.quote_name(Member._meta.db_table), connection.ops.quote_name(column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {name} FROM {table} WHERE {name} = ANY(%s)", [values])  # noqa: S608 (quoted names)
            return {row[0] for row in cursor.fetchall()}
    found: set[str] = set()
    for chunk in _chunks(values):
        found.update(Member.objects.filter(**{f"{column}__in": chunk}).values_list(column, flat=True))
    return found


def _already_recorded(candidates: Sequence[Candidate]) -> list[Issue]:
    """Identifiers already on another record: found in bulk, then reported by the service's
    own check (its message and rule) for the few rows concerned."""
    cards = sorted({c.card_number for c in candidates if c.card_number})
    citizens = sorted({c.data.citizen_id for c in candidates if c.data.citizen_id})
    taken_cards, taken_citizens = _on_record("card_number", cards), _on_record("citizen_id", citizens)
    issues: list[Issue] = []
    for c in candidates:
        if c.data.citizen_id in taken_citizens:
            try:
                services.check_unique(c.data, None)
            except Refusal as refusal:
                issues.append(from_refusal(c.line, refusal))
        if c.card_number in taken_cards:
            try:
                services.check_unique(replace(c.data, citizen_id=None), c.card_number)
            except Refusal as refusal:
                issues.append(from_refusal(c.line, refusal))
    return issues


def check_candidates(candidates: Sequence[Candidate], *, within: QuerySet[Organization]) -> list[Issue]:
    """The checks across rows; sets each candidate's organization."""
    return _duplicates_in_file(candidates) + _organizations(candidates, within) + _already_recorded(candidates)
