"""Benchmark the members at national scale on PostgreSQL.

Builds the tree (bench/generate.py) and the members (bench/members.py), then times what
the member pages and dashboards do, and writes bench/out/members.json:

(a) dashboard figures (selectors.dashboard) of the root, every province, 200 communes and
    200 cells; (b) name-prefix search, one page of 50, nationally and within a province,
    and a given-name word search; (c) the member page's query count with 1 and 40 events;
(d) totals.recompute of the "m." keys and its drift; (e) the member list's first page of a
province; (f) EXPLAIN (ANALYZE, BUFFERS) of those queries; (g) experimental indexes for
what misses 50 ms, measured before and after (created here only, then dropped).

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
from run import Timing, each_ms, elapsed_ms, environment, explain, orm_ms, percentile, sql_ms, timing

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from partybuilding.accounts.models import User
    from partybuilding.members.models import Member
    from partybuilding.organizations.models import Organization

OUT = Path(__file__).resolve().parent / "out"
TARGET_MS = 50.0
PAGE = 50
EXAMPLE_PREFIXES = ["nguyen van a", "tran thi h", "le minh"]
WORD_SEARCHES = ["anh", "hung", "thu"]


# --- helpers ------------------------------------------------------------------------------


def by_kind(kind: str) -> list[Organization]:
    from partybuilding.organizations.models import Organization

    return list(Organization.objects.filter(kind=kind).order_by("path"))


def all_members() -> QuerySet[Member]:
    from partybuilding.members.models import Member

    return Member.objects.all()


# --- (a) dashboard ------------------------------------------------------------------------


def dashboard_rows(org: Organization) -> QuerySet[Any]:
    """The one query selectors.dashboard makes, for SQL time and EXPLAIN."""
    from partybuilding.organizations.models import SubtreeTotal

    return SubtreeTotal.objects.filter(organization=org, key__startswith="m.").values_list("key", "value")


def bench_dashboard(label: str, orgs: Sequence[Organization], today: dt.date) -> list[Timing]:
    from partybuilding.members import selectors

    rows = [len(dashboard_rows(o)) for o in orgs[:50]]
    note = f"totals rows p50 {percentile(rows, 50)}, max {max(rows)}"
    return [
        timing("a", f"dashboard {label}: SQL", each_ms(lambda o: sql_ms(dashboard_rows(o)), orgs), note),
        timing("a", f"dashboard {label}: whole function", each_ms(lambda o: elapsed_ms(lambda: selectors.dashboard(o, today)), orgs)),
    ]


def check_dashboard(org: Organization, today: dt.date) -> dict[str, int]:
    """The dashboard's total agrees with a count of the member rows (one province, once)."""
    from partybuilding.members import selectors

    counted = selectors.in_subtree(all_members().in_list(), org).count()
    shown = selectors.dashboard(org, today)["total"]
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


def search_page(text: str, within: Organization | None = None) -> QuerySet[Member]:
    from partybuilding.members import selectors

    members = all_members() if within is None else selectors.in_subtree(all_members(), within)
    return selectors.search(members, text)[:PAGE]


def bench_search(pairs: list[tuple[str, Organization]], repeat: int) -> list[Timing]:
    prefixes = [p for p, _ in pairs]
    found = [len(list(search_page(p))) for p in prefixes]
    note = f"{sum(f == PAGE for f in found)} of {len(found)} fill a page"
    timings = [
        timing("b", "prefix search, page of 50, ORM", each_ms(lambda p: orm_ms(search_page(p)), prefixes), note),
        timing("b", "prefix search, page of 50, SQL", each_ms(lambda p: sql_ms(search_page(p)), prefixes)),
        timing("b", "prefix search in a province, ORM", each_ms(lambda pp: orm_ms(search_page(*pp)), pairs)),
        timing("b", "prefix search in a province, SQL", each_ms(lambda pp: sql_ms(search_page(*pp)), pairs)),
    ]
    for example in EXAMPLE_PREFIXES:
        timings.append(timing("b", f"'{example}', SQL", each_ms(lambda p: sql_ms(search_page(p)), [example] * repeat)))
    for word in WORD_SEARCHES:
        timings.append(timing("b", f"word '{word}', SQL", each_ms(lambda w: sql_ms(search_page(w)), [word] * repeat)))
    return timings


def slowest_prefixes(prefixes: list[str], k: int = 8) -> list[dict[str, Any]]:
    """Which prefixes are slow, to see why (a second, cached run of each)."""
    runs = [(sql_ms(search_page(p)), p) for p in prefixes]
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
                member=member, kind=kind, date=min(day, dt.date.today()), organization_id=member.organization_id, to_organization=to,
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
    from partybuilding.members.forms import MemberFilterForm
    from partybuilding.members.views import records

    request = list_request(user, within)
    members, _within = records.filtered(request, MemberFilterForm(request.GET or None))
    return members.select_related("organization")


def first_page(user: User, within: Organization) -> int:
    """records.filtered + Paginator, as member_list does: the count, then 50 rows."""
    from django.core.paginator import Paginator

    from partybuilding.members.views import records

    page = Paginator(list_queryset(user, within), records.PAGE_SIZE).get_page(1)  # counts, to validate the page number
    return len(page.object_list)


def member_total(org: Organization) -> QuerySet[Any]:
    """The same count kept in the subtree totals (valid when no filter is set)."""
    from partybuilding.organizations.models import SubtreeTotal

    return SubtreeTotal.objects.filter(organization=org, key="m.all").values_list("value")


def bench_member_list(user: User, label: str, orgs: list[Organization]) -> list[Timing]:
    from django.test import Client

    client = Client()
    client.force_login(user)

    def page_ms(org: Organization) -> float:
        return elapsed_ms(lambda: client.get("/members/", {"within": org.pk}))

    return [
        timing("e", f"list page 1, {label}: filtered + paging", each_ms(lambda o: elapsed_ms(lambda: first_page(user, o)), orgs)),
        timing("e", "  its COUNT(*) (Paginator.count), ORM", each_ms(lambda o: elapsed_ms(lambda: list_queryset(user, o).count()), orgs)),
        timing("e", "  its 50 rows, SQL", each_ms(lambda o: sql_ms(list_queryset(user, o)[:PAGE]), orgs)),
        timing("e", "  the count from SubtreeTotal 'm.all', SQL", each_ms(lambda o: sql_ms(member_total(o)), orgs)),
        timing("e", f"list page 1, {label}: whole request", each_ms(page_ms, orgs)),
    ]


# --- (f) plans ------------------------------------------------------------------------------


def explain_count(qs: QuerySet[Any]) -> dict[str, Any]:
    """EXPLAIN ANALYZE of the queryset's COUNT(*) (PostgreSQL flattens the subquery into
    the plan Django's own count() gets)."""
    from django.db import connection

    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM ({sql}) AS counted", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    lines = plan.splitlines()
    scans = [line.strip().lstrip("-> ") for line in lines if "Scan" in line]
    execution = next((line.split(":")[1].strip() for line in lines if line.startswith("Execution Time")), "")
    return {"scans": scans, "execution": execution, "plan": plan}


def explains(user: User, root: Organization, province: Organization, commune: Organization) -> dict[str, dict[str, Any]]:
    return {
        "a: dashboard rows of the root": explain(dashboard_rows(root)),
        "b: 'tran thi h', page of 50": explain(search_page("tran thi h")),
        "b: 'nguyen van a', page of 50": explain(search_page("nguyen van a")),
        f"b: 'tran thi h' in province {province.code}": explain(search_page("tran thi h", province)),
        "b: word 'anh', page of 50": explain(search_page("anh")),
        f"e: list page 1 of province {province.code}": explain(list_queryset(user, province)[:PAGE]),
        f"e: list page 1 of commune {commune.code}": explain(list_queryset(user, commune)[:PAGE]),
        f"e: COUNT(*) of province {province.code}'s list": explain_count(list_queryset(user, province)),
        "g: 'phan van', name start (range), ORDER BY name_search": explain(name_starts("phan van", None, BY_NAME)),
        "g: 'phan van', name start (LIKE), ORDER BY name_search": explain(name_starts("phan van", None, BY_NAME, like=True)),
    }


# --- (g) experiments: what would bring the misses under 50 ms ------------------------------
# Bench only: the querysets a changed selectors.search would send, and a candidate index,
# created here and dropped afterwards. The project's code and migrations are unchanged.


BY_NAME = ("name_search", "pk")


def name_starts(
    text: str, within: Organization | None = None, order: tuple[str, ...] = ("sort_key",), like: bool = False
) -> QuerySet[Member]:
    """The name-start half of selectors.search alone (no word-start branch), in `order`.
    `like`: as `name_search LIKE 'key%'` instead of the range selectors.search uses."""
    from django.db.models import Q

    from partybuilding.core.text import search_key
    from partybuilding.members import selectors

    key = search_key(text)
    members = all_members() if within is None else selectors.in_subtree(all_members(), within)
    # The range's estimate is often 1 row (a plan that sorts every match); for LIKE
    # 'prefix%' PostgreSQL estimates from the prefix and the histogram, close to the truth.
    starts = Q(name_search__startswith=key) if like else Q(name_search__gte=key, name_search__lt=key + "\uffff")
    return members.filter(starts).order_by(*order)[:PAGE]


def name_start_timings(pairs: list[tuple[str, Organization]], order: tuple[str, ...], like: bool, label: str) -> list[Timing]:
    prefixes = [p for p, _ in pairs]
    return [
        timing("g", f"{label}, SQL", each_ms(lambda p: sql_ms(name_starts(p, None, order, like)), prefixes)),
        timing("g", "  in a province", each_ms(lambda pp: sql_ms(name_starts(*pp, order, like)), pairs)),
    ]


def by_name_timings(pairs: list[tuple[str, Organization]]) -> list[Timing]:
    return [
        *name_start_timings(pairs, BY_NAME, False, "name start only (range), ORDER BY name_search, pk"),
        *name_start_timings(pairs, BY_NAME, True, "name start only (LIKE), ORDER BY name_search, pk"),
    ]


def bench_name_start_variants(pairs: list[tuple[str, Organization]]) -> list[Timing]:
    return name_start_timings(pairs, ("sort_key",), False, "name start only (range), ORDER BY sort_key") + by_name_timings(pairs)


def list_rows_within(org: Organization) -> QuerySet[Member]:
    """The list's first page without the user's scope range: records.filtered adds it
    beside `within`, which visible_organization_or_404 has already checked, and the two
    overlapping ranges on org_path make PostgreSQL misestimate the row count."""
    from partybuilding.members import selectors

    members = selectors.in_subtree(all_members().in_list(), org).order_by("sort_key", "pk")
    return members.select_related("organization")[:PAGE]


def serial_sql_ms(qs: QuerySet[Any]) -> float:
    """sql_ms with parallel query off: starting workers costs more than a small page's work."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        try:
            return sql_ms(qs)
        finally:
            cursor.execute("RESET max_parallel_workers_per_gather")


def bench_list_variants(user: User, provinces: list[Organization], communes: list[Organization]) -> list[Timing]:
    return [
        timing("g", "list page 1 without the scope range, 34 provinces, SQL", each_ms(lambda o: sql_ms(list_rows_within(o)), provinces)),
        timing("g", f"  {len(communes)} communes, SQL", each_ms(lambda o: sql_ms(list_rows_within(o)), communes)),
        timing(
            "g",
            f"list page 1 without parallel workers, {len(communes)} communes, SQL",
            each_ms(lambda o: serial_sql_ms(list_queryset(user, o)[:PAGE]), communes),
        ),
        timing("g", "  both changes", each_ms(lambda o: serial_sql_ms(list_rows_within(o)), communes)),
    ]


GIVEN_NAME_SQL = "substring(name_search, '[^ ]+$')"  # the last word: the given name


def given_name_starts(text: str) -> QuerySet[Member]:
    """A one-word search as a given-name prefix, in (given name, sort_key) order: the
    order of the candidate index below, so a page is one index range read."""
    from django.db.models import F, Func, Value

    from partybuilding.core.text import search_key

    key = search_key(text)
    given = Func(F("name_search"), Value("[^ ]+$"), function="substring")
    members = all_members().alias(given=given).filter(given__gte=key, given__lt=key + "\uffff")
    return members.order_by("given", "sort_key")[:PAGE]


def bench_given_name(words: list[str], repeat: int) -> list[Timing]:
    return [
        timing("g", f"given name '{w}' (expression index), SQL", each_ms(lambda x: sql_ms(given_name_starts(x)), [w] * repeat))
        for w in words
    ]


@dataclass
class Experiment:
    """A candidate index, created for the measurement and dropped after."""

    name: str
    ddl: str
    why: str


GIVEN_NAME_INDEX = Experiment(
    "member_given_sort_idx",
    f"CREATE INDEX member_given_sort_idx ON members_member (({GIVEN_NAME_SQL}), sort_key)",
    "a given-name search, one page in (given name, sort_key) order",
)


NAME_ID_INDEX = Experiment(
    "member_name_search_id_idx",
    "CREATE INDEX member_name_search_id_idx ON members_member (name_search, id)",
    "search results in (name_search, pk) order: no sort of the rows sharing a name",
)


def with_index(experiment: Experiment, measure: Callable[[], list[Timing]], plan: Callable[[], QuerySet[Any]]) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(experiment.ddl)
        cursor.execute("ANALYZE members_member")  # statistics of the indexed expression
        built = time.perf_counter() - start
        cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s::regclass))", [experiment.name])
        size = cursor.fetchone()[0]
    try:
        after, explained = measure(), explain(plan())
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX {experiment.name}")
    return {**asdict(experiment), "build_seconds": built, "size": size, "after": [asdict(t) for t in after], "explain": explained}


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
    r = results["recompute"]
    print(f"\n(d) recompute(prefixes=['m.']): {r['seconds']:.1f} s, drift {r['drift']}, peak RSS {r['peak_rss_mib']:,} MiB")
    print("\n(f) EXPLAIN (ANALYZE, BUFFERS)")
    for name, e in results["explain"].items():
        print(f"   {name}: {e['execution']}\n      " + "\n      ".join(e["scans"]))
    print("\n(g) variants of the search, without new indexes")
    print_timings(results["variants"])
    for x in results["experiments"]:
        print(f"\n(g) {x['ddl']}  ({x['size']}, built in {x['build_seconds']:.1f} s)")
        print_timings(x["after"])
        print(f"   EXPLAIN: {x['explain']['execution']}\n      " + "\n      ".join(x["explain"]["scans"]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="the tree: 1.0 = national")
    parser.add_argument("--members", type=int, default=members.NATIONAL_MEMBERS)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--samples", type=int, default=200, help="communes, cells and prefixes sampled")
    parser.add_argument("--repeat", type=int, default=20, help="repetitions for single-query measurements")
    parser.add_argument("--reuse", action="store_true", help="measure the data already in the database (no build)")
    parser.add_argument("--out", default="members.json", help="file name in bench/out/")
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
    from partybuilding.members import selectors

    rng = random.Random(args.seed)
    today = dt.date.today()
    root, provinces, communes, cells = by_kind("central")[0], by_kind("province"), by_kind("commune"), by_kind("cell")
    sample = min(args.samples, len(communes))
    user = bench_user()
    largest = max(provinces, key=lambda p: selectors.dashboard(p, today)["total"])
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
    results["variants"] = [asdict(t) for t in bench_name_start_variants(pairs) + bench_list_variants(user, provinces, list_communes)]
    results["experiments"] = [
        with_index(GIVEN_NAME_INDEX, lambda: bench_given_name(WORD_SEARCHES, args.repeat), lambda: given_name_starts("hung")),
        with_index(NAME_ID_INDEX, lambda: by_name_timings(pairs), lambda: name_starts("phan van", None, BY_NAME, like=True)),
    ]
    save(results)
    results["recompute"] = bench_recompute()  # last: the most memory
    save(results)


if __name__ == "__main__":
    main()
