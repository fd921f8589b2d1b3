"""Import of member records from Excel: read, check every row, write all rows or none.

1. read (`checks.read`): python-calamine reads the first sheet; a header row (Vietnamese,
   English, or both on two rows, in any column order) names the columns;
2. check (`checks.check`, the dry run): each row becomes a Candidate or Issues (line,
   column, message, rule); then the checks across rows;
3. write (`writer.write`): one transaction for every row.

Each step reports progress through a callback `(phase, done, total)`. Issues never quote a
citizen ID or a phone number.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from partybuilding.organizations.models import Organization

from .checks import Source, check, check_candidates, clean_row, parse_date, read
from .columns import COLUMNS, PHASES, Candidate, Issue, Progress, Report, column_label, no_progress
from .template import candidate_cells, write_workbook
from .writer import write

__all__ = [
    "COLUMNS", "PHASES", "Candidate", "Issue", "Progress", "Report", "Source", "candidate_cells", "check", "check_candidates",
    "clean_row", "column_label", "import_file", "no_progress", "parse_date", "read", "write", "write_workbook",
]  # fmt: skip


def import_file(
    source: Source, *, within: QuerySet[Organization], actor: Any, dry_run: bool = False, progress: Progress = no_progress
) -> Report:
    """Check the file; unless it is a dry run or a row was refused, import every row.
    `within`: the organizations the importer manages (any other is an unknown organization)."""
    report = check(source, within=within, progress=progress)
    if report.ok and not dry_run:
        report.imported = len(write(report.candidates, actor=actor, progress=progress))
    return report
