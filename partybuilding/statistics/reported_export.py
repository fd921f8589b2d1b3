"""The rows of the reported figures' Excel files: the list of sets, the differences, and the
plain sheet to fill in."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .definition import parse
from .models import FormVersion
from .reconciliation import Differences
from .reported_reading import figure_columns, row_keys
from .reported_sets import ReportedSet


def _number(value: Decimal | int | None) -> float | int | None:
    """A figure as a number Excel stores (a whole one as an integer)."""
    if value is None or isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def set_rows(sets: Iterable[ReportedSet]) -> list[list[Any]]:
    return [
        [
            s.organization.name,
            s.organization.code,
            s.form_code,
            s.period.label,
            s.start,
            s.end,
            s.figures,
            s.recorded_by.get_username() if s.recorded_by else "",
            timezone.localtime(s.recorded_at).date() if s.recorded_at else None,
            s.file_name,
        ]
        for s in sets
    ]


def differences_rows(found: Differences) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for line in found.lines:
        label = "    " * line.row.indent + str(line.row.label)
        if line.heading:
            rows.append([line.key, label, "", None, None, None, ""])
            continue
        differs = _("Yes") if line.differs else (_("Not held in the records") if line.not_held else "")
        rows.append([line.key, label, line.column_label, _number(line.reported), _number(line.counted), _number(line.difference), differs])
    for row, column, value in found.unmatched:
        rows.append([row, _("Not a row or column of the form"), column, _number(value), None, None, ""])
    return rows


def plain_template(version: FormVersion) -> list[list[Any]]:
    """Every row and figure column of the form, in the form's order, the figure left blank."""
    definition = parse(version.definition)
    columns = [code for code, computed in figure_columns(definition) if not computed]
    return [
        [key, column, None, "    " * row.indent + str(row.label)]
        for key, row in zip(row_keys(definition), definition.rows, strict=True)
        if not row.heading
        for column in columns
    ]
