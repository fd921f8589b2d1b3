"""`manage.py members_import FILE [--dry-run] [--user USERNAME]`: the Excel or CSV import
from the command line, synchronously, printing its progress and the report of refused rows
in the configured language (settings.LANGUAGE_CODE: a command activates no other)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from partybuilding.accounts.models import User
from partybuilding.core.scope import Action
from partybuilding.members import imports
from partybuilding.members.imports.jobs import PHASES
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
        self.write(
            _("%(seconds)s s  %(phase)s: %(done)s / %(total)s")
            % {
                "seconds": _number(time.monotonic() - self.started, 1),
                "phase": PHASES.get(phase, phase),
                "done": _number(done),
                "total": _number(total),
            }
        )


def _number(value: float, decimals: int | None = None) -> str:
    """A number as the configured language writes it (Vietnamese: 20.002 and 1,5)."""
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


class Command(BaseCommand):
    help = "Import member records from an Excel or CSV file in the import template's layout: every row, or none if one is refused."

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
            raise CommandError(_("No file %(path)s.") % {"path": path})
        user = None
        within = Organization.objects.all()
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(_("No active user %(username)s.") % {"username": options["user"]})
            within = Organization.objects.visible_to(user, Action.MANAGE_MEMBERS)
        started = time.monotonic()
        report = imports.import_file(path, within=within, actor=user, dry_run=options["dry_run"], progress=Progress(self.stdout.write))
        for issue in report.issues:
            column = imports.column_label(issue.column)
            where = {"line": _number(issue.line), "column": column, "problem": issue.text}
            self.stdout.write((_("line %(line)s, %(column)s: %(problem)s") if column else _("line %(line)s: %(problem)s")) % where)
        seconds = _number(time.monotonic() - started, 1)
        if report.issues:
            raise CommandError(
                _("%(refused)s of %(rows)s rows refused (%(problems)s problems): nothing was imported.")
                % {"refused": _number(report.refused_lines), "rows": _number(report.rows), "problems": _number(len(report.issues))}
            )
        if options["dry_run"]:
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(rows)s rows checked in %(seconds)s s: no problem found (dry run: nothing written).")
                    % {"rows": _number(report.rows), "seconds": seconds}
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(count)s members imported in %(seconds)s s.") % {"count": _number(report.imported), "seconds": seconds}
                )
            )
