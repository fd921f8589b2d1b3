from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partybuilding.core.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if not result.ok:
            raise CommandError(f"Audit chain broken at entry #{result.broken_at}: {result.reason}.")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {result.entries} entries."))
