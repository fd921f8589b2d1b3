"""The nightly run of notices: `manage.py notifications_run [--day dd/mm/yyyy]` (cron)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partybuilding.notifications import delivery
from partybuilding.notifications.generation import notifications_run


def _day(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as exc:
        raise CommandError(f"--day takes dd/mm/yyyy, not {text!r}") from exc


class Command(BaseCommand):
    help = "Write the day's notices of every rule in force and queue their e-mails (the worker sends them)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--day", type=_day, help="The day to run (dd/mm/yyyy); today by default.")

    def handle(self, *args: Any, day: dt.date | None = None, **options: Any) -> None:
        recovered = delivery.recover()  # e-mails a dead worker left behind, first
        result = notifications_run(day=day or timezone.localdate())
        self.stdout.write(f"{result.day:%d/%m/%Y}: {result.created} new notices, {result.queued} e-mails queued")
        for kind, n in sorted(result.found.items()):
            self.stdout.write(f"  {kind}: {n} found")
        if any(recovered.values()):
            self.stdout.write(f"  recovered: {recovered}")
