"""Realistic demo members for a mountainous/midland province: Vietnamese names composed
family + middle + given with their real frequencies, about a third women, ~8% ethnic
minorities, ages 18–95 with admission dates spread over the decades, ~3% probationary
members admitted within the last year, unique card numbers and citizen IDs.

The generator makes import candidates; `load` writes them through the Excel import's bulk
writer (the same checks, events, memberships, audit rows and counters as an import).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from partybuilding.core.audit import audit_record
from partybuilding.core.rules import rule_if_recorded
from partybuilding.members import imports
from partybuilding.members.facts import MemberFacts
from partybuilding.members.models import Member
from partybuilding.members.personal import PersonalData
from partybuilding.members.records.services import member_register
from partybuilding.organizations.models import Organization

# Family names and their shares (national surveys; the rest share what is left).
FAMILY = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 1.1), ("Phan", 4.5), ("Vũ", 3.9),
    ("Võ", 1.0), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.8),
    ("Đào", 0.7), ("Trịnh", 0.6), ("Lương", 0.5), ("Mai", 0.5), ("Tạ", 0.4), ("Hà", 0.6), ("Cao", 0.4), ("Lâm", 0.3),
    ("Kiều", 0.2), ("Chu", 0.3), ("Tô", 0.3), ("Quách", 0.2), ("Phùng", 0.3), ("Triệu", 0.2), ("Khúc", 0.1), ("Vương", 0.2),
]  # fmt: skip
# Family names common among the province's ethnic minorities.
MINORITY_FAMILY = {
    "02": ["Hoàng", "Nông", "Lục", "Ma", "Hà", "Lương", "Triệu", "Đàm", "Lộc"],  # Tày
    "03": ["Lò", "Cầm", "Quàng", "Lường", "Hà", "Vi", "Lự"],  # Thái
    "06": ["Bùi", "Đinh", "Quách", "Hà", "Xa"],  # Mường
    "07": ["Hoàng", "Nông", "Lăng", "Lương", "Chu", "Vi"],  # Nùng
    "09": ["Triệu", "Bàn", "Đặng", "Lý", "Phùng"],  # Dao
    "08": ["Giàng", "Sùng", "Vàng", "Thào", "Lý", "Hầu", "Mùa"],  # HMông
    "18": ["Diệp", "Lam", "Trương", "Lưu"],  # Sán Dìu
    "15": ["Hoàng", "La", "Trần", "Lâm"],  # Sán Chay
}
# Ethnic minorities ≈ 8% of the members; their groups' shares among the minorities.
MINORITY_SHARE = 0.08
MINORITIES = [("02", 30), ("03", 20), ("06", 20), ("07", 12), ("09", 8), ("08", 5), ("18", 3), ("15", 2)]

MIDDLE_MEN = [("Văn", 45), ("Hữu", 5), ("Đức", 7), ("Minh", 8), ("Quang", 6), ("Công", 4), ("Xuân", 3), ("Thanh", 4), ("Ngọc", 3),
              ("Đình", 5), ("Mạnh", 2), ("Quốc", 4), ("Trung", 2), ("Tiến", 2), ("Hoàng", 2), ("Thế", 2), ("Việt", 2)]  # fmt: skip
MIDDLE_WOMEN = [("Thị", 55), ("Thu", 7), ("Thanh", 6), ("Ngọc", 6), ("Minh", 4), ("Hồng", 4), ("Phương", 3), ("Kim", 3),
                ("Diệu", 1), ("Bích", 2), ("Thị Thu", 3), ("Thị Thanh", 2), ("Hoài", 2), ("Khánh", 2)]  # fmt: skip
GIVEN_MEN = [
    "Anh", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh", "Khoa", "Kiên", "Lâm",
    "Long", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn",
    "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Hưng", "Lợi", "Thái", "Tâm", "Chiến", "Hậu", "Thuận", "Đạt", "Bảo", "Duy",
]  # fmt: skip
GIVEN_WOMEN = [
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Huyền", "Lan", "Liên",
    "Linh", "Loan", "Mai", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thủy", "Trang", "Tuyết",
    "Uyên", "Vân", "Yến", "Xuân", "Thư", "Hậu", "Lụa", "Thơm", "Nhàn", "Duyên",
]  # fmt: skip
# Ages today (18–95) of the members in the list: rural cells keep many retired members.
AGE_BANDS = [((18, 30), 11), ((31, 40), 19), ((41, 50), 20), ((51, 60), 18), ((61, 70), 17), ((71, 80), 10), ((81, 95), 5)]
WOMEN_SHARE = 0.33
PROBATIONARY_SHARE = 0.033  # about one year of admissions, as many as the years before
RELIGIONS = [("none", 92), ("buddhism", 5), ("catholicism", 2.5), ("protestantism", 0.5)]
QUALIFICATIONS = [("none", 18), ("vocational", 8), ("intermediate", 8), ("college", 12), ("bachelor", 46), ("master", 7), ("doctorate", 1)]
OLDER_EDUCATION = [("lower_secondary", 60), ("primary", 35), ("literate", 5)]  # of those born before 1965 without upper secondary
THEORY = [("none", 8), ("elementary", 57), ("intermediate", 30), ("advanced", 5)]
# Occupations of the members of working age, by the statistical forms' categories (HD 11 forms
# 2 and 3): a rural province's cells are mostly farmers, commune staff, teachers and doctors.
WORKING = [
    ("state_official", 7), ("party_official", 4), ("commune_official", 12), ("village_staff", 7), ("public_employee", 14),
    ("nonpublic_employee", 2), ("enterprise_manager", 2), ("enterprise_staff", 4), ("enterprise_worker", 7), ("farmer", 20),
    ("armed_forces", 8), ("other", 13),
]  # fmt: skip
WORKPLACES = {
    "state_official": ["Sở Nội vụ tỉnh Hòa An", "Chi cục Thuế khu vực {p}", "Kho bạc Nhà nước khu vực {p}", "Sở Tài chính tỉnh Hòa An"],
    "party_official": ["Ban Tổ chức Tỉnh ủy Hòa An", "Ủy ban MTTQ Việt Nam tỉnh Hòa An", "Tỉnh đoàn Hòa An", "Hội Nông dân tỉnh Hòa An"],
    "commune_official": ["UBND xã {p}", "Đảng ủy xã {p}", "Ủy ban MTTQ xã {p}"],
    "village_staff": ["Thôn {p}", "Tổ dân phố {p}"],
    "public_employee": ["Trường Tiểu học {p}", "Trường THCS {p}", "Trường THPT {p}", "Trường Mầm non {p}", "Trạm Y tế xã {p}"],
    "nonpublic_employee": ["Trường Mầm non tư thục {p}", "Phòng khám đa khoa tư nhân {p}"],
    "enterprise_manager": ["Công ty TNHH {p}", "Công ty Cổ phần Chè {p}", "Hợp tác xã {p}"],
    "enterprise_staff": ["Công ty Cổ phần Chè {p}", "Công ty TNHH {p}", "Chi nhánh Ngân hàng Nông nghiệp {p}"],
    "enterprise_worker": ["Công ty Cổ phần Chè {p}", "Nhà máy Xi măng {p}", "Công ty May {p}"],
    "armed_forces": ["Công an xã {p}", "Ban Chỉ huy Quân sự xã {p}"],
    "farmer": [""],
    "retired": [""],
    "student": ["Trường Cao đẳng {p}"],
    "other": [""],
}
# What the statistics count beyond the record's personal fields: rare facts, drawn from their
# own random sequence so that the other draws of the demo do not move with them.
READMITTED_SHARE = 0.004
MARRIED_TO_FOREIGNER_SHARE = 0.003
FAMILY_PLANNING_SHARE = 0.004
FOREIGN_ORIGIN_SHARE = 0.001
BUSINESS_OWNERS = {"enterprise_manager": 0.35, "other": 0.04, "farmer": 0.01}  # share of each occupation
TITLES = [("none", 80), ("associate_professor", 17), ("professor", 3)]  # of the members with a doctorate
PROVINCES = ["Hòa An", "Hòa An", "Hòa An", "Hòa An", "Phú Thọ", "Thái Nguyên", "Tuyên Quang", "Nghệ An", "Thanh Hóa", "Hà Nội"]
PLACES = ["An Bình", "Tân Lạc", "Phú Mỹ", "Xuân Sơn", "Đông Hưng", "Tây Giang", "Bình Minh", "Hòa Lạc", "Thanh Sơn", "Yên Lập"]
CITIZEN_PREFIX = "025"  # a province code of the citizen ID (the demo province stands in for one)


_CUMULATIVE: dict[int, tuple[list[Any], list[float]]] = {}


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    """A value drawn with the pairs' weights (cumulative weights computed once per table)."""
    values, cumulative = _CUMULATIVE.get(id(pairs)) or _CUMULATIVE.setdefault(
        id(pairs), ([v for v, _w in pairs], list(itertools.accumulate(w for _v, w in pairs)))
    )
    return values[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for a 29 February)."""
    return day.replace(year=day.year - years, day=min(day.day, 28) if (day.month, day.day) == (2, 29) else day.day)


def _day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def probation_end(admitted: dt.date) -> dt.date:
    """The rule in force, or the 12 months the Charter has always set before any rule set."""
    months = rule_if_recorded("member.probation_months", admitted)
    return admitted + relativedelta(months=months.value if months else 12)


@dataclass
class Generator:
    seed: int = 2026
    today: dt.date | None = None

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.facts_rng = random.Random(self.seed + 1)
        self.day = self.today or timezone.localdate()
        self.cards = 0
        self.citizen_ids: set[str] = set()

    def name(self, woman: bool, ethnicity: str, born: int) -> tuple[str, str, str]:
        rng = self.rng
        family = rng.choice(MINORITY_FAMILY[ethnicity]) if ethnicity in MINORITY_FAMILY else _weighted(rng, FAMILY)
        middle = _weighted(rng, MIDDLE_WOMEN if woman else MIDDLE_MEN)
        if woman and middle == "Thị" and born >= 1990 and rng.random() < 0.4:
            middle = _weighted(rng, MIDDLE_WOMEN[1:])  # fewer "Thị" among younger women
        return family, middle, rng.choice(GIVEN_WOMEN if woman else GIVEN_MEN)

    def citizen_id(self, woman: bool, born: dt.date) -> str:
        """12 digits: province code, gender and century, year of birth, then six digits."""
        century = 0 if born.year < 2000 else 2
        head = f"{CITIZEN_PREFIX}{century + woman}{born.year % 100:02d}"
        while True:
            value = f"{head}{self.rng.randrange(10**6):06d}"
            if value not in self.citizen_ids:
                self.citizen_ids.add(value)
                return value

    def dates(self, probationary: bool) -> tuple[dt.date, dt.date, dt.date | None]:
        """Birth, admission and official dates: admitted at 18–45, official after probation."""
        rng, today = self.rng, self.day
        if probationary:
            admitted = _day_between(rng, _years_before(today, 1) + dt.timedelta(days=1), today)
            age = rng.choice([18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 32, 35, 38, 42])
            born = _day_between(rng, _years_before(admitted, age + 1) + dt.timedelta(days=1), _years_before(admitted, age))
            return born, admitted, None
        low, high = _weighted(rng, AGE_BANDS)
        age = rng.randint(max(low, 20), high)
        born = _day_between(rng, _years_before(today, age + 1) + dt.timedelta(days=1), _years_before(today, age))
        latest = min(today - dt.timedelta(days=400), _years_before(born, -45))  # official a month ago at the latest
        earliest = _years_before(born, -18) + dt.timedelta(days=1)
        # Most were admitted in their twenties; some later in life.
        target = _years_before(born, -int(rng.triangular(18, 46, 23))) + dt.timedelta(days=rng.randint(0, 364))
        if not earliest <= target <= latest:
            # Too young for the age drawn: admitted on any day they could have been, rather
            # than all on the last such day (which piled a year's worth into one year).
            target = _day_between(rng, earliest, latest)
        return born, target, probation_end(target)

    def personal(self, born: dt.date, woman: bool, probationary: bool) -> dict[str, Any]:
        rng = self.rng
        age = self.day.year - born.year
        minority = rng.random() < MINORITY_SHARE
        ethnicity = _weighted(rng, MINORITIES) if minority else "01"
        family, middle, given = self.name(woman, ethnicity, born.year)
        occupation = "retired" if age >= 62 or (age >= 57 and woman) else _weighted(rng, WORKING)
        if age <= 23 and rng.random() < 0.5:
            occupation = "student"
        place = rng.choice(PLACES)
        education = "upper_secondary" if born.year >= 1965 or rng.random() < 0.6 else _weighted(rng, OLDER_EDUCATION)
        return {
            "family_name": family,
            "middle_name": middle,
            "given_name": given,
            "gender": "F" if woman else "M",
            "date_of_birth": born,
            "ethnicity": ethnicity,
            "religion": _weighted(rng, RELIGIONS),
            "home_town": f"xã {rng.choice(PLACES)}, tỉnh {rng.choice(PROVINCES)}",
            "citizen_id": self.citizen_id(woman, born),
            "phone": f"0{rng.choice('389')}{rng.randrange(10**8):08d}" if rng.random() < 0.85 else "",
            "education": education,
            "qualification": "none" if occupation == "student" else _weighted(rng, QUALIFICATIONS),
            "theory": rng.choice(["none", "elementary"]) if probationary else _weighted(rng, THEORY),
            "occupation": occupation,
            "workplace": rng.choice(WORKPLACES[occupation]).format(p=place),
        }

    def member(self, org: Organization, position: str = "") -> imports.Candidate:
        probationary = self.rng.random() < PROBATIONARY_SHARE
        woman = self.rng.random() < WOMEN_SHARE
        born, admitted, official = self.dates(probationary)
        # Most are admitted young, from the Youth Union: the report's share of its members is true.
        youth_union = admitted.year - born.year <= 30 and self.rng.random() < 0.75
        data = PersonalData(**self.personal(born, woman, probationary), positions=position, youth_union=youth_union)
        card = None
        if official is not None:
            self.cards += 1
            card = f"25{self.cards:06d}"
        return imports.Candidate(0, org.code, data, admitted, official, card, facts=self.facts(data))

    def facts(self, data: PersonalData) -> MemberFacts:
        """A few members with an academic title (among the doctors), re-admitted, owning a
        business, married to a foreigner, admitted after a family-planning violation, of foreign origin."""
        rng = self.facts_rng
        return MemberFacts(
            academic_title=_weighted(rng, TITLES) if data.qualification == "doctorate" else "none",
            readmitted=rng.random() < READMITTED_SHARE,
            private_business_owner=rng.random() < BUSINESS_OWNERS.get(data.occupation, 0),
            married_to_foreigner=rng.random() < MARRIED_TO_FOREIGNER_SHARE,
            family_planning_violation=rng.random() < FAMILY_PLANNING_SHARE,
            foreign_origin=rng.random() < FOREIGN_ORIGIN_SHARE,
        )

    def members(self, homes: Sequence[Organization], count: int) -> list[imports.Candidate]:
        """`count` members spread over the cells, unevenly as real cells are (8–80 each)."""
        weights = [self.rng.lognormvariate(0, 0.5) for _ in homes]
        total = sum(weights)  # once: summed per home, 15,000 cells took minutes
        per_home = [round(count * w / total) for w in weights]
        remainder = count - sum(per_home)  # what the rounding left over (or took too much)
        for i in range(abs(remainder)):
            per_home[i % len(per_home)] += 1 if remainder > 0 else -1
        result: list[imports.Candidate] = []
        for org, n in zip(homes, per_home, strict=True):
            for i in range(max(0, n)):
                # A deputy only where the cell is big enough to elect one (5 official members).
                position = "Bí thư chi bộ" if i == 0 else "Phó Bí thư chi bộ" if i == 1 and n >= 9 else ""
                candidate = self.member(org, position)
                candidate.line = len(result) + 1
                result.append(candidate)
        return result


def load(homes: Sequence[Organization], count: int = 20_000, *, seed: int = 2026) -> int:
    """Generate and write the demo members (checked as an import would check them)."""
    with imports.gc_paused():
        candidates = Generator(seed).members(homes, count)
        issues = imports.check_candidates(candidates, within=Organization.objects.all())
        if issues:
            raise ValueError(f"demo members refused: {issues[0].text}")
        return len(imports.write(candidates, actor=None))


DEMO_PEOPLE = {
    # username: (family, middle, given, gender, born, admitted, position)
    "bithu": ("Hoàng", "Văn", "Nam", "M", dt.date(1976, 4, 12), dt.date(2001, 9, 2), "Bí thư chi bộ"),
    "dangvien": ("Bùi", "Thị", "Mai", "F", dt.date(1994, 8, 23), dt.date(2018, 5, 19), ""),
}


def link_users(users: dict[str, Any]) -> None:
    """Records for the demo users who are members ("bithu", "dangvien") in their cell, linked
    to their logins so that "My record" shows them."""
    for username, (family, middle, given, gender, born, admitted, position) in DEMO_PEOPLE.items():
        user, org = users[username]
        member = member_register(
            actor=None,
            organization=org,
            data=PersonalData(family_name=family, middle_name=middle, given_name=given, gender=gender, date_of_birth=born,
                              positions=position),
            admission_date=admitted,
            official_date=probation_end(admitted),
        )  # fmt: skip
        Member.objects.filter(pk=member.pk).update(user=user)
        audit_record(actor=None, action="member.link_user", obj=member, after={"user": username})
        if position:  # the demo user holds the position in their cell: nobody else there does
            others = Member.objects.filter(organization=org, positions=position).exclude(pk=member.pk)
            for other in others:
                audit_record(actor=None, action="member.update", obj=other, before={"positions": position}, after={"positions": ""})
            others.update(positions="")
