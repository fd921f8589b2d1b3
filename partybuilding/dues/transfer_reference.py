"""The reference a member writes in a dues transfer (the QR code writes it for them): who
pays and for which months, read back from the bank statement.

    DP 00A7K2 0126 0326 K
    |  |      |    |    check character (Luhn mod 36 over everything before it)
    |  |      |    last month, mmyy
    |  |      first month, mmyy
    |  the member, their id in base 36 on six characters
    "DP": đảng phí

ASCII only (banks strip diacritics), 21 characters (a bank shows at least 25), and read
back whatever the bank did to it: upper or lower case, spaces and punctuation removed or
added, the bank's own prefix in front ("MBVCB.4530998360.029552.") and the sender's words
after. A character changed or two swapped fail the check character, so a mangled reference
is never read as another member's."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PREFIX = "DP"
CODE_WIDTH = 6
# In the text as the bank left it (letters and digits only, upper case).
_FOUND = re.compile(rf"(?=({PREFIX}([0-9A-Z]{{{CODE_WIDTH}}})(\d{{2}})(\d{{2}})(\d{{2}})(\d{{2}})([0-9A-Z])))")


def check_character(text: str) -> str:
    """Luhn mod 36: catches any one character changed and any two neighbours swapped."""
    factor, total = 2, 0
    for char in reversed(text):
        addend = factor * ALPHABET.index(char)
        total += addend // 36 + addend % 36
        factor = 1 if factor == 2 else 2
    return ALPHABET[(36 - total % 36) % 36]


def member_code(member_id: int) -> str:
    digits = ""
    while member_id:
        member_id, rest = divmod(member_id, 36)
        digits = ALPHABET[rest] + digits
    return digits.rjust(CODE_WIDTH, "0")


def member_id(code: str) -> int:
    return int(code, 36)


@dataclass(frozen=True)
class Reference:
    member_id: int
    first: dt.date  # the first month paid for (its first day)
    last: dt.date

    @property
    def compact(self) -> str:
        body = f"{PREFIX}{member_code(self.member_id)}{self.first:%m%y}{self.last:%m%y}"
        return body + check_character(body)

    @property
    def text(self) -> str:
        """As written in the transfer: groups a person can read out over the phone."""
        c = self.compact
        return f"{c[:2]} {c[2:8]} {c[8:12]} {c[12:16]} {c[16]}"

    def __str__(self) -> str:
        return self.text


def make(member_id: int, first: dt.date, last: dt.date) -> Reference:
    if not 0 < member_id < 36**CODE_WIDTH:
        raise ValueError("a member id from 1 to 36^6")
    return Reference(member_id, first.replace(day=1), last.replace(day=1))


def squeezed(text: str) -> str:
    """The text as a bank may have left it: letters and digits only, upper case."""
    return re.sub(r"[^0-9A-Z]", "", text.upper())


def _month(mm: str, yy: str) -> dt.date | None:
    month = int(mm)
    return dt.date(2000 + int(yy), month, 1) if 1 <= month <= 12 else None


def find(text: str) -> Reference | None:
    """The first reference in a statement line's content whose check character holds."""
    for candidate in _candidates(squeezed(text)):
        return candidate
    return None


def _candidates(text: str) -> Iterator[Reference]:
    for match in _FOUND.finditer(text):
        whole, code, m1, y1, m2, y2, check = match.groups()
        if check_character(whole[:-1]) != check:
            continue
        first, last = _month(m1, y1), _month(m2, y2)
        if first and last and first <= last and member_id(code):
            yield Reference(member_id(code), first, last)
