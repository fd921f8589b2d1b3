"""A form counted for an organization's subtree and a period, with the same period last year:
one aggregate query per source of the form (conditional counts, `filter=`), over the rows
whose acting body's organization (`org_path`) is in the subtree, on the indexes by path and
date."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.formats import number_format
from django.utils.translation import pgettext

from partybuilding.core import paths

from .definitions import Form, Heading, Label, Row
from .periods import Period


def percent_of(part: int, whole: int) -> Decimal | None:
    """`part` in % of `whole`, to one decimal as the reports print it; none when the whole is 0."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent_text(value: Decimal | None) -> str:
    """ "103,4 %" in Vietnamese, "103.4%" in English; "—" when there is none."""
    if value is None:
        return "—"
    return pgettext("percentage", "%(number)s%%") % {"number": number_format(value, 1, force_grouping=True)}


@dataclass(frozen=True)
class Line:
    key: str
    label: Label
    depth: int
    heading: bool = False
    this: int = 0
    last: int = 0
    share: Decimal | None = None  # "of which …" as a share of its whole, this period
    unverified: bool = False

    @property
    def percent(self) -> Decimal | None:
        """This period in % of the same period last year (none when last year had none)."""
        return None if self.heading else percent_of(self.this, self.last)

    @property
    def percent_text(self) -> str:
        return percent_text(self.percent)

    @property
    def share_text(self) -> str:
        return percent_text(self.share)


@dataclass(frozen=True)
class Table:
    form: Form
    period: Period
    previous: Period
    lines: list[Line]

    def value(self, key: str) -> Line:
        return next(line for line in self.lines if line.key == key)

    def figures(self) -> dict[str, Line]:
        return {line.key: line for line in self.lines if not line.heading}


def _counts(rows: list[Row], org_path: str, period: Period, previous: Period) -> dict[str, int]:
    """The figures of rows sharing one source, both periods in one query."""
    source = rows[0].source
    windows = {row.window for row in rows}
    anywhere = Q()
    for name in windows:
        anywhere |= source.windows[name](period) | source.windows[name](previous)
    aggregates: dict[str, Any] = {}
    for index, row in enumerate(rows):
        for tag, when in (("this", period), ("last", previous)):
            aggregates[f"r{index}_{tag}"] = Count(row.count, filter=row.q & source.windows[row.window](when), distinct=True)
    found = source.rows().filter(paths.subtree_q(org_path, "org_path")).filter(anywhere).aggregate(**aggregates)
    return {f"{row.key}:{tag}": found[f"r{index}_{tag}"] or 0 for index, row in enumerate(rows) for tag in ("this", "last")}


def count(form: Form, org: Any, period: Period) -> Table:
    previous = period.previous()
    by_source: dict[str, list[Row]] = {}
    for row in form.rows:
        by_source.setdefault(row.source.key, []).append(row)
    figures: dict[str, int] = {}
    for rows in by_source.values():
        figures.update(_counts(rows, org.path, period, previous))
    lines: list[Line] = []
    for item in form.lines:
        if isinstance(item, Heading):
            lines.append(Line("", item.label, 0, heading=True))
            continue
        this = figures[f"{item.key}:this"]
        share = percent_of(this, figures[f"{item.share_of}:this"]) if item.share_of else None
        lines.append(Line(item.key, item.label, item.depth, False, this, figures[f"{item.key}:last"], share, item.unverified))
    return Table(form, period, previous, lines)
