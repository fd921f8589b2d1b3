"""The forms are data: every bundled definition parses and is installed; a revision loads from
a file without code and closes the version it follows; a wrong definition is refused with the
place of the mistake."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partybuilding.statistics.definition import DefinitionError, parse
from partybuilding.statistics.engine import version_for
from partybuilding.statistics.loading import bundled, read
from partybuilding.statistics.models import FormVersion

pytestmark = pytest.mark.django_db


def test_every_bundled_definition_parses_and_is_installed() -> None:
    slugs = set()
    for path in bundled():
        data, definition = read(path)
        slugs.add(definition.slug)
        assert FormVersion.objects.filter(slug=definition.slug, valid_from=definition.valid_from, definition=data).exists()
    assert slugs == {"1", "2", "2b", "3", "4", "5", "7"}


def test_the_version_in_force_follows_the_restructuring_of_2025() -> None:
    before, after = version_for("1", dt.date(2025, 6, 30)), version_for("1", dt.date(2025, 7, 1))
    assert before is not None and after is not None
    labels = lambda v: [r["label"]["vi"] for r in v.definition["rows"]]  # noqa: E731
    assert "Huyện khác trong tỉnh chuyển đến" in labels(before)
    assert "Huyện khác trong tỉnh chuyển đến" not in labels(after)


def test_a_revision_loads_from_a_file_and_closes_the_version_it_follows(tmp_path: Path) -> None:
    data = json.loads(next(p for p in bundled() if p.parent.name == "btctw-2025" and p.name == "1.json").read_text())
    data.update(valid_from="2027-01-01", source="HD sửa đổi (thử)")
    data["rows"][0]["label"] = {"vi": "Đầu kỳ", "en": "At the start"}
    path = tmp_path / "1.json"
    path.write_text(json.dumps(data, ensure_ascii=False))
    call_command("statistics_forms", "load", str(path))
    assert version_for("1", dt.date(2026, 12, 31)).valid_to == dt.date(2026, 12, 31)
    revised = version_for("1", dt.date(2027, 3, 1))
    assert revised is not None and revised.definition["rows"][0]["label"]["vi"] == "Đầu kỳ"
    with pytest.raises(CommandError, match="overlap"):
        data.update(valid_from="2026-06-01", valid_to="2026-12-31")
        path.write_text(json.dumps(data, ensure_ascii=False))
        call_command("statistics_forms", "load", str(path))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["rows"][1].update(count="votes"), "unknown count “votes”"),
        (lambda d: d["rows"][2].update(where={"shoe_size": [42]}), "unknown condition “shoe_size”"),
        (lambda d: d["rows"][2].update(where={"years": [30]}), "does not apply"),
        (lambda d: d.update(checks=[{"sum": ["A", "Z"], "equals": "D"}]), "a row the form does not have"),
        (lambda d: d["rows"][0].update(label="x") or d["rows"][0].update(label={"vi": "chỉ tiếng Việt"}), "Vietnamese and English"),
    ],
)
def test_a_wrong_definition_is_refused_with_the_place_of_the_mistake(change: Any, message: str) -> None:
    data = json.loads(next(p for p in bundled() if p.parent.name == "btctw-2025" and p.name == "1.json").read_text())
    change(data)
    with pytest.raises(DefinitionError, match=message):
        parse(data)
