"""Load the national membership into the tree bench/generate.py built: ≈5.5 million Party
members by COPY, one Membership and one ADMITTED event each, and the "m." subtree totals.

    scripts/with-postgres.sh .venv/bin/python bench/members.py --scale 0.01 --members 55000

The member services take a lock, write two or three rows, an audit entry and the totals of
every ancestor per member: far too slow for millions. Rows go straight into the tables
instead. The members tables' secondary indexes and foreign keys are taken off during the
load and put back afterwards with their own definitions: one sort per index and one join
per foreign key, instead of millions of random index inserts and deferred trigger checks.

Simplification: an official member entered through the services has two memberships
(probationary, then official) and two events (ADMITTED, RECOGNIZED); here each member has
one membership with the current status from the admission date, and one ADMITTED event.
The dashboard, the search and the member page do not read memberships; the page's
timeline is measured with added events (bench/run_members.py). The statistical forms do
read them: bench/statistical_forms.py passes `build(history=…)`, which writes both periods,
both events and ten years of joining, leaving and moving instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

import generate  # bench/ is the script's folder, hence on sys.path

if TYPE_CHECKING:
    from django.db.models import Model

T = TypeVar("T")
NATIONAL_MEMBERS = 5_500_000
CHUNK = 50_000  # members drawn at once: random.choices(k=…) is far cheaper per value than one call each
PROBATIONARY_SHARE = 0.03  # admitted within the last twelve months: about a year's admissions
DAYS_PER_YEAR = 365.25

# --- who the members are ----------------------------------------------------------------
# Weights are rough national shares (per cent); they only need the right shape: a few very
# common family names, "Văn"/"Thị" as most middle names, a long tail of given names.

FAMILY_NAMES = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7.1, "Hoàng": 3.3, "Huỳnh": 2.1, "Phan": 4.5, "Vũ": 2.3, "Võ": 1.6,
    "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0, "Lý": 0.5, "Đào": 0.4, "Đinh": 0.5,
    "Trương": 0.5, "Lương": 0.3, "Mai": 0.3, "Lưu": 0.2, "Trịnh": 0.3, "Cao": 0.3, "Tạ": 0.2, "Hà": 0.4, "Lâm": 0.2,
    "Phùng": 0.2, "Tô": 0.2, "Chu": 0.2, "Vương": 0.2, "Quách": 0.1, "Thái": 0.2, "Kiều": 0.1, "Lò": 0.2, "Lục": 0.1,
    "Hứa": 0.1, "Nông": 0.3, "La": 0.1, "Triệu": 0.2, "Thạch": 0.1, "Sầm": 0.05,
}  # fmt: skip
MIDDLE_NAMES = {
    "M": {
        "Văn": 38, "Đức": 7, "Minh": 7, "Quốc": 5, "Hữu": 5, "Thanh": 5, "Công": 4, "Xuân": 3, "Quang": 4, "Ngọc": 3,
        "Đình": 4, "Trọng": 3, "Tuấn": 2, "Anh": 2, "Hoàng": 2, "Mạnh": 2, "Việt": 2, "Thế": 2, "Duy": 2, "Tiến": 1,
        "Bá": 1, "Khắc": 1, "Hồng": 1, "Trung": 1, "Thành": 1, "Văn Minh": 0.5, "Đăng": 1, "Kim": 0.5,
    },
    "F": {
        "Thị": 48, "Ngọc": 6, "Thu": 5, "Thanh": 5, "Minh": 3, "Hồng": 4, "Kim": 3, "Phương": 3, "Thúy": 2, "Bích": 2,
        "Hoài": 2, "Mai": 2, "Thị Thu": 3, "Thị Thanh": 2, "Thị Ngọc": 2, "Thị Kim": 2, "Diệu": 1, "Khánh": 1,
        "Quỳnh": 1, "Hải": 1, "Thùy": 2, "Lan": 1, "Tuyết": 1, "Ánh": 1,
    },
}  # fmt: skip
GIVEN_NAMES = {
    "M": {
        "Anh": 6, "Hùng": 5, "Dũng": 5, "Tuấn": 5, "Minh": 5, "Hải": 4, "Nam": 4, "Long": 4, "Sơn": 4, "Thắng": 4,
        "Cường": 4, "Hưng": 4, "Hiếu": 3, "Huy": 4, "Trung": 3, "Đức": 3, "Thành": 4, "Phong": 2, "Quang": 3, "Tùng": 3,
        "Bình": 3, "Khoa": 2, "Lâm": 2, "Việt": 2, "Hoàng": 3, "Hòa": 3, "Tâm": 2, "Toàn": 2, "Vinh": 3, "Tiến": 3,
        "Kiên": 2, "Định": 1, "Hiệp": 2, "Lợi": 2, "Phúc": 2, "Quân": 2, "Tài": 2, "Tú": 2, "Vũ": 2, "Hậu": 1,
        "Khánh": 2, "Lộc": 2, "Thịnh": 2, "Thông": 1, "Trí": 2, "Đạt": 3, "Nghĩa": 2, "Bảo": 1, "Chiến": 2, "Công": 1,
        "Danh": 1, "Giang": 1, "Kiệt": 1, "Luân": 1, "Mạnh": 2, "Nhân": 1, "Phát": 1, "Quý": 1, "Sang": 1, "Thuận": 1,
        "Trường": 2, "Ân": 0.5, "Ánh": 0.3, "Yên": 0.3, "Uy": 0.3, "Xuân": 0.5, "Ổn": 0.2, "Ước": 0.1,
    },
    "F": {
        "Anh": 5, "Hương": 6, "Lan": 5, "Hoa": 4, "Hằng": 5, "Linh": 5, "Trang": 5, "Thảo": 4, "Hà": 4, "Nga": 4,
        "Nhung": 3, "Mai": 4, "Thủy": 4, "Hạnh": 3, "Huyền": 4, "Phương": 4, "Yến": 3, "Loan": 3, "Dung": 3, "Hồng": 3,
        "Ngọc": 3, "Vân": 3, "Thu": 3, "Oanh": 2, "Hiền": 3, "Hải": 1, "Liên": 2, "Quỳnh": 2, "Nhàn": 1, "Tâm": 2,
        "Trâm": 1, "Giang": 2, "Ly": 2, "Diệp": 1, "Xuân": 2, "Uyên": 1, "Vy": 1, "Nhi": 1, "Châu": 1, "Huệ": 2,
        "Thanh": 2, "Tuyết": 2, "Chi": 2, "My": 1, "Ngân": 2, "Thơm": 1, "Lệ": 1, "Bích": 1, "Ánh": 1, "Yên": 0.3,
        "Ân": 0.3, "Ý": 0.3,
    },
}  # fmt: skip
GENDERS = {"M": 2, "F": 1}
# Kinh ≈ 90% of members; the other 53 groups follow, the larger ones first.
ETHNICITIES = {"01": 90.0, "02": 2.2, "03": 1.8, "04": 0.2, "05": 0.8, "06": 1.6, "07": 1.0, "08": 0.5, "09": 0.5} | {
    f"{n:02d}": 0.03 for n in range(10, 55)
}
RELIGIONS = {"none": 91, "buddhism": 5, "catholicism": 2.5, "protestantism": 0.3, "cao_dai": 0.3, "hoa_hao": 0.3, "islam": 0.02, "other": 0.2}  # fmt: skip
EDUCATION = {"upper_secondary": 86, "lower_secondary": 10.5, "primary": 3, "literate": 0.5}
QUALIFICATIONS = {"none": 15, "vocational": 6, "intermediate": 12, "college": 9, "bachelor": 46, "master": 10, "doctorate": 2}
THEORY = {"none": 20, "elementary": 50, "intermediate": 25, "advanced": 5}
OCCUPATIONS = {  # members.choices.Occupation (HD 11's categories), of members still at work
    "state_official": 12, "party_official": 4, "commune_official": 8, "village_staff": 6, "public_employee": 20,
    "nonpublic_employee": 1.5, "enterprise_manager": 2, "enterprise_staff": 4, "enterprise_worker": 4, "farmer": 18,
    "armed_forces": 9, "student": 1.5, "pupil": 0.05, "other": 10,
}  # fmt: skip
RETIREMENT_AGE = 62
RETIRED_SHARE = 0.52  # of the members past retirement age: about 15 % of the membership
# Academic titles go with a doctorate; the flags the forms count are rare.
TITLES_OF_DOCTORS = {"none": 90.5, "associate_professor": 8, "professor": 1.5}
FLAG_RATES = {  # members.counters.FLAGS other than youth_union (drawn from the admission age)
    "readmitted": 0.002, "private_business_owner": 0.003, "married_to_foreigner": 0.001,
    "family_planning_violation": 0.005, "foreign_origin": 0.0002,
}  # fmt: skip
EXEMPTION_AGE = 70  # members over 70 may ask to be exempted from activities
EXEMPTED_SHARE = 0.35


def _official_age_weight(age: int) -> float:
    """Ages of official members today: few in their early twenties, a plateau of working
    ages, many retirees, thinning out after 75."""
    if age < 23:
        return 0.4 * (age - 19)
    if age <= 60:
        return 2.2
    if age <= 75:
        return 1.5
    return 1.5 * (96 - age) / 21


OFFICIAL_AGES = {age: _official_age_weight(age) for age in range(20, 96)}
PROBATIONARY_AGES = {age: 3.0 if age <= 30 else 1.0 for age in range(18, 41)}  # admitted within the year, mostly young

# Citizen ID province codes (Decree 137/2015), in generate.py's province order (T01…T34).
PROVINCE_CODES = [
    "001", "046", "031", "048", "079", "092", "012", "011", "014", "020", "022", "038", "040", "042", "004", "008", "010",
    "019", "025", "024", "033", "037", "045", "051", "064", "056", "068", "066", "075", "072", "086", "087", "096", "089",
]  # fmt: skip
PHONE_PREFIXES = ["90", "91", "93", "94", "96", "97", "98", "86", "88", "89", "32", "33", "35", "36", "37", "38", "39", "70", "77", "79"]


class Weighted(Generic[T]):
    """Values drawn with fixed weights, many at once."""

    def __init__(self, weights: dict[T, float]) -> None:
        self.values = list(weights)
        self.cum_weights = list(itertools.accumulate(weights.values()))

    def draw(self, rng: random.Random, k: int) -> list[T]:
        return rng.choices(self.values, cum_weights=self.cum_weights, k=k)


class Draws:
    """Every distribution a member is drawn from."""

    gender = Weighted(GENDERS)
    family = Weighted(FAMILY_NAMES)
    middle = {g: Weighted(w) for g, w in MIDDLE_NAMES.items()}
    given = {g: Weighted(w) for g, w in GIVEN_NAMES.items()}
    ethnicity = Weighted(ETHNICITIES)
    religion = Weighted(RELIGIONS)
    education = Weighted(EDUCATION)
    qualification = Weighted(QUALIFICATIONS)
    theory = Weighted(THEORY)
    occupation = Weighted(OCCUPATIONS)
    title = Weighted(TITLES_OF_DOCTORS)
    official_age = Weighted(OFFICIAL_AGES)
    probationary_age = Weighted(PROBATIONARY_AGES)


class NameBook:
    """full_name, name_search, given_search and sort_key per distinct name: the keys are pure Python
    and slow-ish, and a few tens of thousands of names cover millions of members."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str, str], tuple[str, str, str, str]] = {}

    def __len__(self) -> int:
        return len(self._cache)

    def get(self, family: str, middle: str, given: str) -> tuple[str, str, str, str]:
        key = (family, middle, given)
        found = self._cache.get(key)
        if found is None:
            from partybuilding.core.text import search_key, vietnamese_sort_key

            full = f"{family} {middle} {given}"
            found = self._cache[key] = (full, search_key(full), search_key(given), vietnamese_sort_key(given, family, middle))
        return found


# --- where they are -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Home:
    """A cell or grassroots cell: the organizations members belong to."""

    id: int
    path: str
    province_code: str  # for citizen IDs
    weight: float  # relative size


def load_homes(rng: random.Random) -> list[Home]:
    """Member homes in path order. Grassroots cells (a village, a school) are larger on
    average than the cells of a grassroots committee; sizes vary threefold either way."""
    from partybuilding.organizations.choices import OrgKind
    from partybuilding.organizations.models import Organization

    provinces = Organization.objects.filter(depth=2).order_by("path").values_list("path", flat=True)
    province_codes = {p: PROVINCE_CODES[i % len(PROVINCE_CODES)] for i, p in enumerate(provinces)}
    rows = Organization.objects.filter(kind__in=[OrgKind.CELL, OrgKind.GRASSROOTS_CELL]).order_by("path").values_list("id", "path", "kind")
    size = {OrgKind.CELL: 1.0, OrgKind.GRASSROOTS_CELL: 1.6}
    return [Home(i, path, province_codes[path[:10]], size[kind] * rng.uniform(0.35, 1.65)) for i, path, kind in rows]


def spread(homes: Sequence[Home], members: int, rng: random.Random) -> array[int]:
    """The home (index into homes) of each member, grouped by home in path order: ids then
    follow the organizations, as an import from the organizations' own records would."""
    counts = [0] * len(homes)
    for i in rng.choices(range(len(homes)), cum_weights=list(itertools.accumulate(h.weight for h in homes)), k=members):
        counts[i] += 1
    return array("I", itertools.chain.from_iterable(itertools.repeat(i, n) for i, n in enumerate(counts)))


# --- the member rows --------------------------------------------------------------------
# Rows are written as COPY text lines: psycopg's write_row() adapts each of the 33 values
# on its own, which costs more than drawing the member. The values hold no tab, newline or
# backslash (names, codes, digits), so they need no escaping; NULL is COPY's null marker.

MEMBER_FIELDS = [
    "id", "organization", "org_path", "family_name", "middle_name", "given_name", "full_name", "name_search", "given_search",
    "sort_key", "gender", "date_of_birth", "ethnicity", "religion", "home_town", "citizen_id", "phone", "education", "qualification",
    "theory", "occupation", "workplace", "positions", "youth_union", "admission_date", "official_date", "card_number",
    "status", "status_since", "exempt_since", "version", "created_at", "updated_at", "academic_title", *FLAG_RATES,
]  # fmt: skip
NULL = "\\N"


class IsoDays(dict[int, str]):
    """Day ordinal → "YYYY-MM-DD", each formatted once (a few tens of thousands of days)."""

    def __missing__(self, ordinal: int) -> str:
        text = self[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text


class Dates(NamedTuple):
    birth: int  # day ordinals
    admission: int
    official: int | None
    exempt: int | None


def _official_dates(age: int, admitted_after: float, draws: Sequence[float], today: int) -> Dates:
    """Admitted at 18 or later (mostly in their twenties) and over a year ago, recognized 12
    months on (a member admitted 12 to 13½ months ago may still wait: probationary then);
    some members over 70 exempted since. `draws`: 6 uniform numbers.

    An admission age drawn past the latest possible one is drawn again uniformly between 18
    and it: capping it instead gave every member in their early twenties an admission two
    years ago (7 % of the members admitted in one year, against 1.7–3 % in the others)."""
    birth = today - int(age * DAYS_PER_YEAR) - int(draws[0] * 365)
    latest = (today - 366 - birth) / DAYS_PER_YEAR - 18  # years after the 18th birthday
    after = admitted_after if admitted_after <= latest else draws[5] * latest
    # +1 day: 18 × 365.25 days can fall one day short of an 18th birthday.
    admission = birth + int((18 + after) * DAYS_PER_YEAR) + 1
    recognized = admission + 365 + int(draws[2] * 45)
    official = recognized if recognized <= today else None
    exempt = None
    if official is not None and age >= EXEMPTION_AGE and draws[3] < EXEMPTED_SHARE:
        seventy = birth + int(EXEMPTION_AGE * DAYS_PER_YEAR) + 1
        exempt = max(official + 1, seventy + int(draws[4] * (today - seventy)))
        if exempt > today:  # turned seventy today, or recognized today: not yet
            exempt = None
    return Dates(birth, admission, official, exempt)


def _probationary_dates(age: int, draws: Sequence[float], today: int) -> Dates:
    """Admitted within the last twelve months (probation lasts twelve), aged `age` then."""
    admission = today - 1 - int(draws[0] * 364)
    return Dates(admission - int(age * DAYS_PER_YEAR) - 1 - int(draws[1] * 365), admission, None, None)


class CitizenIds:
    """12-digit citizen IDs as issued: province code, century and gender digit, year of
    birth, then a serial number unique within those."""

    def __init__(self) -> None:
        self._serials: dict[str, int] = {}

    def next(self, province_code: str, gender: str, birth_iso: str) -> str:
        century_gender = (0 if birth_iso < "2000" else 2) + (gender == "F")
        prefix = f"{province_code}{century_gender}{birth_iso[2:4]}"
        serial = self._serials[prefix] = self._serials.get(prefix, 0) + 1
        return f"{prefix}{serial:06d}"


def card_number(member_id: int) -> str:
    """Unique, and not in id order: 7,919,077 is prime to 10, so this permutes 0…10⁸−1."""
    return f"{member_id * 7_919_077 % 100_000_000:08d}"


@dataclass
class RowMaker:
    """Turns drawn columns into member rows; keeps the caches that span chunks."""

    homes: Sequence[Home]
    today: dt.date
    now: dt.datetime
    rng: random.Random
    names: NameBook = field(default_factory=NameBook)
    citizen_ids: CitizenIds = field(default_factory=CitizenIds)
    days: IsoDays = field(default_factory=IsoDays)
    home_towns: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        places = [f"{a} {b}" for a, b in itertools.permutations(generate.SYLLABLES[:12], 2)]
        provinces = generate.CITIES + generate.PROVINCES
        self.home_towns = [f"xã {place}, {'thành phố' if p in generate.CITIES else 'tỉnh'} {p}" for place in places for p in provinces]

    def _phones(self, n: int) -> list[str]:
        rng = self.rng
        prefixes = rng.choices(PHONE_PREFIXES, k=n)
        return [f"0{p}{int(rng.random() * 10_000_000):07d}" if rng.random() < 0.85 else "" for p in prefixes]

    def _dates(self, probationary: bool, official_age: int, probationary_age: int) -> Dates:
        rng, today = self.rng, self.today.toordinal()
        draws = [rng.random() for _ in range(6)]
        if probationary:
            return _probationary_dates(probationary_age, draws, today)
        return _official_dates(official_age, rng.expovariate(1 / 8), draws, today)

    def chunk(self, first_id: int, home_indexes: Sequence[int]) -> Iterator[str]:
        """COPY lines of the members `first_id`, … living in `home_indexes`."""
        rng, d, n, days, today = self.rng, Draws, len(home_indexes), self.days, self.today.toordinal()
        genders, families = d.gender.draw(rng, n), d.family.draw(rng, n)
        middles = {g: d.middle[g].draw(rng, n) for g in GENDERS}
        givens = {g: d.given[g].draw(rng, n) for g in GENDERS}
        official_ages, probationary_ages = d.official_age.draw(rng, n), d.probationary_age.draw(rng, n)
        columns = zip(
            d.ethnicity.draw(rng, n), d.religion.draw(rng, n), d.education.draw(rng, n), d.qualification.draw(rng, n),
            d.theory.draw(rng, n), d.occupation.draw(rng, n), rng.choices(self.home_towns, k=n), self._phones(n), strict=True,
        )  # fmt: skip
        now = self.now.isoformat()
        for i, (ethnicity, religion, education, qualification, theory, occupation, home_town, phone) in enumerate(columns):
            member_id, home, gender = first_id + i, self.homes[home_indexes[i]], genders[i]
            dates = self._dates(rng.random() < PROBATIONARY_SHARE, official_ages[i], probationary_ages[i])
            probationary = dates.official is None
            if today - dates.birth >= RETIREMENT_AGE * DAYS_PER_YEAR and rng.random() < RETIRED_SHARE:
                occupation = "retired"
            elif today - dates.birth < 23 * DAYS_PER_YEAR and rng.random() < 0.3:
                occupation = "student"
            youth_union = "t" if dates.admission - dates.birth < 30 * DAYS_PER_YEAR and rng.random() < 0.8 else "f"
            title = d.title.draw(rng, 1)[0] if qualification == "doctorate" else "none"
            flags = ["t" if rng.random() < rate else "f" for rate in FLAG_RATES.values()]
            middle, given = middles[gender][i], givens[gender][i]
            full, key, given_key, sort_key = self.names.get(families[i], middle, given)
            birth = days[dates.birth]
            official = days[dates.official] if dates.official else NULL
            yield "\t".join((
                str(member_id), str(home.id), home.path, families[i], middle, given, full, key, given_key, sort_key, gender, birth,
                ethnicity, religion, home_town, self.citizen_ids.next(home.province_code, gender, birth), phone, education,
                qualification, theory, occupation, "", "", youth_union, days[dates.admission], official,
                NULL if probationary else card_number(member_id), "probationary" if probationary else "official",
                official if dates.official else days[dates.admission], days[dates.exempt] if dates.exempt else NULL,
                "1", now, now, title, *flags,
            )) + "\n"  # fmt: skip


def member_lines(maker: RowMaker, home_of: array[int]) -> Iterator[str]:
    """Blocks of COPY lines, a chunk at a time (one write per chunk, not per row)."""
    for start in range(0, len(home_of), CHUNK):
        yield "".join(maker.chunk(start + 1, home_of[start : start + CHUNK]))


def copy_text(model: type[Model], fields: list[str], blocks: Iterator[str]) -> None:
    """COPY ready-made text lines into the model's table (see generate.copy_rows)."""
    from django.db import connection

    qn = connection.ops.quote_name
    columns = ", ".join(qn(model._meta.get_field(f).column) for f in fields)  # type: ignore[union-attr]
    with connection.cursor() as cursor, cursor.copy(f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for block in blocks:
            copy.write(block)


# --- bulk load: indexes and foreign keys off, then back -----------------------------------


@dataclass
class DetachedSchema:
    """The secondary indexes and the unique and foreign-key constraints of some tables,
    with their definitions as PostgreSQL prints them, to put them back unchanged."""

    indexes: list[tuple[str, str]]  # name, CREATE INDEX …
    constraints: list[tuple[str, str, str, str]]  # table, name, kind ("u"/"f"), definition

    def index_definitions(self) -> set[str]:
        return {d for _n, d in self.indexes}


def _tables(models: Sequence[type[Model]]) -> list[str]:
    return [m._meta.db_table for m in models]


def _read_schema(cursor: Any, tables: list[str]) -> DetachedSchema:
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i WHERE indrelid = ANY(%s::regclass[])"
        " AND NOT indisprimary AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))"
        " ORDER BY 1",
        [tables],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conrelid::regclass::text, quote_ident(conname), contype, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f') ORDER BY contype, 1, 2",
        [tables],
    )
    return DetachedSchema(indexes, cursor.fetchall())


def detach(models: Sequence[type[Model]]) -> DetachedSchema:
    """Drop the tables' secondary indexes, unique and foreign-key constraints (kept: primary
    keys, which the rows are loaded in the order of, and check constraints, cheap per row)."""
    from django.db import connection

    with connection.cursor() as cursor:
        schema = _read_schema(cursor, _tables(models))
        for table, name, _kind, _definition in schema.constraints:  # foreign keys ("f") first
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _definition in schema.indexes:
            cursor.execute(f"DROP INDEX {name}")
    return schema


def reattach(schema: DetachedSchema, models: Sequence[type[Model]]) -> None:
    """Rebuild what detach() dropped: indexes and unique constraints first, so that the
    foreign keys' validation (one anti-join each) finds the indexes it needs."""
    from django.db import connection

    with connection.cursor() as cursor:
        for _name, definition in schema.indexes:
            cursor.execute(definition)
        for table, name, _kind, definition in reversed(schema.constraints):
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        after = _read_schema(cursor, _tables(models))
    if after.index_definitions() != schema.index_definitions() or sorted(after.constraints) != sorted(schema.constraints):
        raise RuntimeError("the rebuilt indexes or constraints differ from the migrated ones")


# --- memberships and events, from the member rows -----------------------------------------


def insert_memberships() -> None:
    """One open membership per member, in member order (its member_id index stays correlated)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO members_membership (member_id, organization_id, status, valid_from)"
            " SELECT id, organization_id, status, admission_date FROM members_member ORDER BY id"
        )


def insert_admission_events(now: dt.datetime) -> None:
    """The ADMITTED event of every member, with a decision of the committee above the cell."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO members_memberevent (member_id, kind, date, organization_id, org_path, to_org_path, outside_party, decision_number,"
            " decision_date, decided_by, reason, note, recorded_at)"
            " SELECT id, 'admitted', admission_date, organization_id, org_path, '', '', (100 + id %% 900)::text || '-QĐ/ĐU',"
            " admission_date - 3, 'Ban Thường vụ Đảng ủy', '', '', %s FROM members_member ORDER BY id",
            [now],
        )


# --- the "m." subtree totals ------------------------------------------------------------


def total_families() -> dict[str, tuple[str, str]]:
    """Each family of counters.keys_of as SQL: name → (key expression, extra condition).
    `bench/run_members.py` checks the result with totals.recompute (drift must be 0)."""
    from partybuilding.members import counters
    from partybuilding.members.choices import KINH

    families = {"all": ("'m.all'", "")}
    families |= {f: (f"'m.{f}.' || {f}", "") for f in counters.FIELDS}
    families["born"] = ("'m.born.' || extract(year FROM date_of_birth)::int", "")
    families["admitted"] = ("'m.admitted.' || extract(year FROM admission_date)::int", "")
    families["minority"] = (f"CASE WHEN ethnicity <> '{KINH}' THEN 'm.minority' ELSE 'm.majority' END", "")
    families["exempt"] = ("'m.exempt'", " AND exempt_since IS NOT NULL")
    families |= {f"flag.{flag}": (f"'m.flag.{flag}'", f" AND {flag}") for flag in counters.FLAGS}
    for first, shown, second in counters.PAIRS:
        # keys_of: "m.<first>.<shown>.<second>.<value>", a boolean value written as Python's True/False
        prefix = counters.pair_key(first, shown, second, "")
        value = f"CASE WHEN {second} THEN 'True' ELSE 'False' END" if second in counters.FLAGS else second
        where = f" AND exempt_since IS {'NOT ' if shown else ''}NULL" if first == "exempt" else f" AND {first} = '{shown}'"
        families[f"{first}.{second}"] = (f"'{prefix}' || {value}", where)
    return families


def count_per_home(key_sql: str, condition: str) -> dict[str, dict[str, int]]:
    """org_path → {key: members} for one family, grouped in SQL (only members in the list count)."""
    from django.db import connection

    from partybuilding.members.choices import IN_LIST

    per_node: dict[str, dict[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT org_path, {key_sql}, count(*) FROM members_member WHERE status = ANY(%s){condition} GROUP BY 1, 2",
            [sorted(str(s) for s in IN_LIST)],
        )
        for path, key, n in cursor.fetchall():
            per_node.setdefault(path, {})[key] = n
    return per_node


def load_member_totals(seconds: dict[str, float]) -> int:
    """Count each family per home in SQL, roll it up the tree in Python, COPY the rows; one
    family at a time keeps the rolled-up dictionary to a few million entries. Adds the
    time of each step to `seconds`."""
    from partybuilding.organizations import totals
    from partybuilding.organizations.models import Organization, SubtreeTotal

    id_by_path = dict(Organization.objects.values_list("path", "id"))
    written = 0
    for key_sql, condition in total_families().values():
        start = time.perf_counter()
        per_home = count_per_home(key_sql, condition)
        counted = time.perf_counter()
        rolled = totals.roll_up(per_home, id_by_path)
        rolled_up = time.perf_counter()
        copy_text(SubtreeTotal, ["organization", "key", "value"], _total_blocks(rolled))
        written += len(rolled)
        for step, seconds_taken in (("count (SQL GROUP BY)", counted - start), ("roll up (Python)", rolled_up - counted)):
            seconds[step] = seconds.get(step, 0.0) + seconds_taken
        seconds["copy"] = seconds.get("copy", 0.0) + time.perf_counter() - rolled_up
    return written


def _total_blocks(rolled: dict[tuple[int, str], int], block: int = 100_000) -> Iterator[str]:
    rows = [f"{org_id}\t{key}\t{value}\n" for (org_id, key), value in rolled.items()]
    for start in range(0, len(rows), block):
        yield "".join(rows[start : start + block])


# --- the build ----------------------------------------------------------------------------


@dataclass
class MembersReport:
    members: int
    homes: int
    distinct_names: int
    memberships: int
    events: int
    member_totals: int
    seconds: dict[str, float]
    total_steps: dict[str, float]  # the "member totals" lap, by step

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def _tune_session_for_load() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        # The bench server runs with synchronous_commit=off; VACUUM afterwards can only mark
        # pages all-visible once this commit is flushed (see generate.vacuum_analyze).
        cursor.execute("SET LOCAL synchronous_commit TO on")
        cursor.execute("SET LOCAL maintenance_work_mem TO '1GB'")  # index builds sort in memory
        cursor.execute("SET LOCAL work_mem TO '256MB'")  # the GROUP BY of the totals stays in memory


def build(
    members: int = NATIONAL_MEMBERS, seed: int = 2025, today: dt.date | None = None, history: Callable[[dt.datetime], None] | None = None
) -> MembersReport:
    """Load `members` members into the tree already in the database, in one transaction.

    `history(now)`, if given, replaces the one membership and admission event per member: it
    writes the memberships and events itself (and may change the member rows) while the
    indexes are off, before the "m." totals are counted from the member rows."""
    from django.db import connection, transaction

    from partybuilding.members.models import Member, MemberEvent, Membership
    from partybuilding.organizations.models import SubtreeTotal

    if Member.objects.exists():
        raise SystemExit("the database already holds members; the generator needs none")
    rng = random.Random(seed)
    today = today or dt.date.today()
    now = dt.datetime.now(dt.UTC)
    watch = generate.Stopwatch()
    homes = load_homes(rng)
    home_of = spread(homes, members, rng)
    watch.lap("plan homes")
    loaded = [Member, Membership, MemberEvent, SubtreeTotal]
    with transaction.atomic():
        _tune_session_for_load()
        schema = detach(loaded)
        maker = RowMaker(homes, today, now, rng)
        copy_text(Member, MEMBER_FIELDS, member_lines(maker, home_of))
        generate.reset_id_sequence(Member)
        watch.lap("copy members")
        if history is None:
            insert_memberships()
            watch.lap("insert memberships")
            insert_admission_events(now)
            watch.lap("insert events")
        else:
            history(now)
            watch.lap("history")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Member._meta.db_table}")  # a plan for the GROUP BYs below
        total_steps: dict[str, float] = {}
        member_totals = load_member_totals(total_steps)
        watch.lap("member totals")
        reattach(schema, loaded)
        watch.lap("indexes + keys")
    watch.lap("commit")
    generate.vacuum_analyze(loaded)
    watch.lap("vacuum analyze")
    return MembersReport(members, len(homes), len(maker.names), members, members, member_totals, watch.laps, total_steps)


def print_report(report: MembersReport) -> None:
    print(f"{report.members:,} members in {report.homes:,} cells ({report.distinct_names:,} distinct names)")
    print(f"{report.memberships:,} memberships, {report.events:,} events, {report.member_totals:,} 'm.' subtree totals")
    for name, seconds in report.seconds.items():
        print(f"  {name:<22} {seconds:7.2f} s")
    for name, seconds in report.total_steps.items():
        print(f"    {name:<22} {seconds:7.2f} s")
    print(f"  {'total':<22} {report.total_seconds:7.2f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="the tree: 1.0 = national (≈304,000 organizations)")
    parser.add_argument("--members", type=int, default=NATIONAL_MEMBERS)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    generate.setup_django()
    tree = generate.build(args.scale, args.seed)
    print(f"tree: {sum(tree.organizations.values()):,} organizations in {tree.total_seconds:.1f} s")
    print_report(build(args.members, args.seed))


if __name__ == "__main__":
    main()
