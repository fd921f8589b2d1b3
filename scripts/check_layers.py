"""The floors of the house: an app imports only from the apps on the floors below it.

    python scripts/check_layers.py      # lists every upward or sideways import; exit 1 if any

Every import counts, the ones inside functions too: a lazy import is still a dependency.
`tests/test_layers.py` runs the same check, so a new upward import fails the suite.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "partybuilding"

# Lower floors first. An app may import from its own floor's modules only within itself.
FLOORS: list[tuple[str, ...]] = [
    ("core",),
    ("organizations",),
    ("accounts",),
    ("members",),
    ("admissions", "meetings", "dues"),
    ("inspections",),  # inspections, supervisions, disciplines (which reach the member records), appeals, denunciations
    ("directives",),  # documents issued, the tasks they give (from meetings and inspections too), the study of resolutions
    ("cadres",),  # posts, planning, appointments, rotations, training (a discipline takes a cadre out of the planning)
    ("assessments",),  # judges a year from the members, meetings, admissions and dues
    ("statistics",),  # the official statistical forms (HD 11) counted from the records
    ("notifications",),  # reminders and notices: reads meetings, dues, members, admissions, inspections, directives
    ("reports", "pwa"),  # the dashboard; the phone app (what a device keeps offline)
    ("api", "demo"),
]
FLOOR = {app: n for n, apps in enumerate(FLOORS) for app in apps}


@dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    importer: str
    imported: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.importer} (floor {FLOOR[self.importer]}) imports {self.imported} (floor {FLOOR[self.imported]})"


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != PACKAGE:
        return None
    return parts[1] if parts[1] in FLOOR else None


def imported_modules(tree: ast.AST, module: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against the importing module's package
                base = module.split(".")[: -node.level]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def violations() -> list[Violation]:
    found = []
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        importer = app_of(module)
        if importer is None or "migrations" in path.parts:
            continue
        for line, target in imported_modules(ast.parse(path.read_text(), str(path)), module):
            imported = app_of(target)
            if imported is None or imported == importer:
                continue
            if FLOOR[imported] >= FLOOR[importer]:
                violation = Violation(path, line, importer, imported)
                if violation not in found:
                    found.append(violation)
    return found


def main() -> int:
    found = violations()
    for violation in found:
        print(violation)
    print(f"{len(found)} import(s) against the floors" if found else "every import goes down the floors")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
