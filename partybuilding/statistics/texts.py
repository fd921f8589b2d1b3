"""The words printed around a form's figures, the same on the page, in the Excel file and in
the PDF: the agency block, the form's code, the period line, the unit, the numbers under the
columns, the signature block, the version's dates; and a figure as the language writes it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from partybuilding.core.records import day_text

from .definition import Definition
from .engine import Table, Value
from .models import FormVersion
from .periods import Period


def figure(value: Value) -> str:
    """A figure as the active language writes it: 20.002 and 101,2 in Vietnamese (a count
    whole; an average age or a percent, a Decimal, with one decimal); blank when there is none."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number_format(value, 1, force_grouping=True)
    return number_format(value, force_grouping=True)


def agency(table: Table) -> tuple[str, str]:
    """The block at the top left: the node's name in capitals, and its organizing board."""
    return table.org.name.upper(), _("ORGANIZING BOARD")


def form_code(definition: Definition) -> str:
    return _("Form %(code)s") % {"code": definition.code}


def period_line(period: Period, definition: Definition, today: dt.date) -> str:
    """ "As of 07/12/2026" for a stock (the period's last day, or today while it runs);
    "Year 2026" for a flow, with the day its figures reach while the period runs."""
    if definition.kind == "stock":
        return _("As of %(day)s") % {"day": day_text(period.stock_day(today))}
    if today < period.end:
        return _("%(period)s (figures up to %(day)s)") % {"period": period.label, "day": day_text(today)}
    return period.label


def unit_line(definition: Definition) -> str:
    return _("Unit: %(unit)s") % {"unit": definition.unit}


def column_numbers(table: Table) -> list[str]:
    """The numbers printed under the columns (A and B for the code and the criterion come
    first); a percent column says how it is computed: "(3) = (1) × 100 / (2)"."""
    number_of = {header.code: header.number for header in table.headers}
    parts = {column.code: column.percent for column in table.definition.columns if column.percent}
    numbers = []
    for header in table.headers:
        if header.percent:
            part, whole = parts.get(header.code) or ("this", "last")
            numbers.append(f"({header.number}) = ({number_of[part]}) × 100 / ({number_of[whole]})")
        else:
            numbers.append(str(header.number))
    return numbers


def signature(definition: Definition) -> dict[str, str]:
    """The signature block as the form prints it (the definition's words, or the usual ones)."""
    given = {key: str(text) for key, text in definition.signature.items()}
    return {
        "place_date": _("……, day …… month …… year ……"),
        "preparer": given.get("preparer") or _("PREPARED BY"),
        "preparer_hint": given.get("preparer_hint") or _("(signature, full name; telephone)"),
        "head": given.get("head") or _("HEAD OF THE BOARD"),
        "head_hint": given.get("head_hint") or _("(signature and seal)"),
    }


def version_line(version: FormVersion) -> str:
    """The version's dates and its source, printed under the table."""
    if version.valid_to:
        dates = _("Version in force from %(start)s to %(end)s") % {"start": day_text(version.valid_from), "end": day_text(version.valid_to)}
    else:
        dates = _("Version in force from %(start)s") % {"start": day_text(version.valid_from)}
    return _("%(dates)s; source: %(source)s") % {"dates": dates, "source": version.source} if version.source else dates


def failed_check_text(table: Table) -> list[str]:
    """Each identity of the form that the figures break, with both figures: "A + B − C = D:
    the rows give 12, row D counts 11"."""
    texts = []
    for row, total, target in table.failed_checks:
        check = next(c for c in table.definition.checks if c.equals == row)
        terms = " ".join(f"{'+' if sign > 0 else '−'} {code}" for sign, code in check.terms).removeprefix("+ ")
        texts.append(
            _("%(identity)s: the rows give %(sum)s, row %(row)s counts %(figure)s.")
            % {"identity": f"{terms} = {row}", "sum": figure(total), "row": row, "figure": figure(target)}
        )
    return texts
