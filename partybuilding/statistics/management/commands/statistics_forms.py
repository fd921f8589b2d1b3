"""The versions of the statistical forms:

    manage.py statistics_forms list
    manage.py statistics_forms check FILE.json     # parse a definition, save nothing
    manage.py statistics_forms load FILE.json      # add the version (or replace the one starting that day)

A revision of a form is a JSON file like those of `statistics/definitions/`; loading it closes
the version it follows (its last day becomes the day before the new one's first) and refuses
one that would overlap any other."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ...definition import DefinitionError
from ...loading import overlapping, read, save
from ...models import FormVersion


class Command(BaseCommand):
    help = "List, check or load the versions of the statistical forms."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["list", "check", "load"])
        parser.add_argument("file", nargs="?", help="a form definition (JSON)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for v in FormVersion.objects.order_by("slug", "valid_from"):
                until = f"{v.valid_to:%d/%m/%Y}" if v.valid_to else "…"
                self.stdout.write(f"{v.code:10} {v.valid_from:%d/%m/%Y} – {until:10} {v.title_vi}")
            return
        if not options["file"]:
            raise CommandError("name the definition file")
        try:
            data, definition = read(Path(options["file"]))
        except (OSError, ValueError, DefinitionError) as exc:
            raise CommandError(f"{options['file']}: {exc}") from exc
        rows = sum(1 for row in definition.rows if not row.heading)
        self.stdout.write(f"{definition.code}: {len(definition.rows)} rows ({rows} counted), {len(definition.columns)} columns")
        if options["action"] == "check":
            return
        with transaction.atomic():
            for other in overlapping(FormVersion, definition):
                if other.valid_from < definition.valid_from and other.valid_to is None:
                    other.valid_to = definition.valid_from - dt.timedelta(days=1)
                    other.save(update_fields=["valid_to"])
                    self.stdout.write(f"closed {other} on {other.valid_to:%d/%m/%Y}")
                else:
                    raise CommandError(f"the version would overlap {other}")
            version, created = save(FormVersion, data, definition)
        self.stdout.write(f"{'added' if created else 'replaced'} {version}")
