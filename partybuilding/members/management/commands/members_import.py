"""`manage.py members_import FILE [--dry-run] [--user USERNAME]`: the Excel import from the
command line, synchronously, printing its progress and the report of refused rows."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partybuilding.accounts.models import User
from partybuilding.core.scope import Action
from partybuilding.members import imports
from partybuilding.organizations.models import Organization


class Progress:
    """Prints each phase at every tenth of its way (a log stays readable at 100,000 rows)."""

    def __init__(self, write: Any) -> None:
        self.write = write
        self.started = time.monotonic()
        self.last: tuple[str, int] = ("", -1)

    def __call__(self, phase: str, done: int, total: int) -> None:
        tenth = done * 10 // total if total else 10
        if (phase, tenth) == self.last:
            return
        self.last = (phase, tenth)
        self.write(f"{time.monotonic() - self.started:6.1f} s  {phase:<9} {done:>9,} / {total:,}")


class Command(BaseCommand):
    help = "Import member records from an Excel file in the import template's layout: every row, or none if one is refused."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; write nothing.")
        parser.add_argument(
            "--user",
            help="Import as this user: the rows' organizations must be within the user's scope, and the audit log names them. "
            "Without it the import is recorded as the system's and may name any organization.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        user = None
        within = Organization.objects.all()
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {options['user']}.")
            within = Organization.objects.visible_to(user, Action.MANAGE_MEMBERS)
        started = time.monotonic()
        report = imports.import_file(path, within=within, actor=user, dry_run=options["dry_run"], progress=Progress(self.stdout.write))
        for issue in report.issues:
            column = imports.column_label(issue.column)
            self.stdout.write(f"line {issue.line}{f', {column}' if column else ''}: {issue.text}")
        seconds = time.monotonic() - started
        if report.issues:
            raise CommandError(
                f"{report.refused_lines:,} of {report.rows:,} rows refused ({len(report.issues):,} problems): nothing was imported."
            )
        if options["dry_run"]:
            self.stdout.write(
                self.style.SUCCESS(f"{report.rows:,} rows checked in {seconds:.1f} s: no problem found (dry run: nothing written).")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"{report.imported:,} members imported in {seconds:.1f} s."))
