"""Recount the dues totals ("d." keys) from the charges, report drift, repair with --fix.
(`totals_check` recounts every app's totals, these included.)"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from partybuilding.dues.totals import PREFIX
from partybuilding.organizations.management.commands import totals_check


class Command(totals_check.Command):
    help = "Recount the dues totals from the charges, report any drift, and repair it with --fix."
    prefixes = [PREFIX]
    totals = gettext_lazy("Dues totals")
    source = gettext_lazy("the charges")
