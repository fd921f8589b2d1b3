from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from partybuilding.core.jobs import files_dir
from partybuilding.core.models import Job


class Command(BaseCommand):
    help = (
        "Remove the jobs that finished more than N days ago (default 7) with their files, files of the jobs' folder "
        "that no job holds any more, and the task queue's finished results as old."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="keep what finished within this many days (default 7)")

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if days < 0:
            days = 0
        before = timezone.now() - dt.timedelta(days=days)
        old = Job.objects.filter(finished_at__lt=before)
        files = 0
        for file_path in old.exclude(file_path="").values_list("file_path", flat=True):
            files += _remove(Path(file_path))
        jobs = old.delete()[0]
        # A worker stopped in the middle of a job leaves a file that no row names.
        kept = set(Job.objects.exclude(file_path="").values_list("file_path", flat=True))
        for path in files_dir().iterdir():
            if path.is_file() and str(path) not in kept and path.stat().st_mtime < before.timestamp():
                files += _remove(path)
        if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            call_command("prune_db_task_results", min_age_days=days, queue_name="*", verbosity=options["verbosity"])
        self.stdout.write(
            self.style.SUCCESS(
                _("Removed %(jobs)s jobs and %(files)s files finished more than %(days)s days ago.")
                % {"jobs": jobs, "files": files, "days": days}
            )
        )


def _remove(path: Path) -> int:
    if not path.exists():
        return 0
    path.unlink()
    return 1
