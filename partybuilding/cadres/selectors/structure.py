"""The structure of a planning against its targets: per level of the posts (and in total),
the cadres in the planning on a day, in three age groups, and the shares of women, young
and ethnic-minority cadres, each against the target of `cadres.structure_targets` in force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from partybuilding.core.dates import full_years
from partybuilding.core.rules import rule

from ..choices import Level
from ..models import Cadre, Planning
from .planning import in_planning

TARGETS_KEY = "cadres.structure_targets"
KINH = "01"  # the ethnicity code of the Kinh majority


def share_of(part: int, whole: int) -> Decimal:
    """A percentage with two decimals (0 of nothing is 0)."""
    if whole <= 0:
        return Decimal("0.00")
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    """A count, its share of the row, and the target it is held against (None: no target)."""

    count: int
    percent: Decimal
    target: int | None

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.percent >= self.target


@dataclass
class StructureRow:
    label: str
    level: str  # a Level value, or "" for the total
    cadres: int = 0
    ages: list[int] = field(default_factory=lambda: [0, 0, 0])
    women: Share | None = None
    young: Share | None = None
    minority: Share | None = None


@dataclass(frozen=True)
class Structure:
    planning: Planning
    on: dt.date
    rows: list[StructureRow]
    age_labels: list[str]
    young_under: int
    citation: str


def _row(label: str, level: str, cadres: list[Cadre], on: dt.date, targets: dict[str, int | list[int]]) -> StructureRow:
    low, high = targets["age_bounds"]  # type: ignore[misc]
    young_under = int(targets["young_under_age"])  # type: ignore[arg-type]
    row = StructureRow(label, level, cadres=len(cadres))
    women = young = minority = 0
    for cadre in cadres:
        age = full_years(cadre.date_of_birth, on)
        row.ages[0 if age < low else 1 if age < high else 2] += 1
        women += cadre.gender == "F"
        young += age < young_under
        minority += cadre.ethnicity != KINH
    minority_target = int(targets.get("minority_percent") or 0)  # type: ignore[arg-type]
    row.women = Share(women, share_of(women, len(cadres)), int(targets["women_percent"]))  # type: ignore[arg-type]
    row.young = Share(young, share_of(young, len(cadres)), int(targets["young_percent"]))  # type: ignore[arg-type]
    row.minority = Share(minority, share_of(minority, len(cadres)), minority_target or None)
    return row


def structure(planning: Planning, on: dt.date) -> Structure:
    """The planning on `on` per level of its posts, then in total; each cadre counted once
    per level (a cadre planned for two posts of one level is one cadre there)."""
    targets_rule = rule(TARGETS_KEY, on)
    targets = targets_rule.value
    by_level: dict[str, dict[int, Cadre]] = {}
    everyone: dict[int, Cadre] = {}
    for entry in in_planning(planning, on):
        by_level.setdefault(entry.position.level, {})[entry.cadre_id] = entry.cadre
        everyone[entry.cadre_id] = entry.cadre
    rows = [_row(str(Level(level).label), level, list(by_level[level].values()), on, targets) for level in Level.values if level in by_level]  # fmt: skip
    rows.append(_row(_("All levels"), "", list(everyone.values()), on, targets))
    low, high = targets["age_bounds"]
    age_labels = [
        _("Under %(age)s") % {"age": low},
        _("%(low)s to %(high)s") % {"low": low, "high": high - 1},
        _("%(age)s and over") % {"age": high},
    ]
    return Structure(planning, on, rows, age_labels, int(targets["young_under_age"]), targets_rule.citation)
