"""The HD 11 statistical forms at national scale: the tree, 5.5 million members in the list
today and ten years of their history, then forms 1, 2, 2B, 3, 4, 5 and 7 timed for the country
and the provinces, the list behind a figure, and the consistency check.

    PG_SHARED_BUFFERS=2GB PGPORT_TEST=55460 scripts/with-postgres.sh .venv/bin/python bench/statistical_forms.py --scale 0.01 --members 55000  # smoke, ~2 min
    PG_SHARED_BUFFERS=2GB PGPORT_TEST=55460 scripts/with-postgres.sh .venv/bin/python bench/statistical_forms.py                                # national
    .venv/bin/python bench/statistical_forms.py --reuse    # measure again, on a database already built (DATABASE_URL)
    .venv/bin/python bench/statistical_forms.py --reuse --with-snapshots --kept    # the reads again, with the snapshots taken before
    .venv/bin/python bench/statistical_forms.py --reuse --check    # the consistency check of the whole country

Built (`generate.build`, then `members.build` with this module's history in place of its one
membership and admission event per member), all by COPY and INSERT … SELECT, no service:

- the members: `--members` in the list today, and those who left during the ten years
  (about a sixth more generated), with the facts the forms count (`bench/members.py`);
- each year from 2016 to today, as shares of the list at the year's start: about 2.5 %
  admitted (the generated admission dates), 1 % died (older members more often), 0.3 %
  removed (a third of them probationary members not recognized), 0.05 % expelled, 0.05 % left,
  0.2 % transferred out of the system and 0.2 % in from outside it, 2 % transferred to another
  cell (a third to another province), 1 % exempted from activities; each with its
  MemberEvent (where it happened, and where to for a transfer) and the membership periods
  cut at it: no two periods of a member overlap, probationary until the recognition (a
  RECOGNIZED event), `valid_to` the first day a period no longer holds; the member rows'
  status, organization, path, official date, card and exemption as their last period says;
- for form 7, per year: Party badges on the four ceremony days for the members reaching 30,
  40, 45… years of Party age, the first card of each member recognized (0.1 % re-issued
  after a loss, 0.05 % after damage), rewards of organizations and members, and the letters
  of every transfer (0.5 % of the list temporarily transferred too);
- the "m." subtree counters counted from the final member rows (`members.total_families`).

Measured, warm (wall and database time, median of `--repeat` runs; 2 runs for a read over
2 s): form 3 as of today for the country, the largest and the median province; form 3 for
2025 (31/12/2025); form 1 for 2025 (largest province, country); forms 2, 2B, 4, 5 and 7 for
2025 (largest province); the first page of 50 members behind a figure of form 3 (province);
the consistency check (`statistics.consistency.Check`) of form 3 today for the country down to
the communes and for the largest province down to the grassroots; each once more with the
counters' snapshots of 31/12/2024 and 31/12/2025 (`statistics.snapshots.take`) where the
module exists. Checked on the way: form 1's identity A + B − C = D (`Table.failed_checks`) and
form 3 of today counted from the records equal to the counters' figures. EXPLAIN ANALYZE of
each read's slowest query goes to bench/out/statistics.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import time
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import generate  # bench/ is the script's folder, hence on sys.path
import members
from inspections import session_client
from run import Timing, timing

OUT = Path(__file__).resolve().parent / "out"
FIRST_YEAR = 2016
# Each year's events, as shares of the members in the list at the year's start.
RATES = {
    "died": 0.01,
    "removed": 0.003,
    "expelled": 0.0005,
    "left": 0.0005,
    "transferred_out": 0.002,
    "transferred_in": 0.002,
    "transferred": 0.02,
    "exempted": 0.01,
}
PROBATIONARY_REMOVALS = 1 / 3  # of the removals: probationary members not recognized
OTHER_PROVINCE = 1 / 3  # of the transfers within the system
TEMPORARY = 0.005  # temporary transfer letters (no change of membership)
LOST, DAMAGED = 0.001, 0.0005  # cards re-issued
BADGE_YEARS = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
CEREMONIES = ((2, 3), (5, 19), (9, 2), (11, 7))  # badges are handed over on these days
BADGE_TAKEN = 0.95
# Rewards per year: the share of the organizations of a kind, and the forms given.
ORG_REWARDS = {
    "commune": (0.03, {"banner": 0.3, "merit": 0.7}),
    "grassroots_committee": (0.05, {"banner": 0.1, "merit": 0.3, "commendation": 0.6}),
    "grassroots_cell": (0.05, {"banner": 0.1, "merit": 0.3, "commendation": 0.6}),
    "cell": (0.04, {"merit": 0.3, "commendation": 0.7}),
}
MEMBER_REWARDS = (0.005, {"merit": 0.2, "commendation": 0.8})
# Members who left during the ten years are generated too: the list today is `--members`.
GENERATED_PER_LISTED = 1.18
OUTSIDE = [
    "Đảng bộ Quân đội",
    "Đảng bộ Công an Trung ương",
    "Đảng bộ các cơ quan Đảng Trung ương",
    "Đảng bộ Chính phủ",
    "Đảng bộ Ngoài nước",
]
REMOVAL_REASONS = ["absent", "dues", "no_progress", "standards"]
END_STATUS = {"died": "deceased", "removed": "removed", "expelled": "expelled", "left": "left", "transferred_out": "transferred_out"}
NULL = members.NULL
EPOCH = dt.date(1, 1, 1)
TARGETS_MS = {"form 3 country today": 1000.0, "form 3 province today": 200.0, "form 1 province year": 1000.0}


def ordinal_sql(column: str) -> str:
    """A date column as its day ordinal (`date.toordinal`), 0 for none."""
    return f"COALESCE({column} - DATE '0001-01-01' + 1, 0)"


# --- the population -----------------------------------------------------------------------


@dataclass
class Population:
    """Every generated member as arrays indexed by id (ids run 1…N), and where members live."""

    home: array[int]  # the organization of the load: the first one of each member
    birth: array[int]  # day ordinals
    admission: array[int]
    official: array[int]  # 0: probationary
    exempt: array[int]  # 0: not exempted
    status_since: array[int]
    path_of: dict[int, str]  # a home's path
    homes_of_province: dict[str, list[int]]  # province path → its homes
    orgs_of_kind: dict[str, list[int]]

    @property
    def size(self) -> int:
        return len(self.home) - 1


def read_population() -> Population:
    from django.db import connection

    from partybuilding.organizations.models import Organization

    path_of: dict[int, str] = {}
    homes_of_province: dict[str, list[int]] = defaultdict(list)
    orgs_of_kind: dict[str, list[int]] = defaultdict(list)
    for org_id, path, kind in Organization.objects.order_by("path").values_list("id", "path", "kind").iterator(chunk_size=50_000):
        orgs_of_kind[kind].append(org_id)
        if kind in ("cell", "grassroots_cell"):
            path_of[org_id] = path
            homes_of_province[path[:10]].append(org_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM members_member")
        top = cursor.fetchone()[0]
    columns = [array("l", bytes(8 * (top + 1))) for _ in range(6)]
    home, birth, admission, official, exempt, since = columns
    sql = (
        f"SELECT id, organization_id, {ordinal_sql('date_of_birth')}, {ordinal_sql('admission_date')},"
        f" {ordinal_sql('official_date')}, {ordinal_sql('exempt_since')}, {ordinal_sql('status_since')} FROM members_member"
    )
    with connection.connection.cursor(name="bench_population") as cursor:  # server side: millions of rows
        cursor.itersize = 100_000
        cursor.execute(sql)
        for row in cursor:
            i = row[0]
            home[i], birth[i], admission[i], official[i], exempt[i], since[i] = row[1:]
    return Population(home, birth, admission, official, exempt, since, path_of, dict(homes_of_province), dict(orgs_of_kind))


# --- ten years of history -----------------------------------------------------------------


@dataclass
class Drawn:
    """What the history adds, as COPY text lines, and its figures for the report."""

    events: list[str] = field(default_factory=list)  # member_id, kind, date, organization, to, outside, reason
    transfers: list[str] = field(default_factory=list)
    badges: list[str] = field(default_factory=list)
    cards: list[str] = field(default_factory=list)
    rewards: list[str] = field(default_factory=list)
    per_year: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))


class History:
    """The members' lives from 2016 to yesterday, drawn year by year: at most one event per
    member and year, each on a member in the list that day, so that every later state follows
    from the earlier ones."""

    def __init__(self, population: Population, today: dt.date, seed: int) -> None:
        self.p, self.today, self.rng = population, today.toordinal(), random.Random(seed + 15)
        n = population.size + 1
        self.start = array("l", population.admission)  # the first day in the system
        self.org = array("l", population.home)  # where the member is, as the years go by
        self.ended = array("l", bytes(8 * n))
        self.official = array("l", population.official)
        self.exempt = array("l", population.exempt)
        self.end_status: dict[int, str] = {}
        self.moves: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self.touched: set[int] = set()
        self.drawn = Drawn()
        self.admissions = sorted(population.admission[1:])
        self.gone = 0  # members out of the list so far
        self.days = members.IsoDays()
        self.provinces = sorted(population.homes_of_province)

    # -- drawing members ------------------------------------------------------------------

    def listed_on(self, day: int) -> int:
        """About how many are in the list on the day (admitted before it, not gone)."""
        return bisect_left(self.admissions, day) - self.gone

    def draw(self, day: int, used: set[int], accept: Callable[[int], bool], tries: int = 5000) -> int | None:
        """A member in the list on `day` whom `accept` takes (random members tried in turn)."""
        size, draw = self.p.size, self.rng.random  # random() rather than randint(): millions of draws
        start, ended = self.start, self.ended
        for _ in range(tries):
            i = int(draw() * size) + 1
            if start[i] < day and not ended[i] and i not in used and accept(i):
                used.add(i)
                return i
        return None

    def age(self, i: int, day: int) -> float:
        return (day - self.p.birth[i]) / 365.25

    def mortality(self, i: int, day: int) -> bool:
        """Death comes more often with age: a yearly rate doubling every eight years or so."""
        return self.rng.random() < min(1.0, 0.0004 * 2.718 ** (0.085 * (self.age(i, day) - 40)) / 0.066)

    def probationary(self, i: int, day: int) -> bool:
        return not self.official[i] or self.official[i] > day

    # -- writing what happened ------------------------------------------------------------

    def event(self, i: int, kind: str, day: int, *, to: int = 0, outside: str = "", reason: str = "") -> None:
        self.touched.add(i)
        self.drawn.events.append(f"{i}\t{kind}\t{self.days[day]}\t{self.org[i]}\t{to or NULL}\t{outside}\t{reason}\n")
        self.drawn.per_year[dt.date.fromordinal(day).year][kind] += 1

    def letter(self, i: int, kind: str, day: int, origin: int, target: int, outside: str = "", until: int = 0) -> None:
        """The transfer letter (form 7, IV): issued some days before the move, received on its day."""
        issued = day - self.rng.randint(5, 25)
        status, status_day = ("ended", until) if until and until < self.today else ("received", day if not until else issued + 10)
        self.drawn.transfers.append(
            "\t".join((
                str(i), kind, str(origin or NULL), str(target or NULL), outside, f"{len(self.drawn.transfers) + 1}-GGT/ĐU",
                self.days[issued], self.days[until] if until else NULL, status, self.days[status_day],
            )) + "\n"
        )  # fmt: skip

    def end(self, i: int, kind: str, day: int, **extra: Any) -> None:
        self.event(i, kind, day, **extra)
        self.ended[i] = day
        self.end_status[i] = END_STATUS[kind]
        self.gone += 1

    def other_home(self, i: int) -> int:
        """A cell to move to: in another province a third of the time, else in the member's own."""
        here = self.p.path_of[self.org[i]][:10]
        province = self.rng.choice([p for p in self.provinces if p != here]) if self.rng.random() < OTHER_PROVINCE else here
        homes = self.p.homes_of_province[province]
        target = self.rng.choice(homes)
        return target if target != self.org[i] or len(homes) == 1 else self.rng.choice(homes)

    # -- one year -------------------------------------------------------------------------

    def year(self, year: int) -> None:
        first = dt.date(year, 1, 1).toordinal()
        last = min(dt.date(year, 12, 31).toordinal(), self.today - 1)
        listed = self.listed_on(first)
        share = (last - first + 1) / 365
        self.drawn.per_year[year]["listed at the start"] = listed
        self.drawn.per_year[year]["admitted (generated dates)"] = bisect_left(self.admissions, last + 1) - bisect_left(
            self.admissions, first
        )
        used: set[int] = set()
        draw, span = self.rng.random, last - first + 1
        for kind, rate in RATES.items():
            happen = getattr(self, kind)
            for _ in range(round(listed * rate * share)):
                happen(first + int(draw() * span), used)
        for _ in range(round(listed * TEMPORARY * share)):
            self.temporary(first + int(draw() * span), used)

    def died(self, day: int, used: set[int]) -> None:
        i = self.draw(day, used, lambda i: self.mortality(i, day))
        if i:
            self.end(i, "died", day)

    def removed(self, day: int, used: set[int]) -> None:
        if self.rng.random() < PROBATIONARY_REMOVALS:
            # Not recognized at the end of probation: a member admitted within the year before.
            i = self.draw(day, used, lambda i: self.probationary(i, day) and day - 365 <= self.p.admission[i] < day, tries=50_000)
            if i:
                self.end(i, "removed", day, reason="not_recognized")
            return
        i = self.draw(day, used, lambda i: True)
        if i:
            self.end(i, "removed", day, reason=self.rng.choice(REMOVAL_REASONS))

    def expelled(self, day: int, used: set[int]) -> None:
        i = self.draw(day, used, lambda i: not self.probationary(i, day))
        if i:
            self.end(i, "expelled", day)

    def left(self, day: int, used: set[int]) -> None:
        i = self.draw(day, used, lambda i: True)
        if i:
            self.end(i, "left", day)

    def transferred_out(self, day: int, used: set[int]) -> None:
        i = self.draw(day, used, lambda i: not self.probationary(i, day))
        if i:
            outside = self.rng.choice(OUTSIDE)
            self.end(i, "transferred_out", day, outside=outside)
            self.letter(i, "official", day, self.org[i], 0, outside)

    def transferred_in(self, day: int, used: set[int]) -> None:
        """A member admitted elsewhere, outside the system, arrives: nothing of theirs was recorded
        here before (their admission event is not ours), their periods start on the day."""
        size = self.p.size
        for _ in range(5000):
            i = int(self.rng.random() * size) + 1
            official = self.official[i]
            if i in self.touched or i in used or self.ended[i] or not official or official >= day:
                continue
            used.add(i)
            self.start[i] = day
            outside = self.rng.choice(OUTSIDE)
            self.event(i, "transferred_in", day, outside=outside)
            self.letter(i, "official", day, 0, self.org[i], outside)
            return

    def transferred(self, day: int, used: set[int]) -> None:
        i = self.draw(day, used, lambda i: True)
        if i:
            origin, target = self.org[i], self.other_home(i)
            self.event(i, "transferred", day, to=target)
            self.letter(i, "official", day, origin, target)
            self.org[i] = target
            self.moves[i].append((day, target))

    def exempted(self, day: int, used: set[int]) -> None:
        """Older members, and those in poor health, exempted from activities and work."""

        def frail(i: int) -> bool:
            age = self.age(i, day)
            return not self.exempt[i] and not self.probationary(i, day) and age >= 60 and self.rng.random() < (age - 55) / 40

        i = self.draw(day, used, frail)
        if i:
            self.event(i, "exempted", day)
            self.exempt[i] = day

    def temporary(self, day: int, used: set[int]) -> None:
        i = self.draw(day, set(), lambda i: True)  # a letter only: the member may have an event that year too
        if i:
            until = day + self.rng.randint(180, 365)
            self.letter(i, "temporary", day, self.org[i], self.other_home(i), until=until)
            self.drawn.per_year[dt.date.fromordinal(day).year]["temporary letters"] += 1

    # -- the whole span -------------------------------------------------------------------

    def run(self, seconds: dict[str, float]) -> Drawn:
        today = dt.date.fromordinal(self.today)
        started = time.perf_counter()
        for year in range(FIRST_YEAR, today.year + 1):
            self.year(year)
        for i, ended in enumerate(self.ended):
            if ended and self.official[i] >= ended:
                self.official[i] = 0  # never recognized: gone while probationary
            if ended and self.exempt[i] > ended:
                self.exempt[i] = 0
        seconds["history: draw the events (Python)"] = time.perf_counter() - started
        for step in (self.badges, self.cards, self.rewards):
            started = time.perf_counter()
            step()
            seconds[f"history: draw the {step.__name__} (Python)"] = time.perf_counter() - started
        return self.drawn

    def in_list_on(self, i: int, day: int) -> bool:
        return self.start[i] <= day and (not self.ended[i] or self.ended[i] > day)

    def org_on(self, i: int, day: int) -> int:
        org = self.p.home[i]
        for moved, target in self.moves.get(i, ()):
            if moved > day:
                break
            org = target
        return org

    def badges(self) -> None:
        """Badges for 30, 40, 45… years of Party age, on the first ceremony day of the year on or
        after the anniversary (the last one if it falls after it)."""
        today = dt.date.fromordinal(self.today)
        by_year: dict[int, list[int]] = defaultdict(list)
        oldest = FIRST_YEAR - max(BADGE_YEARS)
        for i in range(1, self.p.size + 1):
            year = dt.date.fromordinal(self.p.admission[i]).year
            if year <= today.year - min(BADGE_YEARS) and year >= oldest:
                by_year[year].append(i)
        ceremonies = {y: [dt.date(y, m, d) for m, d in CEREMONIES] for y in range(FIRST_YEAR, today.year + 1)}
        for year in range(FIRST_YEAR, today.year + 1):
            for years in BADGE_YEARS:
                for i in by_year.get(year - years, ()):
                    anniversary = dt.date.fromordinal(self.p.admission[i]).replace(year=year, day=1)
                    day = next((c for c in ceremonies[year] if c >= anniversary), ceremonies[year][-1]).toordinal()
                    official = self.official[i]
                    if (
                        day >= self.today
                        or not official
                        or official > day
                        or not self.in_list_on(i, day)
                        or self.rng.random() > BADGE_TAKEN
                    ):
                        continue
                    self.drawn.badges.append(f"{i}\t{years}\t{self.days[day]}\t{years}-QĐ/TU\t{self.days[day - 10]}\n")
                    self.drawn.per_year[year]["badges"] += 1

    def cards(self) -> None:
        first = dt.date(FIRST_YEAR, 1, 1).toordinal()
        for i in range(1, self.p.size + 1):
            official = self.official[i]
            if official >= first:
                day = official + self.rng.randint(30, 150)
                if day < self.today and self.in_list_on(i, day):
                    self.card(i, "first", day)
        today = dt.date.fromordinal(self.today)
        for year in range(FIRST_YEAR, today.year + 1):
            lo, hi = dt.date(year, 1, 1).toordinal(), min(dt.date(year, 12, 31).toordinal(), self.today - 1)
            listed = self.listed_on(lo)
            for kind, rate in (("lost", LOST), ("damaged", DAMAGED)):
                for _ in range(round(listed * rate * (hi - lo + 1) / 365)):
                    self.reissued(kind, self.rng.randint(lo, hi))

    def reissued(self, kind: str, day: int) -> None:
        i = self.draw(day, set(), lambda i: not self.probationary(i, day))
        if i:
            self.card(i, kind, day)

    def card(self, i: int, kind: str, day: int) -> None:
        self.drawn.cards.append(f"{i}\t{kind}\t{members.card_number(i)}\t{self.days[day]}\t{i % 900 + 100}-QĐ/ĐU\n")
        self.drawn.per_year[dt.date.fromordinal(day).year][f"cards {kind}"] += 1

    def rewards(self) -> None:
        today = dt.date.fromordinal(self.today)
        rng = self.rng
        for year in range(FIRST_YEAR, today.year + 1):
            lo, hi = dt.date(year, 1, 1).toordinal(), min(dt.date(year, 12, 31).toordinal(), self.today - 1)
            for kind, (share, forms) in ORG_REWARDS.items():
                orgs = self.p.orgs_of_kind.get(kind, [])
                for org in rng.sample(orgs, round(len(orgs) * share * (hi - lo + 1) / 365)):
                    self.reward(org, 0, rng.choices(list(forms), weights=list(forms.values()))[0], rng.randint(lo, hi))
            share, forms = MEMBER_REWARDS
            for _ in range(round(self.listed_on(lo) * share * (hi - lo + 1) / 365)):
                day = rng.randint(lo, hi)
                i = self.draw(day, set(), lambda i: True)
                if i:
                    self.reward(self.org_on(i, day), i, rng.choices(list(forms), weights=list(forms.values()))[0], day)

    def reward(self, org: int, member: int, form: str, day: int) -> None:
        self.drawn.rewards.append(f"{org}\t{member or NULL}\t{form}\t{self.days[day]}\t{day % 97 + 1}-QĐ/TU\t{self.days[day - 7]}\n")
        self.drawn.per_year[dt.date.fromordinal(day).year][f"rewards {'member' if member else 'organization'}"] += 1

    # -- the rows -------------------------------------------------------------------------

    def periods(self, i: int) -> Iterator[tuple[int, str, int, int]]:
        """(organization, status, from, to or 0) of a member whose history was drawn: cut at each
        move and at the recognition."""
        start, end, official = self.start[i], self.ended[i], self.official[i]
        moves = self.moves.get(i, [])
        cuts = {start, *(day for day, _org in moves)}
        if official and start < official and (not end or official < end):
            cuts.add(official)
        ordered = sorted(cuts)
        org, m = self.p.home[i], 0
        for k, cut in enumerate(ordered):
            while m < len(moves) and moves[m][0] <= cut:
                org, m = moves[m][1], m + 1
            yield org, "official" if official and cut >= official else "probationary", cut, ordered[k + 1] if k + 1 < len(ordered) else end

    def period_lines(self) -> Iterator[str]:
        days = self.days
        for i in sorted(self.touched):
            for org, status, start, end in self.periods(i):
                yield f"{i}\t{org}\t{status}\t{days[start]}\t{days[end] if end else NULL}\n"

    def final_lines(self) -> Iterator[str]:
        """The member rows as their last period leaves them."""
        days = self.days
        for i in sorted(self.touched):
            org, official, ended = self.org[i], self.official[i], self.ended[i]
            status = self.end_status[i] if ended else ("official" if official else "probationary")
            since = ended or self.p.status_since[i]
            card = members.card_number(i) if official else NULL
            yield "\t".join((
                str(i), str(org), self.p.path_of[org], status, days[since], days[official] if official else NULL, card,
                days[self.exempt[i]] if self.exempt[i] else NULL,
            )) + "\n"  # fmt: skip


def blocks(lines: Iterator[str] | list[str], size: int = 50_000) -> Iterator[str]:
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def copy_into(cursor: Any, table: str, columns: str, lines: Iterator[str] | list[str]) -> None:
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for block in blocks(lines):
            copy.write(block)


def write_history(history: History, drawn: Drawn, now: dt.datetime, seconds: dict[str, float]) -> None:
    """The member rows' final state, every membership period and event, then form 7's rows."""
    from django.db import connection

    from partybuilding.members.models import BadgeAward, CardIssue, Reward, Transfer

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_final (id bigint PRIMARY KEY, organization_id bigint, org_path varchar(80), status varchar(16),"
            " status_since date, official_date date, card_number varchar(20), exempt_since date) ON COMMIT DROP"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_periods (member_id bigint, organization_id bigint, status varchar(16), valid_from date,"
            " valid_to date) ON COMMIT DROP"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_events (member_id bigint, kind varchar(20), date date, organization_id bigint,"
            " to_organization_id bigint, outside_party varchar(255), reason varchar(20)) ON COMMIT DROP"
        )
        copy_into(
            cursor,
            "bench_final",
            "id, organization_id, org_path, status, status_since, official_date, card_number, exempt_since",
            history.final_lines(),
        )
        copy_into(cursor, "bench_periods", "member_id, organization_id, status, valid_from, valid_to", history.period_lines())
        copy_into(cursor, "bench_events", "member_id, kind, date, organization_id, to_organization_id, outside_party, reason", drawn.events)
        cursor.execute("ANALYZE bench_final")
        cursor.execute("ANALYZE bench_periods")
        seconds["history: copy the drawn rows"] = time.perf_counter() - started
        started = time.perf_counter()
        cursor.execute(
            "UPDATE members_member m SET organization_id = f.organization_id, org_path = f.org_path, status = f.status,"
            " status_since = f.status_since, official_date = f.official_date, card_number = f.card_number, exempt_since = f.exempt_since"
            " FROM bench_final f WHERE m.id = f.id"
        )
        seconds["history: update the members"] = time.perf_counter() - started
        started = time.perf_counter()
        # The others: probationary from the admission to the recognition, official since.
        cursor.execute(
            "INSERT INTO members_membership (member_id, organization_id, status, valid_from, valid_to)"
            " SELECT member_id, organization_id, status, valid_from, valid_to FROM ("
            "  SELECT id AS member_id, organization_id, 'probationary' AS status, admission_date AS valid_from, official_date AS valid_to"
            "  FROM members_member m WHERE NOT EXISTS (SELECT FROM bench_final f WHERE f.id = m.id)"
            "  UNION ALL SELECT id, organization_id, 'official', official_date, NULL FROM members_member m"
            "  WHERE official_date IS NOT NULL AND NOT EXISTS (SELECT FROM bench_final f WHERE f.id = m.id)"
            "  UNION ALL SELECT member_id, organization_id, status, valid_from, valid_to FROM bench_periods"
            " ) p ORDER BY member_id, valid_from"
        )
        seconds["history: memberships"] = time.perf_counter() - started
        started = time.perf_counter()
        # Admitted where the first period starts on the admission day (not those who came from
        # outside the system), recognized where the official period starts; then the drawn events.
        cursor.execute(
            "INSERT INTO members_memberevent (member_id, kind, date, organization_id, to_organization_id, outside_party, reason,"
            " decision_number, decision_date, decided_by, note, recorded_at, org_path, to_org_path)"
            " SELECT member_id, kind, date, organization_id, to_organization_id, outside_party, reason,"
            " (100 + member_id %% 900)::text || '-QĐ/ĐU', date - 3, 'Ban Thường vụ Đảng ủy', '', %s,"
            " (SELECT path FROM organizations_organization o WHERE o.id = e.organization_id),"
            " COALESCE((SELECT path FROM organizations_organization o WHERE o.id = e.to_organization_id), '') FROM ("
            "  SELECT p.member_id, 'admitted' AS kind, p.valid_from AS date, p.organization_id, NULL::bigint AS to_organization_id,"
            "   '' AS outside_party, '' AS reason, 0 AS seq"
            "  FROM members_membership p JOIN members_member m ON m.id = p.member_id AND p.valid_from = m.admission_date"
            "  UNION ALL SELECT p.member_id, 'recognized', p.valid_from, p.organization_id, NULL, '', '', 1"
            "  FROM members_membership p JOIN members_member m ON m.id = p.member_id AND p.valid_from = m.official_date"
            "  WHERE p.status = 'official'"
            "  UNION ALL SELECT member_id, kind, date, organization_id, to_organization_id, outside_party, reason, 2 FROM bench_events"
            " ) e ORDER BY member_id, date, seq",
            [now],
        )
        seconds["history: events"] = time.perf_counter() - started
    started = time.perf_counter()
    loaded = [Transfer, BadgeAward, CardIssue, Reward]
    schema = members.detach(loaded)
    stamp = now.isoformat()
    members.copy_text(
        Transfer,
        ["member", "kind", "from_organization", "to_organization", "outside", "letter_number", "letter_date", "until", "status", "status_date", "reason", "recorded_at"],
        blocks(line[:-1] + f"\t\t{stamp}\n" for line in drawn.transfers),
    )  # fmt: skip
    members.copy_text(
        BadgeAward,
        ["member", "years", "award_date", "decision_number", "decision_date", "decided_by", "case", "recorded_at"],
        blocks(line[:-1] + f"\tBan Thường vụ Tỉnh ủy\tregular\t{stamp}\n" for line in drawn.badges),
    )
    members.copy_text(
        CardIssue,
        ["member", "kind", "number", "issued_on", "decision_number", "recorded_at"],
        blocks(line[:-1] + f"\t{stamp}\n" for line in drawn.cards),
    )
    members.copy_text(
        Reward,
        ["organization", "member", "form", "awarded_on", "decision_number", "decision_date", "decided_by", "reason", "recorded_at"],
        blocks(line[:-1] + f"\tBan Thường vụ Tỉnh ủy\tHoàn thành xuất sắc nhiệm vụ\t{stamp}\n" for line in drawn.rewards),
    )
    members.reattach(schema, loaded)
    seconds["history: form 7's rows"] = time.perf_counter() - started


@dataclass
class BuildNotes:
    seconds: dict[str, float] = field(default_factory=dict)
    per_year: dict[int, dict[str, int]] = field(default_factory=dict)
    touched: int = 0


def history_step(today: dt.date, seed: int, notes: BuildNotes) -> Callable[[dt.datetime], None]:
    """What `members.build` runs in place of its one membership and admission per member."""

    def run(now: dt.datetime) -> None:
        started = time.perf_counter()
        population = read_population()
        notes.seconds["history: read the members"] = time.perf_counter() - started
        history = History(population, today, seed)
        drawn = history.run(notes.seconds)
        notes.per_year = {year: dict(counts) for year, counts in sorted(drawn.per_year.items())}
        notes.touched = len(history.touched)
        write_history(history, drawn, now, notes.seconds)

    return run


# --- checks ---------------------------------------------------------------------------------


def count_form(slug: str, org: Any, period: Any, today: dt.date, **options: Any) -> Any:
    from partybuilding.statistics.engine import count, version_for

    version = version_for(slug, period.stock_day(today))
    assert version is not None, slug
    return count(version, org, period, today=today, **options)


def figures(table: Any) -> dict[tuple[str, int], Any]:
    return {(line.row.code, n): cell.value for line in table.lines for n, cell in enumerate(line.cells)}


def checks(root: Any, provinces: list[Any], largest: Any, today: dt.date, small: bool) -> dict[str, Any]:
    """Form 1's identity for the provinces (all of them on a small run) and the country; form 3
    of today from the records equal to the counters' figures."""
    from partybuilding.statistics.periods import Period

    found: dict[str, Any] = {"form 1 failed checks": {}, "form 3 records ≠ counters": {}}
    years = [today.year - 1, today.year]
    for org in [root, *(provinces if small else [largest])]:
        for year in years:
            table = count_form("1", org, Period("year", dt.date(year, 1, 1), dt.date(year, 12, 31)), today)
            if table.failed_checks:
                found["form 1 failed checks"][f"{org.code} {year}"] = table.failed_checks
    this_year = Period("year", dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    for org in [root, largest] if small else [largest]:
        fast, slow = figures(count_form("3", org, this_year, today)), figures(count_form("3", org, this_year, today, counters=False))
        differ = {f"{row}/{col}": [str(fast[row, col]), str(slow[row, col])] for row, col in fast if fast[row, col] != slow[row, col]}
        if differ:
            found["form 3 records ≠ counters"][org.code] = differ
    print(f"checks: {json.dumps(found, ensure_ascii=False)[:2000]}", flush=True)
    return found


def drift() -> dict[str, Any]:
    from partybuilding.organizations import totals

    started = time.perf_counter()
    found = totals.recompute(prefixes=["m."])
    return {"m. keys drifting": len(found), "first": found[:10], "seconds": round(time.perf_counter() - started, 1)}


# --- measuring ------------------------------------------------------------------------------


SLOW_MS, VERY_SLOW_MS = 2_000.0, 20_000.0  # reads this slow are run 3 times, or twice (the first one kept)
ANALYZE_UNDER_S = 60.0  # a slower query is explained without running it again


class Sent:
    """The queries a call sends, each with its time."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str, Any]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql, params))

    @property
    def seconds(self) -> float:
        return sum(q[0] for q in self.queries)


def run_once(fn: Callable[[], Any]) -> tuple[float, Sent]:
    """Wall time (ms) of one call, and what it sent to the database."""
    from django.db import connection

    sent = Sent()
    started = time.perf_counter()
    with connection.execute_wrapper(sent):
        fn()
    return (time.perf_counter() - started) * 1000, sent


def plan_of(sent: Sent) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest SELECT sent (EXPLAIN alone if it took minutes)."""
    from django.db import connection

    selects = [q for q in sent.queries if q[1].lstrip().upper().startswith("SELECT")]
    if not selects:
        return ""
    seconds, sql, params = max(selects, key=lambda q: q[0])
    options = "ANALYZE, BUFFERS" if seconds < ANALYZE_UNDER_S else "COSTS"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    return f"slowest of {len(sent.queries)} queries: {seconds * 1000:.0f} ms\n{plan}"


def timed(label: str, fn: Callable[[], Any], repeat: int) -> tuple[list[Timing], str]:
    """Wall and database time, warm: a first call not counted (unless it took over 20 s), then
    `repeat` calls (2 for a read over 2 s); the plan of the first call's slowest query."""
    wall, sent = run_once(fn)
    walls, dbs = ([wall], [sent.seconds * 1000]) if wall > VERY_SLOW_MS else ([], [])
    runs = 1 if wall > VERY_SLOW_MS else 2 if wall > SLOW_MS else repeat
    for _ in range(runs):
        ms, again = run_once(fn)
        walls.append(ms)
        dbs.append(again.seconds * 1000)
    found = [timing("b", f"{label}: wall", walls), timing("b", f"{label}: database", dbs)]
    for t in found:
        print(f"{t.what:<96} {t.n:>3} {t.p50_ms:>9.1f} {t.p95_ms:>9.1f}", flush=True)
    return found, plan_of(sent)


def by_members(orgs: list[Any]) -> list[tuple[Any, int]]:
    from partybuilding.organizations.models import SubtreeTotal

    counts = dict(SubtreeTotal.objects.filter(organization__in=orgs, key="m.all").values_list("organization_id", "value"))
    return sorted(((o, counts.get(o.pk, 0)) for o in orgs), key=lambda pair: -pair[1])


class Reads:
    """The reads measured, once without the snapshots and once with them."""

    def __init__(self, root: Any, largest: Any, median: Any, today: dt.date, repeat: int) -> None:
        from partybuilding.statistics.periods import Period

        self.root, self.largest, self.median, self.today, self.repeat = root, largest, median, today, repeat
        self.this_year = Period("year", dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
        self.last_year = Period("year", dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
        self.timings: list[Timing] = []
        self.plans: dict[str, str] = {}

    def read(self, label: str, fn: Callable[[], Any]) -> None:
        print(f"… {label}", flush=True)
        found, self.plans[label] = timed(label, fn, self.repeat)
        self.timings += found

    def form(self, slug: str, name: str, org: Any, period: Any, suffix: str = "") -> None:
        self.read(f"form {slug} {name} {period.start.year}{suffix}", lambda: count_form(slug, org, period, self.today))

    def forms(self, suffix: str) -> None:
        for name, org in (("country", self.root), ("largest province", self.largest), ("median province", self.median)):
            self.form("3", f"{name}, today, year", org, self.this_year, suffix)
        for name, org in (("country", self.root), ("largest province", self.largest)):
            self.form("3", f"{name}, 31/12, year", org, self.last_year, suffix)
        for name, org in (("largest province", self.largest), ("country", self.root)):
            self.form("1", f"{name}, year", org, self.last_year, suffix)

    def other_forms(self) -> None:
        for slug in ("2", "2b", "4", "5", "7"):
            self.form(slug, "largest province, year", self.largest, self.last_year)

    def drill(self, suffix: str = "") -> None:
        """The first page of the members behind "of which women" (form 3, this period, the
        province), as the page lists them: 50 by name, and their count for the pager."""
        from django.utils.http import urlencode

        client, _user = session_client("bench.statistics", is_superuser=True, is_staff=True)
        query = {"org": self.largest.pk, "period": "year", "year": self.today.year, "row": 2, "column": "this"}
        url = f"/statistics/3/drill/?{urlencode(query)}"

        def page() -> Any:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        self.read(f"drill: form 3 women, largest province, page 1 of 50 (the page){suffix}", page)
        url_form = f"/statistics/3/?{urlencode({'org': self.largest.pk, 'period': 'year', 'year': self.today.year})}"
        self.read(f"page: form 3, largest province, today{suffix}", lambda: client.get(url_form))

    def consistency(self, suffix: str) -> dict[str, Any]:
        """The check of form 3 today: the country down to the communes, the province down to its
        grassroots organizations (one run each: it is the job's work)."""
        try:
            from partybuilding.statistics.consistency import Check
            from partybuilding.statistics.engine import version_for
            from partybuilding.statistics.places import NOW
        except ImportError as missing:
            return {"missing": str(missing)}
        version = version_for("3", self.today)
        assert version is not None
        found: dict[str, Any] = {}
        for name, org in (("country, down to the communes", self.root), ("largest province, down to the grassroots", self.largest)):
            print(f"… consistency check, {name}{suffix}", flush=True)
            check = Check(org, self.this_year, NOW, self.today, [version])
            started = time.perf_counter()
            differences, nodes = check.run(2, lambda *args: None)
            seconds = time.perf_counter() - started
            found[name + suffix] = {"seconds": round(seconds, 1), "nodes": nodes, "differences": len(differences),
                                    "first": [d.as_json() for d in differences[:5]]}  # fmt: skip
            print(f"   {found[name + suffix]}", flush=True)
        return found


def reload_forms() -> None:
    """The forms as their definition files say now (a database built earlier may hold older ones)."""
    from partybuilding.statistics.loading import load_bundled
    from partybuilding.statistics.models import FormVersion

    load_bundled(FormVersion)


def forget_snapshots() -> None:
    """No snapshot before the first measurements (a database measured again keeps them)."""
    try:
        from partybuilding.statistics.models import Snapshot
    except ImportError:
        return
    Snapshot.objects.all().delete()


def take_snapshots(days: list[dt.date], at_least: int | None) -> dict[str, Any]:
    try:
        from partybuilding.statistics import snapshots
    except ImportError as missing:
        return {"missing": str(missing)}
    if not hasattr(snapshots, "take"):
        return {"missing": "statistics.snapshots.take"}
    found: dict[str, Any] = {}
    for day in days:
        started = time.perf_counter()
        kept = snapshots.take(day) if at_least is None else snapshots.take(day, at_least=at_least)
        found[day.isoformat()] = {"nodes": kept, "seconds": round(time.perf_counter() - started, 1)}
        print(f"snapshot {day}: {found[day.isoformat()]}", flush=True)
    return found


def same_with_snapshots(root: Any, largest: Any, today: dt.date, before: dict[str, Any]) -> dict[str, Any]:
    """The figures read from the snapshots equal those counted from the records."""
    from partybuilding.statistics.periods import Period

    last_year = Period("year", dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    differ: dict[str, Any] = {}
    for slug in ("3", "1"):
        for org in (root, largest):
            now = figures(count_form(slug, org, last_year, today))
            was = before[f"{slug} {org.code}"]
            bad = {f"{r}/{c}": [str(was[r, c]), str(v)] for (r, c), v in now.items() if was.get((r, c)) != v}
            if bad:
                differ[f"form {slug} {org.code}"] = bad
    return differ


def table_rows() -> dict[str, str]:
    from django.db import connection

    tables = ["members_member", "members_membership", "members_memberevent", "members_transfer", "members_badgeaward",
              "members_cardissue", "members_reward", "organizations_subtreetotal", "organizations_organization"]  # fmt: skip
    found = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT reltuples::bigint, pg_size_pretty(pg_table_size(oid)), pg_size_pretty(pg_indexes_size(oid)) FROM pg_class WHERE oid = %s::regclass",
                [table],
            )
            rows, data, indexes = cursor.fetchone()
            found[table] = f"{rows:,} rows, {data} + {indexes} indexes"
    return found


def measure(results: dict[str, Any], args: argparse.Namespace, today: dt.date) -> None:
    from partybuilding.members.choices import IN_LIST
    from partybuilding.members.models import Member
    from partybuilding.organizations.models import Organization

    forget_snapshots()
    reload_forms()
    root = Organization.objects.get(parent__isnull=True)
    ranked = by_members(list(Organization.objects.filter(kind="province")))
    (largest, largest_n), (median, median_n) = ranked[0], ranked[len(ranked) // 2]
    small = args.members <= 1_000_000
    results["nodes"] = {
        "country": {"members": Member.objects.filter(status__in=IN_LIST).count()},
        "largest province": {"code": largest.code, "name": largest.name, "members": largest_n},
        "median province": {"code": median.code, "name": median.name, "members": median_n},
    }
    print(f"nodes: {results['nodes']}", flush=True)
    results["checks"] = checks(root, [p for p, _n in ranked], largest, today, small)
    save(results, args)
    if args.drift or small:
        results["drift"] = drift()
        print(f"drift: {results['drift']}", flush=True)
    reads = Reads(root, largest, median, today, args.repeat)
    reads.forms("")
    reads.other_forms()
    reads.drill()
    results["timings"] = [t.__dict__ for t in reads.timings]
    results["plans"] = reads.plans
    save(results, args)
    if not args.no_consistency:
        results["consistency"] = reads.consistency("")
        save(results, args)
    before = {
        f"{slug} {org.code}": figures(count_form(slug, org, reads.last_year, today)) for slug in ("3", "1") for org in (root, largest)
    }
    at_least = None if not small else max(1, args.members // 300)
    # Form 1 of last year compares with the year before: its stocks are three year ends.
    results["snapshots"] = take_snapshots([dt.date(today.year - n, 12, 31) for n in (3, 2, 1)], at_least)
    if "missing" not in results["snapshots"]:
        results["snapshots"]["differences from the records"] = same_with_snapshots(root, largest, today, before)
        reads.forms(", snapshots")
        results["timings"] = [t.__dict__ for t in reads.timings]
        results["plans"] = reads.plans
        save(results, args)
        if not args.no_consistency:
            results["consistency"] |= reads.consistency(", snapshots")
    results["load after"] = os.getloadavg()
    save(results, args)


# Changes outside the bench that the misses suggest, tried on the same data and then undone.
WHAT_IF_INDEXES = {
    "member events by (kind, date)": "CREATE INDEX bench_event_kind_date ON members_memberevent (kind, date)",
    "badges by award date": "CREATE INDEX bench_badge_award_date ON members_badgeaward (award_date)",
}


def set_jit(on: bool) -> None:
    """For every session from now on (the pages' requests may open new connections)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"ALTER DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} {'RESET jit' if on else 'SET jit = off'}"
        )
    connection.close()


def what_if(results: dict[str, Any], args: argparse.Namespace, today: dt.date) -> None:
    """The slow reads again (with the snapshots already taken) without the JIT compiler
    (PostgreSQL's default `jit = on` compiles every query estimated over `jit_above_cost`),
    then with the indexes the plans lack."""
    from django.db import connection

    from partybuilding.organizations.models import Organization

    reload_forms()
    root = Organization.objects.get(parent__isnull=True)
    ranked = by_members(list(Organization.objects.filter(kind="province")))
    largest, median = ranked[0][0], ranked[len(ranked) // 2][0]
    reads = Reads(root, largest, median, today, args.repeat)
    set_jit(False)
    reads.form("3", "largest province, today, year", largest, reads.this_year, ", jit off")
    reads.form("3", "largest province, 31/12, year", largest, reads.last_year, ", jit off")
    reads.form("1", "largest province, year", largest, reads.last_year, ", jit off")
    reads.form("7", "largest province, year", largest, reads.last_year, ", jit off")
    reads.drill(", jit off")
    with connection.cursor() as cursor:
        for sql in WHAT_IF_INDEXES.values():
            started = time.perf_counter()
            cursor.execute(sql)
            print(f"{sql}: {time.perf_counter() - started:.1f} s", flush=True)
        cursor.execute("ANALYZE members_memberevent, members_badgeaward")
    set_jit(True)
    for name, org in (("largest province", largest), ("country", root)):
        reads.form("1", f"{name}, year", org, reads.last_year, ", index (kind, date)")
    reads.form("2", "largest province, year", largest, reads.last_year, ", index (kind, date)")
    reads.form("7", "largest province, year", largest, reads.last_year, ", index (award_date)")
    set_jit(False)
    for name, org in (("largest province", largest), ("country", root)):
        reads.form("1", f"{name}, year", org, reads.last_year, ", jit off, index (kind, date)")
    reads.form("2", "largest province, year", largest, reads.last_year, ", jit off, index (kind, date)")
    reads.form("7", "largest province, year", largest, reads.last_year, ", jit off, index (award_date)")
    with connection.cursor() as cursor:
        for sql in WHAT_IF_INDEXES.values():
            cursor.execute(f"DROP INDEX {sql.split()[2]}")
    set_jit(True)
    results["what if"] = {"timings": [t.__dict__ for t in reads.timings], "plans": reads.plans, "indexes": WHAT_IF_INDEXES}
    save(results, args)


def with_snapshots(results: dict[str, Any], args: argparse.Namespace, today: dt.date) -> None:
    """The snapshots of the last three year ends taken, then the reads again: what a province and
    the country read once the nightly job has run (their "same period last year" and the stocks
    of form 1 come from a row each)."""
    from partybuilding.organizations.models import Organization

    reload_forms()
    root = Organization.objects.get(parent__isnull=True)
    ranked = by_members(list(Organization.objects.filter(kind="province")))
    largest, median = ranked[0][0], ranked[len(ranked) // 2][0]
    reads = Reads(root, largest, median, today, args.repeat)
    if not args.kept:
        before = {
            f"{slug} {org.code}": figures(count_form(slug, org, reads.last_year, today)) for slug in ("3", "1") for org in (root, largest)
        }
        results["snapshots"] = take_snapshots([dt.date(today.year - n, 12, 31) for n in (3, 2, 1)], None)
        results["snapshots"]["differences from the records"] = same_with_snapshots(root, largest, today, before)
        print(f"differences: {results['snapshots']['differences from the records']}", flush=True)
    reads.forms(", snapshots")
    for slug in ("2", "2b", "4", "5", "7"):
        reads.form(slug, "largest province, year", largest, reads.last_year, ", snapshots")
    reads.drill(", snapshots")
    results["timings with snapshots"] = [t.__dict__ for t in reads.timings]
    results["plans with snapshots"] = reads.plans
    save(results, args)


def check_country(results: dict[str, Any], args: argparse.Namespace, today: dt.date) -> None:
    """The consistency check as its job runs it (`statistics.consistency.Check`), for the
    country: every form of last year down to the communes, then down to the cells; form 3 of
    this year (today's counters of every organization) down to the cells."""
    import resource

    from partybuilding.organizations.models import Organization
    from partybuilding.statistics.consistency import Check, form_slugs
    from partybuilding.statistics.engine import version_for
    from partybuilding.statistics.periods import Period
    from partybuilding.statistics.places import NOW

    reload_forms()
    root = Organization.objects.get(parent__isnull=True)
    last_year = Period("year", dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    this_year = Period("year", dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    every_form = [v for v in (version_for(slug, last_year.end) for slug in form_slugs()) if v is not None]
    runs = [
        ("every form, last year, down to the communes", last_year, every_form, 2),
        ("every form, last year, down to the cells", last_year, every_form, None),
        ("form 3, this year (today's counters), down to the cells", this_year, [version_for("3", this_year.end)], None),
    ]
    found: dict[str, Any] = {}
    for name, period, versions, depth in runs:
        print(f"… consistency check of the country, {name}", flush=True)
        phases: dict[str, float] = {}
        started = time.perf_counter()

        def progress(phase: str, done: int, total: int, started: float = started, phases: dict[str, float] = phases) -> None:
            phases[phase] = round(time.perf_counter() - started, 1)

        differences, nodes = Check(root, period, NOW, today, versions).run(depth, progress)
        found[name] = {
            "seconds": round(time.perf_counter() - started, 1), "nodes checked": nodes, "differences": len(differences),
            "first": [d.as_json() for d in differences[:5]], "peak memory MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        }  # fmt: skip
        print(f"   {found[name]}", flush=True)
        results["consistency of the country"] = found
        save(results, args)


def out_name(args: argparse.Namespace) -> str:
    return "statistics.json" if args.scale == 1.0 else f"statistics-{args.scale}.json"


def save(results: dict[str, Any], args: argparse.Namespace) -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / out_name(args)).write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))


def print_timings(timings: list[dict[str, Any]]) -> None:
    print(f"\n{'read':<84} {'n':>3} {'p50 ms':>9} {'p95 ms':>9}")
    for t in timings:
        print(f"{t['what']:<84} {t['n']:>3} {t['p50_ms']:>9.1f} {t['p95_ms']:>9.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="the tree: 1.0 = national")
    parser.add_argument("--members", type=int, default=members.NATIONAL_MEMBERS, help="members in the list today (about)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="the rows are already in the database (DATABASE_URL)")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--drift", action="store_true", help="recount the 'm.' counters (always on a small run; minutes nationally)")
    parser.add_argument("--no-consistency", action="store_true")
    parser.add_argument("--what-if", action="store_true", help="with --reuse: only the slow reads without JIT and with added indexes")
    parser.add_argument("--with-snapshots", action="store_true", help="with --reuse: take the year ends' snapshots, then the reads again")
    parser.add_argument("--kept", action="store_true", help="with --with-snapshots: the snapshots taken before, the reads only")
    parser.add_argument("--check", action="store_true", help="with --reuse: only the consistency check of the whole country")
    args = parser.parse_args(argv)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    generate.setup_django()
    from django.utils import timezone

    today = timezone.localdate()
    results: dict[str, Any] = {"scale": args.scale, "members asked": args.members, "today": today, "load before": os.getloadavg()}
    if args.reuse and (OUT / out_name(args)).exists():  # keep what the build (and the measurements) said
        built = json.loads((OUT / out_name(args)).read_text())
        results |= {
            key: value for key, value in built.items() if args.what_if or args.with_snapshots or args.check or key in ("tree", "build")
        }
    if args.check:
        check_country(results, args, today)
        return
    if args.with_snapshots:
        with_snapshots(results, args, today)
        print_timings(results["timings with snapshots"])
        return
    if args.what_if:
        what_if(results, args, today)
        print_timings(results["what if"]["timings"])
        return
    if not args.reuse:
        tree = generate.build(args.scale, args.seed)
        results["tree"] = {"organizations": tree.organizations, "seconds": round(tree.total_seconds, 1)}
        print(f"tree: {sum(tree.organizations.values()):,} organizations in {tree.total_seconds:.1f} s", flush=True)
        notes = BuildNotes()
        generated = round(args.members * GENERATED_PER_LISTED)
        report = members.build(generated, args.seed, today, history=history_step(today, args.seed, notes))
        results["build"] = {
            "generated members": generated,
            "members with a drawn history": notes.touched,
            "seconds": {k: round(v, 1) for k, v in {**report.seconds, **notes.seconds, **report.total_steps}.items()},
            "total seconds": round(report.total_seconds + tree.total_seconds, 1),
            "per year": notes.per_year,
        }
        print(json.dumps(results["build"], indent=1, ensure_ascii=False, default=str), flush=True)
    results["rows"] = table_rows()
    print(json.dumps(results["rows"], indent=1), flush=True)
    save(results, args)
    if args.build_only:
        return
    measure(results, args, today)
    print_timings(results["timings"])
    print(
        json.dumps({k: results.get(k) for k in ("checks", "drift", "consistency", "snapshots")}, indent=1, ensure_ascii=False, default=str)
    )
    print(f"\nwritten to {OUT / out_name(args)}")


if __name__ == "__main__":
    main()
