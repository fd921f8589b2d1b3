"""Recount the subtree totals from their source records, report drift, repair with --fix."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partybuilding.organizations.totals import recompute

SHOWN = 50  # drifted totals listed one by one; the rest are counted


class Command(BaseCommand):
    help = "Recount the subtree totals from the tree, report any drift, and repair it with --fix."
    prefixes: list[str] | None = None  # the keys recounted (every app's with None)
    totals = "Subtree totals"
    source = "the tree"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--fix", action="store_true", help="Write the recounted values.")

    def handle(self, *args: Any, **options: Any) -> None:
        drift = recompute(fix=options["fix"], prefixes=self.prefixes)
        for org_id, key, stored, actual in drift[:SHOWN]:
            self.stdout.write(f"organization #{org_id} {key}: stored {stored}, counted {actual}")
        if len(drift) > SHOWN:
            self.stdout.write(f"… and {len(drift) - SHOWN} more")
        if not drift:
            self.stdout.write(self.style.SUCCESS(f"{self.totals} match {self.source}."))
        elif options["fix"]:
            self.stdout.write(self.style.SUCCESS(f"Repaired {len(drift)} {self.totals.lower()}."))
        else:
            raise CommandError(f"{len(drift)} {self.totals.lower()} drifted; run with --fix to repair them.")
