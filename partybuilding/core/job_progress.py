"""A running job's progress, written into its row for any web process to read.

Writes are throttled: when the phase changes, else at most every half second; the runner
stores the last value reported with the outcome.

Imports write all their rows in one transaction (all or nothing), and a progress row
written inside it would be seen by nobody until the end. So, inside a transaction the job
opened:

- on PostgreSQL the progress goes through a second connection of this thread, in
  autocommit, and the page sees it at once;
- on SQLite, which has one writer at a time and whose lock the transaction holds, it is
  not written: the page shows the phase reported before the transaction began ("Writing
  the member records", say) until the job ends.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections

from .models import Job

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 0.5

_side = threading.local()


class ProgressWriter:
    """The progress callback given to a job's function: `progress(phase, done, total)`."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.phase, self.done, self.total = "", 0, 0
        self._written_phase: str | None = None
        self._written_at = 0.0
        self._side_failed = False
        # The transactions already open when the job starts are not the job's own: a
        # test's, or a caller's that runs the job inline.
        self._outer_depth = len(connection.atomic_blocks)

    def __call__(self, phase: str, done: int, total: int) -> None:
        self.phase, self.done, self.total = phase, done, total
        now = time.monotonic()
        if phase == self._written_phase and now - self._written_at < INTERVAL_SECONDS:
            return
        if self._write():
            self._written_phase, self._written_at = phase, now

    def _write(self) -> bool:
        values = {"phase": self.phase, "done": self.done, "total": self.total}
        if len(connection.atomic_blocks) <= self._outer_depth:
            Job.objects.filter(pk=self.job_id).update(**values)
            return True
        if connection.vendor != "postgresql" or self._side_failed:
            return False
        try:
            _side_update(self.job_id, values)
        except DatabaseError as exc:
            # Progress is a courtesy: the job goes on without it.
            logger.warning("job %s: progress not written: %s", self.job_id, type(exc).__name__)
            self._side_failed = True
            close_side_connection()
            return False
        return True

    def close(self) -> None:
        close_side_connection()


def _side_connection() -> Any:
    """This thread's second connection to the database, in autocommit."""
    side = getattr(_side, "connection", None)
    if side is None:
        side = connections.create_connection(DEFAULT_DB_ALIAS)
        with side.cursor() as cursor:
            # Should the job's transaction hold the job's row, wait a moment, not for ever.
            cursor.execute("SET lock_timeout = '2s'")
        _side.connection = side
    return side


def _side_update(job_id: int, values: dict[str, Any]) -> None:
    side = _side_connection()
    qn = side.ops.quote_name
    assignments = ", ".join(f"{qn(column)} = %s" for column in values)
    with side.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn(Job._meta.db_table)} SET {assignments} WHERE {qn('id')} = %s",  # noqa: S608 (quoted names)
            [*values.values(), job_id],
        )


def close_side_connection() -> None:
    side = getattr(_side, "connection", None)
    if side is not None:
        side.close()
        _side.connection = None
