"""Every list, report and API route an officer can reach, timed through the real views on the
national database (bench/run_members.py, bench/meetings.py, bench/dues.py built it).

Two officers hold the organizing, inspection, office and standing-committee roles: one over
the largest province, one over the whole country. For each, every page route of the site
whose only parameters are an organization, a year or a month is asked for with the
officer's scope (`?within=`), and every GET operation of the API likewise (a path's
organization id, a `within` query parameter). Object pages (a member, a meeting) are not
lists and are left out, as are files (Excel, PDF: background jobs, bench/exports.py).

Each route is asked once to warm up, then `--repeat` times: wall time of the request
(Django's test client), the database's share (every query timed) and the number of
queries; p50 and p95, nearest rank. A route slower than the targets is marked.

    .venv/bin/python bench/pages.py                       # DATABASE_URL: the national database
    .venv/bin/python bench/pages.py --only /members/ /api/members   # routes starting so

Results: bench/out/pages.json and bench/out/pages.md (the table of bench/README.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import generate  # bench/ is the script's folder, hence on sys.path

OUT = Path(__file__).resolve().parent / "out"
WALL_TARGET_MS, DB_TARGET_MS = 300, 200
ROLES = ("organizing_officer", "inspection_officer", "office_officer", "standing_committee")
ORG_PARAMETERS = {"org_id", "org_pk", "organization_id"}
FILES = re.compile(r"(xlsx|pdf|csv|excel|export|download|\.png|\.svg|\.webmanifest|sw\.js|template)", re.IGNORECASE)
NOT_LISTS = re.compile(r"^(accounts/|admin/|i18n/|text-size|health|offline|api/docs|api/openapi|jsi18n|__)")
FILES_TOO = re.compile(r"\.json$")


@dataclass
class Route:
    path: str  # as the bench asks for it, scope filled in
    kind: str  # page or api
    walls: list[float] = field(default_factory=list)
    dbs: list[float] = field(default_factory=list)
    queries: int = 0
    status: int = 0

    def p(self, values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))] if ordered else 0.0

    def summary(self) -> dict[str, Any]:
        wall95, db95 = self.p(self.walls, 0.95), self.p(self.dbs, 0.95)
        return {
            "route": self.path,
            "kind": self.kind,
            "status": self.status,
            "queries": self.queries,
            "wall_p50": round(self.p(self.walls, 0.5), 1),
            "wall_p95": round(wall95, 1),
            "db_p50": round(self.p(self.dbs, 0.5), 1),
            "db_p95": round(db95, 1),
            "over": self.status == 200 and (wall95 > WALL_TARGET_MS or db95 > DB_TARGET_MS),
        }


def page_routes(scope_pk: int, today: dt.date) -> Iterator[tuple[str, str]]:
    """The site's page routes an officer opens for a scope: no parameter but the scope,
    a year or a month."""
    from django.urls import URLResolver, get_resolver

    def walk(resolver: Any, prefix: str = "") -> Iterator[str]:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if not str(pattern.pattern).startswith("api"):
                    yield from walk(pattern, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    fill = {"year": str(today.year), "month": str(today.month)} | dict.fromkeys(ORG_PARAMETERS, str(scope_pk))
    for route in sorted(set(walk(get_resolver()))):
        if route.startswith("^") or NOT_LISTS.match(route) or FILES.search(route) or FILES_TOO.search(route):
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if any(name not in fill for name in names):
            continue
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: fill[m.group(1)], route)
        yield path + ("&" if "?" in path else "?") + f"within={scope_pk}", "page"


def api_routes(scope_pk: int, today: dt.date) -> Iterator[tuple[str, str]]:
    """The API's GET operations on lists and reports of a scope (from the OpenAPI document)."""
    from partybuilding.api.api import api

    schema = api.get_openapi_schema()
    fill = {"year": str(today.year), "month": str(today.month)} | dict.fromkeys(ORG_PARAMETERS, str(scope_pk))
    for path, operations in sorted(schema["paths"].items()):
        get = operations.get("get")
        if get is None or FILES.search(path):
            continue
        names = re.findall(r"{(\w+)}", path)
        if any(name not in fill for name in names):
            continue
        query = {p["name"]: p for p in get.get("parameters", []) if p.get("in") == "query"}
        asked = {"within": str(scope_pk)} if "within" in query else {}
        asked |= {name: required_value(name, p["schema"], today) for name, p in query.items() if p.get("required") and name not in asked}
        url = re.sub(r"{(\w+)}", lambda m: fill[m.group(1)], path)
        yield url + ("?" + urlencode(asked) if asked else ""), "api"


def required_value(name: str, schema: dict[str, Any], today: dt.date) -> str:
    """What an officer would ask for by default: this year, this year so far, today."""
    if schema.get("format") == "date":
        return (today.replace(month=1, day=1) if name in ("first", "start") else today).isoformat()
    if "year" in name:
        return str(today.year - 4 if name == "from_year" else today.year)
    return "10"  # a number of days


def measure(fetch: Callable[[], Any], route: Route, repeat: int) -> None:
    from django.db import connection

    spent: list[float] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append((time.perf_counter() - start) * 1000)

    with connection.execute_wrapper(timed):
        start = time.perf_counter()
        response = fetch()  # warm: rules, templates, the first plan
        warm = (time.perf_counter() - start) * 1000
        route.status = response.status_code
        if route.status != 200:
            return
        runs = repeat if warm < 5_000 else 1  # a route of seconds is measured once more, not ten times
        for _ in range(runs):
            spent.clear()
            start = time.perf_counter()
            fetch()
            route.walls.append((time.perf_counter() - start) * 1000)
            route.dbs.append(sum(spent))
            route.queries = len(spent)


def officer(username: str, scope: Any) -> Any:
    """A user holding the officers' roles over `scope`, with the second factor given."""
    from partybuilding.accounts.models import RoleAssignment, User

    user, _ = User.objects.get_or_create(username=username)
    RoleAssignment.objects.filter(user=user).delete()
    for role in ROLES:
        RoleAssignment.objects.create(user=user, role=role, organization=scope)
    return user


def clients(user: Any) -> tuple[Any, Any]:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partybuilding.accounts.models import ApiToken
    from partybuilding.accounts.services import token_create

    pages = Client()
    pages.force_login(user)
    session = pages.session
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    ApiToken.objects.filter(user=user).delete()
    _token, key = token_create(actor=user, user=user, name="bench")
    return pages, Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def attention_lines(scope: Any, user: Any, today: dt.date, repeat: int) -> list[dict[str, Any]]:
    """Each line of the dashboard's attention list (core/attention.py), timed alone: the
    list counted for the scope is the sum of its lines."""
    from partybuilding.core import attention

    timed = []
    for provider in attention._PROVIDERS:
        route = Route(f"{provider.__module__}.{provider.__name__}", "attention")

        class Answer:
            status_code = 200

        def counted(provider: Any = provider) -> Any:
            provider(scope, today, user)
            return Answer

        measure(counted, route, repeat)
        timed.append(route.summary())
    return timed


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| route | scope | status | queries | wall p50 / p95 ms | DB p50 / p95 ms |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        mark = " **over**" if r["over"] else ""
        times = f"{r['wall_p50']:,.0f} / {r['wall_p95']:,.0f}{mark}" if r["status"] == 200 else "—"
        dbs = f"{r['db_p50']:,.0f} / {r['db_p95']:,.0f}" if r["status"] == 200 else "—"
        lines.append(f"| `{r['route'].split('?')[0]}` | {r['scope']} | {r['status']} | {r['queries']} | {times} | {dbs} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=[], help="routes starting with these")
    parser.add_argument("--scopes", nargs="*", default=["province", "country"], choices=["province", "country"])
    args = parser.parse_args(argv)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    generate.setup_django()

    from django.db.models import Count

    from partybuilding.members.models import Member
    from partybuilding.organizations.choices import OrgKind
    from partybuilding.organizations.models import Organization

    today = dt.date.today()
    root = Organization.objects.get(parent__isnull=True)
    provinces = {o.path: o for o in Organization.objects.filter(kind=OrgKind.PROVINCE)}
    sizes = Member.objects.values("org_path").annotate(n=Count("pk")).order_by()  # grouped by cell, summed by province
    by_province: dict[str, int] = {}
    segment = len(next(iter(provinces)))
    for row in sizes.iterator():
        key = row["org_path"][:segment]
        by_province[key] = by_province.get(key, 0) + row["n"]
    largest = provinces[max(provinces, key=lambda path: by_province.get(path, 0))]
    print(f"largest province: {largest.name} ({by_province.get(largest.path, 0):,} members)")

    results: list[dict[str, Any]] = []
    for scope_name, scope in (("province", largest), ("country", root)):
        if scope_name not in args.scopes:
            continue
        pages_user = officer(f"bench.pages.{scope_name}", scope)
        pages, api = clients(pages_user)
        for path, kind in [*page_routes(scope.pk, today), *api_routes(scope.pk, today)]:
            if args.only and not any(path.startswith(prefix) for prefix in args.only):
                continue
            route = Route(path, kind)
            client = pages if kind == "page" else api
            measure(partial(client.get, path), route, args.repeat)
            result = {**route.summary(), "scope": scope_name}
            results.append(result)
            flag = " OVER" if result["over"] else ""
            print(
                f"{scope_name:<8} {result['status']:>3} {result['queries']:>4}q wall {result['wall_p50']:>8.1f} / {result['wall_p95']:>8.1f}"
                f"  db {result['db_p50']:>8.1f} / {result['db_p95']:>8.1f}  {path}{flag}",
                flush=True,
            )

        if not args.only or "attention" in args.only:
            for result in attention_lines(scope, pages_user, today, args.repeat):
                results.append({**result, "scope": scope_name})
                print(
                    f"{scope_name:<8} attention line {result['route']}: {result['wall_p50']:.1f} / {result['wall_p95']:.1f} ms", flush=True
                )

    OUT.mkdir(exist_ok=True)
    (OUT / "pages.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    (OUT / "pages.md").write_text(table(results) + "\n")
    measured = [r for r in results if r["status"] == 200]
    over = [r for r in measured if r["over"]]
    print(f"{len(measured)} routes measured, {len(over)} over the targets (wall p95 {WALL_TARGET_MS} ms, database {DB_TARGET_MS} ms)")


if __name__ == "__main__":
    main()
