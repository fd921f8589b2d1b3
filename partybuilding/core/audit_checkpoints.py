"""Checkpoints of the audit chain, kept outside the database.

The keyed chain shows any change to the log made without the key, but the end of the log
can still be cut off (the head is then set to the last entry left), and someone holding
the key could rewrite it all. A checkpoint is the chain's head at a moment: the number of
entries, the last one's id and hash, signed with the chain's key. Written to a file out of
the database's reach (another machine, write-once storage) by `manage.py audit_checkpoint`,
e.g. nightly, it lets `manage.py audit_verify --checkpoints FILE` prove that every entry it
counted is still there, unchanged.

One checkpoint a line, JSON: {"at", "entries", "last_id", "last_hash", "mac"}.
"""

from __future__ import annotations

import hmac
import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from .audit import keyed_digest
from .models import AuditEntry

SIGNED = ("at", "entries", "last_id", "last_hash")


def _signature(body: dict[str, Any], key: bytes | None = None) -> str:
    text = json.dumps({name: body[name] for name in SIGNED}, sort_keys=True, separators=(",", ":"))
    return keyed_digest(b"audit checkpoint:" + text.encode(), key)


def checkpoint() -> dict[str, Any] | None:
    """The chain's head now, signed (None while the log is empty)."""
    last = AuditEntry.objects.order_by("-id").first()
    if last is None:
        return None
    body: dict[str, Any] = {
        "at": timezone.now().isoformat(timespec="seconds"),
        "entries": AuditEntry.objects.filter(id__lte=last.pk).count(),
        "last_id": last.pk,
        "last_hash": last.hash,
    }
    return {**body, "mac": _signature(body)}


def append_checkpoint(path: str | Path) -> dict[str, Any] | None:
    found = checkpoint()
    if found is not None:
        with Path(path).open("a", encoding="utf-8") as out:
            out.write(json.dumps(found, sort_keys=True) + "\n")
    return found


def verify_checkpoints(path: str | Path, key: bytes | None = None) -> str:
    """The first checkpoint of the file the log no longer matches, said in words ("" when
    every one holds)."""
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            point = json.loads(line)
            signed = hmac.compare_digest(str(point["mac"]), _signature(point, key))
        except (ValueError, KeyError, TypeError):
            return f"line {number} is not a checkpoint"
        if not signed:
            return f"line {number}: its signature does not match (a forged checkpoint, or another key)"
        found = AuditEntry.objects.filter(pk=point["last_id"]).values_list("hash", flat=True).first()
        if found is None:
            return f"line {number} ({point['at']}): entry #{point['last_id']} is gone: the end of the log was cut off"
        if found != point["last_hash"]:
            return f"line {number} ({point['at']}): entry #{point['last_id']} has another hash: the log was rewritten up to it"
        count = AuditEntry.objects.filter(id__lte=point["last_id"]).count()
        if count != point["entries"]:
            return f"line {number} ({point['at']}): {point['entries']} entries up to #{point['last_id']}, now {count}: entries were removed or inserted"
    return ""
