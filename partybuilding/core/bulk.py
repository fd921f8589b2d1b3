"""Raw inserts of many rows into one model's table: COPY on PostgreSQL, executemany on
SQLite, in batches, with progress.

The ORM's bulk_create passes every value of every row through the field machinery and
compiles an INSERT per batch: at 100,000 rows with 35 columns that alone takes minutes.
Rows here are plain tuples, converted once per column type. Ids can be reserved before the
insert (`Table.next_ids`), so that other tables' rows can refer to them without reading
anything back. Imports, the monthly dues charges and the demo data use it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from django.db import connection, models

Progress = Callable[[str, int, int], None]


def no_progress(phase: str, done: int, total: int) -> None:
    """The default progress callback: nobody is told."""


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
