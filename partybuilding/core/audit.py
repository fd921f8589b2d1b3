"""The audit log: every write (and every read of personal data), who made it, before and
after; chained by keyed hashes.

Each entry's hash is an HMAC-SHA256, under a key kept outside the database
(`settings.AUDIT_KEY`, `chain_key`), of the previous entry's hash and the entry's own
content. Changing, removing or inserting a row breaks the chain from that row on, and
someone who can write to the database but does not hold the key cannot compute a chain
that verifies again. `manage.py audit_verify` finds the first bad entry and says which
fault it is (`audit_verify`).
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

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


# The entry a re-keying appends after an old chain it could not verify (migration 0006):
# the entries before it keep their unkeyed hashes, and this keyed entry seals them.
KEYED_START = "audit.keyed"


def chain_key() -> bytes:
    """The key of the chain: `settings.AUDIT_KEY` (production sets its own, outside the
    database and its backups); unset, a key derived from SECRET_KEY for one machine."""
    return _key(getattr(settings, "AUDIT_KEY", ""), settings.SECRET_KEY)


@functools.lru_cache(maxsize=8)
def _key(configured: str, secret: str) -> bytes:
    if configured:
        return configured.encode()
    return salted_hmac("partybuilding.core.audit", "the audit chain's key", secret=secret, algorithm="sha256").digest()


class _Mac:
    """HMAC-SHA256 (RFC 2104) under one key, its inner and outer states computed once: each
    entry copies them, in C, which costs half of what `hmac.HMAC.copy` does per entry (a
    bulk append hashes 100,000 entries). `tests/test_audit.py` holds it to `hmac.new`."""

    def __init__(self, key: bytes) -> None:
        block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
        self.inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self.outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def hexdigest(self, payload: bytes) -> str:
        inner = self.inner.copy()
        inner.update(payload)
        outer = self.outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


@functools.lru_cache(maxsize=8)
def _mac(key: bytes) -> _Mac:
    return _Mac(key)


def key_check(key: bytes | None = None) -> str:
    """A short fingerprint of the key, kept with the chain's head: it tells a wrong key from
    a changed log, and gives nothing towards the key itself."""
    return _check(key or chain_key())


@functools.lru_cache(maxsize=8)
def _check(key: bytes) -> str:
    return hmac.new(key, b"partybuilding audit key check", hashlib.sha256).hexdigest()[:16]


def keyed_digest(payload: bytes, key: bytes | None = None) -> str:
    """The HMAC-SHA256 of `payload` under the chain's key (or `key`), in hex."""
    return _mac(key or chain_key()).hexdigest(payload)


def _payload(entry: Any) -> bytes:
    return json.dumps(
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
    ).encode()


def entry_hash(entry: AuditEntry, key: bytes | None = None) -> str:
    """The entry's link: the HMAC of the previous hash and its content under the chain's key."""
    return keyed_digest(_payload(entry), key)


def unkeyed_hash(entry: AuditEntry) -> str:
    """The plain SHA-256 of the same payload: how the chain was hashed before it had a key,
    and what someone rewriting the log without the key would compute."""
    return hashlib.sha256(_payload(entry)).hexdigest()


def _head_for_append() -> AuditHead:
    """The chain's head, locked until the transaction ends (appends are serialized). A
    key other than the one the chain was written with is refused: entries written under it
    would not verify, and nothing would tell until the next check."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    check = key_check()
    if not head.key_check:
        head.key_check = check
        head.save(update_fields=["key_check"])
    elif head.key_check != check:
        raise ImproperlyConfigured(
            "The audit key (AUDIT_KEY) is not the one the audit log was written with: "
            "nothing is written until it is set back (docs/deploy.md)."
        )
    return head


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
        head = _head_for_append()
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


def audit_export(*, actor: Any, what: str, rows: int, within: models.Model | None = None, **details: Any) -> AuditEntry:
    """An export of personal data (a list to Excel, a record as a file): who took a copy,
    of which list (`what`), of which organization, how many rows, and `details` (full
    identifiers asked for, the format…). The entry is `<what>.export`."""
    object_type, object_id = ("", "") if within is not None else ("export", what)
    return audit_record(
        actor=actor, action=f"{what}.export", obj=within, object_type=object_type, object_id=object_id, after={"rows": rows, **details}
    )


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
        head = _head_for_append()
        chain, mac = [head.last_hash], _mac(chain_key())

        def rows() -> Iterator[tuple[Any, ...]]:
            for item in items:
                fields = [chain[-1], at_iso, actor_id, actor_name, item.action, item.object_type, item.object_id, item.object_repr[:255]]
                before, after = _json_text(item.before), _json_text(item.after)
                chain.append(_bulk_hash(fields, item, before, after, mac))
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


def _bulk_hash(fields: list[Any], item: AuditItem, before: str | None, after: str | None, mac: _Mac | None = None) -> str:
    """`entry_hash` of the entry as it will be stored (`mac`: the keyed HMAC to copy). For
    flat dicts with string keys (a record's fields), the payload is put together from the
    values' JSON texts, which are exactly what dumping their decoded copies gives: no
    decoding and dumping again per entry. Anything else goes through `to_json` and
    `entry_hash` themselves."""
    if not (_flat(item.before) and _flat(item.after)):
        entry = SimpleNamespace(
            prev_hash=fields[0], at=dt.datetime.fromisoformat(fields[1]), actor_id=fields[2], actor_name=fields[3], action=fields[4],
            object_type=fields[5], object_id=fields[6], object_repr=fields[7], before=to_json(item.before), after=to_json(item.after),
        )  # fmt: skip
        return entry_hash(cast(AuditEntry, entry))
    # entry_hash's payload: the same list, dumped the same way (audit_verify checks it).
    payload = f"{_COMPACT.encode(fields)[:-1]},{before or 'null'},{after or 'null'}]"
    return (mac or _mac(chain_key())).hexdigest(payload.encode())


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


class Fault(enum.StrEnum):
    """What is wrong with the first bad entry of the chain."""

    LINK = "link"  # its previous hash is not the hash of the entry before it
    CHANGED = "changed"  # its content does not give its hash
    REWRITTEN = "rewritten"  # its hash is the unkeyed SHA-256 of its content
    CUT = "cut"  # the head names a later entry than the last one found
    WRONG_KEY = "wrong_key"  # the key is not the one the chain was written with


FAULT_TEXT = {
    Fault.LINK: "its link to the entry before it is broken: an entry was removed before it, or it was inserted",
    Fault.CHANGED: "its content does not match its keyed hash: the entry was changed",
    Fault.REWRITTEN: (
        "its hash is the unkeyed SHA-256 of its content: the chain was recomputed from here on by someone "
        "without the key, to hide a change, removal or insertion"
    ),
    Fault.CUT: "the chain's head names a later entry: the entries after this one were removed",
    Fault.WRONG_KEY: "the key is not the one the chain was written with (AUDIT_KEY): nothing can be verified with it",
}


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of `audit_verify`: the entries walked, and the first fault if any."""

    entries: int
    broken_at: int | None
    fault: Fault | None = None
    unkeyed_until: int | None = None  # entries up to this id predate the key (left so by migration 0006)

    @property
    def ok(self) -> bool:
        return self.fault is None

    @property
    def reason(self) -> str:
        if self.fault is None:
            return ""
        text = FAULT_TEXT[self.fault]
        if self.broken_at is not None and self.unkeyed_until is not None and self.broken_at <= self.unkeyed_until:
            text += " (an entry from before the chain had a key: the re-keying found it so and left it)"
        return text


def keyed_start(key: bytes) -> AuditEntry | None:
    """The entry sealing an old chain that the re-keying could not verify (migration 0006),
    if there is one: only an entry made with the key counts, so none can be forged."""
    for entry in AuditEntry.objects.filter(action=KEYED_START).order_by("id")[:5]:
        if entry_hash(entry, key) == entry.hash:
            return entry
    return None


def audit_verify(batch_size: int = 5000, key: bytes | None = None) -> ChainCheck:
    """Walk the chain in order; report the first entry whose link or content does not hold,
    and which fault it is (`Fault`). Entries before a `KEYED_START` seal are checked as they
    were written, with unkeyed hashes; every other entry with the key."""
    key = key or chain_key()
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.key_check and head.key_check != key_check(key):
        return ChainCheck(0, None, Fault.WRONG_KEY)
    seal = keyed_start(key)
    unkeyed_until = seal.pk - 1 if seal is not None else None
    expected_prev, count, last_id = GENESIS, 0, 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for entry in batch:
            count += 1
            if entry.prev_hash != expected_prev:
                return ChainCheck(count, entry.pk, Fault.LINK, unkeyed_until)
            if unkeyed_until is not None and entry.pk <= unkeyed_until:
                fault = None if unkeyed_hash(entry) == entry.hash else Fault.CHANGED
            elif entry_hash(entry, key) != entry.hash:
                fault = Fault.REWRITTEN if unkeyed_hash(entry) == entry.hash else Fault.CHANGED
            else:
                fault = None
            if fault is not None:
                return ChainCheck(count, entry.pk, fault, unkeyed_until)
            expected_prev, last_id = entry.hash, entry.pk
    if head is not None and count and head.last_hash != expected_prev:
        return ChainCheck(count, last_id, Fault.CUT, unkeyed_until)
    return ChainCheck(count, None, None, unkeyed_until)
