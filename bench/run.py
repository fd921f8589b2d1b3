"""Benchmark the organization tree at national scale on PostgreSQL.

Builds the tree (bench/generate.py), then times the reads the tree pages and dashboards
make, and writes bench/out/results.json.

    make bench                                   # national scale
    scripts/with-postgres.sh .venv/bin/python bench/run.py --scale 0.01
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import generate  # bench/ is the script's folder, hence on sys.path

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from partybuilding.organizations.models import Organization

OUT = Path(__file__).resolve().parent / "out"


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Timing:
    section: str
    what: str
    n: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    note: str = ""


def percentile(samples: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: an observed value, also for 34 samples."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def timing(section: str, what: str, samples_ms: Sequence[float], note: str = "") -> Timing:
    return Timing(section, what, len(samples_ms), percentile(samples_ms, 50), percentile(samples_ms, 95), max(samples_ms), note)


def elapsed_ms(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def each_ms(measure: Callable[[Any], float], items: Sequence[Any]) -> list[float]:
    """One measurement per item, after one unrecorded call (connection, statement caches)."""
    measure(items[0])
    return [measure(item) for item in items]


def orm_ms(qs: QuerySet[Any]) -> float:
    """The query through the ORM, rows turned into objects; a fresh clone so nothing is cached."""
    return elapsed_ms(lambda: list(qs.all()))


def sql_ms(qs: QuerySet[Any]) -> float:
    """The same SQL on a bare cursor: the database's time plus fetching the rows."""
    from django.db import connection

    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        return elapsed_ms(lambda: (cursor.execute(sql, params), cursor.fetchall()))


def explain(qs: QuerySet[Any]) -> dict[str, Any]:
    """EXPLAIN ANALYZE once: which scans and indexes the plan uses, and its execution time."""
    plan = qs.explain(analyze=True, buffers=True)
    lines = plan.splitlines()
    scans = [line.strip().lstrip("-> ") for line in lines if "Scan" in line]
    execution = next((line.split(":")[1].strip() for line in lines if line.startswith("Execution Time")), "")
    return {"scans": scans, "execution": execution, "plan": plan}


# --- the benchmarks -----------------------------------------------------------------------


def by_kind(kind: str) -> list[Organization]:
    from partybuilding.organizations.models import Organization

    return list(Organization.objects.filter(kind=kind).order_by("path"))


def subtree(org: Organization) -> QuerySet[Organization]:
    from partybuilding.core import paths
    from partybuilding.organizations.models import Organization

    return Organization.objects.filter(paths.subtree_q(org.path))


def group_by_kind(org: Organization) -> QuerySet[Any]:
    from django.db.models import Count

    return subtree(org).values("kind").annotate(n=Count("id"))


def totals_rows(org: Organization) -> QuerySet[Any]:
    """The query selectors.kind_counts makes (through totals_of), for SQL time and EXPLAIN."""
    from partybuilding.organizations.models import SubtreeTotal

    return SubtreeTotal.objects.filter(organization_id__in=[org.pk], key__startswith="org.").values_list("organization_id", "key", "value")


def bench_commune_subtrees(communes: list[Organization], samples: int, rng: random.Random) -> list[Timing]:
    chosen = rng.sample(communes, min(samples, len(communes)))
    sizes = [subtree(c).count() for c in chosen]
    note = f"rows p50 {percentile(sizes, 50)}, max {max(sizes)}"
    return [
        timing("b", "commune subtree, ORM list()", each_ms(lambda c: orm_ms(subtree(c)), chosen), note),
        timing("b", "commune subtree, SQL", each_ms(lambda c: sql_ms(subtree(c)), chosen), note),
    ]


def check_counts_agree(org: Organization) -> None:
    """GROUP BY counts the organization itself, kind_counts leaves it out: both must agree."""
    from partybuilding.organizations import selectors

    counted = {row["kind"]: row["n"] for row in group_by_kind(org)}
    counted[org.kind] -= 1
    if {k: v for k, v in counted.items() if v} != selectors.kind_counts(org):
        raise SystemExit(f"kind counts disagree for {org.code}: {counted} vs {selectors.kind_counts(org)}")


def bench_kind_counts(label: str, orgs: list[Organization]) -> list[Timing]:
    from partybuilding.organizations import selectors

    for org in {o.pk: o for o in orgs}.values():
        check_counts_agree(org)
    return [
        timing("c", f"{label}: GROUP BY kind, ORM", each_ms(lambda o: orm_ms(group_by_kind(o)), orgs)),
        timing("c", f"{label}: GROUP BY kind, SQL", each_ms(lambda o: sql_ms(group_by_kind(o)), orgs)),
        timing("c", f"{label}: kind_counts (totals), ORM", each_ms(lambda o: elapsed_ms(lambda: selectors.kind_counts(o)), orgs)),
        timing("c", f"{label}: totals rows, SQL", each_ms(lambda o: sql_ms(totals_rows(o)), orgs)),
    ]


@dataclass
class ChildrenRun:
    node: str
    kind: str
    children: int
    queries: int
    p50_ms: float
    p95_ms: float


def bench_children_rows(nodes: list[Organization], repeat: int) -> list[ChildrenRun]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partybuilding.organizations import selectors
    from partybuilding.organizations.models import Organization

    runs = []
    for node in nodes:
        with CaptureQueriesContext(connection) as captured:
            rows = selectors.children_rows(Organization.objects.all(), node)
        samples = each_ms(lambda n: elapsed_ms(lambda: selectors.children_rows(Organization.objects.all(), n)), [node] * repeat)
        runs.append(ChildrenRun(node.code, node.kind, len(rows), len(captured), percentile(samples, 50), percentile(samples, 95)))
    return runs


def bench_search(repeat: int) -> list[Timing]:
    """Not asked for by the tree pages, but on the same table: the name search's first page."""
    from partybuilding.organizations import selectors
    from partybuilding.organizations.models import Organization

    def page() -> QuerySet[Organization]:
        return selectors.search(Organization.objects.all(), "an binh")[:20]

    return [timing("f", "search 'an binh', first 20, ORM", each_ms(lambda _: orm_ms(page()), range(repeat)))]


def bench_recompute() -> dict[str, Any]:
    from partybuilding.organizations import totals

    start = time.perf_counter()
    drift = totals.recompute(prefixes=["org."])
    return {"seconds": time.perf_counter() - start, "drift": len(drift), "first_drift": drift[:5]}


def explains(commune: Organization, province: Organization) -> dict[str, dict[str, Any]]:
    return {
        f"b: subtree of commune {commune.code}": explain(subtree(commune)),
        f"c: GROUP BY kind in province {province.code}": explain(group_by_kind(province)),
        f"c: totals rows of province {province.code}": explain(totals_rows(province)),
    }


def median_by_children(orgs: list[Organization]) -> Organization:
    return sorted(orgs, key=lambda o: o.child_seq)[len(orgs) // 2]


def largest(orgs: list[Organization]) -> Organization:
    return max(orgs, key=lambda o: o.child_seq)


# --- the report ---------------------------------------------------------------------------


def environment() -> dict[str, Any]:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), current_setting('shared_buffers'), current_setting('lc_collate')")
        version, shared_buffers, collate = cursor.fetchone()
    with open("/proc/meminfo") as meminfo:
        mem_kib = int(meminfo.readline().split()[1])
    return {
        "date": dt.date.today().isoformat(),
        "cpus": os.cpu_count(),
        "memory_gib": round(mem_kib / 2**20, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": version,
        "shared_buffers": shared_buffers,
        "lc_collate": collate,
    }


def table_sizes() -> dict[str, str]:
    from django.db import connection

    from partybuilding.organizations.models import Organization, OrganizationVersion, SubtreeTotal

    sizes = {}
    with connection.cursor() as cursor:
        for model in (Organization, OrganizationVersion, SubtreeTotal):
            table = model._meta.db_table
            cursor.execute(
                "SELECT pg_size_pretty(pg_table_size(oid)), pg_size_pretty(pg_indexes_size(oid)),"
                " round(100.0 * relallvisible / greatest(relpages, 1)) FROM pg_class WHERE oid = %s::regclass",
                [table],
            )
            data, indexes, visible = cursor.fetchone()
            sizes[table] = f"{data} data + {indexes} indexes, {visible}% pages all-visible"
    return sizes


def print_report(results: dict[str, Any]) -> None:
    build = results["build"]
    print(f"\nEnvironment: {results['environment']}")
    print(f"\n(a) build: {sum(build['organizations'].values()):,} organizations {build['organizations']}")
    print(f"    {build['versions']:,} versions, {build['totals']:,} subtree totals")
    for table, size in results["table_sizes"].items():
        print(f"    {table}: {size}")
    for name, seconds in build["seconds"].items():
        print(f"    {name:<22} {seconds:8.2f} s")
    print(f"    {'total':<22} {build['total_seconds']:8.2f} s")
    print(f"\n{'':3}{'query':<44}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}  note")
    for t in results["timings"]:
        print(f"{t['section']:<3}{t['what']:<44}{t['n']:>5}{t['p50_ms']:>10.2f}{t['p95_ms']:>10.2f}{t['max_ms']:>10.2f}  {t['note']}")
    print(f"\n(d) children_rows\n   {'node':<16}{'kind':<22}{'children':>9}{'queries':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for r in results["children_rows"]:
        print(f"   {r['node']:<16}{r['kind']:<22}{r['children']:>9}{r['queries']:>9}{r['p50_ms']:>9.2f}{r['p95_ms']:>9.2f}")
    recompute = results["totals_recompute"]
    print(f"\n(e) totals_recompute: {recompute['seconds']:.1f} s, drift {recompute['drift']}")
    print("\nEXPLAIN ANALYZE")
    for name, e in results["explain"].items():
        print(f"   {name}: {e['execution']}\n      " + "\n      ".join(e["scans"]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = national; 0.01 for a smoke run")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--samples", type=int, default=200, help="communes sampled for (b)")
    parser.add_argument("--repeat", type=int, default=20, help="repetitions for single-node measurements")
    args = parser.parse_args(argv)
    generate.setup_django()
    report = generate.build(args.scale, args.seed)
    rng = random.Random(args.seed)
    root, provinces, communes = by_kind("central")[0], by_kind("province"), by_kind("commune")
    committees = by_kind("grassroots_committee")
    timings = bench_commune_subtrees(communes, args.samples, rng)
    timings += bench_kind_counts("34 provinces", provinces)
    timings += bench_kind_counts("national root", [root] * args.repeat)
    timings += bench_search(args.repeat)
    children = bench_children_rows([root, largest(provinces), largest(communes), largest(committees)], args.repeat)
    results = {
        "environment": environment(),
        "build": {**asdict(report), "total_seconds": report.total_seconds},
        "table_sizes": table_sizes(),
        "timings": [asdict(t) for t in timings],
        "children_rows": [asdict(r) for r in children],
        "totals_recompute": bench_recompute(),
        "explain": explains(median_by_children(communes), median_by_children(provinces)),
    }
    print_report(results)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    print(f"\nwritten to {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
