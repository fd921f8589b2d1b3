"""The admission report of a scope over a range of years: admitted / target and %, per
subordinate organization, with the breakdowns the provinces publish, year on year; and the
units lagging behind their target by a chosen date.

Counted from the member records' admission events (members.MemberEvent "admitted"), so
members entered from paper records count in the year they were admitted, and members who
later moved or left still count where and when they were admitted. Each figure set is ONE
grouped query over the scope's path range, rolled up to the subordinate organizations by
their path prefix, whatever the number of organizations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear, Substr
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partybuilding.core import charts, paths
from partybuilding.members.choices import ENTERPRISE_OCCUPATIONS, KINH, EventKind, Gender, Occupation, Religion
from partybuilding.members.models import MemberEvent
from partybuilding.organizations.models import Organization

from .models import AdmissionTarget

BREAKDOWNS: list[tuple[str, Any, Q]] = [
    ("women", _("Women"), Q(member__gender=Gender.FEMALE)),
    ("minority", _("Ethnic minorities"), ~Q(member__ethnicity=KINH)),
    ("religious", _("Religious followers"), ~Q(member__religion=Religion.NONE)),
    ("youth_union", _("Youth Union members"), Q(member__youth_union=True)),
    ("enterprise", _("Working in enterprises"), Q(member__occupation__in=ENTERPRISE_OCCUPATIONS)),
    ("student", _("Students"), Q(member__occupation=Occupation.STUDENT)),
    ("pupil", _("High-school students"), Q(member__occupation=Occupation.PUPIL)),
]
FLAG_BELOW_PERCENT = 10  # the provinces' usual warning line; the page lets the user change it


def percent(admitted: int, target: int | None) -> Decimal | None:
    """admitted / target in percent, two decimals rounded half up (830/820 → 101.22)."""
    if not target:
        return None
    return (Decimal(admitted * 100) / Decimal(target)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    admitted: int = 0
    target: int | None = None
    breakdown: dict[str, int] = field(default_factory=dict)

    @property
    def percent(self) -> Decimal | None:
        return percent(self.admitted, self.target)

    def add(self, other: Figures) -> None:
        self.admitted += other.admitted
        for key, n in other.breakdown.items():
            self.breakdown[key] = self.breakdown.get(key, 0) + n

    def share(self, key: str) -> Decimal | None:
        """The part of the admitted counted by one breakdown, in percent (None when nobody was admitted)."""
        return percent(self.breakdown.get(key, 0), self.admitted)

    def breakdown_cells(self) -> list[tuple[int, Decimal | None]]:
        """(count, share) per breakdown, in the order of BREAKDOWNS."""
        return [(self.breakdown.get(key, 0), self.share(key)) for key, _label, _q in BREAKDOWNS]

    def text(self) -> str:
        """ "830/820, 101.22%" as the reports write it (in the active language's number
        forms: "830/820, 101,22 %" in Vietnamese); "830" without a target."""
        admitted = charts.number(self.admitted)
        if self.target is None:
            return admitted
        if self.percent is None:  # a target of zero: no percentage to give
            return f"{admitted}/{charts.number(self.target)}"
        return f"{admitted}/{charts.number(self.target)}, {charts.percent(self.percent)}"


@dataclass
class YearFigure:
    label: str
    value: int


@dataclass
class Unit:
    organization: Organization
    years: dict[int, Figures]


@dataclass
class AdmissionReport:
    scope: Organization
    years: list[int]
    total: dict[int, Figures]
    units: list[Unit]

    def year_on_year(self) -> list[str]:
        """["2021: 830/820, 101.22%", "2022: 834/815, 102.33%", …] (years are never grouped)"""
        return [f"{year}: {self.total[year].text()}" for year in self.years]

    def chart(self) -> SafeString:
        """Admissions per year as columns, each year's target marked across its column."""
        figures = [YearFigure(str(year), self.total[year].admitted) for year in self.years]
        targets = [self.total[year].target for year in self.years]
        return charts.column_chart(
            figures,
            gettext("Admissions per year against the target"),
            targets=targets if any(t is not None for t in targets) else None,
            value_label=gettext("Admitted"),
            target_label=gettext("Target"),
        )


def _grouped(scope: Organization, start: dt.date, end: dt.date, *, by_year: bool) -> dict[tuple[str, int], Figures]:
    """Admissions between two dates, grouped by subordinate unit (path prefix) and year."""
    unit_length = len(scope.path) + paths.SEGMENT
    events = MemberEvent.objects.filter(
        paths.subtree_q(scope.path, "organization__path"), kind=EventKind.ADMITTED, date__range=(start, end)
    )
    keys: dict[str, Any] = {"unit": Substr("organization__path", 1, unit_length)}
    if by_year:
        keys["year"] = ExtractYear("date")
    rows = (
        events.annotate(**keys)
        .order_by()
        .values(*keys)
        .annotate(admitted=Count("pk"), **{key: Count("pk", filter=q) for key, _label, q in BREAKDOWNS})
    )
    return {
        (row["unit"], row.get("year", end.year)): Figures(row["admitted"], None, {key: row[key] for key, _label, _q in BREAKDOWNS})
        for row in rows
    }


def _subordinates(scope: Organization, seen_paths: set[str]) -> list[Organization]:
    """Active children, and ended ones that still have figures in the period."""
    children = Organization.objects.filter(parent=scope).order_by("path")
    return [c for c in children if c.is_active or c.path in seen_paths]


def _targets(orgs: list[Organization], years: list[int]) -> dict[tuple[int, int], int]:
    rows = AdmissionTarget.objects.filter(organization__in=orgs, year__in=years).values_list("organization_id", "year", "target")
    return {(org_id, year): target for org_id, year, target in rows}


def admission_report(scope: Organization, from_year: int, to_year: int) -> AdmissionReport:
    years = list(range(from_year, to_year + 1))
    grouped = _grouped(scope, dt.date(from_year, 1, 1), dt.date(to_year, 12, 31), by_year=True)
    units = _subordinates(scope, {unit for unit, _year in grouped})
    targets = _targets([scope, *units], years)
    report_units = []
    for org in units:
        figures = {year: grouped.get((org.path, year), Figures()) for year in years}
        for year in years:
            figures[year].target = targets.get((org.pk, year))
        report_units.append(Unit(org, figures))
    total: dict[int, Figures] = {}
    for year in years:
        year_total = Figures(breakdown={key: 0 for key, _label, _q in BREAKDOWNS})
        for (_unit, y), found in grouped.items():
            if y == year:
                year_total.add(found)
        # The scope's own target; without one, its units' targets summed (when any is set).
        unit_targets = [t for u in report_units if (t := u.years[year].target) is not None]
        own = targets.get((scope.pk, year))
        year_total.target = own if own is not None else (sum(unit_targets) if unit_targets else None)
        total[year] = year_total
    return AdmissionReport(scope, years, total, report_units)


@dataclass(frozen=True)
class Lagging:
    organization: Organization
    admitted: int
    target: int
    percent: Decimal


def lagging_units(scope: Organization, on: dt.date, below_percent: int = FLAG_BELOW_PERCENT) -> list[Lagging]:
    """Subordinate units that, by `on`, have admitted less than `below_percent` of their
    target for that year (units without a target are not judged)."""
    grouped = _grouped(scope, dt.date(on.year, 1, 1), on, by_year=False)
    units = _subordinates(scope, {unit for unit, _year in grouped})
    targets = _targets(units, [on.year])
    result = []
    for org in units:
        target = targets.get((org.pk, on.year))
        if not target:
            continue
        admitted = grouped.get((org.path, on.year), Figures()).admitted
        if admitted * 100 < below_percent * target:
            result.append(Lagging(org, admitted, target, percent(admitted, target) or Decimal(0)))
    return result
