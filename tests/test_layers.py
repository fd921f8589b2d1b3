"""The floors of the house (scripts/check_layers.py): the kernel imports no app, and no app
imports from an app on its own floor or above it."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_layers.py"


def _checker() -> Any:
    spec = importlib.util.spec_from_file_location("check_layers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_no_app_imports_from_its_floor_or_above() -> None:
    assert [str(v) for v in _checker().violations()] == []


def test_the_check_sees_an_upward_import_inside_a_function() -> None:
    checker = _checker()
    source = "def later():\n    from ..members.models import Member\n"
    found = [target for _line, target in checker.imported_modules(ast.parse(source), "partybuilding.core.example")]
    assert "partybuilding.members.models" in found
    assert checker.FLOOR[checker.app_of("partybuilding.members.models")] > checker.FLOOR["core"]
