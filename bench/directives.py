"""Documents and "3 clear" tasks at national scale: two years of documents issued by every
province, commune and grassroots committee, provincial documents sent down with their task to
every cell of the province, then the distribute job, the implementation overview (from the
counters), the lists, the full-text search, a document's roll-up and the reports, timed.

    PG_SHARED_BUFFERS=2GB PGPORT_TEST=55485 scripts/with-postgres.sh .venv/bin/python bench/directives.py --scale 0.02  # smoke
    PG_SHARED_BUFFERS=2GB PGPORT_TEST=55485 scripts/with-postgres.sh .venv/bin/python bench/directives.py               # national
    .venv/bin/python bench/directives.py --reuse    # on a database already holding the rows

Volume (the tree of bench/generate.py, × `--scale`), over last year and this one up to today:

- documents: every province committee issues about 60 a year, every commune about 40, every
  grassroots organization about 15 (kinds proportioned like the seeds: many conclusions,
  notices and letters, some resolutions and directives), numbered per issuer, kind and year
  ("{n}-{kind}/{symbol}", one issuer per organization that issues, its NumberSequence rows
  set), with Vietnamese subjects and summaries for the full-text search;
- tasks: each province sends `PROVINCE_TASK_DOCUMENTS` of its documents down with their task to
  every cell of the province (a recipient and a task per cell, as `document_distribute` writes
  them), each commune `COMMUNE_TASK_DOCUMENTS` to its cells: about 3.7 million tasks nationally
  (20 documents per province to every cell would be 5 million tasks and as many recipients;
  the reads below go to counters and indexes, so the shape matters, not the last million);
  states mixed by deadline: done on time, done late, open past the deadline, open, cancelled;
- the provinces' resolutions and directives ask their communes to concretize them: a
  recipient per commune, most concretized by one of the commune's documents, some late.

Rows are written by COPY (secondary indexes dropped during the load and built after, as a
restore does), then the "tk." counters through `directives.counters.task_keys` and
`organizations.totals.add_many`. No steps or audit rows: the reads below do not touch them.

Then, warm, median of `--repeat` runs (database time and wall time): (a) one new provincial
document registered and sent to every cell of the largest province through
`services.distribute.document_distribute` (the job's function), wall time and rows/s, and the
counters recounted for the province (drift must be zero); (b) the implementation overview
(`selectors.tasks.overview`, and `/directives/overview/`) of the province and of the country,
target under 200 ms; (c) the tasks list, first page and overdue; (d) the attention lines of
the app; (e) the documents list with a full-text query with and without accents and a number
search; (f) the page of the document just distributed, with its roll-up per commune; (g) the
reports page. EXPLAIN ANALYZE of the slowest queries goes to bench/out/directives.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus

import generate  # bench/ is the script's folder, hence on sys.path
from assessments import OUT, both, ok
from inspections import session_client
from run import Timing

READ_TARGET_MS = 200.0
PER_YEAR = {"province": 60, "commune": 40, "grassroots": 15}
PROVINCE_TASK_DOCUMENTS = 12  # over the two years, each sent to every cell of the province
COMMUNE_TASK_DOCUMENTS = 3  # each sent to every cell of the commune
CONCRETIZE_SHARE = 0.8  # of the recipients asked to concretize, those who did
KINDS = {"KL": 20, "TB": 22, "CV": 25, "KH": 8, "BC": 9, "NQ": 6, "CT": 3, "HD": 4, "QĐ": 3}
KIND_NAMES = {"KL": "Kết luận", "TB": "Thông báo", "CV": "Công văn", "KH": "Kế hoạch", "BC": "Báo cáo", "NQ": "Nghị quyết", "CT": "Chỉ thị", "HD": "Hướng dẫn", "QĐ": "Quyết định"}  # fmt: skip
TOPICS = {
    "đẩy mạnh chuyển đổi số trong các cơ quan Đảng": 5,
    "xây dựng nông thôn mới nâng cao": 8,
    "phòng, chống tham nhũng, lãng phí, tiêu cực": 8,
    "công tác phát triển đảng viên": 10,
    "nâng cao chất lượng sinh hoạt chi bộ": 10,
    "cải cách hành chính và thu hút đầu tư": 6,
    "bảo vệ môi trường và ứng phó biến đổi khí hậu": 5,
    "củng cố quốc phòng, an ninh ở cơ sở": 6,
    "giảm nghèo bền vững": 6,
    "công tác dân vận và mặt trận": 7,
    "kiểm tra, giám sát và thi hành kỷ luật đảng": 8,
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh": 8,
    "chuẩn bị đại hội chi bộ nhiệm kỳ mới": 5,
    "phòng, chống sạt lở đất và lũ quét": 0.4,  # rare: a search finding a few
}
ACTIONS = ["Tập trung lãnh đạo, chỉ đạo", "Tăng cường", "Triển khai thực hiện", "Quán triệt và tổ chức thực hiện", "Rà soát, đánh giá"]  # fmt: skip
SYMBOLS = {"province": "TU", "commune": "ĐU", "grassroots_committee": "ĐU", "grassroots_cell": "CB"}
LEVEL_OF = {"province": "province", "commune": "commune", "grassroots_committee": "grassroots", "grassroots_cell": "grassroots"}


@dataclass(slots=True)
class Org:
    id: int
    path: str
    kind: str
    parent_id: int | None


@dataclass
class World:
    orgs: list[Org]
    cells_below: dict[int, list[Org]] = field(default_factory=lambda: defaultdict(list))  # province/commune id → cells
    communes_of: dict[int, list[Org]] = field(default_factory=lambda: defaultdict(list))


def load_world() -> World:
    from partybuilding.organizations.models import Organization

    rows = Organization.objects.order_by("path").values_list("id", "path", "kind", "parent_id")
    world = World([Org(*row) for row in rows])
    by_path = {o.path: o for o in world.orgs}
    province_len = len(next(o.path for o in world.orgs if o.kind == "province"))
    commune_len = len(next(o.path for o in world.orgs if o.kind == "commune"))
    for o in world.orgs:
        if o.kind == "cell":
            world.cells_below[by_path[o.path[:province_len]].id].append(o)
            world.cells_below[by_path[o.path[:commune_len]].id].append(o)
        elif o.kind == "commune":
            world.communes_of[by_path[o.path[:province_len]].id].append(o)
    return world


# --- drawing and writing -----------------------------------------------------------------------


def day_in(rng: random.Random, year: int, today: dt.date) -> dt.date:
    start = dt.date(year, 1, 1)
    end = min(dt.date(year, 12, 31), today)
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def subject(rng: random.Random, kind: str, year: int) -> tuple[str, str]:
    topic = rng.choices(list(TOPICS), weights=list(TOPICS.values()))[0]
    other = rng.choices(list(TOPICS), weights=list(TOPICS.values()))[0]
    title = f"{KIND_NAMES[kind]} về {topic} năm {year}"
    summary = f"{rng.choice(ACTIONS)} {topic}; gắn với {other}; giao các cấp ủy trực thuộc báo cáo kết quả."
    return title, summary


@dataclass
class Loaded:
    issuers: int = 0
    documents: int = 0
    sequences: int = 0
    recipients: int = 0
    tasks: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def foreign_keys(model: Any) -> list[tuple[str, str]]:
    """The table's foreign keys (name, definition): dropped for the load and added back after,
    as a restore does; one validating join each instead of a deferred check per row."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            [model._meta.db_table],
        )
        return list(cursor.fetchall())


def secondary_indexes(model: Any) -> list[tuple[str, str]]:
    """The table's indexes that back no constraint (name, CREATE statement)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [model._meta.db_table],
        )
        return list(cursor.fetchall())


class Writer:
    """Documents, recipients and tasks drawn organization by organization and streamed into
    COPY; the task counters gathered per responsible organization on the way."""

    def __init__(self, world: World, rng: random.Random, years: list[int], today: dt.date, scale: float) -> None:
        from partybuilding.core.text import search_key

        self.world, self.rng, self.years, self.today, self.scale = world, rng, years, today, scale
        self.fold = search_key
        self.next_document = 1
        self.next_task = 1
        self.sequences: dict[tuple[int, str, int], int] = {}
        self.issuer_of: dict[int, tuple[int, str]] = {}  # org id → (issuer id, symbol)
        self.commune_documents: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
        self.task_documents: list[tuple[Org, int, dt.date]] = []  # (issuer org, document id, date)
        self.concretize: list[tuple[Org, int, dt.date]] = []
        self.per_path: dict[str, dict[str, int]] = {}
        self.loaded = Loaded()
        self._folded: dict[tuple[str, str], str] = {}

    def folded_subject(self, title: str, summary: str) -> str:
        key = (title, summary)
        if key not in self._folded:
            self._folded[key] = self.fold(f"{title} {summary}")
        return self._folded[key]

    def issuers(self) -> Iterator[tuple[Any, ...]]:
        now = dt.datetime.now(dt.UTC)
        for i, o in enumerate((o for o in self.world.orgs if o.kind in SYMBOLS), 1):
            symbol = SYMBOLS[o.kind]
            self.issuer_of[o.id] = (i, symbol)
            body = "cell" if o.kind == "grassroots_cell" else "committee"
            name = "Chi bộ" if body == "cell" else ("Tỉnh ủy" if o.kind == "province" else "Đảng ủy")
            yield (i, o.id, o.path, body, name, symbol, True, 1, now, now)

    def documents(self) -> Iterator[tuple[Any, ...]]:
        rng, now = self.rng, dt.datetime.now(dt.UTC)
        for o in self.world.orgs:
            if o.id not in self.issuer_of:
                continue
            issuer_id, symbol = self.issuer_of[o.id]
            per_year = PER_YEAR[LEVEL_OF[o.kind]] * rng.uniform(0.7, 1.3)
            drawn = []
            for year in self.years:
                share = 1.0 if year < self.today.year else self.today.timetuple().tm_yday / 365
                drawn += [(day_in(rng, year, self.today), rng.choices(list(KINDS), weights=list(KINDS.values()))[0]) for _ in range(round(per_year * share))]  # fmt: skip
            drawn.sort()
            task_docs = PROVINCE_TASK_DOCUMENTS if o.kind == "province" else COMMUNE_TASK_DOCUMENTS if o.kind == "commune" else 0
            chosen = set(rng.sample(range(len(drawn)), min(task_docs, len(drawn))))
            for n, (date, kind) in enumerate(drawn):
                key = (issuer_id, kind, date.year)
                sequence = self.sequences[key] = self.sequences.get(key, 0) + 1
                number = f"{sequence}-{kind}/{symbol}"
                title, summary = subject(rng, kind, date.year)
                expects = o.kind == "province" and kind in ("NQ", "CT")
                doc_id = self.next_document
                self.next_document += 1
                if n in chosen:
                    self.task_documents.append((o, doc_id, date))
                if expects:
                    self.concretize.append((o, doc_id, date))
                if o.kind == "commune":
                    self.commune_documents[o.id].append((doc_id, date))
                folded = f"{self.fold(number)} {self.folded_subject(title, summary)}"
                yield (doc_id, issuer_id, o.id, o.path, kind, date.year, sequence, number, date, "Bí thư", title, summary, "", "", folded, "in_force", None, "", None, expects, None, 1, now, now)  # fmt: skip
        self.loaded.documents = self.next_document - 1

    def recipients(self) -> Iterator[tuple[Any, ...]]:
        rng = self.rng
        for issuer, doc_id, _date in self.task_documents:
            for cell in self.world.cells_below[issuer.id]:
                yield (doc_id, cell.id, cell.path, None, None)
        for province, doc_id, date in self.concretize:
            for commune in self.world.communes_of[province.id]:
                later = [(d, on) for d, on in self.commune_documents[commune.id] if on >= date]
                if later and rng.random() < CONCRETIZE_SHARE:
                    by, on = later[0]
                    yield (doc_id, commune.id, commune.path, by, on)
                else:
                    yield (doc_id, commune.id, commune.path, None, None)

    def state(self, deadline: dt.date) -> tuple[str, dt.date | None, int]:
        """(state, done on, progress) of a task by its deadline, seen today."""
        rng, today = self.rng, self.today
        if deadline < today:
            draw = rng.random()
            if draw < 0.62:
                return "done", deadline - dt.timedelta(days=rng.randrange(0, 20)), 100
            if draw < 0.82:
                return "done", min(today, deadline + dt.timedelta(days=rng.randrange(1, 30))), 100
            if draw < 0.97:
                return rng.choice(("not_started", "in_progress")), None, rng.choice((0, 30, 60))
            return "cancelled", None, 0
        draw = rng.random()
        if draw < 0.25:
            return "done", min(today, deadline - dt.timedelta(days=rng.randrange(0, 20))), 100
        if draw < 0.65:
            return "in_progress", None, rng.choice((20, 40, 60, 80))
        if draw < 0.98:
            return "not_started", None, 0
        return "cancelled", None, 0

    def tasks(self) -> Iterator[tuple[Any, ...]]:
        from partybuilding.directives.counters import task_keys

        rng, now = self.rng, dt.datetime.now(dt.UTC)
        for issuer, doc_id, date in self.task_documents:
            deadline = date + dt.timedelta(days=rng.randrange(20, 120))
            work = f"Tổ chức quán triệt, triển khai văn bản và báo cáo kết quả thực hiện (văn bản số {doc_id})"
            folded = self.fold(f"{work} Bí thư chi bộ")
            for cell in self.world.cells_below[issuer.id]:
                state, done_on, progress = self.state(deadline)
                row = _TaskKeys(state, done_on, deadline)
                node = self.per_path.setdefault(cell.path, {})
                for key, n in task_keys(row).items():
                    node[key] = node.get(key, 0) + n
                reason = "Không còn phù hợp" if state == "cancelled" else ""
                result = "Đã hoàn thành" if state == "done" else ""
                yield (self.next_task, "document", doc_id, issuer.id, issuer.path, cell.id, cell.path, work, "Bí thư chi bộ", deadline, "Báo cáo bằng văn bản", state, progress, done_on, result, reason, False, folded, 1, now, now)  # fmt: skip
                self.next_task += 1
        self.loaded.tasks = self.next_task - 1

    def sequence_rows(self) -> Iterator[tuple[Any, ...]]:
        for (issuer_id, kind, year), last in sorted(self.sequences.items()):
            yield (issuer_id, kind, year, last)


@dataclass(slots=True)
class _TaskKeys:
    """What `counters.task_keys` reads of a task."""

    state: str
    done_on: dt.date | None
    deadline: dt.date
    split: bool = False


ISSUER_FIELDS = ["id", "organization", "org_path", "body", "name", "symbol", "active", "version", "created_at", "updated_at"]
DOCUMENT_FIELDS = ["id", "issuer", "organization", "org_path", "kind", "year", "sequence", "number", "date", "signer", "title", "summary", "text", "files_text", "search_folded", "status", "implements", "implements_reference", "replaces", "expects_concretization", "created_by", "version", "created_at", "updated_at"]  # fmt: skip
RECIPIENT_FIELDS = ["document", "organization", "org_path", "concretized_by", "concretized_on"]
TASK_FIELDS = ["id", "source", "document", "assigned_by", "assigner_path", "organization", "org_path", "work", "responsible_person", "deadline", "expected_result", "state", "progress", "done_on", "result", "cancel_reason", "split", "search_folded", "version", "created_at", "updated_at"]  # fmt: skip


def load(world: World, years: list[int], today: dt.date, scale: float, seed: int) -> Loaded:
    from django.db import connection, transaction

    from partybuilding.directives.models import Document, Issuer, NumberSequence, Recipient, Task
    from partybuilding.organizations import totals

    writer = Writer(world, random.Random(seed), years, today, scale)
    watch = generate.Stopwatch()
    qn = connection.ops.quote_name
    dropped = {m: secondary_indexes(m) for m in (Document, Recipient, Task)}
    keys = {m: foreign_keys(m) for m in (Document, Recipient, Task)}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO on")
        cursor.execute("SET LOCAL maintenance_work_mem TO '1GB'")  # the full-text index builds in memory
        for model, constraints in keys.items():
            for name, _definition in constraints:
                cursor.execute(f"ALTER TABLE {qn(model._meta.db_table)} DROP CONSTRAINT {qn(name)}")
        for indexes in dropped.values():
            for name, _sql in indexes:
                cursor.execute(f"DROP INDEX {qn(name)}")
        generate.copy_rows(Issuer, ISSUER_FIELDS, writer.issuers())
        writer.loaded.issuers = len(writer.issuer_of)
        generate.reset_id_sequence(Issuer)
        generate.copy_rows(Document, DOCUMENT_FIELDS, writer.documents())
        generate.reset_id_sequence(Document)
        generate.copy_rows(NumberSequence, ["issuer", "kind", "year", "last"], writer.sequence_rows())
        writer.loaded.sequences = len(writer.sequences)
        watch.lap("issuers, documents, numbers")
        generate.copy_rows(Recipient, RECIPIENT_FIELDS, writer.recipients())
        watch.lap("recipients")
        generate.copy_rows(Task, TASK_FIELDS, writer.tasks())
        generate.reset_id_sequence(Task)
        watch.lap("tasks")
        for model, constraints in keys.items():
            for name, definition in constraints:
                cursor.execute(f"ALTER TABLE {qn(model._meta.db_table)} ADD CONSTRAINT {qn(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the rest (issuers, numbers) checked before the indexes are built
        watch.lap("foreign keys")
        for indexes in dropped.values():
            for _name, sql in indexes:
                cursor.execute(sql)
        watch.lap("indexes")
        totals.add_many(writer.per_path)
        watch.lap("counters (add_many)")
    watch.lap("commit")
    generate.vacuum_analyze([Issuer, Document, NumberSequence, Recipient, Task, _subtree_total()])
    watch.lap("vacuum analyze")
    writer.loaded.recipients = Recipient.objects.count()
    writer.loaded.seconds = {k: round(v, 1) for k, v in watch.laps.items()}
    return writer.loaded


def _subtree_total() -> Any:
    from partybuilding.organizations.models import SubtreeTotal

    return SubtreeTotal


# --- the distribute job and the drift check -------------------------------------------------------


def largest_province() -> tuple[Any, int]:
    """The province with the most cells, and their number."""
    from django.db.models import Count

    from partybuilding.organizations.models import Organization

    provinces = list(Organization.objects.filter(kind="province"))
    width = len(provinces[0].path)
    counts: dict[str, int] = defaultdict(int)
    for row in Organization.objects.filter(kind="cell").values("path").annotate(n=Count("*")).values_list("path", "n").iterator():
        counts[row[0][:width]] += row[1]
    best = max(provinces, key=lambda p: counts[p.path])
    return best, counts[best.path]


def distribute(province: Any, user: Any, today: dt.date) -> dict[str, Any]:
    """A new provincial conclusion registered, then sent to every cell of the province with
    its task by the job's function; wall time of each part."""
    from partybuilding.directives.models import Issuer
    from partybuilding.directives.services.distribute import document_distribute
    from partybuilding.directives.services.documents import document_register

    issuer = Issuer.objects.get(organization=province)
    started = time.perf_counter()
    document = document_register(
        actor=user,
        issuer=issuer,
        kind="KL",
        date=today,
        title="Kết luận về đẩy mạnh chuyển đổi số trong các chi bộ",
        summary="Giao các chi bộ trực thuộc tổ chức quán triệt và báo cáo kết quả.",
    )
    registered = time.perf_counter() - started
    phases: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        phases[phase] = round(time.perf_counter() - started, 2)

    started = time.perf_counter()
    counts = document_distribute(
        actor=user,
        document=document,
        kind="cell",
        work="Tổ chức quán triệt kết luận trong chi bộ và báo cáo kết quả thực hiện",
        working_days=20,
        responsible_person="Bí thư chi bộ",
        progress=progress,
    )
    seconds = time.perf_counter() - started
    rows = counts["recipients"] + counts["tasks"]
    return {
        "document": document.pk,
        "register_ms": round(registered * 1000, 1),
        "distribute_s": round(seconds, 2),
        "phases_s": phases,
        **counts,
        "rows_per_s": round(rows / seconds),
    }


def drift_of(province: Any) -> int:
    """The "tk." counters of the province and every organization below, against a recount."""
    from partybuilding.directives.counters import TASKS, task_keys
    from partybuilding.directives.models import Task
    from partybuilding.organizations import totals
    from partybuilding.organizations.models import Organization, SubtreeTotal

    id_by_path = dict(Organization.objects.filter(path__startswith=province.path).values_list("path", "id"))
    per_node: dict[str, dict[str, int]] = {}
    rows = Task.objects.filter(org_path__startswith=province.path, split=False).values_list("org_path", "state", "done_on", "deadline")
    for path, state, done_on, deadline in rows.iterator(chunk_size=20000):
        node = per_node.setdefault(path, {})
        for key, n in task_keys(_TaskKeys(state, done_on, deadline)).items():
            node[key] = node.get(key, 0) + n
    counted = {k: v for k, v in totals.roll_up(per_node, id_by_path).items() if v}
    stored_rows = SubtreeTotal.objects.filter(organization_id__in=id_by_path.values(), key__startswith=TASKS).exclude(value=0)
    stored = {(o, k): v for o, k, v in stored_rows.values_list("organization_id", "key", "value").iterator(chunk_size=20000)}
    return sum(1 for key in set(counted) | set(stored) if counted.get(key, 0) != stored.get(key, 0))


# --- reading ------------------------------------------------------------------------------------


def office_officer(province: Any) -> tuple[Any, Any]:
    from partybuilding.accounts.choices import Role
    from partybuilding.accounts.models import RoleAssignment

    client, user = session_client(f"bench.vanphong.{province.code}")
    RoleAssignment.objects.get_or_create(user=user, role=Role.OFFICE_OFFICER, organization=province, revoked_at=None)
    return client, user


SLOW_MS = 2000.0  # a read slower than this (warm) is timed `SLOW_REPEAT` times, not `--repeat`
SLOW_REPEAT = 2


def measured(label: str, fetch: Callable[[], Any], repeat: int) -> list[Timing]:
    """`assessments.both` (wall and database time, warm), fewer runs for a read of seconds;
    each result printed as it comes."""
    started = time.perf_counter()
    fetch()
    if (time.perf_counter() - started) * 1000 > SLOW_MS:
        repeat = min(repeat, SLOW_REPEAT)
    found = both(label, fetch, repeat)
    for t in found:
        print(f"{t.what:<96} {t.n:>3} {t.p50_ms:>9.1f} {t.p95_ms:>9.1f}", flush=True)
    return found


def reads(province: Any, root: Any, document_id: int, today: dt.date, repeat: int) -> list[Timing]:
    from partybuilding.core import attention
    from partybuilding.directives.models import Document
    from partybuilding.directives.selectors.tasks import document_roll_up, overview
    from partybuilding.directives.statistics.issued import issued

    superuser, admin = session_client("bench.officer", is_superuser=True, is_staff=True)
    officer, _officer = office_officer(province)
    pid, rid, year = province.pk, root.pk, today.year
    number = Document.objects.filter(organization=province, kind="NQ").order_by("date").values_list("number", flat=True).first()
    timings: list[Timing] = []

    def get(label: str, client: Any, url: str, times: int = repeat) -> None:
        nonlocal timings
        timings += measured(label, ok(client, url), times)

    def call(label: str, fn: Callable[[], Any], times: int = repeat) -> None:
        nonlocal timings
        timings += measured(label, fn, times)

    for name, org in (("province", province), ("country", root)):
        call(f"(b) selectors.tasks.overview, {name}", lambda o=org: overview(o, today))
    for who, client in (("superuser", superuser), ("office officer", officer)):
        get(f"(b) page: overview, province ({who})", client, f"/directives/overview/?within={pid}")
    get("(b) page: overview, country (superuser)", superuser, f"/directives/overview/?within={rid}")
    for name, org_id in (("province", pid), ("country", rid)):
        client = officer if name == "province" else superuser
        get(f"(c) page: tasks, {name}, first page", client, f"/directives/tasks/?within={org_id}")
        get(f"(c) page: tasks, {name}, overdue", client, f"/directives/tasks/?within={org_id}&status=overdue")
        get(f"(c) page: tasks, {name}, due soon", client, f"/directives/tasks/?within={org_id}&status=due_soon")
    for name, org in (("province", province), ("country", root)):
        for provider in attention._PROVIDERS:
            if provider.__module__.startswith("partybuilding.directives."):
                label = f"(d) attention: {provider.__module__.rsplit('.', 1)[-1]}.{provider.__name__}, {name}"
                call(label, lambda p=provider, o=org: p(o, today, admin))
    for name, org_id in (("province", pid), ("country", rid)):
        client = officer if name == "province" else superuser
        get(f"(e) page: documents, {name}, first page", client, f"/directives/documents/?within={org_id}")
        for query in ("chuyển đổi số", "chuyen doi so", "sạt lở đất", "sat lo dat"):
            get(f"(e) page: documents, {name}, q={query}", client, f"/directives/documents/?within={org_id}&q={quote_plus(query)}")
        if number:
            get(
                f"(e) page: documents, {name}, number={number}",
                client,
                f"/directives/documents/?within={org_id}&number={quote_plus(number)}",
            )
    document = Document.objects.select_related("organization").get(pk=document_id)
    call("(f) selectors.tasks.document_roll_up, the document sent to every cell", lambda: document_roll_up(document, today))
    for who, client in (("superuser", superuser), ("office officer", officer)):
        get(f"(f) page: the document sent to every cell ({who})", client, f"/directives/documents/{document_id}/")
    call("(g) statistics.issued, province, year", lambda: issued(province, year, today))
    call("(g) statistics.issued, province, year, lower levels", lambda: issued(province, year, today, lower=True), max(3, repeat // 3))
    get("(g) page: reports, province, year (office officer)", officer, f"/directives/reports/?within={pid}&year={year}")
    get("(g) page: reports, country, year (superuser)", superuser, f"/directives/reports/?within={rid}&year={year}", max(3, repeat // 3))
    return timings


def explain(label: str, fn: Callable[[], Any], plans: dict[str, str], slowest: int = 1) -> None:
    """EXPLAIN ANALYZE of the `slowest` queries `fn` sends (timed once first)."""
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
    ours = [s for s in sent if s[1].lstrip().upper().startswith("SELECT") and "directives_" in s[1]]
    for seconds, sql, params in sorted(ours, key=lambda s: -s[0])[:slowest]:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plans[f"{label} ({seconds * 1000:.0f} ms)"] = "\n".join(r[0] for r in cursor.fetchall())


def slowest_plans(province: Any, root: Any, document_id: int, today: dt.date) -> dict[str, str]:
    from django.test import Client

    superuser, _admin = session_client("bench.officer", is_superuser=True, is_staff=True)
    officer, _o = office_officer(province)
    plans: dict[str, str] = {}
    pages: list[tuple[str, Client, str]] = [
        ("tasks list, province, overdue", officer, f"/directives/tasks/?within={province.pk}&status=overdue"),
        ("tasks list, country, first page", superuser, f"/directives/tasks/?within={root.pk}"),
        ("documents, country, q=chuyen doi so", superuser, f"/directives/documents/?within={root.pk}&q=chuyen+doi+so"),
        ("documents, province, q=chuyển đổi số", officer, f"/directives/documents/?within={province.pk}&q={quote_plus('chuyển đổi số')}"),
        ("the document sent to every cell", officer, f"/directives/documents/{document_id}/"),
        ("reports, province", officer, f"/directives/reports/?within={province.pk}&year={today.year}"),
        ("reports, country", superuser, f"/directives/reports/?within={root.pk}&year={today.year}"),
    ]
    for label, client, url in pages:
        explain(label, lambda c=client, u=url: c.get(u), plans, slowest=2)
    return plans


def table_rows() -> dict[str, int]:
    from partybuilding.directives.models import Document, Issuer, NumberSequence, Recipient, Task
    from partybuilding.organizations.models import SubtreeTotal

    found = {m.__name__: m.objects.count() for m in (Issuer, Document, NumberSequence, Recipient, Task)}
    found["SubtreeTotal tk."] = SubtreeTotal.objects.filter(key__startswith="tk.").count()
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="the tree: 1.0 = national")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="the tree and the rows are already in the database")
    parser.add_argument("--build-only", action="store_true", help="write the rows, time nothing")
    args = parser.parse_args(argv)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    generate.setup_django()
    from django.utils import timezone

    from partybuilding.directives.models import Document
    from partybuilding.organizations.models import Organization

    results: dict[str, Any] = {"scale": args.scale, "load_before": os.getloadavg()}
    today = timezone.localdate()
    if not args.reuse:
        tree = generate.build(args.scale, args.seed)
        results["tree"] = {"organizations": tree.organizations, "seconds": round(tree.total_seconds, 1)}
        print(f"tree: {sum(tree.organizations.values()):,} organizations in {tree.total_seconds:.1f} s")
    if not Document.objects.exists():
        started = time.perf_counter()
        world = load_world()
        loaded = load(world, [today.year - 1, today.year], today, args.scale, args.seed)
        results["generation"] = {**loaded.__dict__, "total_s": round(time.perf_counter() - started, 1)}
        print(f"generation: {results['generation']}")
    results["rows"] = table_rows()
    print(f"rows: {results['rows']}")
    if args.build_only:
        return
    province, cells = largest_province()
    root = Organization.objects.get(parent__isnull=True)
    results["province"] = {"code": province.code, "name": province.name, "cells": cells}
    _client, admin = session_client("bench.officer", is_superuser=True, is_staff=True)
    results["distribute"] = distribute(province, admin, today)
    print(f"distribute: {results['distribute']}")
    started = time.perf_counter()
    results["drift"] = {"province": drift_of(province), "seconds": round(time.perf_counter() - started, 1)}
    print(f"counters' drift in {province.code}: {results['drift']}")
    document_id = results["distribute"]["document"]
    timings = reads(province, root, document_id, today, args.repeat)
    results["plans"] = slowest_plans(province, root, document_id, today)
    results["load_after"] = os.getloadavg()
    results["timings"] = [t.__dict__ for t in timings]
    OUT.mkdir(exist_ok=True)
    name = "directives.json" if args.scale == 1.0 else f"directives-{args.scale}.json"
    (OUT / name).write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    print(f"largest province {province.code} ({cells:,} cells); load {results['load_before']} → {results['load_after']}")
    print(f"\n{'what':<90} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for t in timings:
        flag = "" if t.p50_ms <= READ_TARGET_MS else "  over the target"
        print(f"{t.what:<90} {t.n:>4} {t.p50_ms:>8.1f} {t.p95_ms:>8.1f} {t.max_ms:>8.1f}{flag}")
    print(f"\nwritten to {OUT / name}")


if __name__ == "__main__":
    main()
