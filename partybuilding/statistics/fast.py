"""Today's members read from the subtree counters the member services keep (`members/counters.py`),
not from the records: the country's profile (form 3) in a few rows instead of a scan of
5.5 million members.

A cell is answered here when its conditions are what the counters hold: one fact (gender,
status, ethnicity, religion, education, qualification, theory, occupation, academic title,
the flags, exemption), an age band (by year of birth), an admission period (whole years from
the counters, the days of a year cut by the period from an index), a type of unit (from each
organization's own members), or one of the pairs the counters cross. Anything else is left to
the query over the records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, Sum

from partybuilding.core import paths
from partybuilding.members.choices import IN_LIST, Religion
from partybuilding.members.counters import FIELDS, FLAGS, PAIRS, pair_key
from partybuilding.members.models import Member, Membership
from partybuilding.organizations import totals as subtree
from partybuilding.organizations.models import Organization, SubtreeTotal

from . import snapshots

if TYPE_CHECKING:
    from .engine import Request


def _values(spec: Any) -> tuple[list[Any], bool]:
    if isinstance(spec, dict) and "not" in spec:
        return list(spec["not"]), True
    return (list(spec) if isinstance(spec, list | tuple) else [spec]), False


class Counters:
    """The node's counters on a day — today's live ones, or a past day's snapshot (`live`
    False) — and what they say about one set of conditions (None: they cannot)."""

    def __init__(self, org: Organization, day: dt.date, counted: dict[str, int], *, live: bool) -> None:
        self.org, self.today, self.live = org, day, live
        self.totals = counted
        self.all = self.totals.get("m.all", 0)
        self._units: dict[str, int] | None = None
        self._between: dict[tuple[dt.date, dt.date], int] = {}  # members admitted within parts of years

    def key(self, name: str) -> int:
        return self.totals.get(name, 0)

    def prefixed(self, prefix: str) -> dict[str, int]:
        return {k[len(prefix) :]: v for k, v in self.totals.items() if k.startswith(prefix)}

    def count(self, where: dict[str, Any]) -> int | None:
        if not where:
            return self.all
        if len(where) == 1:
            [(name, spec)] = where.items()
            return self.single(name, spec)
        if len(where) == 2:
            return self.pair(where)
        return None

    def single(self, name: str, spec: Any) -> int | None:
        if name in FIELDS:
            values, negated = _values(spec)
            found = sum(self.key(f"m.{name}.{v}") for v in values)
            return self.all - found if negated else found
        if name == "minority":
            return self.key("m.minority" if spec else "m.majority")
        if name == "religious":
            religious = self.all - self.key(f"m.religion.{Religion.NONE}")
            return religious if spec else self.all - religious
        if name in FLAGS:
            flagged = self.key(f"m.flag.{name}")
            return flagged if spec else self.all - flagged
        if name == "exempt":
            return self.key("m.exempt") if spec else self.all - self.key("m.exempt")
        if name == "age":
            return self.aged(spec)
        if name == "admitted":
            return self.admitted(spec)
        if name == "unit_type" and self.live:
            values, negated = _values(spec)
            found = sum(self.units().get(v, 0) for v in values)
            return self.all - found if negated else found
        return None

    def pair(self, where: dict[str, Any]) -> int | None:
        for first, shown, second in PAIRS:
            if second not in where or first not in where:
                continue
            if _values(where[first]) != ([shown], False):
                continue
            values, negated = _values(where[second])
            found = sum(self.key(pair_key(first, shown, second, v)) for v in values)
            base = self.key("m.exempt") if first == "exempt" else self.key(f"m.{first}.{shown}")
            return base - found if negated else found
        return None

    def born(self) -> dict[int, int]:
        return {int(year): n for year, n in self.prefixed("m.born.").items()}

    def aged(self, spec: dict[str, Any]) -> int:
        """Age by year of birth: born between this year minus the upper bound and minus the lower."""
        low, high = spec.get("from"), spec.get("to")
        year = self.today.year
        return sum(n for born, n in self.born().items() if (low is None or year - born >= low) and (high is None or year - born <= high))

    def average_age(self) -> Decimal | None:
        born = self.born()
        people = sum(born.values())
        if not people:
            return None
        from .engine import one_decimal

        return one_decimal(Decimal(sum((self.today.year - year) * n for year, n in born.items())) / people)

    def admitted(self, spec: dict[str, Any]) -> int:
        """Whole years from the counters; the part of a year the period cuts, from the records."""
        whole, partial = self._years(spec)
        return whole + sum(self._partial_year(lo, hi) for lo, hi in partial)

    def _years(self, spec: dict[str, Any]) -> tuple[int, list[tuple[dt.date, dt.date]]]:
        """The members of the whole years an admission period covers, and the parts of years it cuts."""
        first = dt.date.fromisoformat(spec["from"]) if spec.get("from") else None
        last = dt.date.fromisoformat(spec["to"]) if spec.get("to") else None
        total = 0
        partial: list[tuple[dt.date, dt.date]] = []
        for year, n in self.prefixed("m.admitted.").items():
            year_start, year_end = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
            lo, hi = max(year_start, first or year_start), min(year_end, last or year_end)
            if lo > hi:
                continue
            if (lo, hi) == (year_start, year_end):
                total += n
            else:
                partial.append((lo, hi))
        return total, partial

    def _partial_year(self, lo: dt.date, hi: dt.date) -> int:
        months = self._admitted_months(lo, hi)
        if months is not None:
            return months
        if (lo, hi) not in self._between:
            self.count_partial_years([(lo, hi)])
        return self._between[(lo, hi)]

    def prepare(self, specs: Iterable[dict[str, Any]]) -> None:
        """Count at once the parts of years that the admission periods asked cut (form 3's
        Party-age bands cut several): one query instead of one each."""
        wanted = {cut for spec in specs for cut in self._years(spec)[1] if self._admitted_months(*cut) is None}
        self.count_partial_years(sorted(wanted - self._between.keys()))

    def _admitted_months(self, lo: dt.date, hi: dt.date) -> int | None:
        """Whole months of a snapshot's admissions (None: the days are not whole months, the
        counters are live, or the snapshot was taken before it counted months)."""
        by_month = self.prefixed(snapshots.ADMITTED_MONTH)
        whole = lo.day == 1 and (hi + dt.timedelta(days=1)).day == 1
        if self.live or not whole or (self.all and not by_month):
            return None
        return sum(n for month, n in by_month.items() if f"{lo:%Y-%m}" <= month <= f"{hi:%Y-%m}")

    def count_partial_years(self, cuts: list[tuple[dt.date, dt.date]]) -> None:
        """Members in the list admitted between two days of a year, for each cut (index ranges
        of the admission dates): today's records, or the membership periods of the snapshot's day."""
        if not cuts:
            return
        top = self.org.parent_id is None
        if self.live:
            admitted, path = "admission_date", "org_path"
            rows: Any = Member.objects.filter(status__in=IN_LIST)
        else:
            day = self.today
            admitted, path = "member__admission_date", "organization__path"
            rows = Membership.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day, status__in=IN_LIST)
        within = [Q(**{f"{admitted}__gte": lo, f"{admitted}__lte": hi}) for lo, hi in cuts]
        if not top:
            rows = rows.filter(paths.subtree_q(self.org.path, path))
        counted = rows.filter(reduce(or_, within)).aggregate(**{f"c{n}": Count("pk", filter=q) for n, q in enumerate(within)})
        self._between.update({cut: counted[f"c{n}"] for n, cut in enumerate(cuts)})

    def units(self) -> dict[str, int]:
        """Members by the type of unit of their organization: each organization's own members
        (its subtree's less its children's), summed by its type."""
        if self._units is None:
            counted = SubtreeTotal.objects.filter(key="m.all")
            whole = counted.filter(paths.subtree_q(self.org.path, "organization__path"))
            below = counted.filter(paths.subtree_q(self.org.path, "organization__parent__path"))
            units: dict[str, int] = {}
            for unit, n in whole.values("organization__unit_type").annotate(n=Sum("value")).values_list("organization__unit_type", "n"):
                units[unit] = units.get(unit, 0) + int(n or 0)
            below_by_unit = below.values("organization__parent__unit_type").annotate(n=Sum("value"))
            for unit, n in below_by_unit.values_list("organization__parent__unit_type", "n"):
                units[unit] = units.get(unit, 0) - int(n or 0)
            self._units = units
        return self._units


def counters_of(org: Organization, day: dt.date, today: dt.date) -> Counters | None:
    """The node's counters on the day: today's, or a fresh snapshot's; None when neither."""
    if day == today:
        return Counters(org, day, subtree.own(org), live=True)
    counted = snapshots.fresh(org, day)
    return None if counted is None else Counters(org, day, counted, live=False)


def answer(requests: Iterable[Request], counters: Counters) -> dict[Request, int | Decimal | None]:
    """The figures of the requests the counters can give (members in the list on their day)."""
    found: dict[Request, int | Decimal | None] = {}
    requests = list(requests)
    counters.prepare(r.conditions["admitted"] for r in requests if not r.average and list(r.conditions) == ["admitted"])
    for r in requests:
        where = r.conditions
        if r.average:
            if not where:
                found[r] = counters.average_age()
            continue
        value = counters.count(where)
        if value is not None:
            found[r] = value
    return found
