"""Recount the subtree totals from their source records, report drift, repair with --fix."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.organizations.totals import recompute

SHOWN = 50  # drifted totals listed one by one; the rest are counted


class Command(BaseCommand):
    help = "Recount the subtree totals from the tree, report any drift, and repair it with --fix."
    prefixes: list[str] | None = None  # the keys recounted (every app's with None)
    totals = gettext_lazy("Subtree totals")
    source = gettext_lazy("the tree")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--fix", action="store_true", help="Write the recounted values.")

    def handle(self, *args: Any, **options: Any) -> None:
        drift = recompute(fix=options["fix"], prefixes=self.prefixes)
        for org_id, key, stored, actual in drift[:SHOWN]:
            self.stdout.write(
                _("organization #%(id)s %(key)s: stored %(stored)s, counted %(actual)s")
                % {"id": org_id, "key": key, "stored": stored, "actual": actual}
            )
        if len(drift) > SHOWN:
            self.stdout.write(_("… and %(count)s more") % {"count": len(drift) - SHOWN})
        if not drift:
            self.stdout.write(self.style.SUCCESS(_("%(totals)s match %(source)s.") % {"totals": self.totals, "source": self.source}))
        elif options["fix"]:
            self.stdout.write(
                self.style.SUCCESS(_("Repaired: %(count)s %(totals)s.") % {"count": len(drift), "totals": str(self.totals).lower()})
            )
        else:
            raise CommandError(
                _("%(count)s %(totals)s drifted; run with --fix to repair them.")
                % {"count": len(drift), "totals": str(self.totals).lower()}
            )
