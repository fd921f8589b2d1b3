"""The yearly assessment at national scale: a province's round opened through the job function
of a real opening, then the per-subordinate table and form 6 of the province and of the
country, read from the counters.

    scripts/with-postgres.sh .venv/bin/python bench/assessments.py --scale 0.01 --members 55000   # smoke run
    scripts/with-postgres.sh .venv/bin/python bench/assessments.py                                # national
    .venv/bin/python bench/assessments.py --reuse      # on a database holding the national tree and members

Without --reuse it builds the tree (bench/generate.py) and the members (bench/members.py)
first. Then:

- (a) the yearly round of each of the `--provinces` largest provinces (by members), opened
  one after the other through `services.rounds.list_round`, the background job's function: it
  lists the members in the list on the cut-off date and the organizations, with the year's
  counters. Wall time of each opening (target: under 30 s for a province of ≈100 k members)
  and of its two phases.
- The ratings of those rounds are then decided in SQL (15 % excellent, 70 % good, 12 %
  completed, 3 % not completed) and the "as." counters recounted as `manage.py totals_check
  --fix` does (`totals.recompute(fix=True, prefixes=["as."])`, timed): the reads below then
  find every level.
- (b) `reports.table` (one line per subordinate organization, this year and last) and
  `reports.form6` of the largest province and of the country, database time and wall time;
  then the API's `GET /api/assessments/table` and the two report pages through Django's test
  client (warm), wall time. Target: under 100 ms.

Results go to bench/out/assessments.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import generate  # bench/ is the script's folder, hence on sys.path
import members
from run import Timing, timing
from run_members import db_ms

OUT = Path(__file__).resolve().parent / "out"
OPEN_TARGET_S = 30.0
READ_TARGET_MS = 100.0


def provinces_by_members(count: int) -> list[Any]:
    """The `count` provinces with the most members (read from the "m." counters when kept)."""
    from django.db.models import Count, Q

    from partybuilding.members.models import Member
    from partybuilding.organizations.models import Organization

    provinces = list(Organization.objects.filter(kind="province"))
    sizes = {p.pk: Member.objects.filter(Q(org_path__startswith=p.path)).aggregate(n=Count("pk"))["n"] for p in provinces}
    return sorted(provinces, key=lambda p: -sizes[p.pk])[:count]


def open_province(province: Any, year: int) -> dict[str, Any]:
    """The province's yearly round, listed by the job's function; its times."""
    from partybuilding.assessments.choices import PeriodKind
    from partybuilding.assessments.models import Round
    from partybuilding.assessments.services.rounds import OPEN_JOB, default_calendar, list_round
    from partybuilding.core.models import Job

    round_ = Round.objects.create(
        organization=province,
        year=year,
        period_kind=PeriodKind.YEAR,
        title=f"Đánh giá năm {year} — {province.code}",
        **default_calendar(year),
    )
    phases: dict[str, float] = {}
    started = time.perf_counter()

    def progress(phase: str, done: int, total: int) -> None:
        phases[phase] = time.perf_counter() - started  # the time when the phase last reported

    result = list_round(Job(kind=OPEN_JOB, params={"round": round_.pk}), progress)
    seconds = time.perf_counter() - started
    members_s = phases.get("members", seconds)
    return {
        "province": province.code,
        "round": round_.pk,
        "seconds": round(seconds, 2),
        "members_s": round(members_s, 2),
        "organizations_s": round(seconds - members_s, 2),
        **result,
    }


def decide_in_sql(round_ids: list[int], decided_on: dt.date) -> tuple[int, float]:
    """Every listed rating of the rounds decided, with a realistic spread of levels."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.11)")
        cursor.execute(
            """
            UPDATE assessments_memberrating m
            SET stage = 'decided', stage_since = %s, decision_number = '1-QĐ/ĐU', decision_date = %s,
                level = CASE WHEN d.r < 0.15 THEN 'excellent' WHEN d.r < 0.85 THEN 'good'
                             WHEN d.r < 0.97 THEN 'completed' ELSE 'not_completed' END,
                not_completed_reason = CASE WHEN d.r >= 0.97 THEN 'under_half' ELSE '' END,
                score = CASE WHEN d.r < 0.15 THEN 92 WHEN d.r < 0.85 THEN 80 WHEN d.r < 0.97 THEN 60 ELSE 40 END
            FROM (SELECT id, random() AS r FROM assessments_memberrating WHERE round_id = ANY(%s) AND stage = 'listed') d
            WHERE m.id = d.id
            """,
            [decided_on, decided_on, round_ids],
        )
        rows = cursor.rowcount
        cursor.execute(
            """
            UPDATE assessments_organizationrating SET stage = 'decided', stage_since = %s, level = 'good', score = 80,
                decision_number = '2-QĐ/ĐU', decision_date = %s
            WHERE round_id = ANY(%s) AND stage = 'listed'
            """,
            [decided_on, decided_on, round_ids],
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) assessments_memberrating")
    return rows, time.perf_counter() - started


def recount() -> tuple[int, float]:
    from partybuilding.organizations import totals

    started = time.perf_counter()
    drift = totals.recompute(fix=True, prefixes=["as."])
    return len(drift), time.perf_counter() - started


def both(label: str, fetch: Callable[[], Any], repeat: int) -> list[Timing]:
    """Wall and database time of `fetch`, warm."""
    fetch()
    walls, dbs = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        dbs.append(db_ms(fetch))
        walls.append((time.perf_counter() - started) * 1000)
    return [timing("b", f"{label}: wall", walls), timing("b", f"{label}: database", dbs)]


def officer_client() -> Any:
    """A superuser's session past the second factor, as first_contact.py makes it."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partybuilding.accounts.models import User

    officer, _ = User.objects.get_or_create(username="bench.officer", defaults={"is_superuser": True, "is_staff": True})
    client = Client()
    client.force_login(officer)
    session = client.session
    device = TOTPDevice.objects.filter(user=officer).first() or TOTPDevice.objects.create(user=officer, name="bench", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def ok(client: Any, url: str) -> Callable[[], Any]:
    def fetch() -> Any:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return fetch


def reads(province: Any, year: int, repeat: int) -> list[Timing]:
    from partybuilding.assessments import reports
    from partybuilding.organizations.models import Organization

    root = Organization.objects.get(parent__isnull=True)
    client = officer_client()
    timings: list[Timing] = []
    from partybuilding.assessments.models import Round

    round_ = Round.objects.get(organization=province, year=year)
    timings += both("page: the assessment's home, every round with its progress", ok(client, "/assessments/"), repeat)
    timings += both("page: a province round's ratings (first page)", ok(client, f"/assessments/{round_.pk}/"), repeat)
    for name, org in (("largest province", province), ("country", root)):
        children = lambda org=org: list(reports.subordinates(org, year))  # noqa: E731
        timings += both(
            f"reports.table, {name} ({len(children())} lines)", lambda org=org, c=children: reports.table(org, c(), year), repeat
        )
        timings += both(f"reports.form6, {name}", lambda org=org: reports.form6(org, year), repeat)
        timings += both(f"API /table, {name}", ok(client, f"/api/assessments/table?within={org.pk}&year={year}"), repeat)
        timings += both(
            f"page: per-subordinate table, {name}", ok(client, f"/assessments/reports/table/?within={org.pk}&year={year}"), repeat
        )
        timings += both(f"page: form 6, {name}", ok(client, f"/assessments/reports/form6/?within={org.pk}&year={year}"), repeat)
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--members", type=int, default=members.NATIONAL_MEMBERS)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--provinces", type=int, default=3, help="the largest provinces whose rounds are opened (34: all)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="the tree and members are already in the database")
    args = parser.parse_args(argv)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    generate.setup_django()
    from partybuilding.assessments.services.rounds import default_calendar

    results: dict[str, Any] = {}
    if not args.reuse:
        tree = generate.build(args.scale, args.seed)
        print(f"tree: {sum(tree.organizations.values()):,} organizations in {tree.total_seconds:.1f} s")
        members.print_report(members.build(args.members, args.seed))
    year = dt.date.today().year
    provinces = provinces_by_members(args.provinces)
    opened = []
    for province in provinces:
        found = open_province(province, year)
        opened.append(found)
        flag = "" if found["seconds"] <= OPEN_TARGET_S else "  over the target"
        print(
            f"(a) round of {found['province']}: {found['members']:,} members, {found['organizations']:,} organizations listed "
            f"in {found['seconds']:.1f} s (members {found['members_s']:.1f} s, organizations {found['organizations_s']:.1f} s){flag}"
        )
    results["open"] = opened
    decided, spent = decide_in_sql([o["round"] for o in opened], default_calendar(year)["review_until"])
    print(f"ratings decided in SQL: {decided:,} in {spent:.1f} s")
    drift, spent = recount()
    results["recount"] = {"drift_repaired": drift, "seconds": round(spent, 1)}
    print(f"'as.' counters recounted (totals_check --fix): {drift:,} repaired in {spent:.1f} s")
    timings = reads(provinces[0], year, args.repeat)
    results["timings"] = [t.__dict__ for t in timings]
    OUT.mkdir(exist_ok=True)
    (OUT / "assessments.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    print(f"\n{'what':<70} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for t in timings:
        flag = "" if t.p95_ms <= READ_TARGET_MS else "  over the target"
        print(f"{t.what:<70} {t.n:>4} {t.p50_ms:>8.1f} {t.p95_ms:>8.1f} {t.max_ms:>8.1f}{flag}")
    print(f"\nwritten to {OUT / 'assessments.json'}")


if __name__ == "__main__":
    main()
