"""The personal fields of a record (`models.PersonalRecord`): a member's and an admission
candidate's alike. Forms, the API and imports hand them over as `PersonalData`; the
services apply them with `apply_personal`; the audit log sees them through `audit_view`,
which notes personal identifiers as present without copying them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import MISSING, asdict, dataclass, fields
from typing import Any, cast, get_type_hints

from partybuilding.core.text import search_key, vietnamese_sort_key

from .models import PersonalRecord

SENSITIVE = frozenset({"citizen_id", "phone"})  # never in an audit entry, a log or a URL


@dataclass(frozen=True)
class PersonalData:
    """The record's personal fields, as a form, the API or an import row gives them."""

    family_name: str
    given_name: str
    gender: str
    date_of_birth: dt.date
    middle_name: str = ""
    ethnicity: str = "01"
    religion: str = "none"
    home_town: str = ""
    citizen_id: str | None = None
    phone: str = ""
    education: str = "upper_secondary"
    qualification: str = "none"
    theory: str = "none"
    occupation: str = "other"
    workplace: str = ""
    positions: str = ""
    youth_union: bool = False

    @classmethod
    def of(cls, record: PersonalRecord) -> PersonalData:
        """The personal fields of a record (a candidate's, copied into the member record)."""
        return cls(**{name: getattr(record, name) for name in FIELDS})


FIELDS = list(PersonalData.__dataclass_fields__)


def field_types() -> dict[str, tuple[Any, Any]]:
    """Each field's type and default (`...` when it has none), for an API schema."""
    types = get_type_hints(PersonalData)
    return {f.name: (types[f.name], ... if f.default is MISSING else f.default) for f in fields(PersonalData)}


def apply_personal(record: PersonalRecord, data: PersonalData) -> None:
    """Set the fields, trimmed, and the name's derived keys (search, Vietnamese order)."""
    for name, value in asdict(data).items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    # An absent citizen ID is NULL where the column is unique (members), "" elsewhere.
    unique_ids: bool = cast(Any, record)._meta.get_field("citizen_id").null
    record.citizen_id = record.citizen_id or (None if unique_ids else "")  # type: ignore[attr-defined]
    record.full_name = " ".join(p for p in (record.family_name, record.middle_name, record.given_name) if p)
    record.name_search = search_key(record.full_name)
    if hasattr(record, "given_search"):
        record.given_search = search_key(record.given_name)
    record.sort_key = vietnamese_sort_key(record.given_name, record.family_name, record.middle_name)


def audit_view(record: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The audited state of `fields`: personal identifiers are noted as present, never copied.
    Foreign keys by their ids; plain objects (the import's rows) are read alike."""
    data: dict[str, Any] = {}
    for name in fields:
        value = getattr(record, f"{name}_id") if name in RELATIONS else getattr(record, name)
        data[name] = ("set" if value else "") if name in SENSITIVE else value
    return data


RELATIONS = frozenset({"organization", "member"})


IDENTIFIERS = ("citizen_id", "card_number")  # shown masked unless asked for, and the asking audited
MASK = "•"


def masked(value: str | None) -> str:
    """A citizen ID or a Party card number with its middle hidden: 001080012345 → 0010•••••345.

    A 12-digit citizen ID keeps its first 4 digits (the province of birth, then the gender
    and century: what the record says anyway) and its last 3 (from the serial: enough for
    the person, or an officer holding the card, to tell which record it is). A shorter
    number (a 9-digit identity card, an 8-digit Party card) shows at most half of its
    digits. The mask keeps the number off screens and shared lists; it is no secret (the
    year of birth, hidden here, is on the record), so a masked list is still personal data."""
    if not value:
        return ""
    if len(value) >= 12:
        head, tail = 4, 3
    else:
        shown = len(value) // 2
        head, tail = shown // 2, shown - shown // 2
    return value[:head] + MASK * (len(value) - head - tail) + value[len(value) - tail :]
