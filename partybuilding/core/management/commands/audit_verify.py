from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_verify
from partybuilding.core.audit_checkpoints import verify_checkpoints


class Command(BaseCommand):
    help = (
        "Verify the audit log's chain of keyed hashes (AUDIT_KEY) and report the first bad entry and its fault: "
        "a link broken (an entry removed or inserted), an entry changed, the chain recomputed without the key, "
        "the end cut off, or a wrong key. With --checkpoints, also the heads exported by audit_checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--checkpoints", metavar="FILE", help="a file of signed heads written by `audit_checkpoint`")

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if not result.ok:
            where = _("entry #%(entry)s") % {"entry": result.broken_at} if result.broken_at is not None else _("the key")
            raise CommandError(
                _("Audit chain broken at %(where)s [%(fault)s]: %(reason)s.")
                % {"where": where, "fault": result.fault, "reason": result.reason}
            )
        if result.unkeyed_until is not None:
            self.stdout.write(
                _("Entries up to #%(entry)s predate the chain's key (checked by the old rule).") % {"entry": result.unkeyed_until}
            )
        if options["checkpoints"]:
            problem = verify_checkpoints(options["checkpoints"])
            if problem:
                raise CommandError(_("Audit chain does not match its checkpoints: %(problem)s.") % {"problem": problem})
        self.stdout.write(self.style.SUCCESS(_("Audit chain intact: %(entries)s entries.") % {"entries": result.entries}))
