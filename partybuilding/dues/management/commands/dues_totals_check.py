"""Recount the dues totals ("d." keys) from the charges, report drift, repair with --fix.
(`totals_check` recounts every app's totals, these included.)"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partybuilding.dues.totals import PREFIX
from partybuilding.organizations.totals import recompute


class Command(BaseCommand):
    help = "Recount the dues totals from the charges, report any drift, and repair it with --fix."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--fix", action="store_true", help="Write the recounted values.")

    def handle(self, *args: Any, **options: Any) -> None:
        drift = recompute(fix=options["fix"], prefixes=[PREFIX])
        for org_id, key, stored, actual in drift[:50]:
            self.stdout.write(f"organization #{org_id} {key}: stored {stored}, counted {actual}")
        if not drift:
            self.stdout.write(self.style.SUCCESS("Dues totals match the charges."))
        elif options["fix"]:
            self.stdout.write(self.style.SUCCESS(f"Repaired {len(drift)} dues totals."))
        else:
            raise CommandError(f"{len(drift)} dues totals drifted; run with --fix to repair them.")
