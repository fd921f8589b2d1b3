"""Payments from a file (Excel or CSV): one row per payment with the member's card
number or citizen ID, the month, the amount and the day paid. Every row is checked and
reported by line; a dry run writes nothing; a real import records every row or none.
Issues name the line and the column, never a citizen ID."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.scope import Action
from partybuilding.core.sheets import Issue, Report, cell_text, digits_from_number, read_rows
from partybuilding.core.text import search_key
from partybuilding.members.models import Member

from . import months, services
from .choices import PaymentSource
from .forms import parse_amount

COLUMNS: dict[str, tuple[str, Any]] = {
    "card_number": ("Số thẻ đảng viên", gettext_lazy("Card number")),
    "citizen_id": ("Số CCCD", gettext_lazy("Citizen ID")),
    "month": ("Tháng", gettext_lazy("Month")),
    "amount": ("Số tiền", gettext_lazy("Amount")),
    "paid_on": ("Ngày đóng", gettext_lazy("Paid on")),
}
MAX_ROWS = 50_000


@dataclass
class ImportReport(Report):
    total: int = 0
    dry_run: bool = True


def _citizen_id(value: Any) -> str:
    return digits_from_number(value, (9, 12))  # typed as a number, it lost its leading zeros


def _header(cells: list[Any]) -> dict[str, int]:
    wanted = {search_key(vi): name for name, (vi, _en) in COLUMNS.items()} | {
        search_key(str(en)): name for name, (_vi, en) in COLUMNS.items()
    }
    return {wanted[search_key(cell_text(c))]: i for i, c in enumerate(cells) if search_key(cell_text(c)) in wanted}


def _month(value: Any) -> dt.date | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return dt.date(value.year, value.month, 1)
    return months.parse(cell_text(value))


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.strptime(cell_text(value), "%d/%m/%Y").date()
    except ValueError:
        return None


def import_payments(*, actor: Any, upload: IO[bytes], name: str, dry_run: bool, submission: uuid.UUID) -> ImportReport:
    rows = read_rows(upload, name)
    report = ImportReport(dry_run=dry_run)
    if not rows:
        report.issues.append(Issue(1, "", _("The file is empty.")))
        return report
    columns = _header(rows[0])
    for required in ("month", "amount"):
        if required not in columns:
            report.issues.append(Issue(1, str(COLUMNS[required][1]), _("The column “%(c)s” is missing.") % {"c": COLUMNS[required][0]}))
    if "card_number" not in columns and "citizen_id" not in columns:
        report.issues.append(Issue(1, "", _("A column of card numbers or of citizen IDs is needed.")))
    if report.issues:
        return report
    body = [r for r in rows[1 : MAX_ROWS + 2] if any(cell_text(c) for c in r)]
    report.rows = len(body)
    if len(rows) > MAX_ROWS + 1:
        report.issues.append(Issue(MAX_ROWS + 2, "", _("At most %(n)s rows per file.") % {"n": MAX_ROWS}))
        return report

    def cell(row: list[Any], name: str) -> Any:
        i = columns.get(name)
        return row[i] if i is not None and i < len(row) else ""

    cards = {cell_text(cell(r, "card_number")) for r in body} - {""}
    ids = {_citizen_id(cell(r, "citizen_id")) for r in body} - {""}
    found = Member.objects.visible_to(actor, Action.MANAGE_MEMBERS).in_list().filter(Q(card_number__in=cards) | Q(citizen_id__in=ids))
    by_card: dict[str | None, Member] = {}
    by_id: dict[str | None, Member] = {}
    for one in found:
        by_card[one.card_number] = one
        by_id[one.citizen_id] = one
    today = timezone.localdate()
    merged: dict[tuple[int, dt.date], services.PaymentItem] = {}
    for line, row in enumerate(body, start=2):
        card, citizen = cell_text(cell(row, "card_number")), _citizen_id(cell(row, "citizen_id"))
        member = by_card.get(card) if card else by_id.get(citizen)
        month, amount = _month(cell(row, "month")), parse_amount(cell_text(cell(row, "amount")))
        paid_on = _day(cell(row, "paid_on")) if cell_text(cell(row, "paid_on")) else today
        problems = []
        if member is None:
            problems.append(("card_number", _("No member in the list within your scope has this card number or citizen ID.")))
        if month is None:
            problems.append(("month", _("Type the month as mm/yyyy, e.g. 03/2026.")))
        if not amount:
            problems.append(("amount", _("Type a whole amount in đồng, more than 0.")))
        if paid_on is None or paid_on > today:
            problems.append(("paid_on", _("Type a date as dd/mm/yyyy, not in the future.")))
        report.issues += [Issue(line, str(COLUMNS[col][1]), msg) for col, msg in problems]
        if problems or member is None or month is None or not amount or paid_on is None:
            continue
        earlier = merged.get((member.pk, month))
        merged[(member.pk, month)] = services.PaymentItem(member, month, amount + (earlier.amount if earlier else 0), paid_on)
        report.total += amount
    if report.issues or dry_run:
        return report
    report.imported = len(
        services.payments_record(actor=actor, items=list(merged.values()), submission=submission, source=PaymentSource.FILE)
    )
    return report


def template_rows() -> list[list[Any]]:
    return [["123456", "", "03/2026", 50000, "05/03/2026"], ["", "001080012345", "03/2026", 30000, "05/03/2026"]]
