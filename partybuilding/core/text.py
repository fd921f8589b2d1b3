"""Text helpers for Vietnamese: search keys that ignore diacritics and case."""

from __future__ import annotations

import unicodedata

# đ/Đ is a letter of its own, not a d with a combining mark: NFD leaves it alone.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


def search_key(text: str) -> str:
    """'Nguyễn Văn Ánh' -> 'nguyen van anh'; collapses whitespace."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
