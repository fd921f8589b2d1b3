"""Reconciliation: the figures each level reported in Excel before the system, imported so that
the first year's "same period last year" columns have them (the engine reads them for a
comparing form, column "this"), and held figure by figure against what the records now say.

An import checks every line first and writes all its figures or none; importing the same
node, form and period again replaces what was there. Both writes are audited on the node."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.files import MAX_FILE_BYTES
from partybuilding.core.records import actor_user, day_text
from partybuilding.core.scope import Action, require
from partybuilding.core.sheets import Report
from partybuilding.organizations.models import Organization

from .definition import Row, parse
from .engine import Table, count, version_for
from .models import ReportedFigure
from .periods import Period
from .places import THEN
from .reported_reading import figure_columns, read_figures, row_keys, sheet_rows
from .reported_sets import ReportedSet, of_set, plain_figure, set_of

RULE = "HD 11-HD/BTCTW"


@dataclass
class ImportReport(Report):
    """What an import found (`rows`: the lines of figures read; `issues`: every refused
    line) and, when it wrote, how many figures it wrote and replaced, and the new set's id."""

    layout: str = ""
    replaced: int = 0
    set_id: int | None = None


def reported_import(
    *, actor: Any, organization: Organization, slug: str, period: Period, content: bytes, name: str, today: dt.date | None = None
) -> ImportReport:
    """Check the file's figures for the node's form and period; if every line is right,
    replace the figures imported before for them (audited). Refused before reading: a
    period not yet ended, a form the system does not hold, a file too large."""
    require(actor, Action.MANAGE_MEMBERS, organization)
    today = today or timezone.localdate()
    if period.end >= today:
        raise Refusal(
            _("Reported figures are those of a period that has ended; this one ends on %(end)s.") % {"end": day_text(period.end)},
            field="period",
        )
    version = version_for(slug, period.end)
    if version is None:
        raise Refusal(_("The system holds no form %(form)s.") % {"form": slug}, field="form")
    if len(content) > MAX_FILE_BYTES:
        raise Refusal(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // 2**20}, field="file")
    reading = read_figures(sheet_rows(content, name), parse(version.definition))
    report = ImportReport(rows=reading.lines, issues=reading.issues, layout=reading.layout)
    if not report.ok:
        return report
    file_name = Path(name).name[:255]
    with transaction.atomic():
        # One import of a node at a time: two at once would both clear, then collide.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        earlier = of_set(organization, slug, period.start, period.end)
        report.replaced = earlier.count()
        earlier.delete()
        ReportedFigure.objects.bulk_create(
            ReportedFigure(
                organization=organization, form_slug=slug, start=period.start, end=period.end, row=f.row, column=f.column,
                value=f.value, file_name=file_name, recorded_by=actor_user(actor),
            )
            for f in reading.figures
        )  # fmt: skip
        report.imported = len(reading.figures)
        written = set_of(organization, slug, period.start, period.end)
        report.set_id = written.id if written else None
        audit_record(
            actor=actor,
            action="statistics.reported_import",
            obj=organization,
            object_repr=f"{version.code} — {organization.name} — {period.label}"[:255],
            before={"figures": report.replaced} if report.replaced else None,
            after={
                "form": slug, "start": period.start, "end": period.end, "figures": report.imported, "file": file_name,
                "layout": report.layout, "set": report.set_id,
            },
        )  # fmt: skip
    return report


def reported_delete(*, actor: Any, figures: ReportedSet) -> int:
    """Remove a set's figures (audited); the comparison columns count from the records again."""
    require(actor, Action.MANAGE_MEMBERS, figures.organization)
    with transaction.atomic():
        removed, _by_model = figures.rows().delete()
        audit_record(
            actor=actor,
            action="statistics.reported_delete",
            obj=figures.organization,
            object_repr=str(figures)[:255],
            before={"form": figures.form_slug, "start": figures.start, "end": figures.end, "figures": removed, "set": figures.id},
        )
    return removed


# --- the differences ---------------------------------------------------------------------


@dataclass(frozen=True)
class Compared:
    """One figure of the form: as reported, as counted from the records now."""

    row: Row
    key: str
    column: str  # the column's code ("this" in a comparing form)
    column_label: str  # "" in a comparing form (one figure per row)
    reported: Decimal | int | None
    counted: Decimal | int | None
    first: bool  # the first figure of its row (the row's code and label shown beside it)

    @property
    def heading(self) -> bool:
        return self.row.heading

    @property
    def difference(self) -> Decimal | int | None:
        """What the records count minus what was reported."""
        if self.reported is None or self.counted is None:
            return None
        return plain_figure(Decimal(self.counted) - Decimal(self.reported))

    @property
    def differs(self) -> bool:
        return bool(self.difference)

    @property
    def not_held(self) -> bool:
        """Reported, but the records hold nothing to count it from."""
        return self.reported is not None and self.counted is None


@dataclass
class Differences:
    figures: ReportedSet
    table: Table
    lines: list[Compared]
    unmatched: list[tuple[str, str, Decimal | int | None]] = field(default_factory=list)  # (row, column, figure) the form lacks

    @property
    def differing(self) -> int:
        return sum(1 for line in self.lines if line.differs)

    @property
    def compared(self) -> int:
        return sum(1 for line in self.lines if line.difference is not None)

    @property
    def not_held(self) -> int:
        return sum(1 for line in self.lines if line.not_held)


def _column_label(table: Table, index: int) -> str:
    """A table's column as its header names it, with its group ("Grassroots Party organizations: Total")."""
    header = table.headers[index]
    return f"{header.group}: {header.label}" if header.group else str(header.label)


def differences(figures: ReportedSet, *, mode: str = THEN, today: dt.date | None = None) -> Differences:
    """Each figure of the set's form for its node and period: reported, counted from the
    records (never from the counters), and the difference. `mode`: the tree as it stood
    then (as the report was made; the default) or as it stands now."""
    version, definition = figures.version, figures.definition
    if version is None or definition is None:
        raise Refusal(_("The system holds no form %(form)s.") % {"form": figures.form_slug})
    table = count(version, figures.organization, figures.period, mode=mode, today=today or timezone.localdate(), counters=False)
    reported = {(f.row, f.column): plain_figure(f.value) for f in figures.rows()}
    columns = [(n, code) for n, (code, computed) in enumerate(figure_columns(definition)) if not computed]
    lines: list[Compared] = []
    for key, row, line in zip(row_keys(definition), definition.rows, table.lines, strict=True):
        if row.heading:
            lines.append(Compared(row, key, "", "", None, None, True))
            continue
        for n, (index, code) in enumerate(columns):
            counted = line.cells[index].value if line.cells else None
            label = "" if definition.compare else _column_label(table, index)
            lines.append(Compared(row, key, code, label, reported.get((key, code)), counted, n == 0))
    known = {(line.key, line.column) for line in lines}
    unmatched = [(row, column, value) for (row, column), value in sorted(reported.items()) if (row, column) not in known]
    return Differences(figures, table, lines, unmatched)
