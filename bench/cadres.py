"""Cadre work at national scale: the posts every province, commune and grassroots committee
manages, their holders' cadre records, the plannings for 2030–2035 of every province and
commune committee, two years of appointments and moves, the cadres' courses; then the home
page, the planning table and structure, the pending exits, the due lists, the cadre list and
forms 9, 12 and 13, timed.

    PG_SHARED_BUFFERS=2GB PGPORT_TEST=55491 scripts/with-postgres.sh .venv/bin/python bench/cadres.py --scale 0.02  # smoke
    PG_SHARED_BUFFERS=2GB PGPORT_TEST=55491 scripts/with-postgres.sh .venv/bin/python bench/cadres.py               # national
    .venv/bin/python bench/cadres.py --reuse    # on a database already holding the rows

Volume (the tree of bench/generate.py and a pool of `--members` members from bench/members.py,
1,000,000 × `--scale` by default; ages as the members' generator draws them):

- posts: about 58 per province committee (secretary, deputies, the chairs of the People's
  Council and Committee, standing members, the inspection commission, directors and deputy
  directors of departments, heads of boards), 20 per commune committee, 5 per grassroots
  committee; titles, bodies and grades as `choices.TITLE_GRADE` gives them; about 5 % prone to
  corruption (finance, construction, land, inspection, the commune's economic office, some
  enterprise and unit heads);
- cadre records: one per post held (96 % of posts), the holder a member of working age of
  the organization's subtree, personal fields copied from the member record; about 2 % persons
  outside the member records; a few reserve cadres per province and commune (specialists
  without a post, planned for the lowest posts);
- holdings: started over the last five years with a five-year term, so that term ends are
  spread over the next five years (about 7 % within the 90 working days' notice, a few past);
- plannings 2030–2035 of every province and commune committee, approved in the first quarter
  of 2026, with 1–3 cadres per post taken from the organization and the level below (a higher
  post than the one held, at most 3 posts of a level per cadre, `age_limit_on` from the
  retirement roadmap, checked against `cadres.ages.last_full_term_start`); a quarter of them
  reviewed in the autumn (one entry removed, one added);
- disciplines (reprimands and warnings) of 2 % of the planned members since their planning,
  a third of the exits already recorded: the rest are the pending exits;
- about 2 courses per cadre over twelve years; appointments (decided) for the posts taken up
  in the last two years, open re-appointments for a third of those due, rotations, transfers
  and periodic changes of post over the last two years.

Rows are written by COPY (the cadre tables' secondary indexes and foreign keys dropped during
the load and put back after, as a restore does), the cadres' personal fields by one INSERT …
SELECT from the member records. No steps or audit rows: the reads below do not touch them.

Then, warm, median of `--repeat` runs (database time and wall time), for the largest province
and for the country: the home page `/cadres/`; the planning table and structure of the
province's planning (selectors and pages); the pending exits' attention line; the due lists of
re-appointments and periodic changes (first page, and their attention lines); the cadre list,
first page and a name search; forms 9 and 12 (province and commune posts) and 13 through
`statistics.counting.count`. Target: under 200 ms. EXPLAIN ANALYZE of the slowest queries goes
to bench/out/cadres.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import time
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import generate  # bench/ is the script's folder, hence on sys.path
import members
from assessments import OUT, ok
from directives import foreign_keys, largest_province, measured, secondary_indexes
from inspections import session_client
from run import Timing

READ_TARGET_MS = 200.0
NATIONAL_POOL = 1_000_000
HELD_SHARE = 0.96
OUTSIDE_RECORDS_SHARE = 0.02
RESERVE = {"province": 20, "commune": 6}
DISCIPLINED_SHARE = 0.02  # of the planned members
EXIT_RECORDED_SHARE = 0.33
REVIEWED_SHARE = 0.25
TERM = ("2030–2035", dt.date(2030, 10, 1), dt.date(2035, 9, 30))
SYMBOL = {"province": "TU", "commune": "ĐU"}
LEVEL_OF_KIND = {"province": "province", "commune": "commune", "grassroots_committee": "grassroots"}

# (title, body, name, corruption prone); the organization's place is added to the name
PROVINCE_POSTS: list[tuple[str, str, str, bool]] = [
    ("secretary", "party_committee", "Bí thư Tỉnh ủy", False),
    ("deputy_secretary", "party_committee", "Phó Bí thư Thường trực Tỉnh ủy", False),
    ("deputy_secretary", "party_committee", "Phó Bí thư Tỉnh ủy", False),
    ("council_chair", "peoples_council", "Chủ tịch Hội đồng nhân dân", False),
    ("committee_chair", "peoples_committee", "Chủ tịch Ủy ban nhân dân", False),
    ("standing_member", "standing_committee", "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy", False),
    ("standing_member", "standing_committee", "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", False),
    ("standing_member", "standing_committee", "Ủy viên Ban Thường vụ, Chánh Văn phòng Tỉnh ủy", False),
    ("standing_member", "standing_committee", "Ủy viên Ban Thường vụ, Chủ tịch Ủy ban Mặt trận Tổ quốc", False),
    ("standing_member", "standing_committee", "Ủy viên Ban Thường vụ, Chỉ huy trưởng Bộ Chỉ huy Quân sự", False),
    ("standing_member", "standing_committee", "Ủy viên Ban Thường vụ, Giám đốc Công an", False),
    ("inspection_chair", "inspection", "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", False),
    ("council_vice", "peoples_council", "Phó Chủ tịch Thường trực Hội đồng nhân dân", False),
    ("council_vice", "peoples_council", "Phó Chủ tịch Hội đồng nhân dân", False),
    ("committee_vice", "peoples_committee", "Phó Chủ tịch Thường trực Ủy ban nhân dân", False),
    ("committee_vice", "peoples_committee", "Phó Chủ tịch Ủy ban nhân dân phụ trách kinh tế", False),
    ("committee_vice", "peoples_committee", "Phó Chủ tịch Ủy ban nhân dân phụ trách văn hóa - xã hội", False),
    ("committee_vice", "peoples_committee", "Phó Chủ tịch Ủy ban nhân dân phụ trách nội chính", False),
    *[
        ("head", "state_agency", f"Giám đốc Sở {name}", prone)
        for name, prone in (
            ("Nội vụ", False),
            ("Tài chính", True),
            ("Xây dựng", True),
            ("Nông nghiệp và Môi trường", True),
            ("Công Thương", True),
            ("Y tế", False),
            ("Giáo dục và Đào tạo", False),
            ("Văn hóa, Thể thao và Du lịch", False),
            ("Khoa học và Công nghệ", False),
            ("Tư pháp", False),
            ("Dân tộc và Tôn giáo", False),
            ("Ngoại vụ", False),
        )
    ],
    ("head", "state_agency", "Chánh Thanh tra", True),
    ("head", "state_agency", "Chánh Văn phòng Ủy ban nhân dân", False),
    ("head", "state_agency", "Trưởng Ban Quản lý các khu công nghiệp", True),
    ("head", "service_unit", "Giám đốc Ban Quản lý dự án đầu tư xây dựng", True),
    ("head", "front", "Chủ tịch Hội Nông dân", False),
    ("head", "front", "Chủ tịch Liên đoàn Lao động", False),
    ("head", "front", "Bí thư Tỉnh đoàn", False),
    ("head", "front", "Chủ tịch Hội Liên hiệp Phụ nữ", False),
    ("head", "front", "Chủ tịch Hội Cựu chiến binh", False),
    ("deputy_head", "party_board", "Phó Trưởng Ban Tổ chức Tỉnh ủy (1)", False),
    ("deputy_head", "party_board", "Phó Trưởng Ban Tổ chức Tỉnh ủy (2)", False),
    ("deputy_head", "party_board", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy (1)", False),
    ("deputy_head", "party_board", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy (2)", False),
    ("deputy_head", "party_board", "Phó Chánh Văn phòng Tỉnh ủy", False),
    ("deputy_head", "inspection", "Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy (1)", False),
    ("deputy_head", "inspection", "Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy (2)", False),
    ("deputy_head", "state_agency", "Phó Giám đốc Sở Tài chính (1)", True),
    ("deputy_head", "state_agency", "Phó Giám đốc Sở Tài chính (2)", True),
    ("deputy_head", "state_agency", "Phó Giám đốc Sở Xây dựng", True),
    ("deputy_head", "state_agency", "Phó Giám đốc Sở Nông nghiệp và Môi trường", True),
    ("deputy_head", "state_agency", "Phó Giám đốc Sở Nội vụ", False),
    ("deputy_head", "state_agency", "Phó Giám đốc Sở Y tế", False),
    ("deputy_head", "state_agency", "Phó Giám đốc Sở Giáo dục và Đào tạo", False),
    ("deputy_head", "state_agency", "Phó Chánh Thanh tra", True),
    ("inspection_member", "inspection", "Ủy viên Ủy ban Kiểm tra Tỉnh ủy (1)", False),
    ("inspection_member", "inspection", "Ủy viên Ủy ban Kiểm tra Tỉnh ủy (2)", False),
    ("inspection_member", "inspection", "Ủy viên Ủy ban Kiểm tra Tỉnh ủy (3)", False),
]
COMMUNE_POSTS: list[tuple[str, str, str, bool]] = [
    ("secretary", "party_committee", "Bí thư Đảng ủy", False),
    ("deputy_secretary", "party_committee", "Phó Bí thư Thường trực Đảng ủy", False),
    ("deputy_secretary", "party_committee", "Phó Bí thư Đảng ủy", False),
    ("council_chair", "peoples_council", "Chủ tịch Hội đồng nhân dân", False),
    ("committee_chair", "peoples_committee", "Chủ tịch Ủy ban nhân dân", False),
    ("standing_member", "standing_committee", "Ủy viên Ban Thường vụ, Trưởng Ban Xây dựng Đảng", False),
    ("standing_member", "standing_committee", "Ủy viên Ban Thường vụ, Chủ tịch Ủy ban Mặt trận Tổ quốc", False),
    ("standing_member", "standing_committee", "Ủy viên Ban Thường vụ, Chỉ huy trưởng Ban Chỉ huy Quân sự", False),
    ("inspection_chair", "inspection", "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy", False),
    ("council_vice", "peoples_council", "Phó Chủ tịch Hội đồng nhân dân", False),
    ("committee_vice", "peoples_committee", "Phó Chủ tịch Ủy ban nhân dân (1)", False),
    ("committee_vice", "peoples_committee", "Phó Chủ tịch Ủy ban nhân dân (2)", False),
    ("head", "party_board", "Chánh Văn phòng Đảng ủy", False),
    ("head", "state_agency", "Trưởng phòng Kinh tế", True),
    ("head", "state_agency", "Trưởng phòng Văn hóa - Xã hội", False),
    ("head", "state_agency", "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", False),
    ("head", "service_unit", "Giám đốc Trung tâm Phục vụ hành chính công", False),
    ("deputy_head", "state_agency", "Phó Trưởng phòng Kinh tế", False),
    ("deputy_head", "party_board", "Phó Trưởng Ban Xây dựng Đảng", False),
    ("inspection_member", "inspection", "Ủy viên Ủy ban Kiểm tra Đảng ủy", False),
]
GRASSROOTS_PRONE_SHARE = 0.1  # of a grassroots committee's unit head and deputy: prone to corruption
GRASSROOTS_POSTS: list[tuple[str, str, str, bool]] = [
    ("secretary", "party_committee", "Bí thư Đảng ủy", False),
    ("deputy_secretary", "party_committee", "Phó Bí thư Đảng ủy", False),
    ("inspection_chair", "inspection", "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy", False),
    ("head", "service_unit", "Thủ trưởng đơn vị", False),
    ("deputy_head", "service_unit", "Phó Thủ trưởng đơn vị", False),
]
ELECTED = {"secretary", "deputy_secretary", "standing_member", "inspection_chair", "inspection_member", "council_chair", "council_vice", "committee_chair", "committee_vice"}  # fmt: skip
THEORY_COURSES = {"intermediate": ("theory_intermediate", "Trung cấp lý luận chính trị"), "advanced": ("theory_advanced", "Cao cấp lý luận chính trị")}  # fmt: skip
REFRESHERS = ["party_building", "mass_work", "state_management", "economic_management", "language", "it", "knowledge", "defence"]


@dataclass(slots=True)
class Org:
    id: int
    path: str
    kind: str
    parent_id: int | None
    name: str


@dataclass(slots=True)
class Post:
    id: int
    org: Org
    title: str
    grade: int
    level: str
    body: str
    prone: bool
    holder: int = 0  # the cadre's id, 0 when vacant
    started_on: dt.date | None = None


@dataclass(slots=True)
class Person:
    """A cadre as the planning draws them: who, where, the post held (grade 99: none)."""

    id: int
    org: Org
    member_id: int | None
    source: int  # the member record the personal fields are copied from
    gender: str
    born: dt.date
    theory: str
    grade: int = 99


@dataclass
class Loaded:
    positions: int = 0
    prone: int = 0
    cadres: int = 0
    outside_records: int = 0
    holdings: int = 0
    plannings: int = 0
    entries: int = 0
    disciplines: int = 0
    appointments: int = 0
    moves: int = 0
    trainings: int = 0
    age_limits_checked: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


# --- the age limit, many at once ------------------------------------------------------------


class AgeLimits:
    """`ages.last_full_term_start` for many cadres planned on one day: the same arithmetic on
    the roadmap read once (no rule lookup per cadre), memoized per (gender, birth date)."""

    def __init__(self, on: dt.date) -> None:
        from partybuilding.cadres.ages import FULL_TERM_KEY, RETIREMENT_KEY
        from partybuilding.core.rules import rule_value

        self.on = on
        self.roadmap = rule_value(RETIREMENT_KEY, on)
        self.months = int(rule_value(FULL_TERM_KEY, on))
        self._memo: dict[tuple[str, dt.date], dt.date] = {}

    def __call__(self, gender: str, born: dt.date) -> dt.date:
        key = (gender, born)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._compute(gender, born)
        return found

    def _compute(self, gender: str, born: dt.date) -> dt.date:
        from partybuilding.cadres.ages import retirement_age_months
        from partybuilding.core.dates import add_months

        roadmap = self.roadmap[gender]
        year = born.year + roadmap["before_months"] // 12 - 1
        while True:
            retires = add_months(born, retirement_age_months(roadmap, year))
            if retires.year <= year:
                break
            year += 1
        start = add_months(retires, -self.months)
        while add_months(start, self.months) > retires:
            start -= dt.timedelta(days=1)
        return start

    def check(self, sample: Iterable[tuple[str, dt.date]]) -> int:
        """Compared with the app's own function; the number of cadres checked."""
        from partybuilding.cadres.ages import last_full_term_start

        n = 0
        for gender, born in sample:
            expected = last_full_term_start(gender, born, self.on)
            assert self(gender, born) == expected, (gender, born, self(gender, born), expected)
            n += 1
        return n


# --- the world -------------------------------------------------------------------------------


class Pool:
    """Working-age members in path order; each taken at most once (a member has one cadre record)."""

    def __init__(self, today: dt.date) -> None:
        from partybuilding.core.dates import add_years
        from partybuilding.members.choices import IN_LIST
        from partybuilding.members.models import Member

        rows = (
            Member.objects.filter(
                status__in=sorted(IN_LIST), date_of_birth__gt=add_years(today, -58), date_of_birth__lte=add_years(today, -26)
            )
            .order_by("org_path", "id")
            .values_list("id", "org_path", "gender", "date_of_birth", "theory")
        )
        self.ids: list[int] = []
        self.paths: list[str] = []
        self.genders: list[str] = []
        self.born: list[dt.date] = []
        self.theory: list[str] = []
        for member_id, path, gender, born, theory in rows.iterator(chunk_size=50_000):
            self.theory.append(theory)
            self.ids.append(member_id)
            self.paths.append(path)
            self.genders.append(gender)
            self.born.append(born)
        self.used = bytearray(len(self.ids))

    def take(self, rng: random.Random, path: str) -> int | None:
        """An unused member of `path`'s subtree (an index), or None when there is none left."""
        from partybuilding.core import paths

        lo = bisect_left(self.paths, path)
        hi = bisect_left(self.paths, paths.upper(path), lo)
        if hi <= lo:
            return None
        for _ in range(8):
            i = rng.randrange(lo, hi)
            if not self.used[i]:
                self.used[i] = 1
                return i
        start = rng.randrange(lo, hi)
        for i in [*range(start, hi), *range(lo, start)]:
            if not self.used[i]:
                self.used[i] = 1
                return i
        return None

    def any(self, rng: random.Random) -> int:
        return rng.randrange(len(self.ids))


def place_of(org: Org) -> str:
    """The place: "tỉnh Lai Châu" of "Đảng bộ tỉnh Lai Châu"; a grassroots committee's unit by its name."""
    return org.name.removeprefix("Đảng bộ ").strip()


def unit_head(org: Org) -> tuple[str, str, str]:
    """The grassroots unit's head and deputy titles, and the post's body, by the unit's kind."""
    name = org.name
    if "Trường" in name:
        return "Hiệu trưởng", "Phó Hiệu trưởng", "service_unit"
    if "Bệnh viện" in name:
        return "Giám đốc", "Phó Giám đốc", "service_unit"
    if "Công ty" in name:
        return "Tổng Giám đốc", "Kế toán trưởng", "enterprise"
    if "Hợp tác xã" in name:
        return "Giám đốc", "Kế toán trưởng", "enterprise"
    if "Quân sự" in name:
        return "Chỉ huy trưởng", "Chỉ huy phó", "state_agency"
    return "Trưởng Công an", "Phó Trưởng Công an", "state_agency"


class Writer:
    """The rows drawn organization by organization, kept as tuples for COPY."""

    def __init__(self, orgs: list[Org], pool: Pool, rng: random.Random, today: dt.date) -> None:
        from partybuilding.cadres.choices import TITLE_GRADE

        self.orgs, self.pool, self.rng, self.today = orgs, pool, rng, today
        self.grade = {str(k): v for k, v in TITLE_GRADE.items()}
        self.by_id = {o.id: o for o in orgs}
        self.posts: list[Post] = []
        self.posts_of: dict[int, list[Post]] = defaultdict(list)
        self.people: list[Person] = []
        self.people_of: dict[int, list[Person]] = defaultdict(list)  # org id → its cadres
        self.names: dict[int, str] = {}  # post id → its name
        self.loaded = Loaded()

    # posts and their holders

    def draw_posts(self) -> None:
        rng = self.rng
        for o in self.orgs:
            if o.kind == "province":
                place = place_of(o)  # "tỉnh Lai Châu", "thành phố Huế"
                committee = ("Thành ủy " if place.startswith("thành phố") else "Tỉnh ủy ") + place.split(" ", 2 if place.startswith("thành phố") else 1)[-1]  # fmt: skip
                templates = [(t, b, n.replace("Tỉnh ủy", committee) if "Tỉnh ủy" in n else f"{n} {place}", p) for t, b, n, p in PROVINCE_POSTS]  # fmt: skip
            elif o.kind == "commune":
                templates = [(t, b, f"{n} {place_of(o)}", p) for t, b, n, p in COMMUNE_POSTS]
            elif o.kind == "grassroots_committee":
                head, deputy, body = unit_head(o)
                unit = place_of(o)
                templates = [(t, b, f"{n} {unit}", p) for t, b, n, p in GRASSROOTS_POSTS[:3]]
                templates += [
                    ("head", body, f"{head} {unit}", rng.random() < GRASSROOTS_PRONE_SHARE),
                    ("deputy_head", body, f"{deputy} {unit}", rng.random() < GRASSROOTS_PRONE_SHARE),
                ]
            else:
                continue
            for title, body, name, prone in templates:
                post = Post(len(self.posts) + 1, o, title, self.grade[title], LEVEL_OF_KIND[o.kind], body, prone)
                self.names[post.id] = name
                self.posts.append(post)
                self.posts_of[o.id].append(post)

    def person(self, org: Org, outside: bool) -> Person | None:
        """A cadre managed by `org`: a member of its subtree (or, outside the records, a
        person whose personal fields are drawn from a member left as they are)."""
        pool, rng = self.pool, self.rng
        index = pool.any(rng) if outside else pool.take(rng, org.path)
        if index is None:
            return None
        found = Person(len(self.people) + 1, org, None if outside else pool.ids[index], pool.ids[index], pool.genders[index], pool.born[index], pool.theory[index])  # fmt: skip
        self.people.append(found)
        self.people_of[org.id].append(found)
        return found

    def draw_holders(self) -> None:
        """Lowest organizations first: their subtrees are the smallest."""
        rng, today = self.rng, self.today
        order = {"grassroots_committee": 0, "commune": 1, "province": 2}
        first = today - dt.timedelta(days=round(5.05 * 365))
        span = (today - dt.timedelta(days=7) - first).days
        for o in sorted((o for o in self.orgs if o.kind in order), key=lambda o: order[o.kind]):
            for post in self.posts_of[o.id]:
                if rng.random() >= HELD_SHARE:
                    continue
                person = self.person(o, rng.random() < OUTSIDE_RECORDS_SHARE)
                if person is None:
                    continue
                person.grade = post.grade
                post.holder = person.id
                post.started_on = first + dt.timedelta(days=rng.randrange(span))
            for _ in range(RESERVE.get(o.kind, 0)):
                self.person(o, False)

    # the rows

    def position_rows(self) -> Iterator[tuple[Any, ...]]:
        from partybuilding.core.text import search_key

        for p in self.posts:
            name = self.names[p.id]
            self.loaded.prone += p.prone
            yield (p.id, p.org.id, p.org.path, p.org.id, p.org.path, p.level, p.body, p.title, name, p.grade, 1, p.prone, True, search_key(name))  # fmt: skip
        self.loaded.positions = len(self.posts)

    def cadre_rows(self) -> Iterator[tuple[Any, ...]]:
        """The scratch rows the INSERT … SELECT turns into cadre records."""
        rng, today = self.rng, self.today
        for c in self.people:
            category = "civil_servant" if c.org.kind != "grassroots_committee" else rng.choice(("civil_servant", "public_employee", "not_budget"))  # fmt: skip
            since = c.born + dt.timedelta(days=round(365.25 * rng.uniform(22, 30)))
            since = min(since, today - dt.timedelta(days=400))
            management = rng.choices(("none", "specialist", "main_specialist", "senior_specialist"), weights=(20, 35, 35, 10))[0]
            academic = "associate_professor" if rng.random() < 0.002 else "none"
            in_by = rng.choices(("exam", "transfer_in", "experienced"), weights=(70, 25, 5))[0]
            self.loaded.outside_records += c.member_id is None
            yield (c.id, c.member_id, c.source, c.org.id, c.org.path, category, since, in_by, management, academic)
        self.loaded.cadres = len(self.people)

    def holding_rows(self, appointment_of: dict[int, int]) -> Iterator[tuple[Any, ...]]:
        from partybuilding.core.dates import add_months

        for p in self.posts:
            if p.holder and p.started_on is not None:
                self.loaded.holdings += 1
                yield (p.id, p.holder, p.id, p.org.path, p.started_on, add_months(p.started_on, 60), appointment_of.get(p.id))


# --- plannings ---------------------------------------------------------------------------------


@dataclass
class Plannings:
    plannings: list[tuple[Any, ...]] = field(default_factory=list)
    decisions: list[tuple[Any, ...]] = field(default_factory=list)
    entries: list[tuple[Any, ...]] = field(default_factory=list)
    planned: dict[int, dt.date] = field(default_factory=dict)  # entry id → added on, of those still planned
    entry_person: dict[int, Person] = field(default_factory=dict)


def draw_plannings(writer: Writer, limits: AgeLimits) -> Plannings:
    """Every province and commune committee's planning for 2030–2035, approved in the first
    quarter of 2026, 1–3 cadres per post, from the organization and the level below."""
    rng, today = writer.rng, writer.today
    label, starts, ends = TERM
    found = Plannings()
    per_level: Counter[tuple[int, str]] = Counter()  # (cadre, level) → posts planned
    children: dict[int, list[Org]] = defaultdict(list)
    for o in writer.orgs:
        if o.parent_id is not None and o.kind in ("commune", "grassroots_committee"):
            children[o.parent_id].append(o)
    entry_id = 0

    def fits(c: Person, post: Post, level: str) -> bool:
        """A higher post than the one held, not far above it (a specialist without a post: a
        head's post or lower), and fewer than 3 posts of the level planned."""
        step = post.grade + 4 >= c.grade > post.grade if c.grade < 99 else post.grade >= 6
        return step and per_level[c.id, level] < 3

    def add(planning_id: int, o: Org, post: Post, c: Person, decision: int, on: dt.date) -> int:
        nonlocal entry_id
        entry_id += 1
        per_level[c.id, LEVEL_OF_KIND[o.kind]] += 1
        found.entries.append((entry_id, planning_id, o.path, post.id, c.id, decision, on, limits(c.gender, c.born), "planned", None, "", None))  # fmt: skip
        found.planned[entry_id] = on
        found.entry_person[entry_id] = c
        return entry_id

    for o in writer.orgs:
        if o.kind not in SYMBOL:
            continue
        planning_id = len(found.plannings) + 1
        found.plannings.append((planning_id, o.id, o.path, label, starts, ends))
        approved = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(85))
        approval_id = len(found.decisions) + 1
        found.decisions.append((approval_id, planning_id, "approval", 2026, f"{rng.randrange(100, 999)}-QĐ/{SYMBOL[o.kind]}", approved, "Ban Thường vụ"))  # fmt: skip
        below = [p for child in children[o.id] for p in writer.people_of[child.id]]
        candidates = writer.people_of[o.id] + rng.sample(below, min(len(below), 300 if o.kind == "province" else 60))
        eligible = [c for c in candidates if limits(c.gender, c.born) >= starts]
        level = LEVEL_OF_KIND[o.kind]
        on_post: dict[int, set[int]] = {}
        mine: list[int] = []
        for post in writer.posts_of[o.id]:
            fitting = [c for c in eligible if fits(c, post, level)]
            chosen = rng.sample(fitting, min(len(fitting), rng.randint(1, 3)))
            on_post[post.id] = {c.id for c in chosen}
            mine += [add(planning_id, o, post, c, approval_id, approved) for c in chosen]
        reviewed = dt.date(today.year, 10, 1) + dt.timedelta(days=rng.randrange(45))
        if rng.random() >= REVIEWED_SHARE or not mine or reviewed >= today:
            continue
        review_id = len(found.decisions) + 1
        found.decisions.append((review_id, planning_id, "review", today.year, f"{rng.randrange(100, 999)}-QĐ/{SYMBOL[o.kind]}", reviewed, "Ban Thường vụ"))  # fmt: skip
        gone = found.entries[rng.choice(mine) - 1]
        found.entries[gone[0] - 1] = (*gone[:8], "removed", reviewed, "decision", review_id)
        found.planned.pop(gone[0], None)
        on_post[gone[3]].discard(gone[4])
        roomy = [p for p in writer.posts_of[o.id] if len(on_post[p.id]) < 3]
        if roomy:
            post = rng.choice(roomy)
            fitting = [c for c in eligible if fits(c, post, level) and c.id not in on_post[post.id] and c.id != gone[4]]
            if fitting:
                add(planning_id, o, post, rng.choice(fitting), review_id, reviewed)
    return found


def draw_disciplines(writer: Writer, plans: Plannings, first_id: int) -> list[dict[str, Any]]:
    """Reprimands and warnings of planned members since their planning; a third of their exits
    already recorded (the entry left), the others pending."""
    rng, today = writer.rng, writer.today
    rows: list[dict[str, Any]] = []
    by_member: dict[int, list[int]] = defaultdict(list)
    for entry_id, person in plans.entry_person.items():
        if person.member_id is not None and entry_id in plans.planned:
            by_member[person.member_id].append(entry_id)
    member_paths = dict(zip(writer.pool.ids, writer.pool.paths, strict=True))
    for member_id in sorted(by_member):
        if rng.random() >= DISCIPLINED_SHARE:
            continue
        entries = by_member[member_id]
        since = max(plans.planned[e] for e in entries)
        if (today - since).days < 3:
            continue
        decided = since + dt.timedelta(days=rng.randrange(1, (today - since).days))
        person = plans.entry_person[entries[0]]
        org = person.org
        form = "reprimand" if rng.random() < 0.75 else "warning"
        proposed = decided - dt.timedelta(days=rng.randrange(5, 30))
        rows.append({
            "id": first_id + len(rows), "organization_id": org.id, "org_path": org.path, "body": "commission",
            "level": LEVEL_OF_KIND.get(org.kind, "grassroots"), "subject": "official", "member_id": member_id,
            "subject_path": member_paths.get(member_id, org.path), "committee_member": True, "contents": [],
            "violation": "Vi phạm quy định về những điều đảng viên không được làm", "violation_date": proposed - dt.timedelta(days=90),
            "proposed_form": form, "proposed_on": proposed, "concluded_on": proposed, "form": form, "form_in_force": form,
            "status": "decided", "status_since": decided, "decision_number": f"{rng.randrange(1, 999)}-QĐ/UBKT",
            "decision_date": decided, "received_on": decided + dt.timedelta(days=3),
        })  # fmt: skip
        if rng.random() < EXIT_RECORDED_SHARE:
            for e in entries:
                row = plans.entries[e - 1]
                plans.entries[e - 1] = (*row[:8], "left", decided, "discipline", None)
                plans.planned.pop(e, None)
    return rows


# --- appointments, moves, courses --------------------------------------------------------------


def draw_events(writer: Writer, plans: Plannings) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], dict[int, int]]:
    """Appointments (decided for the posts taken up in the last two years, open re-appointments
    for a third of those due, a few open appointments of planned cadres) and moves (rotations,
    transfers, periodic changes of post) over the last two years; the holding → appointment map."""
    from partybuilding.cadres.selectors.appointments import due_until
    from partybuilding.core.dates import add_months

    rng, today = writer.rng, writer.today
    two_years = today - dt.timedelta(days=730)
    due = due_until(today)
    appointments: list[tuple[Any, ...]] = []
    moves: list[tuple[Any, ...]] = []
    appointment_of: dict[int, int] = {}
    province_of: dict[str, Org] = {o.path: o for o in writer.orgs if o.kind == "province"}
    width = len(next(iter(province_of)))

    def appointment(kind: str, post: Post, cadre: int, state: str, proposed: dt.date, decided: dt.date | None = None, holding: int | None = None) -> int:  # fmt: skip
        votes = rng.randint(9, 15) if state != "proposed" else None
        total = votes + rng.randint(0, 2) if votes is not None else None
        number = f"{rng.randrange(1, 999)}-QĐ/{SYMBOL.get(post.org.kind, 'ĐU')}" if decided else ""
        term = 60 if kind in ("appointment", "reappointment") and decided else None
        effective = post.started_on if decided else None
        appointments.append((len(appointments) + 1, kind, cadre, post.id, post.org.id, post.org.path, holding, state, proposed, votes, total, effective, term, number, decided))  # fmt: skip
        return len(appointments)

    for post in writer.posts:
        if not post.holder or post.started_on is None:
            continue
        started = post.started_on
        if started >= two_years:
            kind = "nomination" if post.title in ELECTED else ("reappointment" if rng.random() < 0.2 else "appointment")
            decided = started - dt.timedelta(days=rng.randrange(3, 20))
            proposed = decided - dt.timedelta(days=rng.randrange(20, 60))
            renewed = post.id if kind == "reappointment" else None
            appointment_of[post.id] = appointment(kind, post, post.holder, "decided", proposed, decided, renewed)
            moved = rng.random()
            if post.prone and moved < 0.5:
                moves.append((post, "periodic", "office_office", started, None))
            elif moved < 0.06:
                if post.level == "province":
                    moves.append((post, "rotation", "commune_province", started, add_months(started, 36)))
                elif post.level == "commune":
                    direction = "province_commune" if rng.random() < 0.5 else "commune_commune"
                    moves.append((post, "rotation", direction, started, add_months(started, 36)))
                else:
                    moves.append((post, "rotation", "sector_sector", started, add_months(started, 24)))
            elif moved < 0.1:
                moves.append((post, "transfer", "office_office", started, None))
        if add_months(started, 60) <= due and rng.random() < 0.33:
            proposed = today - dt.timedelta(days=rng.randrange(1, 40))
            appointment("reappointment", post, post.holder, rng.choice(("proposed", "consulted")), proposed, holding=post.id)
    still = [e for e in plans.planned if e in plans.entry_person]
    for entry_id in rng.sample(still, min(len(still), len(writer.posts) // 200)):
        post = writer.posts[plans.entries[entry_id - 1][3] - 1]
        appointment("appointment", post, plans.entry_person[entry_id].id, "proposed", today - dt.timedelta(days=rng.randrange(1, 60)))
    move_rows = []
    for n, (post, kind, direction, starts, ends) in enumerate(moves, 1):
        decider = province_of[post.org.path[:width]] if kind == "rotation" and post.level == "commune" else post.org
        from_text = {"periodic": "Vị trí công tác trước khi chuyển đổi", "transfer": "Cơ quan cũ"}.get(kind, "Đơn vị cử đi luân chuyển")
        purpose = "Định kỳ chuyển đổi vị trí công tác" if kind == "periodic" else "Đào tạo, rèn luyện thực tiễn"
        decided = starts - dt.timedelta(days=rng.randrange(5, 20))
        move_rows.append((n, kind, post.holder, decider.id, decider.path, from_text, post.id, direction, starts, ends, purpose, f"{rng.randrange(1, 999)}-QĐ", decided))  # fmt: skip
    return appointments, move_rows, appointment_of


def training_rows(writer: Writer) -> Iterator[tuple[Any, ...]]:
    """About two courses per cadre over the last twelve years; those not ended yet not completed."""
    rng, today = writer.rng, writer.today
    n = 0
    for c in writer.people:
        for _ in range(rng.choices((1, 2, 3), weights=(30, 40, 30))[0]):
            kind = rng.choices(("theory", "professional", "state_management", "refresher"), weights=(30, 20, 25, 25))[0]
            topic = ""
            if kind == "theory":
                level, name = THEORY_COURSES["advanced" if c.theory == "advanced" or rng.random() < 0.3 else "intermediate"]
                months = 12 if level == "theory_advanced" else 8
            elif kind == "professional":
                level, name, months = rng.choice((("bachelor", "Đại học Luật", 48), ("master", "Thạc sĩ Quản lý công", 24)))
            elif kind == "state_management":
                level, name, months = rng.choice((("specialist", "Bồi dưỡng ngạch chuyên viên", 2), ("main_specialist", "Bồi dưỡng ngạch chuyên viên chính", 3)))  # fmt: skip
            else:
                level, name, months, topic = "none", "Bồi dưỡng cập nhật kiến thức", 1, rng.choice(REFRESHERS)
            starts = today - dt.timedelta(days=rng.randrange(12 * 365))
            ends = starts + dt.timedelta(days=30 * months)
            completed = ends < today and rng.random() < 0.97
            n += 1
            yield (n, c.id, c.org.path, kind, level, topic, name, "Học viện Chính trị khu vực" if kind == "theory" else "Trường Chính trị tỉnh", starts, ends, completed, f"{n:08d}" if completed else "", ends if completed else None)  # fmt: skip
    writer.loaded.trainings = n


# --- writing ---------------------------------------------------------------------------------


def copy_model(model: Any, fields: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """COPY tuples of `fields`; every other column takes the field's default (timestamps: now,
    a blank text: '')."""
    from django.db import models as dj

    now = dt.datetime.now(dt.UTC)
    given = set(fields)
    rest = [f for f in model._meta.concrete_fields if f.attname not in given and f.name not in given]
    defaults: list[Any] = []
    for f in rest:
        if isinstance(f, dj.DateTimeField) and (f.auto_now or f.auto_now_add):
            defaults.append(now)
        else:
            value = f.get_default()
            defaults.append("" if value is None and not f.null else value)
    extra = tuple(defaults)
    generate.copy_rows(model, fields + [f.name for f in rest], (row + extra for row in rows))


POSITION_FIELDS = ["id", "organization", "org_path", "managed_by", "manager_path", "level", "body", "title", "name", "grade", "seats", "corruption_prone", "active", "name_search"]  # fmt: skip
HOLDING_FIELDS = ["id", "cadre", "position", "manager_path", "started_on", "term_ends", "appointment"]
PLANNING_FIELDS = ["id", "organization", "org_path", "term_label", "starts_on", "ends_on"]
DECISION_FIELDS = ["id", "planning", "kind", "year", "decision_number", "decision_date", "decided_by"]
ENTRY_FIELDS = ["id", "planning", "org_path", "position", "cadre", "added_by", "added_on", "age_limit_on", "state", "left_on", "exit_reason", "removed_by"]  # fmt: skip
APPOINTMENT_FIELDS = ["id", "kind", "cadre", "position", "organization", "org_path", "holding", "state", "proposed_on", "votes_for", "votes_total", "effective_on", "term_months", "decision_number", "decision_date"]  # fmt: skip
MOVE_FIELDS = ["id", "kind", "cadre", "organization", "org_path", "from_text", "to_position", "direction", "starts_on", "ends_on", "purpose", "decision_number", "decision_date"]  # fmt: skip
TRAINING_FIELDS = ["id", "cadre", "manager_path", "kind", "level", "topic", "name", "institution", "starts_on", "ends_on", "completed", "certificate_number", "certificate_date"]  # fmt: skip
SCRATCH = "bench_cadre_scratch"
SCRATCH_COLUMNS = "id int, member_id int, source int, managed_by_id int, manager_path varchar(80), staff_category varchar(20), staff_since date, staff_in varchar(16), state_management varchar(20), academic_title varchar(20)"  # fmt: skip


def insert_cadres(writer: Writer) -> None:
    """The cadre records: the scratch rows by COPY, then one INSERT … SELECT copying the personal
    fields from the member records (as `services.cadres.cadre_from_member` copies them)."""
    from django.db import connection
    from django.db import models as dj

    from partybuilding.cadres.models import Cadre
    from partybuilding.members.models import PersonalRecord

    qn = connection.ops.quote_name
    now = dt.datetime.now(dt.UTC)
    personal = {f.attname for f in PersonalRecord._meta.fields}
    scratch = {"id", "member_id", "managed_by_id", "manager_path", "staff_category", "staff_since", "staff_in", "state_management", "academic_title"}  # fmt: skip
    columns: list[str] = []
    values: list[str] = []
    params: list[Any] = []
    for f in Cadre._meta.concrete_fields:
        columns.append(qn(str(f.column)))
        if f.attname in scratch:
            values.append(f"s.{f.attname}")
        elif f.attname in personal:
            values.append(f"m.{f.column}")
        elif f.attname == "citizen_id":
            values.append("CASE WHEN s.member_id IS NULL THEN '' ELSE coalesce(m.citizen_id, '') END")
        elif isinstance(f, dj.DateTimeField) and (f.auto_now or f.auto_now_add):
            values.append("%s")
            params.append(now)
        else:
            value = f.get_default()
            values.append("%s")
            params.append("" if value is None and not f.null else value)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE {SCRATCH} ({SCRATCH_COLUMNS}) ON COMMIT DROP")
        names = (
            "id, member_id, source, managed_by_id, manager_path, staff_category, staff_since, staff_in, state_management, academic_title"
        )
        with cursor.copy(f"COPY {SCRATCH} ({names}) FROM STDIN") as copy:
            for row in writer.cadre_rows():
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {qn(Cadre._meta.db_table)} ({', '.join(columns)}) SELECT {', '.join(values)}"
            f" FROM {SCRATCH} s JOIN members_member m ON m.id = s.source ORDER BY s.id",
            params,
        )


def cadre_models() -> list[Any]:
    from partybuilding.cadres.models import Appointment, Cadre, Holding, Move, Planning, PlanningDecision, PlanningEntry, Position, Training

    return [Position, Cadre, Holding, Planning, PlanningDecision, PlanningEntry, Appointment, Move, Training]


def load(scale: float, seed: int, today: dt.date) -> Loaded:
    from django.db import connection, transaction
    from inspections import copy_dicts

    from partybuilding.cadres.models import Appointment, Holding, Move, Planning, PlanningDecision, PlanningEntry, Position, Training
    from partybuilding.inspections.models import Discipline
    from partybuilding.organizations.models import Organization

    watch = generate.Stopwatch()
    rng = random.Random(seed)
    orgs = [Org(*row) for row in Organization.objects.order_by("path").values_list("id", "path", "kind", "parent_id", "name")]
    pool = Pool(today)
    watch.lap("read the tree and the members")
    writer = Writer(orgs, pool, rng, today)
    writer.draw_posts()
    writer.draw_holders()
    watch.lap("draw posts and holders")
    limits = AgeLimits(dt.date(2026, 1, 15))
    sample = random.Random(seed).sample(writer.people, min(500, len(writer.people)))
    writer.loaded.age_limits_checked = limits.check((p.gender, p.born) for p in sample)
    plans = draw_plannings(writer, limits)
    first_discipline = (Discipline.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    disciplines = draw_disciplines(writer, plans, first_discipline)
    appointments, move_rows, appointment_of = draw_events(writer, plans)
    watch.lap("draw plannings, disciplines, appointments, moves")
    models = cadre_models()
    qn = connection.ops.quote_name
    dropped = {m: secondary_indexes(m) for m in models}
    keys = {m: foreign_keys(m) for m in models}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO on")
        cursor.execute("SET LOCAL maintenance_work_mem TO '1GB'")
        for model, constraints in keys.items():
            for name, _definition in constraints:
                cursor.execute(f"ALTER TABLE {qn(model._meta.db_table)} DROP CONSTRAINT {qn(name)}")
        for indexes in dropped.values():
            for name, _sql in indexes:
                cursor.execute(f"DROP INDEX {qn(name)}")
        copy_model(Position, POSITION_FIELDS, writer.position_rows())
        insert_cadres(writer)
        copy_model(Holding, HOLDING_FIELDS, writer.holding_rows(appointment_of))
        watch.lap("copy posts, cadres, holdings")
        copy_model(Planning, PLANNING_FIELDS, plans.plannings)
        copy_model(PlanningDecision, DECISION_FIELDS, plans.decisions)
        copy_model(PlanningEntry, ENTRY_FIELDS, plans.entries)
        copy_model(Appointment, APPOINTMENT_FIELDS, appointments)
        copy_model(Move, MOVE_FIELDS, move_rows)
        writer.loaded.disciplines = copy_dicts(Discipline, disciplines) if disciplines else 0
        watch.lap("copy plannings, appointments, moves, disciplines")
        copy_model(Training, TRAINING_FIELDS, training_rows(writer))
        watch.lap("copy courses")
        for model in [*models, Discipline]:
            generate.reset_id_sequence(model)
        for model, constraints in keys.items():
            for name, definition in constraints:
                cursor.execute(f"ALTER TABLE {qn(model._meta.db_table)} ADD CONSTRAINT {qn(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        watch.lap("foreign keys")
        for indexes in dropped.values():
            for _name, sql in indexes:
                cursor.execute(sql)
        watch.lap("indexes")
    watch.lap("commit")
    generate.vacuum_analyze([*models, Discipline])
    watch.lap("vacuum analyze")
    loaded = writer.loaded
    loaded.plannings, loaded.entries = len(plans.plannings), len(plans.entries)
    loaded.appointments, loaded.moves = len(appointments), len(move_rows)
    loaded.seconds = {k: round(v, 1) for k, v in watch.laps.items()}
    return loaded


# --- reading ------------------------------------------------------------------------------------


def organizing_officer(province: Any) -> tuple[Any, Any]:
    """The province's organizing officer: the working scope is the province."""
    from partybuilding.accounts.choices import Role
    from partybuilding.accounts.models import RoleAssignment

    client, user = session_client(f"bench.tochuc.{province.code}")
    RoleAssignment.objects.get_or_create(user=user, role=Role.ORGANIZING_OFFICER, organization=province, revoked_at=None)
    return client, user


def reads(province: Any, root: Any, today: dt.date, repeat: int) -> list[Timing]:
    from urllib.parse import quote_plus

    from partybuilding.cadres.models import Planning
    from partybuilding.cadres.selectors.appointments import reappointment_lines
    from partybuilding.cadres.selectors.moves import periodic_lines
    from partybuilding.cadres.selectors.planning import planning_exits_line
    from partybuilding.cadres.selectors.planning_table import planning_table
    from partybuilding.cadres.selectors.structure import structure
    from partybuilding.cadres.statistics import counting
    from partybuilding.cadres.statistics.forms import form_of
    from partybuilding.cadres.statistics.layout import Period

    superuser, admin = session_client("bench.officer", is_superuser=True, is_staff=True)
    officer, _officer = organizing_officer(province)
    planning = Planning.objects.select_related("organization").get(organization=province, term_label=TERM[0])
    period = Period.of(today.year)
    timings: list[Timing] = []

    def get(label: str, client: Any, url: str) -> None:
        timings.extend(measured(label, ok(client, url), repeat))

    def call(label: str, fn: Callable[[], Any]) -> None:
        timings.extend(measured(label, fn, repeat))

    scopes = (("province", province, officer), ("country", root, superuser))
    get("(a) page: /cadres/, province (organizing officer)", officer, "/cadres/")
    get("(a) page: /cadres/, country (superuser)", superuser, "/cadres/")
    call("(b) selectors.planning_table, the province's planning", lambda: planning_table(planning, today))
    call("(b) selectors.structure, the province's planning", lambda: structure(planning, today))
    get("(b) page: the province's planning (table, decisions, exits)", officer, f"/cadres/planning/{planning.pk}/")
    get("(b) page: the province's planning, structure", officer, f"/cadres/planning/{planning.pk}/structure/")
    for name, org, _client in scopes:
        call(f"(c) attention: planning_exits_line, {name}", partial(planning_exits_line, org, today, admin))
    for name, org, client in scopes:
        get(f"(d) page: re-appointments due, {name}, first page", client, f"/cadres/appointments/due/?within={org.pk}")
        call(f"(d) attention: reappointment_lines, {name}", partial(reappointment_lines, org, today, admin))
        get(f"(d) page: periodic changes due, {name}, first page", client, f"/cadres/moves/periodic/?within={org.pk}")
        call(f"(d) attention: periodic_lines, {name}", partial(periodic_lines, org, today, admin))
    for name, org, client in scopes:
        get(f"(e) page: cadre list, {name}, first page", client, f"/cadres/records/?within={org.pk}")
        for query in ("nguyen van h", "Trần Thị Thu"):
            get(f"(e) page: cadre list, {name}, q={query}", client, f"/cadres/records/?within={org.pk}&q={quote_plus(query)}")
    for name, org, _client in scopes:
        for slug, level in (("9", "province"), ("9", "commune"), ("12", "province"), ("12", "commune"), ("13", "")):
            form = form_of(slug, level or "province")
            suffix = f" ({level} posts)" if level else ""
            call(f"(f) counting.count form {slug}{suffix}, {name}", partial(counting.count, form, org, period, level))
    return timings


def explain(label: str, fn: Callable[[], Any], plans: dict[str, str], slowest: int = 2) -> None:
    """EXPLAIN ANALYZE of the `slowest` cadre queries `fn` sends (timed once first)."""
    from django.db import connection

    sent: list[tuple[float, str, Any]] = []

    def grab(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sent.append((time.perf_counter() - started, sql, params))

    with connection.execute_wrapper(grab):
        fn()
    ours = [s for s in sent if s[1].lstrip().upper().startswith("SELECT") and ("cadres_" in s[1] or "inspections_" in s[1])]
    for seconds, sql, params in sorted(ours, key=lambda s: -s[0])[:slowest]:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plans[f"{label} ({seconds * 1000:.0f} ms)"] = "\n".join(r[0] for r in cursor.fetchall())


def slowest_plans(province: Any, root: Any, today: dt.date) -> dict[str, str]:
    from partybuilding.cadres.selectors.planning import planning_exits_line
    from partybuilding.cadres.statistics import counting
    from partybuilding.cadres.statistics.forms import form_of
    from partybuilding.cadres.statistics.layout import Period

    superuser, admin = session_client("bench.officer", is_superuser=True, is_staff=True)
    officer, _o = organizing_officer(province)
    period = Period.of(today.year)
    plans: dict[str, str] = {}
    pages: list[tuple[str, Any, str]] = [
        ("/cadres/, province", officer, "/cadres/"),
        ("/cadres/, country", superuser, "/cadres/"),
        ("re-appointments due, country", superuser, f"/cadres/appointments/due/?within={root.pk}"),
        ("periodic changes due, country", superuser, f"/cadres/moves/periodic/?within={root.pk}"),
        ("cadre list, country", superuser, f"/cadres/records/?within={root.pk}"),
        ("cadre list, country, q=nguyen van h", superuser, f"/cadres/records/?within={root.pk}&q=nguyen+van+h"),
    ]
    for label, client, url in pages:
        explain(label, partial(client.get, url), plans)
    explain("planning_exits_line, country", lambda: planning_exits_line(root, today, admin), plans)
    for slug, level in (("9", "commune"), ("12", "commune"), ("13", "")):
        form = form_of(slug, level or "province")
        explain(f"form {slug} {level}, country", partial(counting.count, form, root, period, level), plans, slowest=1)
    return plans


def table_rows() -> dict[str, int]:
    from partybuilding.cadres.models import PlanningEntry
    from partybuilding.inspections.models import Discipline

    found = {m.__name__: m.objects.count() for m in cadre_models()}
    found["PlanningEntry planned"] = PlanningEntry.objects.filter(state="planned").count()
    found["Discipline"] = Discipline.objects.count()
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="the tree: 1.0 = national")
    parser.add_argument("--members", type=int, default=None, help=f"the member pool (default {NATIONAL_POOL:,} × scale)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="the tree, the members and the cadre rows are already in the database")
    parser.add_argument("--build-only", action="store_true", help="write the rows, time nothing")
    args = parser.parse_args(argv)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    generate.setup_django()
    from django.utils import timezone

    from partybuilding.cadres.models import Position
    from partybuilding.organizations.models import Organization

    results: dict[str, Any] = {"scale": args.scale, "load_before": os.getloadavg()}
    today = timezone.localdate()
    started = time.perf_counter()
    if not args.reuse:
        tree = generate.build(args.scale, args.seed)
        results["tree"] = {"organizations": tree.organizations, "seconds": round(tree.total_seconds, 1)}
        print(f"tree: {sum(tree.organizations.values()):,} organizations in {tree.total_seconds:.1f} s", flush=True)
        pool = members.build(args.members or max(20_000, round(NATIONAL_POOL * args.scale)), args.seed)
        members.print_report(pool)
        results["members"] = {"members": pool.members, "seconds": round(pool.total_seconds, 1)}
    if not Position.objects.exists():
        begun = time.perf_counter()
        loaded = load(args.scale, args.seed, today)
        results["generation"] = {**loaded.__dict__, "total_s": round(time.perf_counter() - begun, 1)}
        print(f"generation: {results['generation']}", flush=True)
    results["build_s"] = round(time.perf_counter() - started, 1)
    results["rows"] = table_rows()
    print(f"rows: {results['rows']}", flush=True)
    if args.build_only:
        return
    province, cells = largest_province()
    root = Organization.objects.get(parent__isnull=True)
    results["province"] = {"code": province.code, "name": province.name, "cells": cells}
    timings = reads(province, root, today, args.repeat)
    results["plans"] = slowest_plans(province, root, today)
    results["load_after"] = os.getloadavg()
    results["timings"] = [t.__dict__ for t in timings]
    OUT.mkdir(exist_ok=True)
    name = "cadres.json" if args.scale == 1.0 else f"cadres-{args.scale}.json"
    (OUT / name).write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    print(f"largest province {province.code} ({cells:,} cells); load {results['load_before']} → {results['load_after']}")
    print(f"\n{'what':<90} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for t in timings:
        flag = "" if t.p50_ms <= READ_TARGET_MS else "  over the target"
        print(f"{t.what:<90} {t.n:>4} {t.p50_ms:>8.1f} {t.p95_ms:>8.1f} {t.max_ms:>8.1f}{flag}")
    print(f"\nwritten to {OUT / name}")


if __name__ == "__main__":
    main()
