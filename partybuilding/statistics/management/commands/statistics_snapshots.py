"""Take the counter snapshots the statistical forms read for past days (run nightly):

manage.py statistics_snapshots                  # month ends of the last 24 months, where missing or stale
manage.py statistics_snapshots --day 31/12/2025 # that day, again
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partybuilding.core.sheets import parse_date

from ... import snapshots


class Command(BaseCommand):
    help = "Take the member-counter snapshots of past days for the statistical forms."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--day", action="append", default=[], help="a day (dd/mm/yyyy) to take again; repeatable")
        parser.add_argument("--months", type=int, default=24, help="how many month ends back to keep fresh (default 24)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            days = [day for text in options["day"] if (day := parse_date(text)) is not None]
        except ValueError as exc:
            raise CommandError(f"not a date: {exc}") from exc
        if not days:
            days = snapshots.stale_days(snapshots.month_ends(timezone.localdate(), options["months"]))
        for day in days:
            kept = snapshots.take(day)
            self.stdout.write(f"{day:%d/%m/%Y}: {kept} nodes")
