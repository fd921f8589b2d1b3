"""Documents issued per kind per year per issuer, for a scope: its own issuers and, when
asked, every issuer of its subtree grouped by the kind of organization. A withdrawn
document keeps the number it was issued under, so it is counted (and shown apart)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count

from partybuilding.core import paths
from partybuilding.core.errors import Refusal
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from ..choices import DocumentStatus, IssuerBody
from ..kinds import kinds_on
from ..models import Document, Issuer


@dataclass
class IssuerLine:
    issuer: Issuer
    counts: dict[str, int] = field(default_factory=dict)  # kind → documents this year
    withdrawn: int = 0
    last_year: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class LevelGroup:
    """The issuers of one kind of organization (the scope's own come first)."""

    label: str
    lines: list[IssuerLine]
    own: bool = False


@dataclass
class KindTotal:
    code: str
    name: str
    this_year: int
    last_year: int

    @property
    def change(self) -> int:
        return self.this_year - self.last_year


@dataclass
class IssuedReport:
    scope: Organization
    year: int
    lower: bool
    kinds: list[KindTotal]
    groups: list[LevelGroup]
    withdrawn: int

    @property
    def total(self) -> int:
        return sum(k.this_year for k in self.kinds)

    @property
    def last_total(self) -> int:
        return sum(k.last_year for k in self.kinds)

    @property
    def own_lines(self) -> list[IssuerLine]:
        return next((g.lines for g in self.groups if g.own), [])


def kinds_of_year(year: int, today: dt.date) -> dict[str, str]:
    """The kinds in the order of the rule in force at the year's end (today, for this year)."""
    try:
        return kinds_on(min(dt.date(year, 12, 31), today))
    except Refusal:  # a year before the first rule: the kinds of today's
        return kinds_on(today)


def issued(scope: Organization, year: int, today: dt.date, *, lower: bool = False) -> IssuedReport:
    where = Document.objects.filter(paths.subtree_q(scope.path, "org_path")) if lower else Document.objects.filter(org_path=scope.path)
    rows = where.filter(year__in=(year, year - 1)).values_list("issuer_id", "kind", "year", "status").annotate(n=Count("id"))
    lines: dict[int, IssuerLine] = {}
    issuers = Issuer.objects.select_related("organization")
    for issuer in issuers.filter(org_path=scope.path, active=True):
        lines[issuer.pk] = IssuerLine(issuer)
    per_kind: dict[str, list[int]] = {}
    found = list(rows)
    missing = {issuer_id for issuer_id, *_rest in found} - set(lines)
    for issuer in issuers.filter(pk__in=missing):
        lines[issuer.pk] = IssuerLine(issuer)
    withdrawn = 0
    for issuer_id, kind, doc_year, status, n in found:
        line = lines[issuer_id]
        this = doc_year == year
        per_kind.setdefault(kind, [0, 0])[0 if this else 1] += n
        if this:
            line.counts[kind] = line.counts.get(kind, 0) + n
            if status == DocumentStatus.WITHDRAWN:
                line.withdrawn += n
                withdrawn += n
        else:
            line.last_year += n
    names = kinds_of_year(year, today)
    ordered = [code for code in names if code in per_kind] + sorted(code for code in per_kind if code not in names)
    kinds = [KindTotal(code, names.get(code, code), *per_kind[code]) for code in ordered]
    return IssuedReport(scope, year, lower, kinds, _grouped(scope, list(lines.values())), withdrawn)


def _grouped(scope: Organization, lines: list[IssuerLine]) -> list[LevelGroup]:
    own = [line for line in lines if line.issuer.org_path == scope.path]
    bodies = list(IssuerBody.values)  # the committee first, as the seeds' line speaks of it first
    groups = [LevelGroup(scope.name, sorted(own, key=lambda line: (bodies.index(line.issuer.body), line.issuer.name)), own=True)]
    below: dict[tuple[int, str], list[IssuerLine]] = {}
    for line in lines:
        org = line.issuer.organization
        if line.issuer.org_path != scope.path:
            below.setdefault((org.depth, org.kind), []).append(line)
    labels = dict(OrgKind.choices)
    for (_depth, kind), found in sorted(below.items()):
        found.sort(key=lambda line: (line.issuer.org_path, line.issuer.name))
        groups.append(LevelGroup(str(labels.get(kind, kind)), found))
    return groups
