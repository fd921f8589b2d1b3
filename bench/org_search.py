"""Time the organization name search at the country, on the database in DATABASE_URL as it is
(the national tree: bench/generate.py, or the national data set of bench/run_members.py).

    .venv/bin/python bench/org_search.py             # 20 searches × 5 runs, warm
    .venv/bin/python bench/org_search.py --explain   # and each search's plan

Each search does what the search page does with `selectors.search` over every organization
(a country-wide officer's view): the count, up to 10,001 rows as the list's paginator counts,
and the first page of 50 rows. The searches are typed as an officer types them, with or
without diacritics: places, kinds of unit, a code, and words that match most of the tree.
Read only: nothing is written.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

SEARCHES = [
    "Cần Thơ", "thịnh hưng", "Tân Bắc", "phuoc trung", "an bình", "xã Lộc Minh", "trạm y tế", "hợp tác xã",
    "quân sự", "thôn 6", "chi bộ", "T06", "T25.013", "phân xưởng 9", "Đảng bộ xã", "trường", "công an",
    "Hải Hòa", "khoa nội", "nông nghiệp thạnh",
]  # fmt: skip
COUNT_CAP = 10_000  # the list's paginator counts this far (core.listing)
PAGE = 50


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each search (after one warm-up)")
    parser.add_argument("--explain", action="store_true", help="print each search's plan (EXPLAIN ANALYZE of the page)")
    args = parser.parse_args(argv)
    generate.setup_django()
    from django.db import connection

    from partybuilding.organizations import selectors
    from partybuilding.organizations.models import Organization

    timings: list[float] = []
    rows = []
    for text in SEARCHES:
        results = selectors.search(Organization.objects.all(), text)
        count = results[: COUNT_CAP + 1].count()  # warm-up
        page = list(results[:PAGE])
        runs = []
        for _ in range(args.runs):
            started = time.perf_counter()
            results[: COUNT_CAP + 1].count()
            list(results[:PAGE])
            runs.append((time.perf_counter() - started) * 1000)
        timings += runs
        found = f"{COUNT_CAP:,}+" if count > COUNT_CAP else f"{count:,}"
        rows.append({"search": text, "found": found, "median_ms": round(statistics.median(runs), 1), "first": page[0].name if page else ""})
        print(f"{text!r:24} {found:>8} found  {statistics.median(runs):7.1f} ms  {page[0].name if page else ''}", flush=True)
        if args.explain:
            sql, params = results[:PAGE].query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
                print("\n".join(f"    {line}" for (line,) in cursor.fetchall()))
    p50, p95 = nearest_rank(timings, 0.5), nearest_rank(timings, 0.95)
    print(f"\n{len(SEARCHES)} searches × {args.runs} runs: p50 {p50:.1f} ms, p95 {p95:.1f} ms (count + first page)")
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "org_search.json").write_text(
        json.dumps({"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "searches": rows}, indent=2, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
