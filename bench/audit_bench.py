"""The audit log's bulk append and its verification at scale: 100,000 entries appended
by `audit_record_many` (as an import writes them), then `audit_verify` over the log.

    DATABASE_URL=sqlite:////tmp/audit-bench.sqlite3 .venv/bin/python bench/audit_bench.py
    scripts/with-postgres.sh .venv/bin/python bench/audit_bench.py --entries 100000

The database is migrated first; the entries are appended in a transaction
that is rolled back at the end (the log is append-only). Prints one JSON line: the CPU
seconds for hashing alone (the chain's digests of the same entries, no database), and the
seconds the append and the verification take.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuilding.settings_local")


def items(n: int) -> list:
    from partybuilding.core.audit import AuditItem

    # A member record's audited fields, as an import writes them (flat, string keys).
    return [
        AuditItem(
            action="member.import",
            object_type="members.member",
            object_id=str(100000 + i),
            object_repr=f"Nguyễn Văn Anh {i}",
            after={
                "family_name": "Nguyễn",
                "middle_name": "Văn",
                "given_name": f"Anh {i}",
                "gender": "M",
                "date_of_birth": "1980-05-17",
                "citizen_id": "set",
                "organization": 42,
                "status": "official",
                "admission_date": "2010-03-03",
                "official_date": "2011-03-03",
                "card_number": f"{i:08d}",
            },
        )
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from partybuilding.core import audit

    call_command("migrate", verbosity=0)
    batch = items(args.entries)

    started = time.process_time()  # CPU time: the machine's other work does not count
    prev = audit.GENESIS
    for item in batch:
        before, after = audit._json_text(item.before), audit._json_text(item.after)
        fields = [prev, "2026-01-01T00:00:00+00:00", None, "system", item.action, item.object_type, item.object_id, item.object_repr]
        prev = audit._bulk_hash(fields, item, before, after)
    hashing = time.process_time() - started

    with transaction.atomic():
        started = time.perf_counter()
        audit.audit_record_many(actor=None, items=batch)
        append = time.perf_counter() - started
        started = time.perf_counter()
        check = audit.audit_verify()
        verify = time.perf_counter() - started
        transaction.set_rollback(True)
    print(json.dumps({
        "database": connection.vendor, "entries": args.entries, "chain_ok": check.ok, "verified": check.entries,
        "hashing_seconds": round(hashing, 2), "append_seconds": round(append, 2), "verify_seconds": round(verify, 2),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
