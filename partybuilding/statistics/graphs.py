"""The charts under a form, found from its definition rather than named per form: a comparing
form's top rows this period against the same period last year; a profile's blocks (age bands,
general education, professional qualification, political theory) as bars; the organizations
by type of grassroots unit."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from partybuilding.core import charts

from .display import Shown, ShownLine

# The conditions whose rows make a profile's block of bars, in the order they are charted.
PROFILE_BLOCKS = ("age", "education", "qualification", "theory")


@dataclass
class Bar:
    label: str
    value: int


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString
    note: str = ""


def _whole(value: object) -> int | None:
    """A figure a chart can draw (a count); an average, a percent or a blank cannot be."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _comparison(view: Shown) -> Chart | None:
    lines = [line for line in view.lines if line.indent == 0 and len(line.cells) == 3 and not line.heading]
    lines = [line for line in lines if not view.table.definition.rows[line.position - 1].average]
    if not lines:
        return None
    this = [Bar(line.code or line.label, _whole(line.cells[0].value) or 0) for line in lines]
    last = [_whole(line.cells[1].value) or 0 for line in lines]
    title = _("This period against the same period last year")
    svg = charts.column_chart(this, title, targets=last, value_label=_("This period"), target_label=_("Same period last year"))
    note = "; ".join(f"{line.code}: {line.label}" for line in lines if line.code)
    return Chart(title, svg, note)


def _heading_before(view: Shown, line: ShownLine) -> str:
    for earlier in reversed(view.lines[: line.position - 1]):
        if earlier.heading:
            return earlier.label
    return line.label


def _profile(view: Shown) -> list[Chart]:
    found = []
    rows = view.table.definition.rows
    for condition in PROFILE_BLOCKS:
        block = [
            line for line in view.lines if line.cells and not rows[line.position - 1].average and condition in rows[line.position - 1].where
        ]
        if not block:
            continue
        bars = [Bar(line.label, _whole(line.cells[0].value) or 0) for line in block]
        title = _heading_before(view, block[0])
        hrefs = [line.cells[0].href or None for line in block]
        found.append(Chart(title, charts.bar_chart(bars, title, hrefs=hrefs, color=charts.PALETTE[2])))
    return found


def _by_unit_type(view: Shown) -> Chart | None:
    rows = view.table.definition.rows
    block = [line for line in view.lines if line.indent == 0 and line.cells and "unit_type" in rows[line.position - 1].where]
    if not block:
        return None
    title = _("Grassroots organizations by type of unit")
    bars = [Bar(line.label, _whole(line.cells[0].value) or 0) for line in block]
    hrefs = [line.cells[0].href or None for line in block]
    return Chart(title, charts.bar_chart(bars, title, hrefs=hrefs))


def charts_of(view: Shown) -> list[Chart]:
    """The charts that fit the form (none for a form that has none of these series)."""
    found: list[Chart] = []
    if view.table.definition.compare and (comparison := _comparison(view)):
        found.append(comparison)
    found += _profile(view)
    if by_type := _by_unit_type(view):
        found.append(by_type)
    return found
