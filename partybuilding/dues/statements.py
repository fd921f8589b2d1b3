"""Reading a bank statement export (Excel or CSV) with its bank's layout, a row of
`StatementLayout` whose `mapping` says where each value is:

    {
      "header": {                       # the header row, found by these names (accents optional,
        "date": ["Ngày giao dịch"],     #   a cell that starts with one of them matches)
        "credit": ["Số tiền ghi có", "Ghi có"],
        "content": ["Nội dung", "Mô tả"],
        "transaction_id": ["Số tham chiếu"],   # optional
        "balance": ["Số dư"]                   # optional: tells two identical transfers apart
      },
      "columns": {"date": 2, "credit": 5, ...}, "first_row": 13,   # or: positions (from 1) and the first line of data
      "thousands": ",",                 # the thousands separator of amounts typed as text
      "stop_at": ["Tổng cộng"],         # a row starting so ends the table
      "separator": ";"                  # a CSV file's, when it is not the one most used
    }

Only credits are read (money coming in); debits, blank and total rows are left out. Each
credit gets a key: the bank's transaction id when the export has one, else a hash of its
day, amount, content (and balance), so that a statement imported again, or one that
overlaps the last, records nothing twice."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from partybuilding.core.sheets import Issue, cell_text, decode_text, is_csv, read_rows
from partybuilding.core.text import search_key

REQUIRED = ("date", "credit", "content")
OPTIONAL = ("transaction_id", "balance")
HEADER_SEARCH_ROWS = 40  # statements open with the bank's letterhead and the account's details
MAX_LINES = 20_000
_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class CreditLine:
    line: int  # the line in the file, from 1
    booked_on: dt.date
    amount: int
    content: str
    transaction_id: str
    key: str


@dataclass
class ReadStatement:
    credits: list[CreditLine] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _names(mapping: dict[str, Any], name: str) -> list[str]:
    return [search_key(n) for n in mapping.get("header", {}).get(name, [])]


def _header(rows: list[list[Any]], mapping: dict[str, Any]) -> tuple[int, dict[str, int]] | None:
    """The header row's index and the column of each value it names; None when not found."""
    wanted = {name: _names(mapping, name) for name in (*REQUIRED, *OPTIONAL) if _names(mapping, name)}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [search_key(cell_text(c)) for c in row]
        columns: dict[str, int] = {}
        for name, names in wanted.items():
            hit = next((i for i, k in enumerate(keys) if k and any(k.startswith(n) for n in names) and i not in columns.values()), None)
            if hit is not None:
                columns[name] = hit
        if all(name in columns for name in REQUIRED):
            return index, columns
    return None


def _positions(mapping: dict[str, Any]) -> tuple[int, dict[str, int]] | None:
    columns = mapping.get("columns")
    if not columns or not all(name in columns for name in REQUIRED):
        return None
    return int(mapping.get("first_row", 2)) - 2, {name: int(i) - 1 for name, i in columns.items()}


def parse_amount(value: Any, thousands: str) -> int | None:
    """An amount of whole đồng: a number cell, or text as the bank writes it ("1,500,000",
    "1.500.000", "+50.000 VND", "50,000.00"); 0 for nothing, None when it is no amount."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else None
    text = re.sub(r"(?i)\s|vnd|đ|\+", "", cell_text(value))
    if not text or text in {"-", "0"}:
        return 0
    decimal = "." if thousands == "," else ","
    whole, _sep, cents = text.replace(thousands, "").partition(decimal)
    # Decimals ("50,000.00") only as two zeros: "50,000" under the other convention is refused, not read as 50.
    if not whole.isdigit() or (cents and (len(cents) > 2 or not cents.isdigit() or int(cents))):
        return None
    return int(whole)


def parse_day(value: Any) -> dt.date | None:
    """A date cell, or the first dd/mm/yyyy in a text (Vietcombank writes the day and its
    reference number in one cell), or yyyy-mm-dd."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    try:
        if match := _DAY.search(text):
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if match := _ISO_DAY.search(text):
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return None


def line_key(transaction_id: str, day: dt.date, amount: int, content: str, balance: str) -> str:
    if transaction_id:
        return f"t:{transaction_id}"[:80]
    digest = hashlib.sha256(f"{day.isoformat()}|{amount}|{search_key(content)}|{balance}".encode()).hexdigest()
    return f"h:{digest[:40]}"


def _rows(upload: IO[bytes], name: str, mapping: dict[str, Any]) -> list[list[Any]]:
    """The file's rows. A bank's CSV opens with title lines of one cell, which defeat the
    usual sniffing of the separator: the layout names it, or it is the one most used."""
    upload.seek(0)
    raw = upload.read()
    if not is_csv(raw, name):
        return read_rows(io.BytesIO(raw), name)
    text = decode_text(raw)
    head = text.splitlines()[:50]
    separator = mapping.get("separator") or max((";", ",", "\t"), key=lambda s: sum(line.count(s) for line in head))
    return [row for row in csv.reader(io.StringIO(text), delimiter=separator)]


def read_statement(upload: IO[bytes], name: str, mapping: dict[str, Any], today: dt.date) -> ReadStatement:
    """The credit lines of the file, each checked; what cannot be read is an issue of its line."""
    result = ReadStatement()
    rows = _rows(upload, name, mapping)
    found = _positions(mapping) or _header(rows, mapping)
    if found is None:
        names = ", ".join(f"“{mapping.get('header', {}).get(n, [n])[0]}”" for n in REQUIRED)
        result.issues.append(Issue(1, "", _("No header row with the columns %(names)s: is it this bank's statement?") % {"names": names}))
        return result
    header, columns = found
    thousands = mapping.get("thousands", ",")
    stops = [search_key(s) for s in mapping.get("stop_at", [])]

    def cell(row: list[Any], name: str) -> Any:
        i = columns.get(name)
        return row[i] if i is not None and 0 <= i < len(row) else ""

    for line, row in enumerate(rows[header + 1 :], start=header + 2):
        first = search_key(next((cell_text(c) for c in row if cell_text(c)), ""))
        if stops and any(first.startswith(s) for s in stops):
            break
        amount = parse_amount(cell(row, "credit"), thousands)
        day_text, content = cell_text(cell(row, "date")), cell_text(cell(row, "content"))
        if amount == 0 or (not day_text and not content):
            continue  # a debit, a blank or a sub-total row
        day = parse_day(cell(row, "date"))
        if amount is None:
            result.issues.append(
                Issue(line, _("Credit"), _("Not an amount in whole đồng: “%(text)s”.") % {"text": cell_text(cell(row, "credit"))})
            )
            continue
        if day is None or day > today:
            result.issues.append(
                Issue(line, _("Day"), _("Not a day as dd/mm/yyyy, or a day still to come: “%(text)s”.") % {"text": day_text})
            )
            continue
        transaction_id = cell_text(cell(row, "transaction_id"))[:64]
        key = line_key(transaction_id, day, amount, content, cell_text(cell(row, "balance")))
        result.credits.append(CreditLine(line, day, amount, content[:500], transaction_id, key))
        if len(result.credits) > MAX_LINES:
            result.issues.append(Issue(line, "", _("At most %(n)s credit lines per statement.") % {"n": MAX_LINES}))
            break
    return result
