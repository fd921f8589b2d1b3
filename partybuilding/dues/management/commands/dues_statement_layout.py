"""Add or replace a bank's statement layout from a JSON file, without code:

    manage.py dues_statement_layout layout.json

where the file holds {"code": "techcombank", "name": "Techcombank — sao kê (Excel)",
"mapping": {...}} (`partybuilding/dues/statements.py` describes the mapping)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partybuilding.core.errors import Refusal
from partybuilding.dues.services.bank import statement_layout_set


class Command(BaseCommand):
    help = "Add or replace a bank statement layout (JSON: code, name, mapping)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = json.loads(options["file"].read_text(encoding="utf-8"))
            layout = statement_layout_set(actor=None, code=data["code"], name=data["name"], mapping=data["mapping"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"{options['file']}: {type(exc).__name__} {exc}") from exc
        except Refusal as refusal:
            raise CommandError(refusal.text) from refusal
        self.stdout.write(f"{layout.code}: {layout.name}")
