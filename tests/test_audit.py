from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import importlib
import json
from collections.abc import Callable
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from partybuilding.core.audit import (
    GENESIS,
    KEYED_START,
    AuditItem,
    Fault,
    audit_record,
    audit_record_many,
    audit_verify,
    chain_key,
    entry_hash,
    key_check,
    keyed_digest,
)
from partybuilding.core.audit_checkpoints import verify_checkpoints
from partybuilding.core.models import AuditEntry, AuditHead
from partybuilding.core.records import Decision
from partybuilding.organizations.services import organization_rename

from .conftest import Personas, Tree, client_for

pytestmark = pytest.mark.django_db


def disable_append_only_trigger(cursor: Any) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses while deferred checks are pending
        cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")


def tamper(entry_id: int, **changes: object) -> None:
    """Change a row behind the application's back, as an intruder with database access would."""
    with connection.cursor() as cursor:
        disable_append_only_trigger(cursor)
        AuditEntry.objects.filter(pk=entry_id).update(**changes)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")


def test_the_chain_of_a_clean_log_verifies(tree: Tree) -> None:
    result = audit_verify()
    assert result.ok and result.entries == AuditEntry.objects.count() > 0
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue()


def test_a_changed_entry_is_reported_as_the_first_broken_link(tree: Tree, people: Personas) -> None:
    organization_rename(
        actor=people.admin, org=tree.X1, name="Tên mới", date=dt.date(2025, 9, 1), decision=Decision("1", dt.date(2025, 9, 1))
    )
    entries = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    victim = entries[len(entries) // 2]
    tamper(victim, after={"name": "forged"})
    result = audit_verify()
    assert result.broken_at == victim
    with pytest.raises(CommandError, match=f"#{victim}"):
        call_command("audit_verify")


def test_a_removed_entry_breaks_the_link_of_the_next_one(tree: Tree) -> None:
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    with connection.cursor() as cursor:
        disable_append_only_trigger(cursor)
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [ids[2]])
    assert audit_verify().broken_at == ids[3]


def test_entries_cannot_be_changed_or_deleted_through_the_application(tree: Tree) -> None:
    entry = AuditEntry.objects.first()
    entry.action = "forged"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL")
def test_postgresql_itself_refuses_to_change_the_log(tree: Tree) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.all().update(action="forged")


def test_it_records_who_did_what_before_and_after(tree: Tree, people: Personas) -> None:
    entry = audit_record(actor=people.admin, action="test.write", obj=tree.X1, before={"a": dt.date(2025, 1, 2)}, after={"a": 2})
    entry.refresh_from_db()
    assert (entry.actor_name, entry.object_type, entry.before, entry.after) == (
        "admin.tinh",
        "organizations.organization",
        {"a": "2025-01-02"},
        {"a": 2},
    )
    assert audit_verify().ok


def test_an_administrator_reads_the_log_of_an_organization(tree: Tree, people: Personas) -> None:
    organization_rename(
        actor=people.admin, org=tree.X1, name="Chi bộ Đổi Tên", date=dt.date(2025, 9, 1), decision=Decision("1", dt.date(2025, 9, 1))
    )
    page = client_for(people.admin).get(f"/audit/organizations.organization/{tree.X1.pk}/").content.decode()
    assert "organization.rename" in page
    assert "Chi bộ Đổi Tên" in page
    assert "admin.tinh" in page


def test_role_changes_are_audited_and_readable(tree: Tree, people: Personas) -> None:
    client = client_for(people.admin)
    client.post("/accounts/roles/", {"username": "xem", "role": "cell_secretary", "organization": tree.P.pk})
    entry = AuditEntry.objects.filter(action="role.assign").last()
    assert entry.after == {"user": "xem", "role": "cell_secretary", "organization": "P"}
    assert client.get(f"/audit/accounts.roleassignment/{entry.object_id}/").status_code == 200


# --- the keyed chain ---------------------------------------------------------------------


def sha256_of(entry: AuditEntry) -> str:
    """What someone without the key computes: the entry's content hashed as the code says, unkeyed."""
    payload = [
        entry.prev_hash, entry.at.astimezone(dt.UTC).isoformat(), entry.actor_id, entry.actor_name, entry.action,
        entry.object_type, entry.object_id, entry.object_repr, entry.before, entry.after,
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def rewrite_without_the_key(first_id: int, digest: Callable[[AuditEntry], str] = sha256_of, **changes: object) -> None:
    """Change an entry, then hash it and every later entry again, and point the head at the
    new end: what an intruder with database access does to hide a change."""
    with connection.cursor() as cursor:
        disable_append_only_trigger(cursor)
        AuditEntry.objects.filter(pk=first_id).update(**changes)
        prev = AuditEntry.objects.filter(id__lt=first_id).order_by("-id").values_list("hash", flat=True).first() or GENESIS
        for entry in AuditEntry.objects.filter(id__gte=first_id).order_by("id"):
            entry.prev_hash = prev
            prev = digest(entry)
            AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=prev)
        AuditHead.objects.filter(pk=1).update(last_hash=prev)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")


def middle_entry() -> int:
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    return ids[len(ids) // 2]


def test_a_rewrite_with_recomputed_unkeyed_hashes_is_detected_and_named(tree: Tree) -> None:
    victim = middle_entry()
    rewrite_without_the_key(victim, object_repr="forged")
    result = audit_verify()
    assert (result.broken_at, result.fault) == (victim, Fault.REWRITTEN)
    with pytest.raises(CommandError, match=rf"entry #{victim} \[rewritten\]: .*recomputed .* without the key"):
        call_command("audit_verify")


def test_a_rewrite_under_a_guessed_key_is_an_entry_changed(tree: Tree) -> None:
    victim = middle_entry()
    rewrite_without_the_key(victim, lambda entry: entry_hash(entry, b"a guess at the key, 32 bytes long"), action="forged")
    assert (audit_verify().broken_at, audit_verify().fault) == (victim, Fault.CHANGED)


def test_an_edited_entry_is_named_as_changed(tree: Tree) -> None:
    victim = middle_entry()
    tamper(victim, actor_name="someone else")
    result = audit_verify()
    assert (result.broken_at, result.fault) == (victim, Fault.CHANGED)
    with pytest.raises(CommandError, match=rf"entry #{victim} \[changed\]: .*the entry was changed"):
        call_command("audit_verify")


def test_a_removed_entry_is_named_as_a_broken_link(tree: Tree) -> None:
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    with connection.cursor() as cursor:
        disable_append_only_trigger(cursor)
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [ids[4]])
    result = audit_verify()
    assert (result.broken_at, result.fault) == (ids[5], Fault.LINK)
    with pytest.raises(CommandError, match=rf"entry #{ids[5]} \[link\]: .*removed"):
        call_command("audit_verify")


def test_a_wrong_key_is_detected_and_nothing_is_written_with_it(tree: Tree, people: Personas) -> None:
    with override_settings(AUDIT_KEY="another key entirely, of 32 characters or more"):
        result = audit_verify()
        assert (result.ok, result.fault) == (False, Fault.WRONG_KEY)
        with pytest.raises(CommandError, match=r"\[wrong_key\]"):
            call_command("audit_verify")
        with pytest.raises(ImproperlyConfigured, match="AUDIT_KEY"):
            audit_record(actor=people.admin, action="test.write", obj=tree.X1)
    assert audit_verify().ok


def test_the_key_comes_from_the_settings_and_changes_every_hash(tree: Tree) -> None:
    entry = AuditEntry.objects.order_by("id").first()
    assert entry.hash == entry_hash(entry) != sha256_of(entry)
    with override_settings(AUDIT_KEY="k" * 40):
        assert chain_key() == b"k" * 40
        assert entry_hash(entry) != entry.hash


def test_bulk_and_single_appends_agree(tree: Tree, people: Personas) -> None:
    flat = AuditItem("test.bulk", "organizations.organization", str(tree.X1.pk), "X1", before={"a": 1}, after={"a": "ư", "d": "2025-01-02"})
    nested = AuditItem("test.bulk", "organizations.organization", str(tree.X2.pk), "X2", after={"list": [1, {"b": dt.date(2025, 1, 2)}]})
    start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    audit_record_many(actor=people.admin, items=[flat, nested])
    audit_record(actor=people.admin, action="test.single", obj=tree.X1, after={"a": "ư"})
    written = list(AuditEntry.objects.filter(id__gt=start).order_by("id"))
    assert [e.action for e in written] == ["test.bulk", "test.bulk", "test.single"]
    assert all(e.hash == entry_hash(e) != sha256_of(e) for e in written)
    assert audit_verify().ok


def test_checkpoints_kept_outside_catch_a_cut_end_and_a_forged_checkpoint(tree: Tree, tmp_path: Path) -> None:
    file = tmp_path / "audit-checkpoints.jsonl"
    call_command("audit_checkpoint", str(file), stdout=StringIO())
    assert verify_checkpoints(file) == ""
    call_command("audit_verify", "--checkpoints", str(file), stdout=StringIO())
    # The last entries removed and the head set to the new end: the chain itself still holds.
    last_two = list(AuditEntry.objects.order_by("-id").values_list("id", flat=True)[:2])
    with connection.cursor() as cursor:
        disable_append_only_trigger(cursor)
        cursor.execute("DELETE FROM core_auditentry WHERE id IN (%s, %s)", last_two)
    AuditHead.objects.filter(pk=1).update(last_hash=AuditEntry.objects.order_by("-id").first().hash)
    assert audit_verify().ok
    with pytest.raises(CommandError, match=rf"entry #{last_two[0]} is gone: the end of the log was cut off"):
        call_command("audit_verify", "--checkpoints", str(file))
    forged = json.loads(file.read_text())
    forged["last_id"] = last_two[1] - 1
    file.write_text(json.dumps(forged) + "\n")
    assert "signature does not match" in verify_checkpoints(file)


# --- re-keying an old chain (migration 0006) ---------------------------------------------------

REKEYING = importlib.import_module("partybuilding.core.migrations.0006_audit_keyed_chain")


def as_before_the_key() -> None:
    """The log as the previous version left it: every entry hashed unkeyed, no key fingerprint."""
    rewrite_without_the_key(AuditEntry.objects.order_by("id").first().pk)
    AuditHead.objects.filter(pk=1).update(key_check="")


def rekey() -> str:
    out = StringIO()
    with redirect_stdout(out):
        REKEYING.forwards(django_apps, SimpleNamespace(connection=connection))
    return out.getvalue()


def test_the_migration_rekeys_an_old_chain_that_verifies(tree: Tree) -> None:
    as_before_the_key()
    assert audit_verify().fault == Fault.REWRITTEN  # unkeyed: not accepted as it is
    count = AuditEntry.objects.count()
    assert rekey() == ""
    result = audit_verify()
    assert (result.ok, result.entries, result.unkeyed_until) == (True, count, None)
    assert AuditHead.objects.get(pk=1).key_check == key_check()


def test_the_migration_leaves_a_broken_old_chain_as_it_is_and_seals_it(tree: Tree) -> None:
    as_before_the_key()
    victim = middle_entry()
    tamper(victim, object_repr="changed before the key")
    before = dict(AuditEntry.objects.values_list("id", "hash"))
    said = rekey()
    assert f"entry #{victim}" in said and "left as it is" in said
    assert {k: v for k, v in AuditEntry.objects.values_list("id", "hash") if k in before} == before  # nothing re-hashed
    seal = AuditEntry.objects.order_by("-id").first()
    assert (seal.action, seal.after["broken_at"]) == (KEYED_START, victim)
    result = audit_verify()
    assert (result.broken_at, result.fault, result.unkeyed_until) == (victim, Fault.CHANGED, seal.pk - 1)
    assert "before the chain had a key" in result.reason


@pytest.mark.parametrize("key", [b"short", b"k" * 32, b"a key longer than a block of SHA-256, " * 3])
def test_the_chain_hash_is_the_standard_hmac_sha256(key: bytes) -> None:
    payload = '["0000","Nguyễn Văn Ánh"]'.encode()
    assert keyed_digest(payload, key) == hmac.new(key, payload, hashlib.sha256).hexdigest()
