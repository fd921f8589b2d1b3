"""The demo province's admission pipeline and its yearly targets.

Candidates at every stage, walked through the admission services step by step (so every
rule judges them, as it would an officer's entries), timed from today: some deadlines
are met, some are close, some have passed, as a real board shows them. The commune of
the demo officer and the demo secretary's cell hold the most, so that their pages have
something to say; two dozen other grassroots organizations follow one each.

Targets are set for the province every year and for the communes since they were founded,
near what was admitted, so that the report's percentages land on both sides of 100 %.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear

from partybuilding.admissions import services
from partybuilding.admissions.checks import IntroducerIn, Votes
from partybuilding.admissions.choices import Stage
from partybuilding.admissions.models import AdmissionTarget, Candidate
from partybuilding.core import paths
from partybuilding.core.records import Decision
from partybuilding.members.choices import EventKind, MemberStatus
from partybuilding.members.committees.selectors import CELLS
from partybuilding.members.models import Member, MemberEvent
from partybuilding.members.personal import PersonalData
from partybuilding.organizations.models import Organization

from .members import Generator, _day_between, _years_before

# Days from one step to the next (a range each), in the order of the pipeline.
GAPS: list[tuple[Stage, tuple[int, int]]] = [
    (Stage.COURSE, (20, 60)),
    (Stage.INTRODUCED, (15, 40)),
    (Stage.APPLIED, (7, 20)),
    (Stage.CELL_RESOLVED, (7, 20)),
    (Stage.DECIDED, (14, 35)),
    (Stage.PROBATION, (7, 25)),  # the ceremony, within 30 working days of the decision
    (Stage.CONSIDERED, (0, 0)),  # the end of probation, then a few days (below)
    (Stage.OFFICIAL, (5, 15)),
]
ORDER = [Stage.RECORDED, *(stage for stage, _gap in GAPS)]


@dataclass(frozen=True)
class Plan:
    """A candidate to make: the stage they reach and how many days ago they reached it."""

    stage: Stage
    days_ago: tuple[int, int]


# The demo secretary's cell: one of each situation the secretary has to act on.
SECRETARY_CELL = [
    Plan(Stage.RECORDED, (20, 40)),
    Plan(Stage.COURSE, (30, 50)),
    Plan(Stage.APPLIED, (10, 20)),
    Plan(Stage.DECIDED, (28, 32)),  # the ceremony is due within two or three weeks
    Plan(Stage.PROBATION, (345, 355)),  # probation ends within a month
    Plan(Stage.OFFICIAL, (200, 400)),
]
# The other cells of the demo commune, and (one each) the province's other grassroots organizations.
TYPICAL = [
    Plan(Stage.RECORDED, (5, 80)),
    Plan(Stage.RECORDED, (100, 200)),  # no step for months: stuck
    Plan(Stage.COURSE, (10, 120)),
    Plan(Stage.INTRODUCED, (5, 60)),
    Plan(Stage.APPLIED, (5, 60)),
    Plan(Stage.CELL_RESOLVED, (5, 30)),
    Plan(Stage.DECIDED, (10, 30)),
    Plan(Stage.DECIDED, (55, 80)),  # the ceremony is overdue
    Plan(Stage.PROBATION, (40, 330)),
    Plan(Stage.PROBATION, (330, 360)),
    Plan(Stage.PROBATION, (420, 450)),  # probation ended months ago, not yet considered
    Plan(Stage.CONSIDERED, (3, 20)),
    Plan(Stage.OFFICIAL, (30, 700)),
    Plan(Stage.WITHDRAWN, (30, 300)),
]
# Grassroots organizations outside the demo commune that follow a candidate: enough for the
# province's board, few enough to keep the load quick (each step runs the services).
OTHER_GRASSROOTS = 24
PROBATION_DAYS = 365
CONSIDERED_AFTER_END = (3, 15)


class Pipeline:
    """Makes candidates of one province, deterministically for a seed and a day."""

    def __init__(self, today: dt.date, seed: int = 2027) -> None:
        self.today = today
        self.rng = random.Random(seed)
        self.people = Generator(seed, today)
        self.people.citizen_ids = {cid for cid in Member.objects.values_list("citizen_id", flat=True) if cid}
        self.decisions = 0

    def schedule(self, plan: Plan) -> dict[Stage, dt.date]:
        """The day of every step up to the plan's stage, the last one `days_ago` before today."""
        rng = self.rng
        if plan.stage == Stage.WITHDRAWN:  # after the course, a few weeks later
            left = self.today - dt.timedelta(days=rng.randint(*plan.days_ago))
            course = left - dt.timedelta(days=rng.randint(20, 60))
            recorded = course - dt.timedelta(days=rng.randint(*GAPS[0][1]))
            return {Stage.RECORDED: recorded, Stage.COURSE: course, Stage.WITHDRAWN: left}
        offsets = {Stage.RECORDED: 0}
        day = 0
        for stage, (low, high) in GAPS if plan.stage != Stage.RECORDED else []:
            if stage == Stage.CONSIDERED:
                day += PROBATION_DAYS + rng.randint(*CONSIDERED_AFTER_END)
            else:
                day += rng.randint(low, high)
            offsets[stage] = day
            if stage == plan.stage:
                break
        start = self.today - dt.timedelta(days=rng.randint(*plan.days_ago) + offsets[plan.stage])
        return {stage: start + dt.timedelta(days=n) for stage, n in offsets.items()}

    def person(self, cell: Organization, resolution: dt.date) -> Candidate:
        rng = self.rng
        age = rng.choice([19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31, 33, 36, 40])
        born = _day_between(rng, _years_before(resolution, age + 1) + dt.timedelta(days=1), _years_before(resolution, age))
        woman = rng.random() < 0.45
        personal = self.people.personal(born, woman, probationary=True)
        personal["youth_union"] = age <= 30 and rng.random() < 0.8
        if personal["occupation"] == "retired":
            personal["occupation"] = "other"
        return services.candidate_record(
            actor=None, organization=cell, data=PersonalData(**personal), recorded_on=self.day_of(Stage.RECORDED)
        )

    def make(self, cell: Organization, plan: Plan, officials: Sequence[Member]) -> Candidate | None:
        """One candidate walked to the plan's stage; None when the cell has too few official
        members to introduce and vote (the plan then goes to another cell)."""
        self.dates = self.schedule(plan)
        resolution = self.dates.get(Stage.CELL_RESOLVED, self.today)
        known = [m for m in officials if m.official_date and m.official_date <= self.dates[Stage.RECORDED] - dt.timedelta(days=400)]
        if len(known) < 3:
            return None
        candidate = self.person(cell, resolution)
        for stage in ORDER[1:]:
            if stage not in self.dates:
                break
            candidate = self.step(stage, candidate, known)
        if plan.stage == Stage.WITHDRAWN:
            services.candidate_withdraw(
                actor=None, candidate=candidate, date=self.dates[Stage.WITHDRAWN], note="Chuyển đi nơi khác làm việc."
            )
        return candidate

    def day_of(self, stage: Stage) -> dt.date:
        return self.dates[stage]

    def votes(self, officials: Sequence[Member]) -> Votes:
        n = len(officials)
        present = n - self.rng.randint(0, n // 5)
        against = 1 if self.rng.random() < 0.2 and 3 * (present - 1) >= 2 * n else 0
        return Votes(votes_for=present - against, votes_against=against, present=present, official_members=n)

    def decision(self, day: dt.date, what: str) -> Decision:
        self.decisions += 1
        return Decision(f"{self.decisions:03d}-QĐ/ĐU", day, f"Đảng ủy ({what})")

    def step(self, stage: Stage, candidate: Candidate, officials: Sequence[Member]) -> Candidate:
        day = self.day_of(stage)
        steps: dict[Stage, Callable[[], Candidate]] = {
            Stage.COURSE: lambda: services.candidate_course(
                actor=None, candidate=candidate, certificate_date=day, certificate_number=f"{self.rng.randint(10, 999)}/GCN-TTCT"
            ),
            Stage.INTRODUCED: lambda: services.candidate_introduce(
                actor=None, candidate=candidate, date=day, introducers=self.introducers(candidate, officials, day)
            ),
            Stage.APPLIED: lambda: services.candidate_apply(actor=None, candidate=candidate, date=day),
            Stage.CELL_RESOLVED: lambda: services.candidate_cell_resolve(
                actor=None, candidate=candidate, date=day, votes=self.votes(officials)
            ),
            Stage.DECIDED: lambda: services.candidate_decide(actor=None, candidate=candidate, decision=self.decision(day, "kết nạp")),
            Stage.PROBATION: lambda: services.candidate_ceremony(actor=None, candidate=candidate, date=day),
            Stage.CONSIDERED: lambda: services.candidate_consider(actor=None, candidate=candidate, date=day, votes=self.votes(officials)),
            Stage.OFFICIAL: lambda: services.candidate_recognize(
                actor=None, candidate=candidate, decision=self.decision(day, "chính thức")
            ),
        }
        return steps[stage]()

    def introducers(self, candidate: Candidate, officials: Sequence[Member], day: dt.date) -> list[IntroducerIn]:
        chosen = self.rng.sample(list(officials), 2)
        known_since = [_years_before(day, self.rng.randint(2, 10)) for _m in chosen]
        if candidate.youth_union and self.rng.random() < 0.5:
            return [IntroducerIn(youth_union_committee=True), IntroducerIn(member=chosen[0], known_since=known_since[0])]
        return [IntroducerIn(member=m, known_since=k) for m, k in zip(chosen, known_since, strict=True)]


def _officials(cells: Sequence[Organization]) -> dict[int, list[Member]]:
    found: dict[int, list[Member]] = defaultdict(list)
    members = Member.objects.filter(organization__in=cells, status=MemberStatus.OFFICIAL).order_by("pk")
    for member in members.only("pk", "organization_id", "official_date", "org_path", "status", "status_since", "family_name"):
        found[member.organization_id].append(member)
    return found


def load_candidates(today: dt.date, commune: Organization, secretary_cell: Organization | None) -> int:
    """Candidates in the demo commune's cells (the secretary's cell has one of each
    situation) and one in each of two dozen other grassroots organizations."""
    pipeline = Pipeline(today)
    homes = list(Organization.objects.filter(kind__in=CELLS, status="active").order_by("path"))
    officials = _officials(homes)
    plans: list[tuple[Organization, Plan]] = []
    if secretary_cell is not None:
        plans += [(secretary_cell, plan) for plan in SECRETARY_CELL]
    in_commune = [h for h in homes if h.path.startswith(commune.path) and h != secretary_cell]
    for i, home in enumerate(in_commune):
        plans.append((home, TYPICAL[i % len(TYPICAL)]))
    grassroots_seen: set[str] = set()
    others = [h for h in homes if not h.path.startswith(commune.path)]
    pipeline.rng.shuffle(others)
    for i, home in enumerate(others):
        grassroots = home.path[: len(commune.path) + paths.SEGMENT]
        if grassroots in grassroots_seen or len(grassroots_seen) >= OTHER_GRASSROOTS:
            continue
        grassroots_seen.add(grassroots)
        plans.append((home, TYPICAL[(i * 5) % len(TYPICAL)]))
    made = 0
    for home, plan in plans:
        if pipeline.make(home, plan, officials[home.pk]) is not None:
            made += 1
    return made


def load_targets(province: Organization, today: dt.date, seed: int = 2028) -> int:
    """The province's target for each of the last years and the communes' since their
    founding: what was admitted, give or take a tenth (this year's from last year's)."""
    rng = random.Random(seed)
    first = today.year - 5
    communes = list(Organization.objects.filter(parent=province, status="active").order_by("path"))
    unit = len(province.path) + paths.SEGMENT
    events = MemberEvent.objects.filter(
        paths.subtree_q(province.path, "organization__path"), kind=EventKind.ADMITTED, date__year__gte=first - 1
    )
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for path, year, n in (
        events.annotate(year=ExtractYear("date")).values_list("organization__path", "year").annotate(n=Count("pk")).order_by()
    ):
        counts[(path[:unit], year)] += n
        counts[(province.path, year)] += n

    def target(path: str, year: int) -> int:
        base = counts[(path, year - 1)] if year == today.year else counts[(path, year)]
        return max(1, round(base * rng.uniform(0.9, 1.12)))

    targets = [
        AdmissionTarget(organization=province, year=year, target=target(province.path, year)) for year in range(first, today.year + 1)
    ]
    for commune in communes:
        since = commune.founded_on.year if commune.founded_on else first
        targets += [
            AdmissionTarget(organization=commune, year=year, target=target(commune.path[:unit], year))
            for year in range(max(first, since), today.year + 1)
        ]
    AdmissionTarget.objects.bulk_create(targets)
    return len(targets)
