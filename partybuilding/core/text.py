"""Text helpers for Vietnamese: text in one Unicode form (NFC), search keys that ignore
diacritics and case, the Vietnamese alphabetical order."""

from __future__ import annotations

import unicodedata
from typing import Any


def nfc(text: str) -> str:
    """The composed form (NFC) of a text. Mac keyboards and some Excel files send the
    decomposed one (NFD: "e" then the combining acute), which looks the same on screen but
    is not equal to it, so exact lookups and unique constraints would miss it."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def nfc_deep(value: Any) -> Any:
    """Every string inside JSON-like data (dicts, lists, keys included) in NFC."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc_deep(key): nfc_deep(item) for key, item in value.items()}
    if isinstance(value, list):
        return [nfc_deep(item) for item in value]
    return value


# đ/Đ is a letter of its own, not a d with a combining mark: NFD leaves it alone.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


def search_key(text: str) -> str:
    """'Nguyễn Văn Ánh' -> 'nguyen van anh'; collapses whitespace."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


# Vietnamese alphabetical order: letters with breve, circumflex, horn and đ are letters of
# their own; tones order after the letters (level, grave, hook, tilde, acute, dot).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def _letters_and_tones(word: str) -> tuple[str, str]:
    primary, tones = [], []
    for char in unicodedata.normalize("NFC", word.lower()):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tone = next((_TONES[c] for c in parts if c in _TONES), 0)
        if base in _ALPHABET:
            primary.append(chr(0x41 + _ALPHABET.index(base)))  # 'A'…: after the separator
        elif base.isalnum():
            primary.append(chr(0x61 + min(ord(base) % 26, 25)))  # letters from elsewhere, digits: after
        tones.append(str(tone))
    return "".join(primary), "".join(tones)


def vietnamese_sort_key(*names: str) -> str:
    """A key that sorts names as Vietnamese lists do: letters in the Vietnamese alphabet,
    then tones, part by part (given name, then family name, then middle name)."""
    parts = []
    for name in names:
        letters, tones = _letters_and_tones("".join(name.split()))
        # "!" sorts before every letter and tone code: "An" before "Anh", "Anh" before "Ánh".
        parts.append(f"{letters}!{tones}!")
    return "".join(parts)
