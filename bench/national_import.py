"""The national case of bench/import_bench.py: 100,000 rows imported into the database in
DATABASE_URL as it is (the national data set), checked, then removed again.

For each file (`province`: the cells of the largest province; `country`: cells drawn across
the country):

1. the file: members drawn by the demo generator over those cells, identifiers already on
   record drawn again, written as the import template;
2. before: the "m." counters of every organization above those cells, kept in a scratch
   table of this session, and the audit chain's head;
3. the import, timed by phase (`members.imports.import_file`, as a commune officer's
   upload runs it), with the commit;
4. the check: the counters moved by exactly what the imported members count, recounted
   from their rows with `members.counters.keys_of` (what `totals_check` recounts) — a full
   `totals_check` of 5.5 million members takes eight minutes and 15 GB;
5. the removal, in one transaction: the counters back (rows the import created deleted),
   the members with their periods and events; then the counters are compared with the kept
   ones (none may differ) and the audit chain verified. The import's audit entries stay:
   the log is append-only (a trigger refuses any DELETE), and the chain holds with them, as
   it does after the removal's own SQL (which, like the bench's other removals, writes none).
"""

from __future__ import annotations

import json
import random
import time
from argparse import Namespace
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from import_bench import OUT, PhaseClock

USERNAME = "bench.national.importer"


def largest_province() -> Any:
    from partybuilding.organizations.models import Organization, SubtreeTotal

    root = Organization.objects.get(parent=None)
    row = SubtreeTotal.objects.filter(organization__parent=root, key="m.all").order_by("-value").select_related("organization").first()
    if row is None:
        raise SystemExit("no member counters: the national case needs the national data set (bench/run_members.py)")
    return row.organization


def homes_of(which: str, cells: int, seed: int) -> list[Any]:
    from partybuilding.members.records.services import MEMBER_HOMES
    from partybuilding.organizations.models import Organization

    homes = Organization.objects.filter(kind__in=MEMBER_HOMES, status="active").order_by("path")
    if which == "province":
        return list(homes.filter(path__startswith=largest_province().path))
    everywhere = list(homes)
    return sorted(random.Random(seed).sample(everywhere, min(cells, len(everywhere))), key=lambda o: o.path)


def _taken(column: str, values: Iterable[str]) -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM members_member WHERE {column} = ANY(%s)", [list(values)])
        return {row[0] for row in cursor.fetchall()}


def fresh_identifiers(candidates: Sequence[Any], seed: int) -> int:
    """Draw again the card numbers and citizen IDs that members on record already have (the
    demo generator knows nothing of them); a citizen ID keeps its first six digits, which
    say the province, gender, century and year of birth. Returns how many were drawn again."""
    rng = random.Random(seed)
    redrawn = 0
    in_file = {c.card_number for c in candidates if c.card_number} | {c.data.citizen_id for c in candidates if c.data.citizen_id}

    def draw(taken: set[str], make: Any) -> str:
        value = make()
        while value in taken:
            value = make()
        taken.add(value)
        return value

    while True:
        taken_cards = _taken("card_number", [c.card_number for c in candidates if c.card_number])
        taken_ids = _taken("citizen_id", [c.data.citizen_id for c in candidates if c.data.citizen_id])
        if not taken_cards and not taken_ids:
            return redrawn
        for c in candidates:
            if c.card_number in taken_cards:
                c.card_number = draw(in_file, lambda: f"{rng.randrange(10**8):08d}")
                redrawn += 1
            if c.data.citizen_id in taken_ids:
                head = c.data.citizen_id[:6]
                c.data = replace(c.data, citizen_id=draw(in_file, lambda head=head: f"{head}{rng.randrange(10**6):06d}"))
                redrawn += 1


def make_file(path: Path, homes: Sequence[Any], rows: int, seed: int) -> int:
    from partybuilding.demo.members import Generator
    from partybuilding.members import imports

    candidates = Generator(seed).members(homes, rows)
    redrawn = fresh_identifiers(candidates, seed)
    imports.write_workbook(path, (imports.candidate_cells(c) for c in candidates), english_header=False, shared_strings=True)
    return redrawn


def importer() -> Any:
    """A central organizing officer, made once and kept: the audit entries name them."""
    from partybuilding.accounts.choices import Role
    from partybuilding.accounts.models import RoleAssignment, User
    from partybuilding.organizations.models import Organization

    user, created = User.objects.get_or_create(username=USERNAME, defaults={"full_name": "Bench importer (national)"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        RoleAssignment.objects.create(user=user, role=Role.ORGANIZING_OFFICER, organization=Organization.objects.get(parent=None))
    return user


def ancestor_ids(homes: Sequence[Any]) -> list[int]:
    from partybuilding.core import paths
    from partybuilding.organizations.models import Organization

    ancestors = sorted({a for h in homes for a in paths.ancestor_paths(h.path)})
    ids: list[int] = []
    for i in range(0, len(ancestors), 5000):
        ids += Organization.objects.filter(path__in=ancestors[i : i + 5000]).values_list("id", flat=True)
    return ids


def keep_counters(cursor: Any, org_ids: list[int]) -> int:
    cursor.execute("DROP TABLE IF EXISTS bench_counters_before")
    cursor.execute(
        "CREATE TEMPORARY TABLE bench_counters_before AS SELECT organization_id, key, value FROM organizations_subtreetotal "
        "WHERE organization_id = ANY(%s) AND key LIKE 'm.%%'",
        [org_ids],
    )
    kept = cursor.rowcount
    cursor.execute("ANALYZE bench_counters_before")
    return kept


def recount_imported(cursor: Any, member_ids: list[int]) -> int:
    """The imported members' counters, recounted from their rows into `bench_recount`."""
    from partybuilding.members import counters
    from partybuilding.members.models import Member
    from partybuilding.organizations import totals
    from partybuilding.organizations.models import Organization

    per_node: dict[str, dict[str, int]] = {}
    for i in range(0, len(member_ids), 20000):
        for values in Member.objects.filter(id__in=member_ids[i : i + 20000]).values(*counters.VALUES):
            node = per_node.setdefault(values["org_path"], {})
            for key in counters.keys_of(values):
                node[key] = node.get(key, 0) + 1
    from partybuilding.core import paths

    ancestors = sorted({a for p in per_node for a in paths.ancestor_paths(p)})
    id_by_path = dict(Organization.objects.filter(path__in=ancestors).values_list("path", "id"))
    rows = sorted((o, k, n) for (o, k), n in totals.roll_up(per_node, id_by_path).items() if n)
    cursor.execute("DROP TABLE IF EXISTS bench_recount")
    cursor.execute("CREATE TEMPORARY TABLE bench_recount (organization_id bigint, key varchar(64), value bigint)")
    with cursor.cursor.copy("COPY bench_recount FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(["int8", "varchar", "int8"])
        for row in rows:
            copy.write_row(row)
    cursor.execute("ANALYZE bench_recount")  # a scratch table has no statistics: joins planned blind
    return len(rows)


# Counters of the organizations above the file's cells that did not move by what the
# imported members count: (now − kept) ≠ recount.
DRIFT = """
SELECT count(*) FROM (
    SELECT organization_id, key, coalesce(now.value, 0) - coalesce(kept.value, 0) AS moved
    FROM (SELECT organization_id, key, value FROM organizations_subtreetotal
          WHERE organization_id = ANY(%s) AND key LIKE 'm.%%') now
    FULL JOIN bench_counters_before kept USING (organization_id, key)
) change FULL JOIN bench_recount recount USING (organization_id, key)
WHERE coalesce(change.moved, 0) <> coalesce(recount.value, 0)
"""
# Counters that differ from the kept ones, either way (rows included).
DIFFERENT = """
SELECT count(*) FROM (
    (SELECT organization_id, key, value FROM organizations_subtreetotal WHERE organization_id = ANY(%s) AND key LIKE 'm.%%'
     EXCEPT ALL SELECT organization_id, key, value FROM bench_counters_before)
    UNION ALL
    (SELECT organization_id, key, value FROM bench_counters_before
     EXCEPT ALL SELECT organization_id, key, value FROM organizations_subtreetotal WHERE organization_id = ANY(%s) AND key LIKE 'm.%%')
) d
"""


def remove(member_ids: list[int], org_ids: list[int]) -> dict[str, Any]:
    """Take away what the import added, in one transaction (see the module's text)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        # The counters: minus the recount, then the rows the import created (value 0 now).
        cursor.execute(
            "UPDATE organizations_subtreetotal t SET value = t.value - r.value FROM bench_recount r "
            "WHERE t.organization_id = r.organization_id AND t.key = r.key"
        )
        cursor.execute(
            "DELETE FROM organizations_subtreetotal t USING ("
            "  SELECT r.organization_id, r.key FROM bench_recount r"
            "  LEFT JOIN bench_counters_before b USING (organization_id, key) WHERE b.organization_id IS NULL"
            ") created WHERE t.organization_id = created.organization_id AND t.key = created.key AND t.value = 0"
        )
        for table in ("members_memberevent", "members_membership"):
            cursor.execute(f"DELETE FROM {table} WHERE member_id = ANY(%s)", [member_ids])
        cursor.execute("DELETE FROM members_member WHERE id = ANY(%s)", [member_ids])
    with connection.cursor() as cursor:
        cursor.execute(DIFFERENT, [org_ids, org_ids])
        different = cursor.fetchone()[0]
    return {"counters_differing_from_before": different}


def run_file(which: str, args: Namespace) -> dict[str, Any]:
    from django.db import connection

    from partybuilding.core.audit import audit_verify
    from partybuilding.core.models import AuditEntry
    from partybuilding.core.scope import Action
    from partybuilding.members import imports
    from partybuilding.organizations.models import Organization

    homes = homes_of(which, args.cells, args.seed)
    path = OUT / f"national-{which}-{args.rows}.xlsx"
    started = time.perf_counter()
    redrawn = make_file(path, homes, args.rows, args.seed)
    print(
        f"{which}: {args.rows:,} rows over {len(homes):,} cells ({redrawn:,} identifiers drawn again), {time.perf_counter() - started:.1f} s"
    )
    user = importer()
    org_ids = ancestor_ids(homes)
    with connection.cursor() as cursor:
        kept = keep_counters(cursor, org_ids)
    audit_after = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    clock = PhaseClock()
    within = Organization.objects.visible_to(user, Action.MANAGE_MEMBERS)
    report = imports.import_file(path, within=within, actor=user, progress=clock)
    seconds = time.perf_counter() - clock.start
    phases = {k: round(v, 2) for k, v in clock.laps().items()}
    phases["commit"] = round(seconds - max(clock.ends.values()), 2)
    print(f"  import: {seconds:.1f} s {json.dumps(phases)}", flush=True)
    if not report.ok:
        raise SystemExit(f"the import refused rows: {[i.text for i in report.issues[:5]]}")
    # The members this run imported: those its audit entries name (the bench's own user).
    entries = AuditEntry.objects.filter(id__gt=audit_after, action="member.import", actor_id=user.pk)
    member_ids = sorted(int(i) for i in entries.values_list("object_id", flat=True))
    with connection.cursor() as cursor:
        started = time.perf_counter()
        recounted = recount_imported(cursor, member_ids)
        cursor.execute(DRIFT, [org_ids])
        drift = cursor.fetchone()[0]
    check_s = time.perf_counter() - started
    print(f"  check: {drift} counters off of {recounted:,} the imported members count ({kept:,} kept before), {check_s:.1f} s", flush=True)
    started = time.perf_counter()
    removal = remove(member_ids, org_ids)
    chain = audit_verify()
    removal.update(seconds=round(time.perf_counter() - started, 1), audit_chain_ok=chain.ok, audit_entries=chain.entries)
    print(f"  removed: {json.dumps(removal)}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_counters_before, bench_recount")
    return {
        "cells": len(homes),
        "organizations_above": len(org_ids),
        "seconds": round(seconds, 2),
        "phases": phases,
        "imported": report.imported,
        "counter_rows_written": recounted,
        "counter_drift": drift,
        "removal": removal,
    }


def main(args: Namespace) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("the national case runs on PostgreSQL (DATABASE_URL)")
    OUT.mkdir(exist_ok=True)
    results: dict[str, Any] = {"rows": args.rows}
    for which in args.files.split(","):
        results[which] = run_file(which, args)
        with connection.cursor() as cursor:
            # The counters' dead rows, cleared as autovacuum would: the next file finds the
            # pages as a live system keeps them (the member tables are left to autovacuum).
            started = time.perf_counter()
            cursor.execute("VACUUM organizations_subtreetotal")
            results[which]["vacuum_seconds"] = round(time.perf_counter() - started, 1)
    (OUT / "import_national.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
