"""NAPAS VietQR: the text a Vietnamese banking app scans to fill in a transfer to an
account, and its QR image.

The text is an EMVCo merchant-presented payload (a row of ID, two-digit length, value),
profiled by NAPAS for its 24/7 interbank transfer ("QRIBFTTA": to an account):

    00 payload format "01"
    01 point of initiation: "11" static (no amount), "12" dynamic (an amount, one use)
    38 merchant account information: 00 NAPAS's GUID "A000000727",
       01 the beneficiary (00 the bank's BIN, 01 the account number), 02 the service code
    53 currency "704" (đồng)
    54 amount (digits only)
    58 country "VN"
    62 additional data: 01 bill number, 08 purpose of the transfer (what the bank shows as content)
    63 CRC-16/CCITT-FALSE over everything before it, "6304" included, as four hex digits
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import segno

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"  # NAPAS 247 transfer to an account number (QRIBFTTC: to a card)
DONG = "704"  # ISO 4217
VIETNAM = "VN"
STATIC, DYNAMIC = "11", "12"

_BIN = re.compile(r"^\d{6}$")
_ACCOUNT = re.compile(r"^[0-9A-Za-z]{1,19}$")
# The purpose travels through every bank's systems: printable ASCII only (diacritics are
# stripped or mangled on the way), at most 25 characters as the spec allows.
_ASCII = re.compile(r"^[\x20-\x7e]*$")
MAX_PURPOSE = 25


class VietQRError(ValueError):
    """A value the payload cannot carry (the caller's data is wrong, not the user's)."""


def crc16(text: str) -> str:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, start 0xFFFF, no reflection, no final XOR)
    of the text's bytes, as four upper-case hex digits."""
    crc = 0xFFFF
    for byte in text.encode("utf-8"):
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def field(tag: str, value: str) -> str:
    """One data object: its ID, its length in two digits, its value."""
    if not 0 < len(value) <= 99:
        raise VietQRError(f"field {tag}: {len(value)} characters (1 to 99)")
    return f"{tag}{len(value):02d}{value}"


def payload(*, bin: str, account: str, amount: int | None = None, purpose: str = "", bill_number: str = "") -> str:
    """The payload of a transfer to `account` at the bank of NAPAS BIN `bin`: with an amount
    (whole đồng) it is dynamic (the app fills the amount in), without one static."""
    if not _BIN.match(bin):
        raise VietQRError("a bank's BIN is six digits")
    if not _ACCOUNT.match(account):
        raise VietQRError("an account number is 1 to 19 letters or digits")
    if amount is not None and not 0 < amount < 10**13:
        raise VietQRError("an amount is a whole number of đồng, more than 0")
    for text in (purpose, bill_number):
        if not _ASCII.match(text) or len(text) > MAX_PURPOSE:
            raise VietQRError("a purpose or bill number is at most 25 ASCII characters")
    beneficiary = field("00", bin) + field("01", account)
    merchant = field("00", NAPAS_GUID) + field("01", beneficiary) + field("02", TO_ACCOUNT)
    extra = (field("01", bill_number) if bill_number else "") + (field("08", purpose) if purpose else "")
    body = (
        field("00", "01")
        + field("01", DYNAMIC if amount else STATIC)
        + field("38", merchant)
        + field("53", DONG)
        + (field("54", str(amount)) if amount else "")
        + field("58", VIETNAM)
        + (field("62", extra) if extra else "")
        + "6304"
    )
    return body + crc16(body)


def fields(text: str) -> dict[str, str]:
    """The data objects of a payload (or of a template's value), by ID, in order."""
    found: dict[str, str] = {}
    i = 0
    while i < len(text):
        tag, length = text[i : i + 2], text[i + 2 : i + 4]
        if len(tag) < 2 or not length.isdigit() or i + 4 + int(length) > len(text):
            raise VietQRError(f"no data object at {i}")
        found[tag] = text[i + 4 : i + 4 + int(length)]
        i += 4 + int(length)
    return found


def is_valid(text: str) -> bool:
    """Does the payload end with the CRC of everything before it?"""
    return len(text) > 8 and text[-8:-4] == "6304" and crc16(text[:-4]) == text[-4:].upper()


@dataclass(frozen=True)
class Decoded:
    """What a banking app reads from a payload: the bank, the account, the amount, the purpose."""

    bin: str
    account: str
    service: str
    amount: int | None
    purpose: str


def decode(text: str) -> Decoded:
    if not is_valid(text):
        raise VietQRError("the CRC does not match")
    root = fields(text)
    merchant = fields(root["38"])
    beneficiary = fields(merchant["01"])
    extra = fields(root.get("62", ""))
    amount = int(root["54"]) if "54" in root else None
    return Decoded(beneficiary["00"], beneficiary["01"], merchant["02"], amount, extra.get("08", ""))


# --- the image -----------------------------------------------------------------------------
# Error correction "M" (15 %): a printed code survives a crease or a smudge; the payload of a
# dues transfer (about 130 characters) still fits a version small enough for an old phone.


def svg(text: str, *, scale: int = 4) -> str:
    """The QR code as inline SVG (no script, no style attribute: the page's CSP allows it)."""
    return str(segno.make(text, error="m", micro=False).svg_inline(scale=scale, border=4, dark="#000", light="#fff", svgclass="qr"))


def png(text: str, *, scale: int = 8) -> bytes:
    """The QR code as a PNG, to save in the phone's gallery and open from the banking app."""
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
