"""What every long export shares: its rows counted as they are written (for the audit entry
and the job's progress), and queries planned for reading every row.

    with every_row():
        written = Counted(rows(found), progress, total)
        write_xlsx(path, title, header, written)
    audit_export(..., rows=written.count)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from .bulk import Progress

PROGRESS_EVERY = 2000
AT_ONCE_ROWS = 2000  # a list this long or shorter is written within the request, a longer one by a job


def is_short(rows: Any) -> bool:
    """Short enough to be written within the request (counted no further than the limit)."""
    return bool(rows[: AT_ONCE_ROWS + 1].count() <= AT_ONCE_ROWS)


class Counted:
    """The rows of an export, counted as they are written; with `progress`, reported to the
    job's page every `every` rows (phase "writing", out of `total`)."""

    def __init__(self, rows: Iterable[Any], progress: Progress | None = None, total: int = 0, every: int = PROGRESS_EVERY) -> None:
        self.rows, self.progress, self.total, self.every, self.count = rows, progress, total, every, 0

    def __iter__(self) -> Iterator[Any]:
        for row in self.rows:
            self.count += 1
            if self.progress is not None and self.count % self.every == 0:
                self.progress("writing", self.count, self.total)
            yield row


@contextmanager
def every_row() -> Iterator[None]:
    """Queries planned to read all their rows. PostgreSQL plans a cursor (`.iterator()`) for
    its first tenth (`cursor_tuple_fraction`): for a province's members sorted by name that
    walks the name index of the whole country's 5.5 million (14 s) where reading the
    province's rows and sorting them takes 2 s. An export reads them all."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")
