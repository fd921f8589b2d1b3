"""Form versions loaded from their JSON files (`definitions/<set>/<form>.json`): by the
migration that installs the 2021 set, and by `manage.py statistics_forms load FILE` for a
revision, which needs no code."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from .definition import Definition, parse

DEFINITIONS = Path(__file__).resolve().parent / "definitions"


def read(path: Path) -> tuple[dict[str, Any], Definition]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data, parse(data)


def save(model: Any, data: dict[str, Any], definition: Definition) -> tuple[Any, bool]:
    """Create or replace the version of the form starting on the definition's first day."""
    return model.objects.update_or_create(
        slug=definition.slug,
        valid_from=definition.valid_from,
        defaults={
            "code": definition.code,
            "title_vi": definition.title.vi,
            "title_en": definition.title.en,
            "valid_to": definition.valid_to,
            "source": definition.source,
            "definition": data,
        },
    )


def bundled() -> list[Path]:
    return sorted(DEFINITIONS.glob("*/*.json"))


def load_bundled(model: Any) -> int:
    for path in bundled():
        save(model, *read(path))
    return len(bundled())


def overlapping(model: Any, definition: Definition) -> list[Any]:
    """Other versions of the same form whose dates overlap the definition's."""
    end = definition.valid_to or dt.date.max
    return [
        v
        for v in model.objects.filter(slug=definition.slug).exclude(valid_from=definition.valid_from)
        if v.valid_from <= end and (v.valid_to is None or v.valid_to >= definition.valid_from)
    ]
