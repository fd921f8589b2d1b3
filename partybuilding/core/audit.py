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
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

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
    user = actor if getattr(actor, "is_authenticated", False) else None
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
