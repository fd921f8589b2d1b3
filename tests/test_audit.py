from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from partybuilding.core.audit import audit_record, audit_verify
from partybuilding.core.models import AuditEntry
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
