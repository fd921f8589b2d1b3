"""The audit log: every write, who made it, before and after; hash-chained.

Each entry's hash covers the previous entry's hash and the entry's own content, so
changing or removing any row breaks the chain from that row on; `manage.py audit_verify`
finds the first broken link.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

from django.db import connection, models, transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead
from .records import actor_user

GENESIS = "0" * 64


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def to_json(value: Any) -> Any:
    """A JSON-safe copy that reads back identically (so the hash can be recomputed)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=_plain, ensure_ascii=False))


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of a record, JSON-safe; foreign keys as their ids."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        data[name] = getattr(obj, attname)
    return to_json(data)


def entry_hash(entry: AuditEntry) -> str:
    payload = json.dumps(
        [
            entry.prev_hash,
            entry.at.astimezone(dt.UTC).isoformat(),
            entry.actor_id,
            entry.actor_name,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.object_repr,
            entry.before,
            entry.after,
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Call inside the transaction of the write it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    user = actor_user(actor)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            at=timezone.now(),
            actor=user,
            actor_name=user.get_username() if user else "system",
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            before=to_json(before),
            after=to_json(after),
            prev_hash=head.last_hash,
        )
        entry.hash = entry_hash(entry)
        entry.save()
        head.last_hash = entry.hash
        head.save(update_fields=["last_hash"])
    return entry


@dataclass(frozen=True)
class AuditItem:
    """One entry of a bulk append: what `audit_record` takes, for one object."""

    action: str
    object_type: str
    object_id: str
    object_repr: str = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


AUDIT_COLUMNS = ["at", "actor_id", "actor_name", "action", "object_type", "object_id", "object_repr", "before", "after", "prev_hash", "hash"]  # fmt: skip


def audit_record_many(*, actor: Any, items: Iterable[AuditItem]) -> int:
    """Append one entry per item, chained in list order (bulk imports). Call inside the
    transaction of the write it records; returns the number of entries. On PostgreSQL the
    items are consumed during a COPY: an iterator that queries the database would hang.

    The chain is computed in Python while the head is locked, so no other append slips
    between two entries. Rows go in by COPY (PostgreSQL) or executemany (SQLite), in
    order, so ids follow the chain as `audit_verify` walks it: at 100,000 entries, model
    instances and bulk_create would cost more than the rest of an import."""
    user = actor_user(actor)
    at, actor_id, actor_name = timezone.now(), (user.pk if user else None), (user.get_username() if user else "system")
    at_iso = at.astimezone(dt.UTC).isoformat()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        chain = [head.last_hash]

        def rows() -> Iterator[tuple[Any, ...]]:
            for item in items:
                fields = [chain[-1], at_iso, actor_id, actor_name, item.action, item.object_type, item.object_id, item.object_repr[:255]]
                before, after = _json_text(item.before), _json_text(item.after)
                chain.append(_bulk_hash(fields, item, before, after))
                yield (at, actor_id, actor_name, *fields[4:], before, after, fields[0], chain[-1])

        _insert_entries(rows())  # streamed: the database stores entries while the next ones are hashed
        if len(chain) > 1:
            head.last_hash = chain[-1]
            head.save(update_fields=["last_hash"])
    return len(chain) - 1


# entry_hash's way of dumping, as one encoder (built once: a bulk append dumps twice per entry).
_COMPACT = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)


_NESTED = frozenset({dict, list, tuple})


def _flat(value: dict[str, Any] | None) -> bool:
    """String keys and no nested containers (checked with set operations: it runs per entry)."""
    return value is None or (set(map(type, value)) <= {str} and _NESTED.isdisjoint(map(type, value.values())))


def _json_text(value: dict[str, Any] | None) -> str | None:
    return None if value is None else _COMPACT.encode(value)


def _bulk_hash(fields: list[Any], item: AuditItem, before: str | None, after: str | None) -> str:
    """`entry_hash` of the entry as it will be stored. For flat dicts with string keys (a
    record's fields), the payload is put together from the values' JSON texts, which are
    exactly what dumping their decoded copies gives: no decoding and dumping again per
    entry. Anything else goes through `to_json` and `entry_hash` themselves."""
    if not (_flat(item.before) and _flat(item.after)):
        entry = SimpleNamespace(
            prev_hash=fields[0], at=dt.datetime.fromisoformat(fields[1]), actor_id=fields[2], actor_name=fields[3], action=fields[4],
            object_type=fields[5], object_id=fields[6], object_repr=fields[7], before=to_json(item.before), after=to_json(item.after),
        )  # fmt: skip
        return entry_hash(cast(AuditEntry, entry))
    # entry_hash's payload: the same list, dumped the same way (audit_verify checks it).
    payload = f"{_COMPACT.encode(fields)[:-1]},{before or 'null'},{after or 'null'}]"
    return hashlib.sha256(payload.encode()).hexdigest()


def _insert_entries(rows: Iterable[tuple[Any, ...]]) -> None:
    qn = connection.ops.quote_name
    table = qn(AuditEntry._meta.db_table)
    columns = ", ".join(qn(c) for c in AUDIT_COLUMNS)
    # COPY goes past Django's cursor wrapper for speed; errors are wrapped as execute does.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(AUDIT_COLUMNS))
        converted: dict[Any, Any] = {}  # every row has the same time: converted once
        stored = [(converted.get(r[0]) or converted.setdefault(r[0], connection.ops.adapt_datetimefield_value(r[0])), *r[1:]) for r in rows]
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", stored)  # noqa: S608


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    broken_at: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_verify(batch_size: int = 5000) -> ChainCheck:
    """Walk the chain in order; report the first entry whose link or content does not hold."""
    expected_prev = GENESIS
    count = 0
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for entry in batch:
            count += 1
            if entry.prev_hash != expected_prev:
                return ChainCheck(count, entry.pk, "previous hash does not match: an entry before it was removed or changed")
            if entry_hash(entry) != entry.hash:
                return ChainCheck(count, entry.pk, "content does not match its hash: the entry was changed")
            expected_prev = entry.hash
            last_id = entry.pk
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and count and head.last_hash != expected_prev:
        return ChainCheck(count, last_id, "the entries after this one were removed")
    return ChainCheck(count, None)
