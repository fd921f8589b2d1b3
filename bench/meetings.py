"""Meetings at national scale: one month of regular meetings for ≈95% of the cells, then
the list of "cells without a regular meeting this month" of each province, timed.

    scripts/with-postgres.sh .venv/bin/python bench/meetings.py --scale 0.01 --members 55000
    .venv/bin/python bench/meetings.py --reuse     # on a database holding the national tree and members

Without --reuse it builds the tree (bench/generate.py) and the members (bench/members.py)
first. Twelve months of meetings (--history) go in with one INSERT … SELECT over the cells (the services write an
audit entry per meeting: far too slow for a quarter of a million), closed and scored, on a
random day of each month; then VACUUM (ANALYZE). What is timed is what the report page and
the dashboard's attention list run (partybuilding.meetings.missing): the count and the
first page of 50 of the anti-join "active cells of the province's subtree without a held
regular meeting in the month", database time only (execution and transfer), for every
province; then (b) the members absent without reason in 3 months of the year (2% of the
members at each meeting, --absent); EXPLAIN (ANALYZE, BUFFERS) of the largest province. Results go to bench/out/meetings.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import Any

import generate  # bench/ is the script's folder, hence on sys.path
import members
from dateutil.relativedelta import relativedelta
from run import Timing, explain, timing
from run_members import db_ms

OUT = Path(__file__).resolve().parent / "out"
PAGE = 50
TARGET_MS = 200.0


def insert_month(year: int, month: int, share: float, seed: float) -> tuple[int, float]:
    """Regular meetings, closed, for a random `share` of the active cells; returns (rows, s)."""
    from django.db import connection, transaction

    start = time.perf_counter()
    first = dt.date(year, month, 1)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute(
            """
            INSERT INTO meetings_meeting (
                organization_id, org_path, kind, status, date, month, title, place, agenda, discussion, resolution,
                attendance_recorded, duration_minutes, score, level, created_at, updated_at, version)
            SELECT o.id, o.path, 'regular', 'closed', %s::date + (random() * 27)::int, %s::date, 'Sinh hoạt thường kỳ', '', '', '', '',
                   true, 90, 80 + (random() * 20)::int, 'fair', now(), now(), 1
            FROM organizations_organization o
            WHERE o.kind IN ('cell', 'grassroots_cell') AND o.status = 'active' AND random() < %s
            """,
            [first, first, share],
        )
        rows = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) meetings_meeting")
    return rows, time.perf_counter() - start


def insert_absences(share: float, seed: float) -> tuple[int, float]:
    """Absences without reason of a random `share` of the members at each meeting of their
    cell. Only those rows: the removal report reads them through a partial index, and the
    present and excused rows (≈20 times as many) would only make the table bigger."""
    from django.db import connection, transaction

    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute(
            """
            INSERT INTO meetings_attendance (meeting_id, org_path, month, member_id, required, presence, reason, contributions, late, marked_via)
            SELECT m.id, m.org_path, m.month, p.id, true, 'unexcused', '', 0, false, ''
            FROM meetings_meeting m JOIN members_member p ON p.organization_id = m.organization_id
            WHERE random() < %s
            """,
            [share],
        )
        rows = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) meetings_attendance")
    return rows, time.perf_counter() - start


def absent_list(province: Any, year: int, today: dt.date) -> tuple[int, list[Any]]:
    from partybuilding.meetings import missing

    rows = missing.members_absent_unexcused(province, year, today)
    return rows.count(), list(rows[:PAGE])


def province_list(province: Any, year: int, month: int) -> tuple[int, list[Any]]:
    """What the report page reads: the count and the first page."""
    from partybuilding.meetings import missing

    cells = missing.cells_without_regular(province, year, month)
    return cells.count(), list(cells.select_related("parent")[:PAGE])


def measure(year: int, month: int, repeat: int) -> dict[str, Any]:
    from partybuilding.meetings import missing
    from partybuilding.organizations.models import Organization

    provinces = list(Organization.objects.filter(kind="province").order_by("path"))
    province_list(provinces[0], year, month)  # connection and statement caches
    samples = [db_ms(lambda p=p: province_list(p, year, month)) for p in provinces for _ in range(max(1, repeat // 10))]
    counts = {p.code: province_list(p, year, month)[0] for p in provinces}
    largest = max(provinces, key=lambda p: Organization.objects.filter(path__startswith=p.path, kind="cell").count())
    largest_samples = [db_ms(lambda: province_list(largest, year, month)) for _ in range(repeat)]
    today = dt.date.today()
    absent = [db_ms(lambda p=p: absent_list(p, year, today)) for p in provinces]
    flagged = sum(absent_list(p, year, today)[0] for p in provinces)
    root = Organization.objects.get(kind="central")
    national = [db_ms(lambda: missing.cells_without_regular(root, year, month).count()) for _ in range(3)]
    timings: list[Timing] = [
        timing("a", f"{len(provinces)} provinces: count + first page of 50 (database)", samples),
        timing("a", f"largest province {largest.code}: count + first page (database)", largest_samples),
        timing("a", "whole country: count (database)", national),
        timing("b", f"{len(provinces)} provinces: members absent without reason 3 months, count + page", absent, f"{flagged} flagged"),
    ]
    query = missing.cells_without_regular(largest, year, month)
    return {
        "timings": [t.__dict__ for t in timings],
        "cells_without_meeting": counts,
        "explain_count": explain(query.order_by()),
        "explain_page": explain(query[:PAGE]),
        "explain_absent": explain(missing.members_absent_unexcused(largest, year, today)[:PAGE]),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--members", type=int, default=members.NATIONAL_MEMBERS)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--share", type=float, default=0.95, help="share of cells that held their meeting")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--history", type=int, default=11, help="months of meetings before this one, in the tables too")
    parser.add_argument("--absent", type=float, default=0.02, help="share of members absent without reason at a meeting")
    parser.add_argument("--reuse", action="store_true", help="the tree and members are already in the database")
    args = parser.parse_args(argv)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    generate.setup_django()
    results: dict[str, Any] = {}
    if not args.reuse:
        tree = generate.build(args.scale, args.seed)
        print(f"tree: {sum(tree.organizations.values()):,} organizations in {tree.total_seconds:.1f} s")
        members.print_report(members.build(args.members, args.seed))
    today = dt.date.today()
    year, month = today.year, today.month
    rows, seconds = 0, 0.0
    for back in range(args.history, -1, -1):
        first = dt.date(year, month, 1) - relativedelta(months=back)
        n, spent = insert_month(first.year, first.month, args.share, 0.42 - back / 100)
        rows, seconds = rows + n, seconds + spent
    results["insert"] = {"meetings": rows, "seconds": round(seconds, 1), "months": args.history + 1, "this month": f"{month:02d}/{year}"}
    print(f"meetings: {rows:,} regular meetings over {args.history + 1} months up to {month:02d}/{year}, inserted in {seconds:.1f} s")
    absences, spent = insert_absences(args.absent, 0.17)
    results["insert"]["absences"] = absences
    results["insert"]["absences_seconds"] = round(spent, 1)
    print(f"absences without reason: {absences:,} inserted in {spent:.1f} s")
    results.update(measure(year, month, args.repeat))
    OUT.mkdir(exist_ok=True)
    (OUT / "meetings.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    print(f"\n{'what':<70} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for t in results["timings"]:
        flag = "" if t["p95_ms"] <= TARGET_MS else "  over the target"
        print(f"{t['what']:<70} {t['n']:>4} {t['p50_ms']:>8.1f} {t['p95_ms']:>8.1f} {t['max_ms']:>8.1f}{flag}")
    print("\nEXPLAIN of the count, largest province:")
    print(results["explain_count"]["plan"])
    print("\nEXPLAIN of the first page:")
    print(results["explain_page"]["plan"])
    print("\nEXPLAIN of the members absent without reason, largest province:")
    print(results["explain_absent"]["plan"])
    print(f"\nwritten to {OUT / 'meetings.json'}")


if __name__ == "__main__":
    main()
