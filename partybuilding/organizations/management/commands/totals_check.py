from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partybuilding.organizations.totals import recompute as totals_recompute


class Command(BaseCommand):
    help = "Recount the subtree totals from the tree, report any drift, and repair it with --fix."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--fix", action="store_true", help="Write the recounted values.")

    def handle(self, *args: Any, **options: Any) -> None:
        drift = totals_recompute(fix=options["fix"])
        for org_id, key, stored, actual in drift[:50]:
            self.stdout.write(f"organization #{org_id} {key}: stored {stored}, counted {actual}")
        if len(drift) > 50:
            self.stdout.write(f"… and {len(drift) - 50} more")
        if not drift:
            self.stdout.write(self.style.SUCCESS("Subtree totals match the tree."))
        elif options["fix"]:
            self.stdout.write(self.style.SUCCESS(f"Repaired {len(drift)} totals."))
        else:
            raise CommandError(f"{len(drift)} totals drifted; run with --fix to repair them.")
