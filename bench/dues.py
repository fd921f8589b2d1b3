"""Benchmark dues for one province at scale, on PostgreSQL.

On a database that already holds the tree and the members (bench/generate.py and
bench/members.py; or pass --build to make them first), writes a dues base for each member
of the province with the most members (or --province CODE), twelve months of charges
(January–December 2026) and payments by COPY, with some members in arrears, then the "d."
subtree totals; then times what the dues pages read for that province, and writes
bench/out/dues.json:

(a) the arrears summary and the collection report (selectors.report: the children's
    totals for twelve months); (b) the members flagged for the removal rule
    (selectors.flagged_count, the attention list); (c) the arrears list's first page and its
    count; (d) the collection screen of a cell; (e) totals.recompute of the "d." keys, its
    drift; EXPLAIN (ANALYZE, BUFFERS) of each.

    scripts/with-postgres.sh .venv/bin/python bench/dues.py --build --scale 0.01 --members 55000
    .venv/bin/python bench/dues.py                      # on a database holding the national tree and members

Measured numbers: bench/README.md.

The services charge a month through the same COPY (services.charges._insert), but compute
each member in Python; here charges are drawn directly: 1% of a salary or 0.5% of a
pension, 8% of members reduced or exempt, 4% stopping payment from some month on (arrears).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import generate  # bench/ is the script's folder, hence on sys.path
from run import Timing, environment, explain, timing
from run_members import db_ms

OUT = Path(__file__).resolve().parent / "out"
YEAR = 2026
TARGET_MS = 200.0


def copy_rows(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    from django.db import connection

    n = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def generate_dues(province: Any, seed: int) -> dict[str, Any]:
    """Bases, charges and payments of the province's members for the twelve months."""
    import uuid

    from django.db import connection, transaction
    from django.utils import timezone

    from partybuilding.core import paths
    from partybuilding.dues.models import Charge, DuesBase, Payment
    from partybuilding.dues.totals import PREFIX
    from partybuilding.members.models import Member
    from partybuilding.organizations.totals import recompute

    rng = random.Random(seed)
    started = time.perf_counter()
    members = list(
        Member.objects.in_list().filter(paths.subtree_q(province.path, "org_path")).values_list("pk", "organization_id", "org_path")
    )
    now, submission = timezone.now(), uuid.uuid4()
    months = [dt.date(YEAR, m, 1) for m in range(1, 13)]
    bases, charges, payments = [], [], []
    for pk, org_id, path in members:
        pension = rng.random() < 0.2
        salary = rng.randrange(4_000_000, 15_000_000, 100_000)
        bases.append((pk, dt.date(YEAR - 1, 12, 1), "pension" if pension else "salary", salary, "", now))
        amount = round(salary * (0.005 if pension else 0.01))
        relief = rng.random()
        stops = rng.randrange(1, 13) if rng.random() < 0.04 else 13  # stops paying from this month on
        for month in months:
            exempted = amount if relief < 0.02 else 0
            reduced = round(amount * 0.5) if 0.02 <= relief < 0.08 else 0
            due = amount - exempted - reduced
            paid = due if month.month < stops else 0
            charges.append((pk, org_id, path, month, amount, exempted, reduced, due, paid))
            if paid:
                payments.append((pk, org_id, path, month, paid, month + dt.timedelta(days=rng.randrange(3, 25)), "cash", submission, now))
    with transaction.atomic():
        counts = {
            "bases": copy_rows(
                DuesBase._meta.db_table, ["member_id", "from_month", "kind", "amount", "category", "recorded_at"], iter(bases)
            ),
            "charges": copy_rows(
                Charge._meta.db_table,
                ["member_id", "organization_id", "org_path", "month", "base_amount", "exempted", "reduced", "due", "paid"],
                iter(charges),
            ),
            "payments": copy_rows(
                Payment._meta.db_table,
                ["member_id", "organization_id", "org_path", "month", "amount", "paid_on", "source", "submission", "recorded_at"],
                iter(payments),
            ),
        }
        copied = time.perf_counter()
        # The counters from the charges, as `dues_totals_check --fix` writes them.
        counts["totals_written"] = len(recompute(fix=True, prefixes=[PREFIX]))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) dues_charge, dues_payment, dues_duesbase, organizations_subtreetotal")
    counts["members"] = len(members)
    counts["copy_seconds"] = round(copied - started, 1)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def measure(province: Any, repeat: int) -> tuple[list[Timing], dict[str, Any]]:
    from django.db.models import Count

    from partybuilding.dues import selectors
    from partybuilding.dues.models import Charge
    from partybuilding.organizations.models import Organization, SubtreeTotal
    from partybuilding.organizations.totals import recompute

    first, last, today = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 1), dt.date(YEAR + 1, 1, 10)
    cell_id = (
        Charge.objects.filter(month=last, org_path__startswith=province.path)
        .values("organization_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("organization_id", flat=True)
        .first()
    )
    cell = Organization.objects.get(pk=cell_id)
    cases: dict[str, Any] = {
        "(a) report of the province, 12 months (totals)": lambda: selectors.report(province, first, last),
        "(b) members flagged for removal (attention)": lambda: selectors.flagged_count(province, YEAR, today),
        "(c) arrears list, count": lambda: selectors.arrears(province, year=YEAR, today=today).count(),
        "(c) arrears list, first page with months": lambda: selectors.arrears_rows(
            list(selectors.arrears(province, year=YEAR, today=today)[:50]), province, YEAR, today
        ),
        "(d) collection screen of the largest cell": lambda: selectors.collection_rows(cell, last),
    }
    timings = []
    for what, fn in cases.items():
        fn()  # warm: connection, statement caches
        samples = [db_ms(fn) for _ in range(repeat)]
        timings.append(timing(what[:3], what[4:], samples))
    started = time.perf_counter()
    drift = recompute(prefixes=["d."])
    timings.append(timing("(e)", "recompute of the d. totals (wall)", [(time.perf_counter() - started) * 1000], f"drift {len(drift)}"))
    wanted = [
        f"d.{m:%Y%m}.{n}" for m in [dt.date(YEAR, i, 1) for i in range(1, 13)] for n in ("due", "collected", "exempted", "reduced", "owing")
    ]
    plans = {
        "report": explain(SubtreeTotal.objects.filter(organization__parent=province, key__in=wanted)),
        "arrears count": explain(selectors.owing_charges(province, YEAR, up_to=today).values("member_id").annotate(n=Count("*"))),
        "collection screen": explain(Charge.objects.filter(organization=cell, month=last).select_related("member")),
    }
    return timings, {"plans": plans, "cell": cell.code, "cell_members": Charge.objects.filter(organization=cell, month=last).count()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="store_true", help="build the tree and the members first (empty database)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--members", type=int, default=5_500_000)
    parser.add_argument("--province", default="", help="province code (default: the one with the most members)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    generate.setup_django()
    if args.build:
        import members

        generate.build(args.scale, 2025)
        members.build(args.members, 2025)
    from partybuilding.organizations.models import Organization, SubtreeTotal

    if args.province:
        province = Organization.objects.get(code=args.province)
    else:
        top = SubtreeTotal.objects.filter(key="m.all", organization__kind="province").order_by("-value").first()
        province = Organization.objects.get(pk=top.organization_id) if top else Organization.objects.filter(kind="province").first()
    generated = generate_dues(province, args.seed)
    print(f"province {province.code} {province.name}: {generated}")
    timings, extra = measure(province, args.repeat)
    print(f"\n{'':4}{'what':<48}{'n':>4}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  note")
    for t in timings:
        flag = "" if t.p95_ms <= TARGET_MS or t.section == "(e)" else "OVER 200 ms "
        print(f"{t.section:<4}{t.what:<48}{t.n:>4}{t.p50_ms:>9.2f}{t.p95_ms:>9.2f}{t.max_ms:>9.2f}  {flag}{t.note}")
    for name, plan in extra["plans"].items():
        print(f"\nEXPLAIN {name}: {plan['execution']}\n  " + "\n  ".join(plan["scans"][:6]))
    OUT.mkdir(exist_ok=True)
    report = {
        "environment": environment(),
        "province": province.code,
        "generated": generated,
        "timings": [asdict(t) for t in timings],
        **extra,
    }
    (OUT / "dues.json").write_text(json.dumps(report, indent=2, default=str, ensure_ascii=False))


if __name__ == "__main__":
    main()
