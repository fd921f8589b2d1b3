"""Writing checked rows: every member or none, in one transaction, with what
`services.member_register` writes for each (membership periods, events, an audit entry,
the subtree counters), in a few statements per table.

The ORM's bulk_create passes every value of every row through the field machinery and
compiles an INSERT per batch: at 100,000 members with 35 columns that alone takes minutes.
Rows here are plain tuples, converted once per column type, sent by COPY on PostgreSQL and
by executemany on SQLite. Member ids are taken from the table's sequence beforehand, so the
periods and events can refer to them without reading anything back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from operator import itemgetter
from types import SimpleNamespace
from typing import Any, cast

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import AuditItem, audit_record_many
from partybuilding.core.errors import Refusal
from partybuilding.core.text import search_key, vietnamese_sort_key
from partybuilding.organizations import totals
from partybuilding.organizations.models import Organization

from .. import counters, services
from ..choices import EventKind, MemberStatus
from ..models import Member, MemberEvent, Membership
from .columns import Candidate, Progress, no_progress

BATCH = 5000


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How a value reaches the database, for the types these tables use."""
    kind = field.get_internal_type()
    if kind == "JSONField":
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
    if connection.vendor == "postgresql":
        return None  # psycopg writes dates, times, booleans and numbers itself
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    return None


def _batches(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# PostgreSQL types of Django's columns, for COPY in binary: no text to format on this side
# and none to parse on the server's (a fifth to a third less time than text).
_BINARY = {"bigint": "int8", "integer": "int4", "smallint": "int2", "boolean": "bool", "date": "date", "text": "text",
           "timestamp with time zone": "timestamptz", "uuid": "uuid"}  # fmt: skip


def _binary_types(fields: Sequence[models.Field[Any, Any]]) -> list[str] | None:
    """The columns' types for a binary COPY, or None (text COPY) if one is not simple."""
    if connection.vendor != "postgresql":
        return None
    types = []
    for f in fields:
        db_type = f.db_type(connection) or ""
        name = "varchar" if db_type.startswith("varchar") else _BINARY.get(db_type)
        if name is None:
            return None
        types.append(name)
    return types


class Table:
    """Raw inserts into one model's table, in batches, with progress."""

    def __init__(self, model: type[models.Model], *, with_id: bool = False) -> None:
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.attnames = [f.attname for f in self.fields]
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.pick = itemgetter(*self.attnames)
        self.converters = [(i, c) for i, c in ((i, _converter(f)) for i, f in enumerate(self.fields)) if c is not None]
        self.binary_types = _binary_types(self.fields)

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        """A row from the values given; the fields' defaults for the rest."""
        return self.pick({**self.defaults, **values})

    def next_ids(self, count: int) -> list[int]:
        """Ids for `count` new rows, reserved before the insert (the rows refer to them)."""
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
                return [row[0] for row in cursor.fetchall()]
            # SQLite: the transaction holds the write lock, so no one else takes these ids;
            # AUTOINCREMENT never reuses an id, hence the sequence as well as the largest id.
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {quoted}")  # noqa: S608 (a quoted table name)
            largest = cursor.fetchone()[0]
            cursor.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
            start = max(largest, cursor.fetchone()[0]) + 1
        return list(range(start, start + count))

    def insert(self, rows: Iterable[tuple[Any, ...]], total: int, phase: str, progress: Progress = no_progress) -> None:
        """Insert rows as they come: PostgreSQL takes in one COPY what Python produces, so
        the two processes work at the same time; SQLite takes batches."""
        qn = connection.ops.quote_name
        table = qn(self.model._meta.db_table)
        columns = ", ".join(qn(str(f.column)) for f in self.fields)
        converted = (self._converted(r) for r in rows) if self.converters else rows
        # COPY goes past Django's cursor wrapper: wrap_database_errors turns a unique
        # violation into Django's IntegrityError, as execute would.
        with connection.cursor() as cursor, connection.wrap_database_errors:
            if connection.vendor == "postgresql":
                binary = " (FORMAT BINARY)" if self.binary_types else ""
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN{binary}") as copy:
                    if self.binary_types:
                        copy.set_types(self.binary_types)
                    for n, row in enumerate(converted, start=1):
                        copy.write_row(row)
                        if n % BATCH == 0:
                            progress(phase, n, total)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                for n, batch in enumerate(_batches(converted), start=1):
                    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)  # noqa: S608 (quoted names)
                    progress(phase, min(n * BATCH, total), total)
        progress(phase, total, total)

    def _converted(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(row)
        for i, convert in self.converters:
            if values[i] is not None:
                values[i] = convert(values[i])
        return tuple(values)


def _lock_homes(candidates: Sequence[Candidate]) -> dict[int, Organization]:
    """Lock the organizations (as `member_register` does) and check them again: one may
    have ended or moved since the check. Their paths are read under the lock."""
    ids = sorted({c.organization.pk for c in candidates if c.organization is not None})
    locked: dict[int, Organization] = {}
    for i in range(0, len(ids), 500):
        locked.update({o.pk: o for o in Organization.objects.select_for_update().filter(pk__in=ids[i : i + 500])})
    for org in locked.values():
        services._check_home(org)
    return locked


# Names repeat (Nguyễn, Văn, Anh…): their keys are computed once per import. The keys of a
# full name are its parts' keys put together; a test compares with `_apply_personal`.
@lru_cache(maxsize=65536)
def _sort_key(name: str) -> str:
    """One name's part of `vietnamese_sort_key(given, family, middle)`: the parts' keys in turn."""
    return vietnamese_sort_key(name)


@lru_cache(maxsize=65536)
def _search_key(name: str) -> str:
    """One name's part of `search_key(full_name)`: the parts' keys joined by spaces."""
    return search_key(name)


def _members(candidates: Sequence[Candidate], homes: dict[int, Organization], ids: list[int]) -> Iterator[SimpleNamespace]:
    """The members' column values. Plain objects rather than Member instances (a tenth of
    the cost); `services.audit_view` and `counters.snapshot` read them alike."""
    now = timezone.now()
    for c, pk in zip(candidates, ids, strict=True):
        org = homes[c.organization.pk]  # type: ignore[union-attr]
        personal = {name: value.strip() if isinstance(value, str) else value for name, value in vars(c.data).items()}
        personal["citizen_id"] = personal["citizen_id"] or None
        family, middle, given = personal["family_name"], personal["middle_name"], personal["given_name"]
        # The names' keys as `services._apply_personal` sets them (a test compares the two).
        parts = [part for part in (family, middle, given) if part]
        full_name = " ".join(parts)
        yield SimpleNamespace(
            **personal,
            id=pk,
            pk=pk,
            organization_id=org.pk,
            org_path=org.path,
            full_name=full_name,
            name_search=" ".join(_search_key(part) for part in parts),
            given_search=_search_key(given),
            sort_key=_sort_key(given) + _sort_key(family) + _sort_key(middle),
            admission_date=c.admission_date,
            official_date=c.official_date,
            card_number=c.card_number,
            status=MemberStatus.OFFICIAL if c.official_date else MemberStatus.PROBATIONARY,
            status_since=c.official_date or c.admission_date,
            exempt_since=None,
            created_at=now,
            updated_at=now,
        )


def _periods(members: Iterable[SimpleNamespace]) -> Iterator[tuple[Any, ...]]:
    """The membership periods `member_register` opens for an admitted member: probationary
    from admission, then official from the official date (an official date on the
    admission day leaves no probationary period)."""
    table = Table(Membership)
    for m in members:
        common = {"member_id": m.pk, "organization_id": m.organization_id}
        admitted, official = m.admission_date, m.official_date
        if official is None:
            yield table.row({**common, "status": MemberStatus.PROBATIONARY, "valid_from": admitted})
            continue
        if official > admitted:
            yield table.row({**common, "status": MemberStatus.PROBATIONARY, "valid_from": admitted, "valid_to": official})
        yield table.row({**common, "status": MemberStatus.OFFICIAL, "valid_from": official})


def _events(members: Iterable[SimpleNamespace], actor: Any) -> Iterator[tuple[Any, ...]]:
    """The events `member_register` records: admitted, and recognized when official."""
    table = Table(MemberEvent)
    recorded = {"recorded_by_id": actor.pk if getattr(actor, "is_authenticated", False) else None, "recorded_at": timezone.now()}
    for m in members:
        common = {"member_id": m.pk, "organization_id": m.organization_id, **recorded}
        yield table.row({**common, "kind": EventKind.ADMITTED, "date": m.admission_date})
        if m.official_date is not None:
            yield table.row({**common, "kind": EventKind.RECOGNIZED, "date": m.official_date})


def _counter_deltas(members: Iterable[SimpleNamespace]) -> dict[str, dict[str, int]]:
    per_path: dict[str, dict[str, int]] = {}
    for member in members:
        path, keys = counters.snapshot(cast(Member, member))
        node = per_path.setdefault(path, {})
        for key, n in keys.items():
            node[key] = node.get(key, 0) + n
    return per_path


def _audit_items(members: Iterable[SimpleNamespace]) -> Iterator[AuditItem]:
    for m in members:
        yield AuditItem("member.import", "members.member", str(m.pk), m.full_name, None, services.audit_view(cast(Member, m)))


def write(candidates: Sequence[Candidate], *, actor: Any, progress: Progress = no_progress) -> list[int]:
    """Write every candidate or none (one transaction); returns the new members' ids.
    Candidates come from the checks, which set their organizations."""
    try:
        with transaction.atomic():
            homes = _lock_homes(candidates)
            member_table = Table(Member, with_id=True)
            ids = member_table.next_ids(len(candidates))  # before the COPY: no other query while it runs
            members: list[SimpleNamespace] = []

            def member_rows() -> Iterator[tuple[Any, ...]]:
                for m in _members(candidates, homes, ids):
                    members.append(m)
                    yield member_table.row(vars(m))

            member_table.insert(member_rows(), len(candidates), "members", progress)
            officials = sum(m.official_date is not None for m in members)
            Table(Membership).insert(_periods(members), len(members) + officials, "history", progress)
            Table(MemberEvent).insert(_events(members, actor), len(members) + officials, "events", progress)
            progress("audit", 0, len(members))
            audit_record_many(actor=actor, items=_audit_items(members))
            progress("audit", len(members), len(members))
            totals.add_many(_counter_deltas(members))
            progress("totals", 1, 1)
    except IntegrityError:
        # Someone entered one of these card numbers or citizen IDs since the check. The
        # database's own message quotes the value: it is not passed on (`from None`).
        raise Refusal(
            _("A record entered meanwhile has one of the file's card numbers or citizen IDs; nothing was imported. Check the file again."),
            rule=_("card numbers and citizen IDs are unique"),
        ) from None
    return [m.pk for m in members]
