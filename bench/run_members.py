"""Benchmark the members at national scale on PostgreSQL.

Builds the tree (bench/generate.py) and the members (bench/members.py), then times what
the member pages and dashboards do, and writes bench/out/members.json:

(a) dashboard figures (dashboard) of the root, every province, 200 communes and
    200 cells; (b) the member list's search by name (ranked_search and the page's
    rows), nationally and within a province, by the start of the full name and of the given
    name; (c) the member page's query count with a short and a long history; (d)
    totals.recompute of the "m." keys and its drift; (e) the member list's first page of the
    provinces and of communes; (f) EXPLAIN (ANALYZE, BUFFERS) of those queries.

    scripts/with-postgres.sh .venv/bin/python bench/run_members.py --scale 0.01 --members 55000
    PG_SHARED_BUFFERS=2GB PGPORT_TEST=55440 scripts/with-postgres.sh .venv/bin/python bench/run_members.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import generate  # bench/ is the script's folder, hence on sys.path
import members
from run import Timing, each_ms, elapsed_ms, environment, explain, percentile, sql_ms, timing

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from partybuilding.accounts.models import User
    from partybuilding.members.models import Member
    from partybuilding.organizations.models import Organization

OUT = Path(__file__).resolve().parent / "out"
TARGET_MS = 50.0
PAGE = 50
EXAMPLE_PREFIXES = ["nguyen van a", "tran thi h", "le minh"]
GIVEN_NAMES = ["anh", "hung", "thu"]  # searched alone: the start of the given name


# --- helpers ------------------------------------------------------------------------------


def by_kind(kind: str) -> list[Organization]:
    from partybuilding.organizations.models import Organization

    return list(Organization.objects.filter(kind=kind).order_by("path"))


def all_members() -> QuerySet[Member]:
    from partybuilding.members.models import Member

    return Member.objects.all()


# --- (a) dashboard ------------------------------------------------------------------------


def dashboard_rows(org: Organization) -> QuerySet[Any]:
    """The one query dashboard makes, for SQL time and EXPLAIN."""
    from partybuilding.organizations.models import SubtreeTotal

    return SubtreeTotal.objects.filter(organization=org, key__startswith="m.").values_list("key", "value")


def bench_dashboard(label: str, orgs: Sequence[Organization], today: dt.date) -> list[Timing]:
    from partybuilding.members.records.selectors import dashboard

    rows = [len(dashboard_rows(o)) for o in orgs[:50]]
    note = f"totals rows p50 {percentile(rows, 50)}, max {max(rows)}"
    return [
        timing("a", f"dashboard {label}: SQL", each_ms(lambda o: sql_ms(dashboard_rows(o)), orgs), note),
        timing("a", f"dashboard {label}: whole function", each_ms(lambda o: elapsed_ms(lambda: dashboard(o, today)), orgs)),
    ]


def check_dashboard(org: Organization, today: dt.date) -> dict[str, int]:
    """The dashboard's total agrees with a count of the member rows (one province, once)."""
    from partybuilding.members.records.selectors import dashboard

    counted = all_members().in_list().within(org).count()
    shown = dashboard(org, today)["total"]
    if counted != shown:
        raise SystemExit(f"dashboard of {org.code} shows {shown} members, the records hold {counted}")
    return {"organization": org.pk, "members": counted}


# --- (b) search ---------------------------------------------------------------------------


def typed_prefix(name_search: str, form: int) -> str:
    """What someone types to find this name: family + middle + a letter or a few of the
    given name ("nguyen van a"), family + middle ("le minh"), family + a letter ("tran t"),
    or the whole name."""
    words = name_search.split()
    family, middle, given = words[0], " ".join(words[1:-1]), words[-1]
    return [
        f"{family} {middle} {given[:1]}",
        f"{family} {middle} {given[:3]}",
        f"{family} {middle}",
        f"{family} {middle[:1]}",
        name_search,
    ][form]


def realistic_prefixes(n: int, rng: random.Random) -> list[str]:
    """The examples, then prefixes of random members' names (so as frequent as the names)."""
    from django.db.models import Max

    top = all_members().aggregate(top=Max("id"))["top"]
    ids = rng.sample(range(1, top + 1), n)
    names = list(all_members().filter(pk__in=ids).values_list("name_search", flat=True))
    forms = rng.choices(range(5), weights=[30, 20, 20, 10, 20], k=len(names))
    return (EXAMPLE_PREFIXES + [typed_prefix(name, form) for name, form in zip(names, forms, strict=True)])[:n]


def db_ms(fn: Callable[[], Any]) -> float:
    """The database's time of the queries `fn` sends (execution and transfer of the rows)."""
    from django.db import connection

    spent: list[float] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - start)

    with connection.execute_wrapper(timed):
        fn()
    return sum(spent) * 1000


def search_page(text: str, within: Organization | None = None) -> list[Member]:
    """The list page's search: the ranked ids of the matches in the list (up to the
    limit), then the first page's 50 members."""
    from partybuilding.members.records.selectors import ranked_search

    members = all_members().in_list()
    members = members if within is None else members.within(within)
    ids = ranked_search(members, text)[:PAGE]
    rows = members.select_related("organization").in_bulk(ids)
    return [rows[pk] for pk in ids]


def bench_search(pairs: list[tuple[str, Organization]], repeat: int) -> list[Timing]:
    prefixes = [p for p, _ in pairs]
    found = [len(search_page(p)) for p in prefixes]
    note = f"{sum(f == PAGE for f in found)} of {len(found)} fill a page"
    timings = [
        timing("b", "name search, page of 50: database", each_ms(lambda p: db_ms(lambda: search_page(p)), prefixes), note),
        timing("b", "  whole function", each_ms(lambda p: elapsed_ms(lambda: search_page(p)), prefixes)),
        timing("b", "name search in a province: database", each_ms(lambda pp: db_ms(lambda: search_page(*pp)), pairs)),
        timing("b", "  whole function", each_ms(lambda pp: elapsed_ms(lambda: search_page(*pp)), pairs)),
    ]
    for text in EXAMPLE_PREFIXES + GIVEN_NAMES:
        timings.append(timing("b", f"'{text}': database", each_ms(lambda t: db_ms(lambda: search_page(t)), [text] * repeat)))
    return timings


def slowest_prefixes(prefixes: list[str], k: int = 8) -> list[dict[str, Any]]:
    """Which prefixes are slow, to see why (a second, cached run of each)."""
    runs = [(db_ms(lambda p=p: search_page(p)), p) for p in prefixes]
    return [{"prefix": p, "ms": round(ms, 1)} for ms, p in sorted(runs, reverse=True)[:k]]


# --- (c) the member page ------------------------------------------------------------------


def bench_user() -> User:
    """A national administrator (a role on the root, not a superuser: the page's scope
    checks run as they do for officers)."""
    from partybuilding.accounts.choices import Role
    from partybuilding.accounts.models import RoleAssignment, User

    user, created = User.objects.get_or_create(username="bench.admin")
    if created:
        RoleAssignment.objects.create(user=user, role=Role.ADMINISTRATOR, organization=by_kind("central")[0])
    return user


TIMELINE = ["recognized", "transferred", "exempted", "exemption_lifted", "transferred"]
LONG_HISTORY = {"events": 40, "transfers": 8, "badges": 3}


def grow_timeline(member: Member, events: int, user: User, cells: list[Organization]) -> None:
    """Give the member `events` events in all, of the kinds a long Party life has (written
    directly: the page only reads them; status and counters are left alone)."""
    from partybuilding.members.models import MemberEvent

    have = member.events.count()
    day = member.admission_date
    added = []
    for i in range(have, events):
        day += dt.timedelta(days=200)
        kind = TIMELINE[i % len(TIMELINE)]
        to = cells[(member.pk + i) % len(cells)] if kind == "transferred" else None
        added.append(
            MemberEvent(
                member=member, kind=kind, date=min(day, dt.date.today()), organization_id=member.organization_id, org_path=member.org_path,
                to_organization=to, to_org_path=to.path if to else "",
                decision_number=f"{i}-QĐ/ĐU", decision_date=day, decided_by="Ban Thường vụ Đảng ủy", recorded_by=user,
            )
        )  # fmt: skip
    MemberEvent.objects.bulk_create(added)


def grow_letters_and_badges(member: Member, transfers: int, badges: int, user: User, cells: list[Organization]) -> None:
    """Received transfer letters and Party badges, which the record page's sections list."""
    from partybuilding.members.models import BadgeAward, Transfer

    day = member.admission_date
    letters = []
    for i in range(member.transfers.count(), transfers):
        day += dt.timedelta(days=400)
        origin, target = cells[(member.pk + i) % len(cells)], cells[(member.pk + i + 1) % len(cells)]
        letters.append(
            Transfer(
                member=member, kind="official", from_organization=origin, to_organization=target, letter_number=f"{i}-GGT/ĐU",
                letter_date=day, status="received", status_date=day + dt.timedelta(days=10), recorded_by=user,
            )
        )  # fmt: skip
    Transfer.objects.bulk_create(letters)
    have = set(member.badges.values_list("years", flat=True))
    awards = [BadgeAward(member=member, years=y, award_date=day, recorded_by=user) for y in (30, 40, 45, 50, 55)[:badges] if y not in have]
    BadgeAward.objects.bulk_create(awards)


@dataclass
class PageRun:
    member: int
    events: int
    queries: int
    p50_ms: float
    p95_ms: float
    sections_queries: int | None  # the fragment the page loads (transfers, badges, roles), if any
    sections_p50_ms: float | None


def counted_get(client: Any, url: str) -> int:
    """Queries of one GET (after a first one: the first page view of all also creates the
    audit log's head row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: captured_queries slices connection.queries, which the next request resets
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return queries


def sections_url(member: Member) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("member_record_sections", args=[member.pk])
    except NoReverseMatch:  # a version of the page without the fragment
        return None


def member_page(client: Any, member: Member, repeat: int) -> PageRun:
    url, sections = f"/members/{member.pk}/", sections_url(member)
    queries = counted_get(client, url)
    samples = each_ms(lambda _: elapsed_ms(lambda: client.get(url)), range(repeat))
    section_queries = counted_get(client, sections) if sections else None
    section_p50 = percentile(each_ms(lambda _: elapsed_ms(lambda: client.get(sections)), range(repeat)), 50) if sections else None
    return PageRun(
        member.pk, member.events.count(), queries, percentile(samples, 50), percentile(samples, 95), section_queries, section_p50
    )


def bench_member_pages(user: User, cells: list[Organization], rng: random.Random, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    chosen = list(all_members().filter(pk__in=rng.sample(range(1, all_members().count() + 1), 6)))
    short, long = chosen[:3], chosen[3:]
    for member in long:
        grow_timeline(member, LONG_HISTORY["events"], user, cells)
        grow_letters_and_badges(member, LONG_HISTORY["transfers"], LONG_HISTORY["badges"], user, cells)
    runs = [member_page(client, m, repeat) for m in short + long]
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/members/{long[0].pk}/")
    return {
        "long_history": LONG_HISTORY,
        "runs": [asdict(r) for r in runs],
        "queries_of_a_40_event_page": [q["sql"][:160] for q in captured.captured_queries],
    }


# --- (d) recompute ------------------------------------------------------------------------


def peak_rss_mib() -> int:
    """This process's peak resident memory since the last reset_peak_rss()."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM:"))


def reset_peak_rss() -> None:
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")  # Linux: reset VmHWM to the current RSS


def bench_recompute() -> dict[str, Any]:
    """totals.recompute of the "m." keys: time, drift and the memory it needs (it holds
    the recounted and the stored totals as dictionaries)."""
    from partybuilding.organizations import totals

    reset_peak_rss()
    start = time.perf_counter()
    drift = totals.recompute(prefixes=["m."])
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "drift": len(drift), "first_drift": drift[:5], "peak_rss_mib": peak_rss_mib()}


# --- (e) the member list ------------------------------------------------------------------


def list_request(user: User, within: Organization) -> Any:
    """A GET of the member list's first page within `within`, as the middleware leaves it."""
    from django.test import RequestFactory

    request = RequestFactory().get("/members/", {"within": within.pk})
    request.user = user
    request.scope = within  # type: ignore[attr-defined]
    return request


def list_queryset(user: User, within: Organization) -> QuerySet[Member]:
    from partybuilding.members.records import views as records
    from partybuilding.members.records.forms import MemberFilterForm

    request = list_request(user, within)
    members, _within = records.filtered(request, MemberFilterForm(request.GET or None))
    return members.select_related("organization")


def first_page(user: User, within: Organization) -> int:
    """records.list_page, as member_list calls it: the count (from the subtree totals when
    no filter is set), then 50 rows."""
    from partybuilding.members.records import views as records
    from partybuilding.members.records.forms import MemberFilterForm

    request = list_request(user, within)
    form = MemberFilterForm(request.GET or None)
    members, _within = records.filtered(request, form)
    page, _more = records.list_page(records.member_listing(request, form), form, members, within)
    return len(page.object_list)


def bench_member_list(user: User, label: str, orgs: list[Organization]) -> list[Timing]:
    from django.test import Client

    client = Client()
    client.force_login(user)

    def page_ms(org: Organization) -> float:
        return elapsed_ms(lambda: client.get("/members/", {"within": org.pk}))

    return [
        timing("e", f"list page 1, {label}: database", each_ms(lambda o: db_ms(lambda: first_page(user, o)), orgs)),
        timing("e", "  filters + paging, whole function", each_ms(lambda o: elapsed_ms(lambda: first_page(user, o)), orgs)),
        timing("e", f"list page 1, {label}: whole request", each_ms(page_ms, orgs)),
    ]


# --- (f) plans ------------------------------------------------------------------------------


def explains(user: User, root: Organization, province: Organization, commune: Organization) -> dict[str, dict[str, Any]]:
    from partybuilding.core.text import search_key
    from partybuilding.members.records.selectors import SEARCH_LIMIT, name_starts

    def ranked(text: str, within: Organization | None = None) -> list[QuerySet[Any]]:
        """The two index reads of ranked_search."""
        members = all_members().in_list()
        members = members if within is None else members.within(within)
        full, given = name_starts(search_key(text))
        limit = SEARCH_LIMIT + 1
        return [
            members.filter(full).order_by("name_search", "org_path", "pk").values("pk")[:limit],
            members.filter(given).exclude(full).order_by("given_search", "sort_key", "org_path", "pk").values("pk")[:limit],
        ]

    plans = {"a: dashboard rows of the root": explain(dashboard_rows(root))}
    for text, within in [("tran thi h", None), ("nguyen van a", None), ("tran thi h", province), ("hung", None)]:
        where = f" in province {province.code}" if within else ""
        full, given = ranked(text, within)
        plans[f"b: '{text}'{where}, full-name starts"] = explain(full)
        plans[f"b: '{text}'{where}, given-name starts"] = explain(given)
    plans[f"e: list page 1 of province {province.code}"] = explain(list_queryset(user, province)[:PAGE])
    plans[f"e: list page 1 of commune {commune.code}"] = explain(list_queryset(user, commune)[:PAGE])
    return plans


# --- the report -----------------------------------------------------------------------------


def table_sizes() -> dict[str, str]:
    from django.db import connection

    from partybuilding.members.models import Member, MemberEvent, Membership
    from partybuilding.organizations.models import SubtreeTotal

    sizes = {}
    with connection.cursor() as cursor:
        for model in (Member, Membership, MemberEvent, SubtreeTotal):
            cursor.execute(
                "SELECT reltuples::bigint, pg_size_pretty(pg_table_size(oid)), pg_size_pretty(pg_indexes_size(oid)) FROM pg_class WHERE oid = %s::regclass",
                [model._meta.db_table],
            )
            rows, data, indexes = cursor.fetchone()
            sizes[model._meta.db_table] = f"{rows:,} rows, {data} data + {indexes} indexes"
    return sizes


def print_timings(timings: list[dict[str, Any]]) -> None:
    print(f"\n{'':3}{'query':<52}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}  note")
    for t in timings:
        flag = "MISS " if t["p95_ms"] > TARGET_MS and "whole request" not in t["what"] else ""
        print(f"{t['section']:<3}{t['what']:<52}{t['n']:>5}{t['p50_ms']:>10.2f}{t['p95_ms']:>10.2f}{t['max_ms']:>10.2f}  {flag}{t['note']}")


def print_build(tree: dict[str, Any], build: dict[str, Any]) -> None:
    print(f"\ntree: {sum(tree['organizations'].values()):,} organizations, {tree['total_seconds']:.1f} s")
    print(f"members: {build['members']:,} in {build['homes']:,} cells, {build['distinct_names']:,} distinct names")
    for name, seconds in build["seconds"].items():
        print(f"    {name:<24} {seconds:8.2f} s")
    for name, seconds in build["total_steps"].items():
        print(f"      {name:<22} {seconds:8.2f} s")
    print(f"    {'total':<24} {build['total_seconds']:8.2f} s")


def print_report(results: dict[str, Any]) -> None:
    print(f"\nEnvironment: {results['environment']}")
    if results["tree"]:
        print_build(results["tree"], results["members_build"])
    print(f"    build peak RSS (Python): {results['build_peak_rss_mib']:,} MiB")
    for table, size in results["table_sizes"].items():
        print(f"    {table}: {size}")
    print_timings(results["timings"])
    print("\n(b) slowest prefixes:", ", ".join(f"{s['prefix']!r} {s['ms']} ms" for s in results["slowest_prefixes"]))
    print(f"\n(c) member page (long history: {results['member_page']['long_history']})")
    print(f"   {'member':>10}{'events':>8}{'queries':>9}{'p50 ms':>9}{'p95 ms':>9}{'sections: queries':>19}{'p50 ms':>9}")
    for r in results["member_page"]["runs"]:
        sections = f"{r['sections_queries']:>19}{r['sections_p50_ms']:>9.2f}" if r["sections_queries"] is not None else ""
        print(f"   {r['member']:>10}{r['events']:>8}{r['queries']:>9}{r['p50_ms']:>9.2f}{r['p95_ms']:>9.2f}{sections}")
    r = results.get("recompute") or {"seconds": 0, "drift": "not run", "peak_rss_mib": 0}
    print(f"\n(d) recompute(prefixes=['m.']): {r['seconds']:.1f} s, drift {r['drift']}, peak RSS {r['peak_rss_mib']:,} MiB")
    print("\n(f) EXPLAIN (ANALYZE, BUFFERS)")
    for name, e in results["explain"].items():
        print(f"   {name}: {e['execution']}\n      " + "\n      ".join(e["scans"]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="the tree: 1.0 = national")
    parser.add_argument("--members", type=int, default=members.NATIONAL_MEMBERS)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--samples", type=int, default=200, help="communes, cells and prefixes sampled")
    parser.add_argument("--repeat", type=int, default=20, help="repetitions for single-query measurements")
    parser.add_argument("--reuse", action="store_true", help="measure the data already in the database (no build)")
    parser.add_argument("--out", default="members.json", help="file name in bench/out/")
    parser.add_argument("--no-recompute", action="store_true", help="skip (d): minutes and ≈15 GB at national scale")
    args = parser.parse_args(argv)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")  # django.test.Client's host
    generate.setup_django()
    if args.reuse:
        tree_report, members_report = None, None
    else:
        tree_report = generate.build(args.scale, args.seed)
        members_report = members.build(args.members, args.seed)
        members.print_report(members_report)
    results: dict[str, Any] = {
        "out": args.out,
        "environment": environment(),
        "tree": {**asdict(tree_report), "total_seconds": tree_report.total_seconds} if tree_report else {},
        "members_build": {**asdict(members_report), "total_seconds": members_report.total_seconds} if members_report else {},
        "build_peak_rss_mib": peak_rss_mib(),
        "table_sizes": table_sizes(),
    }
    save(results)
    measure(results, args)
    print_report(results)
    print(f"\nwritten to {OUT / args.out}")


def save(results: dict[str, Any]) -> None:
    """Written after every section: a late failure (memory, a timeout) keeps the rest."""
    OUT.mkdir(exist_ok=True)
    (OUT / results["out"]).write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))


def measure(results: dict[str, Any], args: argparse.Namespace) -> None:
    from partybuilding.members.records.selectors import dashboard

    rng = random.Random(args.seed)
    today = dt.date.today()
    root, provinces, communes, cells = by_kind("central")[0], by_kind("province"), by_kind("commune"), by_kind("cell")
    sample = min(args.samples, len(communes))
    user = bench_user()
    largest = max(provinces, key=lambda p: dashboard(p, today)["total"])
    results["dashboard_check"] = check_dashboard(largest, today)
    timings = bench_dashboard("national root", [root] * args.repeat, today)
    timings += bench_dashboard("34 provinces", provinces, today)
    timings += bench_dashboard(f"{sample} communes", rng.sample(communes, sample), today)
    timings += bench_dashboard(f"{sample} cells", rng.sample(cells, sample), today)
    prefixes = realistic_prefixes(args.samples, rng)
    pairs = [(p, rng.choice(provinces)) for p in prefixes]  # a province to search within
    timings += bench_search(pairs, args.repeat)
    results["slowest_prefixes"] = slowest_prefixes(prefixes)
    results["timings"] = [asdict(t) for t in timings]
    save(results)
    timings += bench_member_list(user, "34 provinces", provinces)
    list_communes = rng.sample(communes, sample)
    timings += bench_member_list(user, f"{sample} communes", list_communes)
    results["timings"] = [asdict(t) for t in timings]
    results["member_page"] = bench_member_pages(user, cells, rng, args.repeat)
    results["explain"] = explains(user, root, largest, rng.choice(communes))
    save(results)
    if not args.no_recompute:
        results["recompute"] = bench_recompute()  # last: the most memory
        save(results)


if __name__ == "__main__":
    main()
