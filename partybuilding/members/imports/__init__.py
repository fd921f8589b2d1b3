"""Import of member records from Excel: read, check every row, write all rows or none.

1. read (`checks.read`): python-calamine reads the first sheet; a header row (Vietnamese,
   English, or both on two rows, in any column order) names the columns;
2. check (`checks.check`, the dry run): each row becomes a Candidate or Issues (line,
   column, message, rule); then the checks across rows (`across.check_candidates`);
3. write (`writer.write`): one transaction for every row.

Each step reports progress through a callback `(phase, done, total)`. Issues never quote a
citizen ID or a phone number.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import QuerySet

from partybuilding.core.bulk import Progress, no_progress
from partybuilding.organizations.models import Organization

from .across import check_candidates
from .checks import Source, check, clean_row, parse_date, read
from .columns import COLUMNS, PHASES, Candidate, Issue, Report, column_label
from .template import candidate_cells, write_workbook
from .writer import write

__all__ = [
    "COLUMNS", "PHASES", "Candidate", "Issue", "Progress", "Report", "Source", "candidate_cells", "check", "check_candidates",
    "clean_row", "column_label", "gc_paused", "import_file", "no_progress", "parse_date", "read", "write", "write_workbook",
]  # fmt: skip


class _GcPause:
    """Python's cyclic garbage collector paused during bulk imports. An import makes millions
    of small objects (cells, rows, tuples) and keeps them until it ends, so the collector's
    passes free nothing and take a third of the Python time. Reference counting still frees
    everything else; the collector resumes when the last import running in the process ends."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.resume = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self.lock:
            if self.depth == 0:
                self.resume = gc.isenabled()
                gc.disable()
            self.depth += 1
        try:
            yield
        finally:
            with self.lock:
                self.depth -= 1
                if self.depth == 0 and self.resume:
                    gc.enable()


gc_paused = _GcPause()


def import_file(
    source: Source, *, within: QuerySet[Organization], actor: Any, dry_run: bool = False, progress: Progress = no_progress
) -> Report:
    """Check the file; unless it is a dry run or a row was refused, import every row.
    `within`: the organizations the importer manages (any other is an unknown organization)."""
    with gc_paused():
        report = check(source, within=within, progress=progress)
        if report.ok and not dry_run:
            report.imported = len(write(report.candidates, actor=actor, progress=progress))
    return report
