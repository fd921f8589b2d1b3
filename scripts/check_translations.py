"""Both languages complete: refresh the Vietnamese catalogue from the code and fail on any
string that has no Vietnamese translation (or only a fuzzy one)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "partybuilding" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _strings(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def main() -> int:
    os.chdir(ROOT / "partybuilding")
    subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "makemessages",
            "-l",
            "vi",
            "--no-obsolete",
            "--no-location",
            "-i",
            "node_modules",
            "-v",
            "0",
        ],
        check=True,
    )
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)]
    # A translation cut to one character is a broken entry, not a translation.
    missing += [m.id for m in catalog if m.id and m.string and any(len(s) < 2 for s in _strings(m.string))]
    if missing:
        print(f"{len(missing)} strings lack a Vietnamese translation in {PO.relative_to(ROOT)}:")
        for msgid in missing[:50]:
            print("  -", msgid if isinstance(msgid, str) else msgid[0])
        return 1
    print(f"Translations complete: {len(catalog)} strings in Vietnamese.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
