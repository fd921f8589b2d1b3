"""The audit chain gets its key: each entry's hash becomes an HMAC-SHA256 under
settings.AUDIT_KEY (core/audit.py), so that a rewrite by someone without the key shows.
Set AUDIT_KEY before running it in production (docs/deploy.md): the chain is keyed with the
key in force now, and the head keeps its fingerprint.

The old chain (plain SHA-256) is checked first, by its own rule:

- it verifies: every entry is hashed again with the key, in order. Nothing else changes,
  and `audit_verify` then holds the whole log to the key.
- it does not verify: it is evidence, and is left exactly as it is. Hashing a broken chain
  again with the key would launder it: the fault would vanish and the log would verify.
  The migration says which entry is bad, and appends one keyed entry (`audit.keyed`)
  whose link seals the old entries as they stand: `audit_verify` checks those with the old
  rule and keeps reporting the old fault until someone has looked into it, and nobody
  without the key can change them further unseen.
"""

from __future__ import annotations

import sys
from typing import Any

from django.db import migrations, models
from django.utils import timezone

BATCH = 5000
TABLE = "core_auditentry"
TRIGGER = "core_auditentry_append_only"  # migration 0003, on PostgreSQL


def entries(AuditEntry: Any) -> Any:
    """The chain in order, read in batches."""
    last_id = 0
    while batch := list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:BATCH]):
        yield from batch
        last_id = batch[-1].pk


def first_fault(AuditEntry: Any, AuditHead: Any, digest: Any) -> tuple[int | None, str]:
    """The first entry of the chain that `digest` does not verify, and why (None: it holds)."""
    from partybuilding.core.audit import GENESIS

    expected, last = GENESIS, None
    for entry in entries(AuditEntry):
        if entry.prev_hash != expected:
            return entry.pk, "its link to the entry before it is broken"
        if digest(entry) != entry.hash:
            return entry.pk, "its content does not match its hash"
        expected, last = entry.hash, entry.pk
    head = AuditHead.objects.filter(pk=1).first()
    if last is not None and head is not None and head.last_hash != expected:
        return last, "the chain's head names a later entry"
    return None, ""


def rehash(AuditEntry: Any, AuditHead: Any, schema_editor: Any, digest: Any) -> None:
    """Every entry hashed again with `digest`, each linked to the new hash of the one before."""
    from partybuilding.core.audit import GENESIS

    connection = schema_editor.connection
    postgres = connection.vendor == "postgresql"
    prev, rows = GENESIS, []
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses while deferred checks are pending
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
        for entry in entries(AuditEntry):
            entry.prev_hash = prev
            prev = entry.hash = digest(entry)
            rows.append((entry.prev_hash, entry.hash, entry.pk))
            if len(rows) == BATCH:
                cursor.executemany(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s", rows)  # noqa: S608
                rows = []
        if rows:
            cursor.executemany(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s", rows)  # noqa: S608
        if postgres:
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")
    AuditHead.objects.update_or_create(pk=1, defaults={"last_hash": prev})


def seal(AuditEntry: Any, AuditHead: Any, broken_at: int, why: str) -> None:
    """One keyed entry after the old chain, linked to its last entry as it stands."""
    from partybuilding.core.audit import KEYED_START, entry_hash

    head, _ = AuditHead.objects.get_or_create(pk=1)
    last = AuditEntry.objects.order_by("-id").first()
    entry = AuditEntry(
        at=timezone.now(),
        actor=None,
        actor_name="system",
        action=KEYED_START,
        object_type="core.auditentry",
        object_id=str(last.pk),
        object_repr="",
        before=None,
        after={"unkeyed_until": last.pk, "broken_at": broken_at, "fault": why},
        prev_hash=last.hash,
    )
    entry.hash = entry_hash(entry)
    entry.save()
    head.last_hash = entry.hash
    head.save(update_fields=["last_hash"])


def forwards(apps: Any, schema_editor: Any) -> None:
    from partybuilding.core.audit import entry_hash, key_check, unkeyed_hash

    AuditEntry, AuditHead = apps.get_model("core", "AuditEntry"), apps.get_model("core", "AuditHead")
    if not AuditEntry.objects.exists():
        return  # a new installation: the first entry sets the key's fingerprint
    broken_at, why = first_fault(AuditEntry, AuditHead, unkeyed_hash)
    if broken_at is None:
        rehash(AuditEntry, AuditHead, schema_editor, entry_hash)
    else:
        sys.stdout.write(
            f"\n  The audit chain does not verify: entry #{broken_at}: {why}. It is left as it is (evidence),"
            f" sealed by a keyed entry; `manage.py audit_verify` will keep reporting it.\n"
        )
        seal(AuditEntry, AuditHead, broken_at, why)
    AuditHead.objects.filter(pk=1).update(key_check=key_check())


def backwards(apps: Any, schema_editor: Any) -> None:
    """Back to plain SHA-256, when the keyed chain verifies (otherwise it is left as it is)."""
    from partybuilding.core.audit import entry_hash, unkeyed_hash

    AuditEntry, AuditHead = apps.get_model("core", "AuditEntry"), apps.get_model("core", "AuditHead")
    if AuditEntry.objects.exists() and first_fault(AuditEntry, AuditHead, entry_hash)[0] is None:
        rehash(AuditEntry, AuditHead, schema_editor, unkeyed_hash)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_add_job")]
    operations = [
        migrations.AddField(model_name="audithead", name="key_check", field=models.CharField(blank=True, default="", max_length=16)),
        migrations.RunPython(forwards, backwards),
    ]
