"""A demo province with a history: districts until 30 June 2025, commune-level Party
committees from 1 July 2025 (QĐ 294). Built through the services, as an officer would."""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass, field

from partybuilding.admissions.models import Candidate
from partybuilding.core.records import Decision
from partybuilding.organizations.choices import OrgKind, UnitType
from partybuilding.organizations.models import Organization
from partybuilding.organizations.services import (
    organization_create,
    organization_dissolve,
    organization_facts_set,
    organization_move,
    term_create,
)

PLACE_FIRST = [
    "An",
    "Bình",
    "Hòa",
    "Tân",
    "Phước",
    "Thạnh",
    "Long",
    "Phú",
    "Xuân",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Hưng",
    "Thuận",
    "Vĩnh",
    "Quảng",
    "Mỹ",
    "Đức",
    "Hiệp",
]
PLACE_SECOND = [
    "Bình",
    "Lạc",
    "Phú",
    "Long",
    "Mỹ",
    "Thịnh",
    "Hòa",
    "Lợi",
    "Thành",
    "Tiến",
    "Hưng",
    "Lộc",
    "Điền",
    "Sơn",
    "Hải",
    "Giang",
    "Trung",
    "Khánh",
    "An",
    "Định",
]
# The agencies and enterprises with a grassroots Party cell of their own, and the type of
# grassroots unit each is (form 5 of HD 11).
AGENCIES = [
    ("Trường THPT {p}", UnitType.PUBLIC_SERVICE), ("Trạm Y tế {p}", UnitType.PUBLIC_SERVICE), ("Công an xã {p}", UnitType.POLICE),
    ("Trường Tiểu học {p}", UnitType.PUBLIC_SERVICE), ("Hợp tác xã {p}", UnitType.COOPERATIVE),
    ("Chi cục Thuế khu vực {p}", UnitType.STATE_BODY), ("Ban Chỉ huy Quân sự {p}", UnitType.ARMY),
]  # fmt: skip
ENTERPRISES = [
    ("Công ty TNHH MTV Thủy lợi {p}", UnitType.STATE_100), ("Công ty Cổ phần Xi măng {p}", UnitType.STATE_MAJORITY),
    ("Công ty Cổ phần Chè {p}", UnitType.JOINT_STOCK), ("Công ty TNHH May {p}", UnitType.LIMITED),
    ("Doanh nghiệp tư nhân Vận tải {p}", UnitType.PRIVATE),
]  # fmt: skip
HAMLETS = ["Thôn {n}", "Ấp {n}", "Khu phố {n}", "Tổ dân phố {n}"]
NO_CANDIDATES_SHARE = 0.08  # cells and grassroots cells where no non-member is left to admit

FOUNDED = dt.date(1997, 1, 1)
REFORM = dt.date(2025, 7, 1)


@dataclass
class DemoTree:
    province: Organization
    districts: list[Organization] = field(default_factory=list)
    communes: list[Organization] = field(default_factory=list)
    grassroots: list[Organization] = field(default_factory=list)
    cells: list[Organization] = field(default_factory=list)


def _places(rng: random.Random, count: int) -> list[str]:
    names = [f"{a} {b}" for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
    rng.shuffle(names)
    return names[:count]


def build(*, seed: int = 7, districts: int = 3, grassroots_per_district: int = 20, cells_per_grassroots: int = 10) -> DemoTree:
    rng = random.Random(seed)
    founding = Decision(number="01-QĐ/TU", date=FOUNDED, decided_by="Tỉnh ủy Hòa An")
    found = functools.partial(organization_create, actor=None, founded_on=FOUNDED, decision=founding)
    province = found(parent=None, code="HA", name="Đảng bộ tỉnh Hòa An", kind=OrgKind.PROVINCE)
    tree = DemoTree(province)
    for start, end in [(2015, 2020), (2020, 2025), (2025, 2030)]:
        term_create(actor=None, org=province, start_year=start, end_year=end, congress_date=dt.date(start, 10, 15))
    places = _places(rng, districts * grassroots_per_district + districts + 40)
    district_names = ["Đảng bộ huyện Đông Sơn", "Đảng bộ huyện Tây Giang", "Đảng bộ thành phố Hòa An", "Đảng bộ huyện Nam Hà"]
    for d in range(districts):
        district = found(parent=province, code=f"HA-H{d + 1:02d}", name=district_names[d % len(district_names)], kind=OrgKind.DISTRICT)
        tree.districts.append(district)
        # A city's grassroots committees are its wards'; a rural district's, its communes'.
        locality, locality_type = ("phường", UnitType.WARD) if "thành phố" in district.name else ("xã", UnitType.COMMUNE)
        for g in range(grassroots_per_district):
            place = places.pop()
            code = f"{district.code}-{g + 1:03d}"
            if g % 5 == 4:
                agency, unit_type = rng.choice(ENTERPRISES if g % 10 == 9 else AGENCIES)
                grassroots = found(
                    parent=district, code=code, name=f"Chi bộ {agency.format(p=place)}", kind=OrgKind.GRASSROOTS_CELL, unit_type=unit_type
                )
            else:
                name = f"Đảng bộ {locality} {place}"
                grassroots = found(parent=district, code=code, name=name, kind=OrgKind.GRASSROOTS_COMMITTEE, unit_type=locality_type)
                # Its cells take its type (organization_create: the parent's by default).
                for c in range(rng.randint(cells_per_grassroots // 2, cells_per_grassroots + cells_per_grassroots // 2)):
                    hamlet = rng.choice(HAMLETS).format(n=c + 1)
                    cell = found(parent=grassroots, code=f"{code}-{c + 1:02d}", name=f"Chi bộ {hamlet}", kind=OrgKind.CELL)
                    tree.cells.append(cell)
            tree.grassroots.append(grassroots)
    _reform(tree, rng, places)
    return tree


def _reform(tree: DemoTree, rng: random.Random, places: list[str]) -> None:
    """1 July 2025: commune-level committees replace the districts (QĐ 294)."""
    decision = Decision(number="125-QĐ/TU", date=dt.date(2025, 6, 25), decided_by="Ban Thường vụ Tỉnh ủy Hòa An")
    by_four = [tree.grassroots[i : i + 4] for i in range(0, len(tree.grassroots), 4)]
    for n, group in enumerate(by_four, start=1):
        place = places.pop()
        # A new commune-level unit: a ward where the old grassroots committees were wards.
        ward = any(g.unit_type == UnitType.WARD for g in group)
        commune = organization_create(
            actor=None,
            parent=tree.province,
            code=f"HA-X{n:02d}",
            name=f"Đảng bộ {'phường' if ward else 'xã'} {place}",
            kind=OrgKind.COMMUNE,
            founded_on=REFORM,
            decision=decision,
            unit_type=UnitType.WARD if ward else UnitType.COMMUNE,
        )
        tree.communes.append(commune)
        for grassroots in group:
            grassroots.refresh_from_db()
            organization_move(actor=None, org=grassroots, new_parent=commune, date=REFORM, decision=decision)
    for district in tree.districts:
        district.refresh_from_db()
        organization_dissolve(actor=None, org=district, date=REFORM, decision=decision)


def mark_no_candidates_left(province: Organization, *, seed: int = 11) -> int:
    """A few cells and grassroots cells with no outstanding non-member left to admit (form 2,
    III), among those following no candidate; set through the service, as an officer would."""
    rng = random.Random(seed)
    following = Candidate.objects.values("organization_id")
    homes = (
        Organization.objects.within(province)
        .filter(kind__in=(OrgKind.CELL, OrgKind.GRASSROOTS_CELL), status="active")
        .exclude(pk__in=following)
        .order_by("path")
    )
    marked = 0
    for org in homes:
        if rng.random() < NO_CANDIDATES_SHARE:
            organization_facts_set(actor=None, org=org, unit_type=org.unit_type, no_candidates_left=True)
            marked += 1
    return marked
