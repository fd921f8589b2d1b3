"""Reading a workbook and checking its rows: each row on its own (formats, the dates' rules
of `services.member_register`, called rather than copied), then across rows
(`across.check_candidates`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.bulk import Progress, no_progress
from partybuilding.core.errors import Refusal
from partybuilding.core.records import day_text, refuse_future
from partybuilding.core.sheets import Source, cell_text, digits_from_number, parse_date, read_rows
from partybuilding.organizations.models import Organization

from ..choices import AcademicTitle, GeneralEducation, Occupation, Qualification, Religion, TheoryLevel
from ..facts import MemberFacts
from ..models import Member
from ..personal import PersonalData
from ..records import services
from .across import check_candidates
from .columns import (
    COLUMNS,
    FLAG_FIELDS,
    HEADER_KEYS,
    NO,
    ORDER,
    TEXT_FIELDS,
    YES,
    Candidate,
    Issue,
    Report,
    choice_value,
    column_label,
    from_refusal,
    key,
)


@dataclass
class Sheet:
    columns: dict[str, int]  # field -> column index
    rows: list[tuple[int, list[Any]]]  # (line in the sheet, cells)


def _header_field(cell: Any) -> str | None:
    """The field a header cell names: "Ngày sinh (dd/mm/yyyy)", "Họ / Family name" too."""
    text = str(cell or "").strip()
    if not text:
        return None
    for part in (text, text.split("(")[0], *re.split(r"[/\n]", text)):
        found = HEADER_KEYS.get(key(part))
        if found:
            return found
    return None


def _header_columns(cells: Sequence[Any]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _header_field(cell)
        if name and name not in columns:
            columns[name] = index
    return columns


def read(source: Source, progress: Progress = no_progress) -> tuple[Sheet | None, list[Issue]]:
    """The first sheet's header and data rows (lines as Excel numbers them)."""
    template = _("import template")
    try:
        rows = read_rows(source, str(getattr(source, "name", source)))  # an Excel workbook or a CSV file
    except Refusal as refusal:
        return None, [Issue(1, "", refusal.message, template)]
    header_at = next((i for i, cells in enumerate(rows[:10]) if len(_header_columns(cells)) >= 3), None)
    if header_at is None:
        return None, [Issue(1, "", _("No header row was found: the first rows must name the columns as the template does."), template)]
    columns = _header_columns(rows[header_at])
    first = header_at + 1
    if first < len(rows) and len(_header_columns(rows[first])) >= 3:
        first += 1  # the template's second header row, in English
    missing = [c.field for c in COLUMNS if c.required and c.field not in columns]
    if "full_name" in columns:
        missing = [f for f in missing if f not in ("family_name", "given_name")]
    issues = [Issue(header_at + 1, f, _("The column “%(column)s” is missing.") % {"column": column_label(f)}, template) for f in missing]
    data = [(i + 1, cells) for i, cells in enumerate(rows[first:], start=first) if any(str(c).strip() for c in cells)]
    progress("reading", len(data), len(data))
    if not data and not issues:
        issues.append(Issue(first + 1, "", _("The file has no member rows."), template))
    return Sheet(columns, data), issues


# --- checking one row -------------------------------------------------------------------

_CITIZEN_ID = re.compile(r"^\d{9}(\d{3})?$")
_PHONE = re.compile(r"^[0-9 +.]{8,20}$")
_CARD = re.compile(r"^\d{6,20}$")


@cache
def _max_length(name: str) -> int | None:
    return getattr(Member._meta.get_field(name), "max_length", None)


@dataclass
class RowContext:
    """What stays the same for all the rows of one check: today's date, and the answers of
    the probation rule per (admission, official) pair, which recur (official a year after)."""

    today: dt.date = field(default_factory=timezone.localdate)
    probation: dict[tuple[dt.date, dt.date], Refusal | None] = field(default_factory=dict)

    def probation_refusal(self, admitted: dt.date, official: dt.date) -> Refusal | None:
        key = (admitted, official)
        if key not in self.probation:
            try:
                services.check_official_date(admitted, official)
                self.probation[key] = None
            except Refusal as refusal:
                self.probation[key] = refusal
        return self.probation[key]


class _Row:
    """One data row being checked: typed values out, issues collected."""

    def __init__(self, line: int, cells: Sequence[Any], columns: dict[str, int], context: RowContext) -> None:
        self.line = line
        self.values = {name: cells[i] for name, i in columns.items() if i < len(cells)}
        self.columns = columns
        self.today = context.today
        self.issues: list[Issue] = []

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def refuse(self, name: str, message: str, rule: str) -> None:
        self.issues.append(Issue(self.line, name, message, rule))

    def missing(self, name: str) -> None:
        self.refuse(name, _("“%(column)s” is empty.") % {"column": column_label(name)}, _("required in a member record"))

    def text(self, name: str, required: bool = False) -> str:
        value = cell_text(self.raw(name))
        limit = _max_length(name)
        if required and not value:
            self.missing(name)
        elif limit and len(value) > limit:
            self.refuse(name, _("Longer than %(max)d characters.") % {"max": limit}, _("length of the record's fields"))
        return value

    def date(self, name: str, required: bool = False) -> dt.date | None:
        value = self.raw(name)
        try:
            day = parse_date(value)
        except ValueError:
            self.refuse(name, _("“%(value)s” is not a date.") % {"value": cell_text(value)[:30]}, _("dates are written dd/mm/yyyy"))
            return None
        if day is None and required:
            self.missing(name)
        elif day is not None and day > self.today:  # the service's check, for its message and rule
            self.guard(name, lambda: refuse_future(day, name))
        return day

    def choice(self, name: str, default: str, required: bool = False) -> str:
        text = cell_text(self.raw(name))
        if not text:
            if required:
                self.missing(name)
            return default
        value = choice_value(name, text)
        if value is None:
            self.refuse(
                name,
                _("“%(value)s” is not an accepted value of “%(column)s”.") % {"value": text[:40], "column": column_label(name)},
                _("values from the lists of the template"),
            )
            return default
        return value

    def flag(self, name: str) -> bool:
        """A mark where it is so ("Có", "x"), nothing (or "Không") where it is not."""
        text = cell_text(self.raw(name))
        found = key(text)
        if found in YES:
            return True
        if found not in NO:
            self.refuse(
                name,
                _("“%(value)s” is not an accepted value of “%(column)s”: write “Có” or “x”, or leave it empty.")
                % {"value": text[:40], "column": column_label(name)},
                _("values from the lists of the template"),
            )
        return False

    def citizen_id(self) -> str:
        value = digits_from_number(self.raw("citizen_id"), (9, 12)).replace(" ", "")
        if value and not _CITIZEN_ID.match(value):  # the value is personal data: never quoted
            self.refuse("citizen_id", _("A citizen ID has 12 digits (or 9 for an old identity card)."), _("citizen ID format"))
        return value

    def card_number(self) -> str:
        value = digits_from_number(self.raw("card_number"), ()).replace(" ", "")
        if value and not _CARD.match(value):
            self.refuse("card_number", _("A card number has 6 to 20 digits."), _("card number format"))
        return value

    def phone(self) -> str:
        raw = self.raw("phone")
        value = cell_text(raw)
        if isinstance(raw, (int, float)) and value.isdigit():
            value = "0" + value  # a number cell drops the leading 0 of "09…"
        if value and not _PHONE.match(value):
            self.refuse("phone", _("A phone number has 8 to 20 digits."), _("phone number format"))
        return value

    def guard(self, name: str | None, check: Callable[[], object]) -> None:
        try:
            check()
        except Refusal as refusal:
            self.issues.append(from_refusal(self.line, refusal, name))

    def names(self) -> tuple[str, str, str]:
        family, middle, given = self.text("family_name"), self.text("middle_name"), self.text("given_name")
        if not (family or given) and "full_name" in self.columns:
            words = cell_text(self.raw("full_name")).split()
            if len(words) >= 2:
                family, middle, given = words[0], " ".join(words[1:-1]), words[-1]
            else:
                self.refuse("full_name", _("Write the family name and the given name."), _("required in a member record"))
                return "", "", ""
        if not family:
            self.missing("family_name")
        if not given:
            self.missing("given_name")
        return family, middle, given


def _dates_in_order(row: _Row, data: PersonalData, admitted: dt.date, official: dt.date | None, context: RowContext) -> None:
    """The dates' rules: admitted after birth and old enough, official after the probation;
    the rule checks are those of `services.member_register`."""
    if admitted <= data.date_of_birth:
        row.refuse(
            "admission_date",
            _("The admission date %(date)s is not after the date of birth.") % {"date": day_text(admitted)},
            _("records rule: admission follows birth"),
        )
        return
    row.guard("admission_date", lambda: services.check_age_at_admission(data, admitted))
    if official is None:
        return
    if official < admitted:
        row.refuse(
            "official_date",
            _("The official date %(official)s is before the admission date %(admitted)s.")
            % {"official": day_text(official), "admitted": day_text(admitted)},
            _("records rule: official status follows admission"),
        )
        return
    refusal = context.probation_refusal(admitted, official)  # services.check_official_date
    if refusal is not None:
        row.issues.append(from_refusal(row.line, refusal, "official_date"))


def clean_row(
    line: int, cells: Sequence[Any], columns: dict[str, int], context: RowContext | None = None
) -> tuple[Candidate | None, list[Issue]]:
    """One row as a Candidate, or its issues (all of them, not only the first)."""
    context = context or RowContext()
    row = _Row(line, cells, columns, context)
    org_code = row.text("organization", required=True)
    family, middle, given = row.names()
    gender = row.choice("gender", "", required=True)
    born = row.date("date_of_birth", required=True)
    admitted = row.date("admission_date", required=True)
    official = row.date("official_date")
    citizen_id, phone, card = row.citizen_id(), row.phone(), row.card_number()
    values: dict[str, Any] = {
        "ethnicity": row.choice("ethnicity", "01"),
        "religion": row.choice("religion", Religion.NONE),
        "education": row.choice("education", GeneralEducation.UPPER_SECONDARY),
        "qualification": row.choice("qualification", Qualification.NONE),
        "theory": row.choice("theory", TheoryLevel.NONE),
        "occupation": row.choice("occupation", Occupation.OTHER),
        **{name: row.text(name) for name in TEXT_FIELDS if name != "middle_name"},
    }
    flags = {name: row.flag(name) for name in FLAG_FIELDS}
    facts = MemberFacts(
        academic_title=row.choice("academic_title", AcademicTitle.NONE), **{k: v for k, v in flags.items() if k != "youth_union"}
    )
    if row.issues or born is None or admitted is None:
        return None, row.issues
    data = PersonalData(
        family_name=family, middle_name=middle, given_name=given, gender=gender, date_of_birth=born,
        citizen_id=citizen_id or None, phone=phone, youth_union=flags["youth_union"], **values,
    )  # fmt: skip
    _dates_in_order(row, data, admitted, official, context)
    if row.issues:
        return None, row.issues
    return Candidate(line, org_code, data, admitted, official, card or None, facts=facts), []


def check(source: Source, *, within: QuerySet[Organization], progress: Progress = no_progress) -> Report:
    """The dry run: every problem of the file, nothing written. `within` is the
    organizations the importer manages (a row elsewhere is an unknown organization)."""
    sheet, issues = read(source, progress)
    report = Report(issues=issues)
    if sheet is None or issues:
        return report
    report.rows = len(sheet.rows)
    step = max(1, report.rows // 50)
    context = RowContext()
    for n, (line, cells) in enumerate(sheet.rows, start=1):
        candidate, row_issues = clean_row(line, cells, sheet.columns, context)
        if candidate is not None:
            report.candidates.append(candidate)
        report.issues += row_issues
        if n % step == 0 or n == report.rows:
            progress("checking", n, report.rows)
    report.issues += check_candidates(report.candidates, within=within)
    progress("checking", report.rows, report.rows)
    report.issues.sort(key=lambda i: (i.line, ORDER.get(i.column, -1)))
    return report
