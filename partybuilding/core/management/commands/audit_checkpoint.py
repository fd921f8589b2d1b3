from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_verify
from partybuilding.core.audit_checkpoints import append_checkpoint


class Command(BaseCommand):
    help = (
        "Verify the audit chain, then append its signed head (entries, last entry, its hash) to FILE: "
        "a file kept outside the database, which `audit_verify --checkpoints FILE` checks the log against."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the checkpoint file (appended to), out of the database's reach")

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if not result.ok:  # a checkpoint says "intact up to here": never of a broken chain
            raise CommandError(
                _("No checkpoint: the audit chain is broken at entry #%(entry)s: %(reason)s.")
                % {"entry": result.broken_at, "reason": result.reason}
            )
        point = append_checkpoint(options["file"])
        if point is None:
            self.stdout.write(_("The audit log is empty: no checkpoint."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("Checkpoint: %(entries)s entries up to #%(last)s.") % {"entries": point["entries"], "last": point["last_id"]}
            )
        )
