"""Build the national organization tree in PostgreSQL by COPY.

Centre → 34 provinces → ≈3,300 communes → ≈55,000 grassroots organizations → ≈250,000
cells, with one open OrganizationVersion per organization and the "org.<kind>" subtree
totals, written straight into the tables: the per-object services take an audit row, an
event and a totals update per organization, far too slow for 300,000 of them.

    scripts/with-postgres.sh .venv/bin/python bench/generate.py --scale 0.01
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import Model

PROJECT = Path(__file__).resolve().parent.parent

# The real shape after 1 July 2025: 34 provinces, 3,321 commune-level units.
COMMUNES_NATIONAL = 3321
GRASSROOTS_PER_COMMUNE = (9, 24)  # mean 16.5 → ≈55,000
GRASSROOTS_COMMITTEE_SHARE = 0.6
CELLS_PER_COMMITTEE = (2, 13)  # mean 7.5 → ≈250,000

PARTY_FOUNDED = dt.date(1930, 2, 3)
TWO_LEVEL_LOCAL_GOVERNMENT = dt.date(2025, 7, 1)  # provinces and communes as they stand now

CITIES = ["Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"]
PROVINCES = [
    "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh",
    "Hưng Yên", "Ninh Bình", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]  # fmt: skip
SYLLABLES = [
    "An", "Bình", "Phú", "Tân", "Hòa", "Thành", "Long", "Phước", "Hưng", "Thịnh", "Đông",
    "Tây", "Nam", "Bắc", "Trung", "Mỹ", "Lộc", "Thạnh", "Xuân", "Hiệp", "Quang", "Vĩnh",
    "Định", "Hải", "Sơn", "Thủy", "Lâm", "Đức", "Nghĩa", "Phong", "Hồng", "Minh", "Cường",
]  # fmt: skip
GRASSROOTS_COMMITTEES = [
    "Đảng bộ Trường THPT {place}",
    "Đảng bộ Bệnh viện Đa khoa {place}",
    "Đảng bộ Công ty Cổ phần {place}",
    "Đảng bộ Hợp tác xã Nông nghiệp {place}",
    "Đảng bộ Quân sự xã {commune}",
    "Đảng bộ Công an xã {commune}",
]
GRASSROOTS_CELLS = [
    "Chi bộ Thôn {n}",
    "Chi bộ Ấp {place}",
    "Chi bộ Khu phố {n}",
    "Chi bộ Trường Tiểu học {place}",
    "Chi bộ Trạm Y tế xã {commune}",
]
CELLS = [
    "Chi bộ Tổ {n}",
    "Chi bộ Khoa {dept}",
    "Chi bộ Phòng {dept}",
    "Chi bộ Phân xưởng {n}",
]
DEPARTMENTS = ["Nội", "Ngoại", "Kế toán", "Hành chính", "Kỹ thuật", "Kinh doanh", "Tổ chức", "Đào tạo"]

# The type of unit (organizations.choices.UnitType) a grassroots organization sits in, read
# from its name's start; the cells under a grassroots committee share it. Villages, hamlets
# and neighbourhoods take their commune's type (commune, ward or special zone).
UNIT_BY_NAME = [
    ("Đảng bộ Trường Đại học Dân lập", "nonpublic_service"),
    ("Đảng bộ Trường", "public_service"),
    ("Đảng bộ Bệnh viện", "public_service"),
    ("Đảng bộ Hợp tác xã", "cooperative"),
    ("Đảng bộ Quân sự", "army"),
    ("Đảng bộ Công an", "police"),
    ("Đảng bộ Cơ quan Ủy ban", "state_body"),
    ("Đảng bộ các cơ quan Đảng", "party_body"),
    ("Đảng bộ Quỹ tín dụng", "other"),
    ("Chi bộ Trường", "public_service"),
    ("Chi bộ Trạm Y tế", "public_service"),
]
UNIT_OF_COMMUNE = {"xã": "commune", "phường": "ward", "đặc khu": "special_zone"}
SPECIAL_ZONE_SHARE = 0.004  # 13 special zones among 3,321 communes
# A company's owners, by rough national shares of the companies with a Party committee, and
# the name it then goes by (the generated name says "Công ty Cổ phần").
COMPANIES = [
    ("state_100", "Đảng bộ Công ty TNHH MTV {place}", 14),
    ("state_majority", "Đảng bộ Công ty Cổ phần {place}", 10),
    ("state_minority", "Đảng bộ Công ty Cổ phần {place}", 6),
    ("joint_stock", "Đảng bộ Công ty Cổ phần {place}", 34),
    ("limited", "Đảng bộ Công ty TNHH {place}", 20),
    ("private", "Đảng bộ Doanh nghiệp tư nhân {place}", 5),
    ("partnership", "Đảng bộ Công ty Hợp danh {place}", 1),
    ("foreign_100", "Đảng bộ Công ty TNHH {place} Việt Nam", 6),
    ("foreign_joint", "Đảng bộ Công ty Liên doanh {place}", 4),
]
# Some grassroots committees are the commune's own bodies or a private school (renamed from a
# drawn name, by the facts' own random stream: the tree's shape stays that of the seed).
BODIES = [
    ("Đảng bộ Cơ quan Ủy ban nhân dân {commune}", 0.06),
    ("Đảng bộ các cơ quan Đảng {commune}", 0.03),
    ("Đảng bộ Trường Đại học Dân lập {place}", 0.01),
    ("Đảng bộ Quỹ tín dụng nhân dân {place}", 0.005),
]
NO_CANDIDATES_SHARE = 0.02  # grassroots organizations with no non-member left to admit


def setup_django() -> None:
    """Configure Django for a script run from anywhere (models are imported after this)."""
    if str(PROJECT) not in sys.path:
        sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuilding.settings_local")
    os.environ.setdefault("DEBUG", "0")  # no query log: it costs time and memory
    import django

    django.setup()


# --- the tree in memory -------------------------------------------------------------------


@dataclass(slots=True)
class Node:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    path: str
    founded_on: dt.date
    child_seq: int = 0
    unit_type: str = ""
    no_candidates_left: bool = False


@dataclass
class Tree:
    nodes: list[Node] = field(default_factory=list)

    def add(self, parent: Node | None, code: str, name: str, kind: str, founded_on: dt.date) -> Node:
        from partybuilding.core import paths

        if parent is None:
            path = paths.child_path("", 1)
        else:
            parent.child_seq += 1
            path = paths.child_path(parent.path, parent.child_seq)
        node = Node(len(self.nodes) + 1, code, name, kind, parent.id if parent else None, path, founded_on)
        self.nodes.append(node)
        return node


def _place(rng: random.Random) -> str:
    first, second = rng.sample(SYLLABLES, 2)
    return f"{first} {second}"


def _communes_per_province(scale: float, rng: random.Random) -> list[int]:
    """Vary province sizes (real ones range from about 40 to 170 communes)."""
    weights = [rng.uniform(0.4, 1.7) for _ in range(len(CITIES) + len(PROVINCES))]
    target = COMMUNES_NATIONAL * scale
    return [max(1, round(target * w / sum(weights))) for w in weights]


def _add_provinces(tree: Tree, root: Node) -> list[Node]:
    names = [f"Đảng bộ thành phố {c}" for c in CITIES] + [f"Đảng bộ tỉnh {p}" for p in PROVINCES]
    return [tree.add(root, f"T{i:02d}", name, "province", TWO_LEVEL_LOCAL_GOVERNMENT) for i, name in enumerate(names, 1)]


def _add_communes(tree: Tree, provinces: list[Node], scale: float, rng: random.Random, facts: random.Random) -> list[tuple[Node, str]]:
    """Communes with their place names, which their grassroots organizations reuse."""
    communes = []
    for province, count in zip(provinces, _communes_per_province(scale, rng), strict=True):
        for i in range(1, count + 1):
            place = _place(rng)
            unit = "phường" if rng.random() < 0.2 else "xã"
            if unit == "xã" and facts.random() < SPECIAL_ZONE_SHARE:
                unit = "đặc khu"
            node = tree.add(province, f"{province.code}.{i:03d}", f"Đảng bộ {unit} {place}", "commune", TWO_LEVEL_LOCAL_GOVERNMENT)
            node.unit_type = UNIT_OF_COMMUNE[unit]
            communes.append((node, place))
    return communes


def _unit_of(name: str, commune: Node, facts: random.Random) -> tuple[str, str]:
    """The unit type of a grassroots organization and its name (a company's says who owns it)."""
    if name.startswith("Đảng bộ Công ty Cổ phần "):
        place = name.removeprefix("Đảng bộ Công ty Cổ phần ")
        unit, template, _weight = facts.choices(COMPANIES, weights=[w for _u, _t, w in COMPANIES])[0]
        return unit, template.format(place=place)
    return next((unit for start, unit in UNIT_BY_NAME if name.startswith(start)), commune.unit_type), name


def _renamed_body(name: str, is_committee: bool, commune_place: str, facts: random.Random) -> str:
    """A few grassroots committees become the commune's bodies or a private school."""
    if not is_committee:
        return name
    draw = facts.random()
    for template, share in BODIES:
        if draw < share:
            return template.format(commune=commune_place, place=_place(facts))
        draw -= share
    return name


def _add_grassroots(tree: Tree, communes: list[tuple[Node, str]], rng: random.Random, facts: random.Random) -> list[Node]:
    """Grassroots organizations; returns the committees, the only ones with cells below."""
    committees = []
    for commune, commune_place in communes:
        for j in range(1, rng.randint(*GRASSROOTS_PER_COMMUNE) + 1):
            is_committee = rng.random() < GRASSROOTS_COMMITTEE_SHARE
            template = rng.choice(GRASSROOTS_COMMITTEES if is_committee else GRASSROOTS_CELLS)
            name = _renamed_body(template.format(place=_place(rng), commune=commune_place, n=j), is_committee, commune_place, facts)
            unit, name = _unit_of(name, commune, facts)
            kind = "grassroots_committee" if is_committee else "grassroots_cell"
            node = tree.add(commune, f"{commune.code}.{j:02d}", name, kind, TWO_LEVEL_LOCAL_GOVERNMENT)
            node.unit_type = unit
            node.no_candidates_left = facts.random() < NO_CANDIDATES_SHARE
            if is_committee:
                committees.append(node)
    return committees


def _add_cells(tree: Tree, committees: list[Node], rng: random.Random) -> None:
    for committee in committees:
        for k in range(1, rng.randint(*CELLS_PER_COMMITTEE) + 1):
            name = rng.choice(CELLS).format(n=k, dept=rng.choice(DEPARTMENTS))
            cell = tree.add(committee, f"{committee.code}.{k:02d}", name, "cell", TWO_LEVEL_LOCAL_GOVERNMENT)
            cell.unit_type = committee.unit_type


def plan_tree(scale: float, seed: int) -> Tree:
    """The whole tree, level by level (parents get lower ids, as an import would give them).
    The facts that came later (types of unit) draw from their own stream, so that the tree's
    shape and names stay those the other benchmarks measured."""
    rng, facts = random.Random(seed), random.Random(seed + 1)
    tree = Tree()
    root = tree.add(None, "TW", "Đảng bộ Trung ương", "central", PARTY_FOUNDED)
    provinces = _add_provinces(tree, root)
    communes = _add_communes(tree, provinces, scale, rng, facts)
    committees = _add_grassroots(tree, communes, rng, facts)
    _add_cells(tree, committees, rng)
    return tree


def subtree_totals(nodes: Sequence[Node]) -> Counter[tuple[int, str]]:
    """(org id, "org.<kind>") → active organizations of that kind in its subtree, itself included.

    Counted from the paths alone, so a wrong parent_id would show up as drift later."""
    from partybuilding.core import paths

    id_by_path = {n.path: n.id for n in nodes}
    totals: Counter[tuple[int, str]] = Counter()
    for node in nodes:
        key = f"org.{node.kind}"
        for ancestor in paths.ancestor_paths(node.path):
            totals[id_by_path[ancestor], key] += 1
    return totals


# --- writing ------------------------------------------------------------------------------


def _column(model: type[Model], name: str) -> str:
    from django.db.models import Field

    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field.column


def copy_rows(model: type[Model], fields: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """COPY rows into the model's table; the fields left out take their column defaults."""
    from django.db import connection

    qn = connection.ops.quote_name
    columns = ", ".join(qn(_column(model, f)) for f in fields)
    with connection.cursor() as cursor, cursor.copy(f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _organization_rows(nodes: Sequence[Node]) -> Iterator[tuple[Any, ...]]:
    from partybuilding.core import paths
    from partybuilding.core.text import search_key

    now = dt.datetime.now(dt.UTC)
    for n in nodes:
        yield (
            n.id,
            n.code,
            n.name,
            search_key(n.name),
            n.kind,
            n.parent_id,
            n.path,
            paths.depth(n.path),
            n.child_seq,
            "active",
            n.founded_on,
            1,
            now,
            now,
            n.unit_type,
            n.no_candidates_left,
        )


ORGANIZATION_FIELDS = ["id", "code", "name", "name_search", "kind", "parent", "path", "depth", "child_seq", "status", "founded_on", "version", "created_at", "updated_at", "unit_type", "no_candidates_left"]  # fmt: skip


def reset_id_sequence(model: type[Model]) -> None:
    """The ids were given explicitly: move the sequence past them for later inserts."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def vacuum_analyze(models: list[type[Model]]) -> None:
    """What autovacuum would do within minutes: planner statistics, and the visibility map
    that lets index-only scans skip the table."""
    from django.db import connection

    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        # Hint bits, hence all-visible pages, wait for the commits' WAL to be flushed, and
        # commit LSNs are tracked per group of 32 transactions: one asynchronous ANALYZE
        # commit beside the load's would leave the pages not all-visible.
        cursor.execute("SET synchronous_commit TO on")
        cursor.execute(f"VACUUM (ANALYZE) {tables}")
        cursor.execute("RESET synchronous_commit")


@dataclass
class BuildReport:
    scale: float
    seed: int
    organizations: dict[str, int]
    versions: int
    totals: int
    seconds: dict[str, float]

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


class Stopwatch:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self._last
        self._last = now


def require_empty_postgres() -> None:
    from django.core.management import call_command
    from django.db import connection

    from partybuilding.organizations.models import Organization

    if connection.vendor != "postgresql":
        raise SystemExit(f"bench needs PostgreSQL (DATABASE_URL), not {connection.vendor}")
    call_command("migrate", interactive=False, verbosity=0)
    if Organization.objects.exists():
        raise SystemExit("the database already holds organizations; the generator needs an empty one")


def build(scale: float = 1.0, seed: int = 2025) -> BuildReport:
    """Plan the tree and load it into the empty, migrated database."""
    from django.db import connection, transaction

    from partybuilding.organizations.models import Organization, OrganizationVersion, SubtreeTotal

    require_empty_postgres()
    watch = Stopwatch()
    nodes = plan_tree(scale, seed).nodes
    watch.lap("plan in Python")
    with transaction.atomic(), connection.cursor() as cursor:
        # The bench server runs with synchronous_commit=off; VACUUM below can only set hint
        # bits and mark pages all-visible once this commit is flushed.
        cursor.execute("SET LOCAL synchronous_commit TO on")
        copy_rows(Organization, ORGANIZATION_FIELDS, _organization_rows(nodes))
        reset_id_sequence(Organization)
        watch.lap("copy organizations")
        versions = ((n.id, n.founded_on, n.name, n.kind, n.parent_id) for n in nodes)
        copy_rows(OrganizationVersion, ["organization", "valid_from", "name", "kind", "parent"], versions)
        watch.lap("copy versions")
        totals = subtree_totals(nodes)
        watch.lap("count totals")
        copy_rows(SubtreeTotal, ["organization", "key", "value"], ((o, k, v) for (o, k), v in sorted(totals.items())))
        watch.lap("copy totals")
    watch.lap("commit (foreign keys)")  # Django's foreign keys are deferred: checked here
    vacuum_analyze([Organization, OrganizationVersion, SubtreeTotal])
    watch.lap("vacuum analyze")
    return BuildReport(scale, seed, dict(Counter(n.kind for n in nodes)), len(nodes), len(totals), watch.laps)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = national (≈310,000 organizations)")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    setup_django()
    report = build(args.scale, args.seed)
    print(f"{sum(report.organizations.values()):,} organizations {report.organizations}")
    print(f"{report.versions:,} versions, {report.totals:,} subtree totals")
    for name, seconds in report.seconds.items():
        print(f"  {name:<22} {seconds:7.2f} s")
    print(f"  {'total':<22} {report.total_seconds:7.2f} s")


if __name__ == "__main__":
    main()
