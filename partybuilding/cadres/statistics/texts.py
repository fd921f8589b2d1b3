"""The words printed around a form's figures: its period line, its column numbers, and the
signature block ("Người lập biểu", telephone; "Trưởng ban")."""

from __future__ import annotations

from django.utils.translation import gettext as _

from partybuilding.core.records import day_text

from .counting import Header, Table


def period_line(table: Table) -> str:
    """ "As of 31/12/2026" for a stock, "Year 2026 (01/01/2026 – 31/12/2026)" for a flow."""
    period = table.period
    if table.form.stock:
        return _("As of %(day)s") % {"day": day_text(period.end)}
    return _("Year %(year)s (%(start)s – %(end)s)") % {
        "year": period.year,
        "start": day_text(period.start),
        "end": day_text(period.end),
    }


def column_number(table: Table, header: Header) -> str:
    """The number printed under a column; the percent column says how it is computed."""
    if header.percent:
        return "(3) = (1) × 100 / (2)"
    return str(header.number)


def signature() -> dict[str, str]:
    return {
        "place_date": _("……, day …… month …… year ……"),
        "preparer": _("PREPARED BY"),
        "preparer_hint": _("(signature, full name)"),
        "telephone": _("Telephone: ……………………"),
        "head": _("HEAD OF THE BOARD"),
        "head_hint": _("(signature, seal, full name)"),
    }
