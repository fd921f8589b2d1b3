"""Inspection work at national scale: two years of cases, shortcomings, disciplines,
suspensions, appeals and denunciations over the national tree, then the statistics, the
overdue board, the lists, the home page and the attention lines, timed.

    PG_SHARED_BUFFERS=2GB PGPORT_TEST=55417 scripts/with-postgres.sh .venv/bin/python bench/inspections.py --scale 0.02  # smoke
    PG_SHARED_BUFFERS=2GB PGPORT_TEST=55417 scripts/with-postgres.sh .venv/bin/python bench/inspections.py               # national
    .venv/bin/python bench/inspections.py --reuse    # on a database already holding the tree and the members

Volume per year (× `--scale`), proportioned on the published national figures of the
Central Inspection Commission's yearly reviews (orders of magnitude: Party committees and
commissions at all levels inspect or supervise some tens of thousands of organizations and
members a year, discipline about 20–25,000 members and several hundred organizations, settle
a few thousand appeals and handle some 15,000 denunciations and petitions):

- 60,000 cases (inspections and supervisions of organizations and members, every kind and
  level), and 80,000 shortcomings to remedy from their conclusions;
- 25,000 disciplines of members (forms: 70 % reprimand, 20 % warning, 4 % dismissal, 6 %
  expulsion; ≈15 % committee members) and 1,000 of organizations; 500 suspensions;
- 2,000 appeals, settled one level above the deciding body;
- 15,000 denunciations and petitions (a quarter not processed).

Most are decided at the commune and grassroots levels and in the cells, some at the province,
a few at the centre. Rows are written by COPY with the columns the services set (org_path,
subject_path, level, body, status and its date, committee_member, the decision, the due
dates from the dated rules); no steps or audit rows (the reads below do not touch them). The
statistics only read the inspection tables, but a discipline must name its member: a pool of
`--members` members (bench/members.py) is loaded first and the subjects drawn from it.

Then, warm, median of `--repeat` runs (database time and wall time): `statistics.counting`
of the summary and of each form for the largest province and for the country, for the year
and for a quarter; the statistics page and `GET /api/inspections/statistics` through Django's
test client as the superuser and as an inspection officer of the province; the overdue
board (page and `selectors.overdue.counts`); the lists of cases, disciplines and
denunciations (first page and a filtered one); the home page `/inspections/`; the attention
lines of inspection work. Target: under 100 ms for a province. EXPLAIN ANALYZE of the
slowest queries goes to bench/out/inspections.json.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import generate  # bench/ is the script's folder, hence on sys.path
import members
from assessments import OUT, both, ok
from run import Timing

READ_TARGET_MS = 100.0
NATIONAL_POOL = 300_000  # members drawn as subjects
PER_YEAR = {
    "cases": 60_000,
    "shortcomings": 80_000,
    "member_disciplines": 25_000,
    "organization_disciplines": 1_000,
    "suspensions": 500,
    "appeals": 2_000,
    "denunciations": 15_000,
}
MEMBER_FORMS = {"reprimand": 70, "warning": 20, "dismissal": 4, "expulsion": 6}
ORGANIZATION_FORMS = {"reprimand": 60, "warning": 35, "dissolution": 5}
COMMITTEE_MEMBER_SHARE = 0.15
# the level of the acting body: (centre, province, commune, grassroots, cell)
LEVELS = ("centre", "province", "commune", "grassroots", "cell")
CASE_LEVELS = (0.5, 7, 40, 42.5, 10)
DISCIPLINE_LEVELS = (0.2, 3, 20, 30, 46.8)
ORGANIZATION_DISCIPLINE_LEVELS = (1, 19, 80, 0, 0)
DENUNCIATION_LEVELS = (2, 18, 55, 25, 0)
KIND_LEVEL = {
    "central": "centre",
    "province": "province",
    "commune": "commune",
    "grassroots_committee": "grassroots",
    "grassroots_cell": "grassroots",
    "cell": "cell",
}


# --- the tree and the pool, in memory ----------------------------------------------------------


@dataclass(slots=True)
class Org:
    id: int
    path: str
    kind: str
    parent_id: int | None

    @property
    def level(self) -> str:
        return KIND_LEVEL[self.kind]


class World:
    """The organizations and the member pool, with the lookups the drawing needs."""

    def __init__(self, rng: random.Random) -> None:
        from partybuilding.members.models import Member
        from partybuilding.organizations.models import Organization

        self.rng = rng
        rows = Organization.objects.order_by("path").values_list("id", "path", "kind", "parent_id")
        self.orgs = [Org(*row) for row in rows]
        self.by_path = {o.path: o for o in self.orgs}
        self.by_id = {o.id: o for o in self.orgs}
        self.children: dict[int, list[Org]] = defaultdict(list)
        self.of_level: dict[str, list[Org]] = defaultdict(list)
        for o in self.orgs:
            self.of_level[o.level].append(o)
            if o.parent_id is not None:
                self.children[o.parent_id].append(o)
        self.pool = list(Member.objects.order_by("org_path", "id").values_list("id", "org_path", "status"))

    def ancestor_at(self, path: str, level: str) -> Org:
        """The organization of `level` above (or at) `path`; the nearest one above when the
        branch has none of that level (a grassroots cell is its own cell)."""
        from partybuilding.core import paths

        chain = [self.by_path[p] for p in [*paths.ancestor_paths(path), path] if p in self.by_path]
        wanted = LEVELS.index(level)
        fitting = [o for o in chain if LEVELS.index(o.level) <= wanted]
        return fitting[-1]

    def member(self) -> tuple[int, str, str]:
        return self.pool[self.rng.randrange(len(self.pool))]

    def member_within(self, path: str) -> tuple[int, str, str] | None:
        from partybuilding.core import paths

        lo = bisect.bisect_left(self.pool, path, key=lambda m: m[1])
        hi = bisect.bisect_left(self.pool, paths.upper(path), key=lambda m: m[1])
        return self.pool[self.rng.randrange(lo, hi)] if hi > lo else None

    def level(self, weights: tuple[float, ...]) -> str:
        return self.rng.choices(LEVELS, weights=weights)[0]

    def org_with_children(self, level: str) -> Org:
        while True:
            org = self.rng.choice(self.of_level[level])
            if self.children.get(org.id):
                return org


# --- drawing the rows ---------------------------------------------------------------------------


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def day_in(rng: random.Random, year: int, today: dt.date) -> dt.date:
    start = dt.date(year, 1, 1)
    end = min(dt.date(year, 12, 31), today)
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def body_of(rng: random.Random, org: Org) -> str:
    if org.kind in ("cell", "grassroots_cell"):
        return "cell"
    return pick(rng, {"commission": 50, "committee": 35, "standing": 15})


class Rules:
    """The numbers of days the services take from the dated rules, read once per year."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int], Any] = {}

    def value(self, key: str, day: dt.date) -> Any:
        from partybuilding.core.rules import rule_value

        if (key, day.year) not in self._cache:
            self._cache[(key, day.year)] = rule_value(key, day)
        return self._cache[(key, day.year)]


class WorkingDays:
    """`core.calendar.add_working_days`, memoized: the draws reuse the same start days."""

    def __init__(self) -> None:
        self._cache: dict[tuple[dt.date, int], dt.date] = {}

    def add(self, start: dt.date, n: int) -> dt.date:
        from partybuilding.core.calendar import add_working_days

        if (start, n) not in self._cache:
            self._cache[(start, n)] = add_working_days(start, n)
        return self._cache[(start, n)]


@dataclass
class Drawn:
    cases: list[dict[str, Any]]
    shortcomings: list[dict[str, Any]]
    disciplines: list[dict[str, Any]]
    suspensions: list[dict[str, Any]]
    appeals: list[dict[str, Any]]
    denunciations: list[dict[str, Any]]


ORG_CASE_KINDS = {"inspection": 25, "signs": 6, "discipline_applied": 5, "inspection_tasks": 12, "finance": 12, "supervision": 25, "thematic": 15}  # fmt: skip
MEMBER_CASE_KINDS = {"inspection": 25, "signs": 15, "supervision": 35, "thematic": 25}
MEMBER_CONTENTS = ["democratic_centralism", "ethics", "unity", "duties", "forbidden", "corruption", "irresponsibility", "land", "finance", "assets", "other"]  # fmt: skip
ORG_CONTENTS = ["resolutions", "law", "working_rules", "cadres", "thrift", "complaints", "finance", "plan", "other"]


def draw_cases(world: World, years: list[int], today: dt.date, scale: float, ids: Iterator[int]) -> list[dict[str, Any]]:
    rng = world.rng
    rows = []
    for year in years:
        for _ in range(round(PER_YEAR["cases"] * scale)):
            level = world.level(CASE_LEVELS)
            on_member = level == "cell" or rng.random() < 0.3
            if on_member:
                member_id, member_path, _status = world.member()
                org = world.ancestor_at(member_path, level)
                subject = {"subject_kind": "member", "subject_member_id": member_id, "subject_path": member_path}
                subject["committee_member"] = rng.random() < COMMITTEE_MEMBER_SHARE
                kind = pick(rng, MEMBER_CASE_KINDS)
                contents = rng.sample(MEMBER_CONTENTS, rng.randint(1, 3))
            else:
                org = world.org_with_children(level)
                target = rng.choice(world.children[org.id])
                subject = {"subject_kind": "organization", "subject_organization_id": target.id, "subject_path": target.path}
                kind = pick(rng, ORG_CASE_KINDS)
                contents = rng.sample(ORG_CONTENTS, rng.randint(1, 3))
            start = day_in(rng, year, today) - dt.timedelta(days=rng.randrange(0, 60))
            period_to = start + dt.timedelta(days=rng.randrange(20, 90))
            concluded = period_to + dt.timedelta(days=rng.randrange(0, 30))
            row: dict[str, Any] = {
                "id": next(ids),
                "organization_id": org.id,
                "org_path": org.path,
                "body": body_of(rng, org),
                "kind": kind,
                "contents": contents,
                "period_from": start,
                "period_to": period_to,
                "decision_number": f"{rng.randrange(1, 999)}-QĐ/UBKT",
                "decision_date": start - dt.timedelta(days=7),
                **subject,
            }
            if concluded <= today and rng.random() > 0.03:  # 3 % left open past their period
                supervision = kind in ("supervision", "thematic")
                result = pick(
                    rng, {"good": 55, "shortcomings": 35, "violation": 2 if supervision else 10, "referred": 8 if supervision else 0}
                )
                row |= {"status": "concluded", "status_since": concluded, "conclusion_date": concluded, "result": result}
                row |= {"conclusion_number": f"{rng.randrange(1, 999)}-TB/UBKT", "discipline_required": result == "violation"}
            elif start <= today:
                row |= {"status": "open", "status_since": start}
            else:
                row |= {"status": "planned", "status_since": start - dt.timedelta(days=30)}
            rows.append(row)
    return rows


def draw_shortcomings(world: World, cases: list[dict[str, Any]], years: list[int], today: dt.date, scale: float) -> list[dict[str, Any]]:
    rng = world.rng
    rows = []
    for year in years:
        found = [c for c in cases if c.get("result") in ("shortcomings", "violation") and c["conclusion_date"].year == year]
        for _ in range(round(PER_YEAR["shortcomings"] * scale) if found else 0):
            case = rng.choice(found)
            deadline = case["conclusion_date"] + dt.timedelta(days=rng.randrange(30, 180))
            if deadline < today:
                status = pick(rng, {"done": 88, "dropped": 2, "open": 10})
            else:
                status = pick(rng, {"done": 30, "open": 70})
            closed = min(today, deadline - dt.timedelta(days=rng.randrange(0, 30))) if status != "open" else None
            rows.append(
                {
                    "case_id": case["id"],
                    "org_path": case["org_path"],
                    "description": "Chưa thực hiện đúng quy chế làm việc, cần khắc phục",
                    "responsible": "Ban Thường vụ",
                    "deadline": deadline,
                    "status": status,
                    "closed_on": closed,
                }
            )
    return rows


def draw_disciplines(
    world: World, years: list[int], today: dt.date, scale: float, ids: Iterator[int], rules: Rules, days: WorkingDays
) -> list[dict[str, Any]]:
    rng = world.rng
    rows = []
    for year in years:
        plan = [("member", DISCIPLINE_LEVELS)] * round(PER_YEAR["member_disciplines"] * scale)
        plan += [("organization", ORGANIZATION_DISCIPLINE_LEVELS)] * round(PER_YEAR["organization_disciplines"] * scale)
        for subject_kind, levels in plan:
            level = world.level(levels)
            decided = day_in(rng, year, today)
            row: dict[str, Any] = {"id": next(ids)}
            if subject_kind == "member":
                member_id, member_path, status = world.member()
                org = world.ancestor_at(member_path, level)
                form = pick(rng, MEMBER_FORMS)
                subject = "probationary" if status == "probationary" or rng.random() < 0.03 else "official"
                if subject == "probationary" and form == "dismissal":
                    form = "warning"
                contents = rng.sample(MEMBER_CONTENTS, rng.randint(1, 2))
                row |= {"subject": subject, "member_id": member_id, "subject_path": member_path}
                row |= {"committee_member": rng.random() < COMMITTEE_MEMBER_SHARE}
            else:
                org = world.org_with_children(level)
                target = rng.choice(world.children[org.id])
                form = pick(rng, ORGANIZATION_FORMS)
                contents = rng.sample(ORG_CONTENTS, rng.randint(1, 2))
                row |= {"subject": "organization", "subject_organization_id": target.id, "subject_path": target.path}
            proposed = decided - dt.timedelta(days=rng.randrange(5, 40))
            row |= {
                "organization_id": org.id,
                "org_path": org.path,
                "body": body_of(rng, org),
                "level": org.level,
                "contents": contents,
                "violation": "Vi phạm quy định về những điều đảng viên không được làm",
                "violation_date": proposed - dt.timedelta(days=rng.randrange(30, 400)),
                "proposed_form": form,
                "proposed_on": proposed,
                "concluded_on": proposed - dt.timedelta(days=rng.randrange(0, 10)),
            }
            status = pick(rng, {"decided": 94, "proposed": 3, "not_disciplined": 2, "annulled": 0.5, "expired": 0.5})
            if status == "proposed":
                rows.append(row | {"status": status, "status_since": proposed})
                continue
            if status in ("not_disciplined", "expired"):
                rows.append(row | {"status": status, "status_since": decided})
                continue
            received = decided + dt.timedelta(days=3)
            row |= {
                "status": status,
                "status_since": decided,
                "decision_number": f"{rng.randrange(1, 999)}-QĐ/UBKT",
                "decision_date": decided,
                "form": form,
                "form_in_force": form if status == "decided" else "",
                "received_on": received,
            }
            if subject_kind == "member" and rng.random() < 0.4:  # works in a state body: a notice is owed
                notice_due = decided + dt.timedelta(days=rules.value("discipline.notice_within_days", decided))
                row |= {"notice_to": "UBND xã", "notice_due": notice_due}
                if notice_due < today and rng.random() < 0.92:
                    sent = notice_due - dt.timedelta(days=rng.randrange(0, 8))
                    response_due = days.add(sent, rules.value("discipline.response_within_working_days", sent))
                    row |= {"notice_sent_on": sent, "response_due": response_due}
                    if response_due < today and rng.random() < 0.9:
                        row |= {
                            "response_on": response_due - dt.timedelta(days=rng.randrange(0, 20)),
                            "response": "Đã xử lý kỷ luật hành chính",
                        }
            rows.append(row)
    return rows


def draw_suspensions(world: World, years: list[int], today: dt.date, scale: float) -> list[dict[str, Any]]:
    rng = world.rng
    rows = []
    for year in years:
        for _ in range(round(PER_YEAR["suspensions"] * scale)):
            member_id, member_path, _status = world.member()
            org = world.ancestor_at(member_path, "grassroots")
            starts = day_in(rng, year, today)
            rows.append(
                {
                    "organization_id": org.id,
                    "org_path": org.path,
                    "body": body_of(rng, org),
                    "member_id": member_id,
                    "subject_path": member_path,
                    "reason": "Bị khởi tố",
                    "starts_on": starts,
                    "ends_on": starts + dt.timedelta(days=90),
                    "decision_number": "5-QĐ/ĐU",
                    "decision_date": starts,
                }
            )
    return rows


def draw_appeals(
    world: World, disciplines: list[dict[str, Any]], years: list[int], today: dt.date, scale: float, rules: Rules, days: WorkingDays
) -> list[dict[str, Any]]:
    rng = world.rng
    rows = []
    for year in years:
        decided = [d for d in disciplines if d.get("decision_date") and d["decision_date"].year == year and d["subject"] != "organization"]
        for _ in range(round(PER_YEAR["appeals"] * scale) if decided else 0):
            d = rng.choice(decided)
            deciding = world.by_id[d["organization_id"]]
            org = world.by_id[deciding.parent_id] if deciding.parent_id else deciding
            filed = min(today, d["decision_date"] + dt.timedelta(days=rng.randrange(5, 30)))
            key = "appeal.settle_within_working_days_centre" if org.level == "centre" else "appeal.settle_within_working_days"
            due = days.add(filed, rules.value(key, filed))
            status = pick(rng, {"settled": 85, "refused": 10, "filed": 5}) if due < today else pick(rng, {"filed": 70, "settled": 30})
            row: dict[str, Any] = {
                "discipline_id": d["id"],
                "organization_id": org.id,
                "org_path": org.path,
                "subject_path": d["subject_path"],
                "body": body_of(rng, org),
                "level": org.level,
                "filed_on": filed,
                "grounds": rng.sample(["violation", "form", "procedure"], rng.randint(1, 2)),
                "content": "Đề nghị xem xét lại hình thức kỷ luật",
                "due": due,
                "status": status,
                "status_since": filed,
            }
            if status == "settled":
                settled = min(today, filed + dt.timedelta(days=rng.randrange(20, max(21, (due - filed).days))))
                outcome = pick(rng, {"upheld": 75, "reduced": 12, "increased": 3, "annulled": 10})
                row |= {"status_since": settled, "settled_on": settled, "outcome": outcome, "decision_date": settled}
                row |= {"decision_number": f"{rng.randrange(1, 999)}-QĐ/UBKT"}
                if outcome in ("reduced", "increased"):
                    row |= {"new_form": "reprimand" if outcome == "reduced" else "expulsion", "change_reason": "verification"}
            elif status == "refused":
                row |= {"status_since": filed + dt.timedelta(days=5), "refused_reason": "Quá thời hạn khiếu nại"}
            rows.append(row)
    return rows


def draw_denunciations(
    world: World, years: list[int], today: dt.date, scale: float, rules: Rules, days: WorkingDays
) -> list[dict[str, Any]]:
    rng = world.rng
    rows = []
    for year in years:
        for _ in range(round(PER_YEAR["denunciations"] * scale)):
            level = world.level(DENUNCIATION_LEVELS)
            if rng.random() < 0.6:
                member_id, member_path, _status = world.member()
                org = world.ancestor_at(member_path, level)
                subject = {"subject_kind": "member", "subject_member_id": member_id, "subject_path": member_path}
                subject["committee_member"] = rng.random() < COMMITTEE_MEMBER_SHARE
            else:
                org = world.org_with_children(level)
                target = rng.choice(world.children[org.id])
                subject = {"subject_kind": "organization", "subject_organization_id": target.id, "subject_path": target.path}
            received = day_in(rng, year, today)
            row: dict[str, Any] = {
                "organization_id": org.id,
                "org_path": org.path,
                "body": "commission",
                "kind": pick(rng, {"denunciation": 70, "petition": 20, "complaint": 10}),
                "channel": pick(rng, {"letter": 55, "in_person": 15, "email": 15, "phone": 5, "forwarded": 8, "press": 2}),
                "received_on": received,
                "summary": "Tố cáo đảng viên vi phạm quy định về kê khai tài sản, thu nhập",
                "contents": rng.sample(MEMBER_CONTENTS, 1),
                **subject,
            }
            if rng.random() < 0.25:
                reason = pick(rng, {"anonymous": 50, "no_address": 15, "repeat": 15, "not_competent": 15, "no_content": 5})
                rows.append(row | {"status": "not_processed", "status_since": received, "not_processed": reason})
                continue
            accepted = received + dt.timedelta(days=rng.randrange(0, 10))
            if accepted > today:
                rows.append(row | {"status": "received", "status_since": received})
                continue
            due = days.add(accepted, rules.value("denunciation.handle_within_working_days", accepted))
            row |= {"accepted_on": accepted, "due": due}
            concluded = accepted + dt.timedelta(days=rng.randrange(20, max(21, (due - accepted).days + 10)))
            if concluded <= today and rng.random() > 0.04:  # 4 % left in handling past their due date
                finding = pick(rng, {"true": 20, "partly": 35, "false": 45})
                notified = concluded + dt.timedelta(days=rng.randrange(1, 15))
                status = "notified" if notified <= today else "concluded"
                row |= {"status": status, "status_since": notified if status == "notified" else concluded, "finding": finding}
                row |= {
                    "decision_number": f"{rng.randrange(1, 999)}-TB/UBKT",
                    "decision_date": concluded,
                    "conclusion": "Tố cáo đúng một phần",
                }
                row |= {"notified_on": notified if status == "notified" else None}
            else:
                row |= {"status": "handling", "status_since": accepted}
            rows.append(row)
    return rows


def draw(world: World, years: list[int], today: dt.date, scale: float) -> Drawn:
    rules, days = Rules(), WorkingDays()
    case_ids, discipline_ids = iter(range(1, 10**9)), iter(range(1, 10**9))
    cases = draw_cases(world, years, today, scale, case_ids)
    disciplines = draw_disciplines(world, years, today, scale, discipline_ids, rules, days)
    return Drawn(
        cases=cases,
        shortcomings=draw_shortcomings(world, cases, years, today, scale),
        disciplines=disciplines,
        suspensions=draw_suspensions(world, years, today, scale),
        appeals=draw_appeals(world, disciplines, years, today, scale, rules, days),
        denunciations=draw_denunciations(world, years, today, scale, rules, days),
    )


# --- writing ---------------------------------------------------------------------------------


def copy_dicts(model: Any, rows: Iterable[dict[str, Any]]) -> int:
    """COPY dictionaries keyed by attribute name into the model's table; an attribute left
    out takes the field's default (the timestamps: now)."""
    from django.db import connection, models
    from psycopg.types.json import Jsonb

    now = dt.datetime.now(dt.UTC)
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.attname == "id")]
    if any("id" in row for row in rows):
        fields = list(model._meta.concrete_fields)
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)

    def value(field: Any, row: dict[str, Any]) -> Any:
        if field.attname in row:
            found = row[field.attname]
        elif isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            found = now
        else:
            found = field.get_default()
        if isinstance(field, models.JSONField):
            return Jsonb(found)
        return "" if found is None and not field.null else found

    n = 0
    with connection.cursor() as cursor, cursor.copy(f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([value(f, row) for f in fields])
            n += 1
    return n


def write(drawn: Drawn) -> dict[str, int]:
    from django.db import transaction

    from partybuilding.inspections.models import Appeal, Case, Denunciation, Discipline, Shortcoming, Suspension

    written = {}
    with transaction.atomic():
        written["cases"] = copy_dicts(Case, drawn.cases)
        generate.reset_id_sequence(Case)
        written["shortcomings"] = copy_dicts(Shortcoming, drawn.shortcomings)
        written["disciplines"] = copy_dicts(Discipline, drawn.disciplines)
        generate.reset_id_sequence(Discipline)
        written["suspensions"] = copy_dicts(Suspension, drawn.suspensions)
        written["appeals"] = copy_dicts(Appeal, drawn.appeals)
        written["denunciations"] = copy_dicts(Denunciation, drawn.denunciations)
    generate.vacuum_analyze([Case, Shortcoming, Discipline, Suspension, Appeal, Denunciation])
    return written


# --- reading ---------------------------------------------------------------------------------


def largest_province() -> Any:
    """The province with the most cases (they follow its number of organizations)."""
    from django.db.models import Count

    from partybuilding.inspections.models import Case
    from partybuilding.organizations.models import Organization

    provinces = {p.path: p for p in Organization.objects.filter(kind="province")}
    counts: Counter[str] = Counter()
    for row in Case.objects.values("org_path").annotate(n=Count("*")):
        counts[row["org_path"][: len(next(iter(provinces)))]] += row["n"]
    return provinces[max(provinces, key=lambda p: counts[p])]


def session_client(username: str, **defaults: Any) -> tuple[Any, Any]:
    """A user's session past the second factor, as bench/first_contact.py makes it."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from partybuilding.accounts.models import User

    user, _ = User.objects.get_or_create(username=username, defaults=defaults)
    client = Client()
    client.force_login(user)
    session = client.session
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, user


def inspection_officer(province: Any) -> tuple[Any, Any]:
    from partybuilding.accounts.choices import Role
    from partybuilding.accounts.models import RoleAssignment

    client, user = session_client(f"bench.kiemtra.{province.code}")
    RoleAssignment.objects.get_or_create(user=user, role=Role.INSPECTION_OFFICER, organization=province, revoked_at=None)
    return client, user


def statistics_reads(province: Any, root: Any, year: int, quarter: int, repeat: int) -> list[Timing]:
    from partybuilding.inspections.statistics.counting import count
    from partybuilding.inspections.statistics.definitions import FORMS, SUMMARY
    from partybuilding.inspections.statistics.periods import period_of

    timings: list[Timing] = []
    for name, org in (("province", province), ("country", root)):
        for label, period in (
            ("year", period_of("year", year=year)),
            (f"quarter {quarter}", period_of("quarter", year=year, number=quarter)),
        ):
            timings += both(f"counting summary, {name}, {label}", lambda o=org, p=period: count(SUMMARY, o, p), repeat)
            timings += both(
                f"counting every form ({len(FORMS)}), {name}, {label}",
                lambda o=org, p=period: [count(f, o, p) for f in FORMS.values()],
                max(3, repeat // 3),
            )
        for code, form in FORMS.items():
            if code != SUMMARY.code:
                timings += both(f"counting {code}, {name}, year", lambda o=org, f=form: count(f, o, period_of("year", year=year)), repeat)
    return timings


def page_reads(province: Any, root: Any, year: int, quarter: int, today: dt.date, repeat: int) -> list[Timing]:
    from partybuilding.core import attention
    from partybuilding.inspections.selectors.overdue import counts

    superuser, admin = session_client("bench.officer", is_superuser=True, is_staff=True)
    officer, _officer = inspection_officer(province)
    pid, rid = province.pk, root.pk
    timings: list[Timing] = []

    def get(label: str, client: Any, url: str) -> None:
        nonlocal timings
        timings += both(label, ok(client, url), repeat)

    for who, client in (("superuser", superuser), ("inspection officer", officer)):
        get(
            f"page: statistics, summary, province, year ({who})",
            client,
            f"/inspections/reports/?within={pid}&form=summary&period=year&year={year}",
        )
        get(
            f"API /statistics, summary, province, year ({who})",
            client,
            f"/api/inspections/statistics?within={pid}&form=summary&year={year}",
        )
        get(
            f"API /statistics, summary, province, quarter ({who})",
            client,
            f"/api/inspections/statistics?within={pid}&form=summary&period=quarter&number={quarter}&year={year}",
        )
        get(f"page: overdue board, province ({who})", client, f"/inspections/overdue/?within={pid}")
        get(f"page: cases, province, first page ({who})", client, f"/inspections/cases/?within={pid}")
        get(f"page: disciplines, province, first page ({who})", client, f"/inspections/disciplines/?within={pid}")
        get(f"page: denunciations, province, first page ({who})", client, f"/inspections/denunciations/?within={pid}")
    get("page: cases, province, open of the year", officer, f"/inspections/cases/?within={pid}&status=open&year={year}")
    get("page: cases, province, open past their period", officer, f"/inspections/cases/?within={pid}&overdue=on")
    get("page: disciplines, province, warnings of the year", officer, f"/inspections/disciplines/?within={pid}&form=warning&year={year}")
    get("page: disciplines, province, notices late", officer, f"/inspections/disciplines/?within={pid}&notices_late=on")
    get("page: denunciations, province, in handling", officer, f"/inspections/denunciations/?within={pid}&status=handling")
    get("page: denunciations, province, past their time", officer, f"/inspections/denunciations/?within={pid}&overdue=on")
    get("page: home /inspections/ (inspection officer)", officer, "/inspections/")
    get("page: home /inspections/ (superuser, whole country)", superuser, "/inspections/")
    get(
        "page: statistics, summary, country, year (superuser)",
        superuser,
        f"/inspections/reports/?within={rid}&form=summary&period=year&year={year}",
    )
    get(
        "API /statistics, summary, country, year (superuser)",
        superuser,
        f"/api/inspections/statistics?within={rid}&form=summary&year={year}",
    )
    get("page: overdue board, country (superuser)", superuser, f"/inspections/overdue/?within={rid}")
    get("page: cases, country, first page (superuser)", superuser, f"/inspections/cases/?within={rid}")
    get("page: disciplines, country, first page (superuser)", superuser, f"/inspections/disciplines/?within={rid}")
    get("page: denunciations, country, first page (superuser)", superuser, f"/inspections/denunciations/?within={rid}")
    for name, org in (("province", province), ("country", root)):
        timings += both(f"selectors.overdue.counts, {name}", lambda o=org: counts(o, today), repeat)
        for provider in attention._PROVIDERS:
            if provider.__module__.startswith("partybuilding.inspections."):
                label = f"attention: {provider.__module__.rsplit('.', 1)[-1]}.{provider.__name__}, {name}"
                timings += both(label, lambda p=provider, o=org: p(o, today, admin), repeat)
    return timings


def slowest_plans(province: Any, root: Any, today: dt.date, year: int) -> dict[str, str]:
    """EXPLAIN ANALYZE of the queries worth reading: the summary's sources and the board."""
    from django.db import connection

    from partybuilding.inspections.selectors.overdue import COUNTERS
    from partybuilding.inspections.statistics.counting import _counts
    from partybuilding.inspections.statistics.definitions import SUMMARY
    from partybuilding.inspections.statistics.periods import period_of

    captured: dict[str, str] = {}
    period = period_of("year", year=year)
    for name, org in (("province", province), ("country", root)):
        by_source: dict[str, list[Any]] = defaultdict(list)
        for row in SUMMARY.rows:
            by_source[row.source.key].append(row)
        for key, rows in by_source.items():
            sqls: list[tuple[str, Any]] = []

            def grab(execute: Any, sql: str, params: Any, many: bool, context: Any, sqls: list[Any] = sqls) -> Any:
                sqls.append((sql, params))
                return execute(sql, params, many, context)

            with connection.execute_wrapper(grab):
                _counts(rows, org.path, period, period.previous())
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sqls[-1][0], sqls[-1][1])
                captured[f"summary source {key}, {name}"] = "\n".join(r[0] for r in cursor.fetchall())
        for kind, counter in COUNTERS.items():
            sql, params = counter(org, today).order_by().values("pk").query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM ({sql}) t", params)
                captured[f"overdue {kind}, {name}"] = "\n".join(r[0] for r in cursor.fetchall())
    return captured


def table_rows() -> dict[str, int]:
    from partybuilding.inspections.models import Appeal, Case, Denunciation, Discipline, Shortcoming, Suspension

    return {m.__name__: m.objects.count() for m in (Case, Shortcoming, Discipline, Suspension, Appeal, Denunciation)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="the tree and the yearly volumes: 1.0 = national")
    parser.add_argument("--members", type=int, default=None, help=f"the member pool (default {NATIONAL_POOL:,} × scale)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="the tree and the members are already in the database")
    parser.add_argument("--build-only", action="store_true", help="write the rows, time nothing")
    args = parser.parse_args(argv)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    generate.setup_django()
    from django.utils import timezone

    from partybuilding.inspections.models import Case
    from partybuilding.organizations.models import Organization

    results: dict[str, Any] = {"scale": args.scale, "load_before": os.getloadavg()}
    today = timezone.localdate()
    year = today.year
    if not args.reuse:
        tree = generate.build(args.scale, args.seed)
        print(f"tree: {sum(tree.organizations.values()):,} organizations in {tree.total_seconds:.1f} s")
        pool = members.build(args.members or max(1000, round(NATIONAL_POOL * args.scale)), args.seed)
        members.print_report(pool)
    if not Case.objects.exists():
        started = time.perf_counter()
        world = World(random.Random(args.seed))
        drawn = draw(world, [year - 1, year], today, args.scale)
        drawn_s = time.perf_counter() - started
        written = write(drawn)
        results["generation"] = {"rows": written, "draw_s": round(drawn_s, 1), "total_s": round(time.perf_counter() - started, 1)}
        print(f"inspection rows: {written} in {results['generation']['total_s']} s (drawn in {drawn_s:.1f} s)")
    results["rows"] = table_rows()
    if args.build_only:
        print(f"rows: {results['rows']}")
        return
    province = largest_province()
    root = Organization.objects.get(parent__isnull=True)
    quarter = (today.month - 1) // 3 + 1
    results["province"] = province.code
    timings = statistics_reads(province, root, year, quarter, args.repeat)
    timings += page_reads(province, root, year, quarter, today, args.repeat)
    results["plans"] = slowest_plans(province, root, today, year)
    results["load_after"] = os.getloadavg()
    results["timings"] = [t.__dict__ for t in timings]
    OUT.mkdir(exist_ok=True)
    (OUT / "inspections.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    print(f"rows: {results['rows']}; largest province {province.code}; load {results['load_before']} → {results['load_after']}")
    print(f"\n{'what':<86} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for t in timings:
        flag = "" if t.p95_ms <= READ_TARGET_MS else "  over the target"
        print(f"{t.what:<86} {t.n:>4} {t.p50_ms:>8.1f} {t.p95_ms:>8.1f} {t.max_ms:>8.1f}{flag}")
    print(f"\nwritten to {OUT / 'inspections.json'}")


if __name__ == "__main__":
    main()
