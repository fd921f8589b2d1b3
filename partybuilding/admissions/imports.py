"""Import of candidates (outstanding non-members) from Excel, with the member import's
discipline: every row is checked, a dry run writes nothing, and a real import writes all
rows or none.

The rows go through `services.candidate_record` itself inside one transaction, so the
checks are the service's own; a dry run (or any refused row) rolls the whole transaction
back. Issues name the line and column, never a citizen ID or a phone number."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.errors import Refusal
from partybuilding.core.records import day_text
from partybuilding.core.sheets import Issue, Report, Source, cell_text, digits_from_number, parse_date, read_rows
from partybuilding.core.text import search_key
from partybuilding.members.choices import ETHNICITY_CHOICES, Gender, Occupation, Religion
from partybuilding.members.imports.columns import choice_value
from partybuilding.members.personal import PersonalData
from partybuilding.organizations.models import Organization

from . import services

# field: (Vietnamese header, English header, required)
COLUMNS: dict[str, tuple[str, Any, bool]] = {
    "cell": ("Mã chi bộ", gettext_lazy("Cell code"), True),
    "family_name": ("Họ", gettext_lazy("Family name"), True),
    "middle_name": ("Tên đệm", gettext_lazy("Middle name"), False),
    "given_name": ("Tên", gettext_lazy("Given name"), True),
    "gender": ("Giới tính", gettext_lazy("Gender"), True),
    "date_of_birth": ("Ngày sinh", gettext_lazy("Date of birth"), True),
    "recorded_on": ("Ngày ghi nhận", gettext_lazy("Recorded on"), True),
    "ethnicity": ("Dân tộc", gettext_lazy("Ethnicity"), False),
    "religion": ("Tôn giáo", gettext_lazy("Religion"), False),
    "occupation": ("Nghề nghiệp", gettext_lazy("Occupation"), False),
    "youth_union": ("Đoàn viên", gettext_lazy("Youth Union member"), False),
    "readmission": ("Kết nạp lại", gettext_lazy("Re-admission"), False),
    "citizen_id": ("Số CCCD", gettext_lazy("Citizen ID"), False),
    "workplace": ("Nơi làm việc", gettext_lazy("Workplace"), False),
}
_YES = {"x", "co", "yes", "1", "true"}
_CITIZEN_ID = re.compile(r"^\d{9}(\d{3})?$")


def _header_keys() -> dict[str, str]:
    keys = {}
    for name, (vi, en, _required) in COLUMNS.items():
        keys[search_key(vi)] = name
        keys[search_key(str(en))] = name
    return keys


def _choice(value: str, choices: list[tuple[str, Any]]) -> str | None:
    """A choice by its code or its label in Vietnamese or English, diacritics ignored."""
    wanted = search_key(value)
    for language in ("vi", "en"):
        with translation.override(language):
            for code, label in choices:
                if wanted in (search_key(code), search_key(str(label))):
                    return code
    return None


class _Row:
    def __init__(self, line: int, cells: list[Any], columns: dict[str, int], issues: list[Issue]) -> None:
        self.line, self.cells, self.columns, self.issues = line, cells, columns, issues

    def text(self, name: str) -> str:
        index = self.columns.get(name)
        value = cell_text(self.cells[index]) if index is not None and index < len(self.cells) else ""
        if not value and COLUMNS[name][2]:
            self.issues.append(Issue(self.line, name, _("“%(column)s” is empty.") % {"column": COLUMNS[name][1]}))
        return value

    def date(self, name: str) -> dt.date | None:
        index = self.columns.get(name)
        raw = self.cells[index] if index is not None and index < len(self.cells) else ""
        if cell_text(raw) == "":
            self.text(name)  # reports the empty required column
            return None
        try:
            day = parse_date(raw)
        except ValueError:
            self.issues.append(Issue(self.line, name, _("Not a date: write dd/mm/yyyy.")))
            return None
        if day is not None and day > timezone.localdate():
            self.issues.append(Issue(self.line, name, _("The date %(date)s is in the future.") % {"date": day_text(day)}))
        return day

    def citizen_id(self) -> str:
        index = self.columns.get("citizen_id")
        return digits_from_number(self.cells[index] if index is not None and index < len(self.cells) else "", (9, 12))

    def choice(self, name: str, choices: list[tuple[str, Any]], default: str) -> str:
        value = self.text(name)
        if not value:
            return default
        found = _choice(value, choices)
        if found is None:
            self.refused(name, value)
        return found or default

    def occupation(self) -> str:
        """Spelled as the member import takes it: the statistical forms' rows in Vietnamese
        ("Công nhân, lao động trực tiếp sản xuất trong doanh nghiệp"…), the labels, the codes."""
        value = self.text("occupation")
        if not value:
            return Occupation.OTHER
        found = choice_value("occupation", value)
        if found is None:
            self.refused("occupation", value)
        return found or Occupation.OTHER

    def refused(self, name: str, value: str) -> None:
        self.issues.append(Issue(self.line, name, _("“%(value)s” is not one of the allowed values.") % {"value": value[:30]}))


def _read(source: Source) -> tuple[dict[str, int], list[tuple[int, list[Any]]], list[Issue]]:
    try:
        rows = read_rows(source, str(getattr(source, "name", source)))  # an Excel workbook or a CSV file
    except Refusal as refusal:
        return {}, [], [Issue(1, "", refusal.message)]
    keys = _header_keys()
    columns = {keys[search_key(str(c))]: i for i, c in enumerate(rows[0] if rows else []) if search_key(str(c)) in keys}
    missing = [name for name, (_vi, _en, required) in COLUMNS.items() if required and name not in columns]
    issues = [Issue(1, name, _("The column “%(column)s” is missing.") % {"column": COLUMNS[name][1]}) for name in missing]
    data = [(line, list(cells)) for line, cells in enumerate(rows[1:], start=2) if any(cell_text(c) for c in cells)]
    return columns, data, issues


def candidate_import(source: Source, *, actor: Any, within: QuerySet[Organization], dry_run: bool) -> Report:
    """Check every row; unless it is a dry run or a row is refused, record every candidate."""
    columns, data, issues = _read(source)
    report = Report(rows=len(data), issues=issues)
    if issues:
        return report
    codes = {cell_text(c[columns["cell"]]) for _line, c in data if columns["cell"] < len(c)}
    cells = {org.code.upper(): org for org in within.filter(code__in=codes | {c.upper() for c in codes})}
    with transaction.atomic():
        for line, row_cells in data:
            row = _Row(line, row_cells, columns, report.issues)
            before = len(report.issues)
            code = row.text("cell")
            cell = cells.get(code.upper())
            if code and cell is None:
                report.issues.append(Issue(line, "cell", _("No organization with code %(code)s is within your scope.") % {"code": code}))
            gender = row.choice("gender", [*Gender.choices, ("M", "Nam"), ("F", "Nữ")], "")
            values: dict[str, Any] = {
                "family_name": row.text("family_name"), "middle_name": row.text("middle_name"), "given_name": row.text("given_name"),
                "gender": gender, "date_of_birth": row.date("date_of_birth"), "ethnicity": row.choice("ethnicity", ETHNICITY_CHOICES, "01"),
                "religion": row.choice("religion", Religion.choices, Religion.NONE), "occupation": row.occupation(),
                "youth_union": search_key(row.text("youth_union")) in _YES, "citizen_id": row.citizen_id(), "workplace": row.text("workplace"),
            }  # fmt: skip
            recorded_on, readmission = row.date("recorded_on"), search_key(row.text("readmission")) in _YES
            if values["citizen_id"] and not _CITIZEN_ID.match(values["citizen_id"]):
                report.issues.append(Issue(line, "citizen_id", _("A citizen ID has 12 digits (or 9 for an old identity card).")))
            if len(report.issues) > before or cell is None or recorded_on is None:
                continue
            try:
                with transaction.atomic():
                    services.candidate_record(
                        actor=actor, organization=cell, data=PersonalData(**values), recorded_on=recorded_on, readmission=readmission
                    )
                report.imported += 1
            except Refusal as refusal:
                report.issues.append(Issue(line, refusal.field or "", refusal.text))
        if dry_run or report.issues:
            # All rows or none: a dry run, or a file with any refused row, leaves nothing behind.
            transaction.set_rollback(True)
            report.imported = 0
    return report
