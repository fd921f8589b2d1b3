"""The backup is only as good as its restore: dump the database, restore it into a fresh
one, and check the copy (scripts/restore-drill.sh). PostgreSQL only: production runs on it."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from partybuilding.organizations.models import SubtreeTotal
from tests.conftest import Tree
from tests.members_factories import make_member

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the drill dumps and restores a PostgreSQL database"),
    pytest.mark.django_db(transaction=True),
]


def drill() -> subprocess.CompletedProcess[str]:
    db: dict[str, Any] = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "PY": os.environ.get("PY", str(ROOT / ".venv" / "bin" / "python"))}
    return subprocess.run([str(ROOT / "scripts" / "restore-drill.sh")], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)


def said(message: str) -> str:
    """The words of a command's message, in the configured language the commands speak,
    up to its first placeholder (or the text between the first two)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext(message)
    parts = [part for part in re.split(r"%\(\w+\)s", text) if part.strip()]
    return parts[0].strip(" .:;")


def test_a_backup_restores_and_verifies(tree: Tree) -> None:
    for _ in range(3):
        make_member(tree.X1)
    done = drill()
    assert done.returncode == 0, done.stdout + done.stderr
    assert said("Audit chain intact: %(entries)s entries.") in done.stdout
    assert said("%(totals)s match %(source)s.") in done.stdout
    assert "Restore drill passed" in done.stdout


def test_the_drill_fails_when_the_copy_does_not_check_out(tree: Tree) -> None:
    make_member(tree.X1)
    SubtreeTotal.objects.filter(organization=tree.P).update(value=999)  # drift the restored copy will carry
    done = drill()
    assert done.returncode != 0
    assert said("%(count)s %(totals)s drifted; run with --fix to repair them.") in done.stderr
