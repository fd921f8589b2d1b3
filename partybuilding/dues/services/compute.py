"""What a member owes for a month under the rules in force at the end of that month.

The month a member reaches the Party age of exemption is exempt (the rule is read, and
Party age counted, on the month's last day, as core.dates counts it): reaching 50 years
on 15 May exempts May, April is still due; admitted on 29/02/1976, a member reaches 50
years on 28/02/2026, the day their badge is due, so February 2026 is exempt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from partybuilding.core import paths
from partybuilding.core.dates import full_years
from partybuilding.core.rules import rule_if_recorded, rule_value

from .. import months
from ..choices import BaseKind, ReliefKind
from ..models import FixedAmount, Relief


@dataclass(frozen=True)
class Rates:
    salary: Decimal
    pension: Decimal
    exempt_years: int | None

    @classmethod
    def of(cls, month: dt.date) -> Rates:
        end = months.last_day(month)
        exempt = rule_if_recorded("dues.exempt_party_age_years", end)
        return cls(
            Decimal(str(rule_value("dues.salary_rate_percent", end))),
            Decimal(str(rule_value("dues.pension_rate_percent", end))),
            int(exempt.value) if exempt and exempt.value else None,  # 0: no exemption by Party age
        )


@dataclass(frozen=True)
class Amounts:
    base_amount: int
    exempted: int
    reduced: int

    @property
    def due(self) -> int:
        return self.base_amount - self.exempted - self.reduced


def share(amount: int, percent: Decimal | int) -> int:
    return int((Decimal(amount) * Decimal(percent) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def in_force(bases: Sequence[Any], month: dt.date) -> Any:
    """The base (a DuesBase or its fields) recorded last with a from-month on or before `month` (bases sorted by from-month)."""
    found = None
    for base in bases:
        if base.from_month <= month:
            found = base
    return found


def party_age_exempt(admission: dt.date, official: dt.date | None, month: dt.date, rates: Rates) -> bool:
    end = months.last_day(month)
    if rates.exempt_years is None or official is None or official > end:
        return False
    return full_years(admission, end) >= rates.exempt_years


class FixedAmounts:
    """The fixed amounts configured on organizations, for the cells under them: the
    nearest organization up the tree that set an amount for the category wins."""

    def __init__(self, rows: Iterable[FixedAmount | Any], month: dt.date) -> None:
        self.by_path: dict[tuple[str, str], tuple[dt.date, int]] = {}
        for row in rows:
            if row.effective_from > months.last_day(month):
                continue
            k = (row.organization.path, row.category)
            if k not in self.by_path or self.by_path[k][0] < row.effective_from:
                self.by_path[k] = (row.effective_from, row.amount)

    @staticmethod
    def rows(org_paths: Iterable[str], month: dt.date) -> list[FixedAmount]:
        """The amounts set up the tree of these organizations by the end of `month` (one
        query; a FixedAmounts of any earlier month can be made from them)."""
        ancestors = {a for p in org_paths for a in paths.ancestor_paths(p)}
        found = FixedAmount.objects.filter(organization__path__in=ancestors, effective_from__lte=months.last_day(month))
        return list(found.select_related("organization"))

    @classmethod
    def load(cls, org_paths: Iterable[str], month: dt.date) -> FixedAmounts:
        return cls(cls.rows(org_paths, month), month)

    def amount(self, org_path: str, category: str) -> int | None:
        for ancestor in reversed(paths.ancestor_paths(org_path)):
            found = self.by_path.get((ancestor, category))
            if found:
                return found[1]
        return None


def base_amount(bases: Sequence[Any], month: dt.date, org_path: str, rates: Rates, fixed: FixedAmounts) -> int | None:
    """Dues before relief; None when nothing lets us compute them (no base, no fixed amount).
    A salary or pension counts as recorded for the previous month."""
    current = in_force(bases, month)
    if current is None:
        return None
    if current.kind == BaseKind.FIXED:
        return fixed.amount(org_path, current.category)
    previous = in_force(bases, months.add(month, -1))
    source = previous if previous is not None and previous.kind != BaseKind.FIXED else current
    rate = rates.salary if source.kind == BaseKind.SALARY else rates.pension
    return share(source.amount, rate)


def relief_in(reliefs: list[Relief], month: dt.date) -> Relief | None:
    for relief in reliefs:
        if relief.from_month <= month <= relief.to_month:
            return relief
    return None


def amounts(
    *,
    bases: Sequence[Any],
    reliefs: list[Relief],
    admission: dt.date,
    official: dt.date | None,
    month: dt.date,
    org_path: str,
    rates: Rates,
    fixed: FixedAmounts,
) -> Amounts | None:
    amount = base_amount(bases, month, org_path, rates, fixed)
    if party_age_exempt(admission, official, month, rates):
        return Amounts(amount or 0, amount or 0, 0)
    if amount is None:
        return None
    relief = relief_in(reliefs, month)
    if relief is None:
        return Amounts(amount, 0, 0)
    if relief.kind == ReliefKind.EXEMPTION:
        return Amounts(amount, amount, 0)
    return Amounts(amount, 0, share(amount, relief.percent or 0))
