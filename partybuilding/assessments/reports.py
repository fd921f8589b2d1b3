"""The figures of the assessment reports, read from the year's counters ("as.<year>." keys of
the subtree totals, see `totals.py`) rather than from the ratings, so that a province or the
country answers from a few rows: form 6 of HD 11, the per-subordinate table with the quota
check and last year's comparison; and the multi-year reading of the levels (`legacy_map`)
the year-by-member matrix needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization, SubtreeTotal

from . import judging
from .choices import CURRENT_LEVELS, SHORT, Level, NotCompletedReason, NotRated
from .judging import legacy_map
from .models import OrganizationRating
from .totals import PREFIX, organization_keys

Counts = dict[str, int]

# Form 6's blocks of organizations, in its order (a district block only for the years before
# 1 July 2025, when it has rows).
ORG_BLOCKS = (
    ("A.I", OrgKind.GRASSROOTS_COMMITTEE, _("Grassroots Party committees")),
    ("A.II", OrgKind.GRASSROOTS_CELL, _("Grassroots Party cells")),
    ("B.I", OrgKind.SUB_COMMITTEE, _("Subordinate Party committees")),
    ("B.II", OrgKind.CELL, _("Party cells under a grassroots committee")),
    ("C", OrgKind.COMMUNE, _("Commune-level Party committees")),
    ("D", OrgKind.DISTRICT, _("District Party committees")),
)
ALWAYS_SHOWN = {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL, OrgKind.SUB_COMMITTEE, OrgKind.CELL, OrgKind.COMMUNE}
# Who is not reviewed: form 6's row 3 by reason (the exempted are row 2).
UNREVIEWED_REASONS = [r for r in NotRated if r not in (NotRated.EXEMPTED, NotRated.NEW_ORGANIZATION)]


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def share(part: int, whole: int) -> Decimal | None:
    """`part` in percent of `whole`, two decimals; None when there is no whole."""
    if whole <= 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"))


# --- levels across the years ------------------------------------------------------------------


def current_level(level: str, mapping: dict[str, str]) -> str:
    return mapping.get(level, level)


def short_code(level: str, mapping: dict[str, str]) -> str:
    """HTXSNV, HTTNV, HTNV, KHTNV for a level of any year ("" when it maps to none)."""
    return SHORT.get(Level(current_level(level, mapping)), "") if current_level(level, mapping) in Level.values else ""


def levels_of(counts: Counts, base: str, mapping: dict[str, str]) -> dict[str, int]:
    """The counts of the four current levels under `base` ("as.2026.m."), old labels included."""
    result = {str(level): 0 for level in CURRENT_LEVELS}
    for key, n in counts.items():
        if key.startswith(base + "L."):
            level = current_level(key[len(base) + 2 :], mapping)
            if level in result:
                result[level] += n
    return result


# --- reading the counters ---------------------------------------------------------------------


def counters(organizations: Iterable[Organization], years: Iterable[int]) -> dict[int, Counts]:
    """The "as.<year>." counters of the organizations for the years, in one query, by id."""
    ids = [org.pk for org in organizations]
    wanted = Q()
    for year in years:
        wanted |= Q(key__startswith=f"{PREFIX}{year}.")
    result: dict[int, Counts] = {pk: {} for pk in ids}
    if not ids:
        return result
    for org_id, key, value in SubtreeTotal.objects.filter(wanted, organization_id__in=ids).values_list("organization_id", "key", "value"):
        result[org_id][key] = value
    return result


def years_with_counters(org: Organization) -> list[int]:
    """The years whose yearly rounds listed members or organizations in `org`'s subtree, latest first."""
    keys = SubtreeTotal.objects.filter(organization=org, key__startswith=PREFIX, key__endswith=".present", value__gt=0)
    years = {int(key.split(".")[1]) for key in keys.values_list("key", flat=True) if key.split(".")[1].isdigit()}
    return sorted(years, reverse=True)


def chosen_year(org: Organization, asked: Any) -> tuple[int, list[int]]:
    """The year asked for (?year=), else the latest with counters, else this year; and the years offered."""
    years = years_with_counters(org)
    try:
        year = int(asked)
    except (TypeError, ValueError):
        year = 0
    if not 1990 <= year <= 2200:
        year = years[0] if years else timezone.localdate().year
    return year, years


# --- form 6 of HD 11 ----------------------------------------------------------------------------


@dataclass
class Row:
    """A line of form 6: its number ("1", "2.1"…), label, total and share (%)."""

    number: str
    label: Any
    total: int
    percent: Decimal | None = None
    depth: int = 0
    key: str = ""  # what tests and the page's anchors name it by


@dataclass
class Block:
    code: str
    kind: str
    label: Any
    rows: list[Row] = field(default_factory=list)

    @property
    def present(self) -> int:
        return self.rows[0].total


@dataclass
class Form6:
    organization: Organization
    year: int
    organizations: list[Block]
    members: list[Row]


def _level_rows(number: str, levels: dict[str, int], rated: int, prefix: str) -> list[Row]:
    return [
        Row(f"{number}.{i}", Level(level).label, n, share(n, rated), 1, f"{prefix}{level}")
        for i, (level, n) in enumerate(levels.items(), start=1)
    ]


def _own_rating_removed(org: Organization, year: int, counts: Counts) -> Counts:
    """The organization's counters without its own rating: it is rated by the level above,
    whose form counts it; its own form counts the organizations under it."""
    own = OrganizationRating.objects.filter(organization=org, year=year, counted=True).first()
    if own is None:
        return counts
    result = dict(counts)
    for key, n in organization_keys(own).items():
        result[key] = result.get(key, 0) - n
    return result


def organization_block(code: str, kind: str, label: Any, counts: Counts, year: int, mapping: dict[str, str]) -> Block:
    base = f"{PREFIX}{year}.o.{kind}."
    present = counts.get(base + "present", 0)
    rated = counts.get(base + "rated", 0)
    new = counts.get(base + "new", 0)
    not_rated = present - rated  # the new, those not rated for another reason, and those still pending
    rows = [
        Row("1", _("Number at the cut-off (= 2 + 3)"), present, None, 0, "present"),
        Row("2", _("Assessed and rated"), rated, share(rated, present), 0, "rated"),
        *_level_rows("2", levels_of(counts, base, mapping), rated, "level."),
        Row("3", _("Not assessed"), not_rated, share(not_rated, present), 0, "not_rated"),
        Row("3.1", _("of which founded less than 6 months before"), new, share(new, not_rated), 1, "new"),
    ]
    return Block(code, kind, label, rows)


def member_rows(counts: Counts, year: int, mapping: dict[str, str]) -> list[Row]:
    base = f"{PREFIX}{year}.m."
    present = counts.get(base + "present", 0)
    exempt = counts.get(base + "exempt", 0)
    pending = counts.get(base + "pending", 0)
    unrated = counts.get(base + "unrated", 0)
    rated = counts.get(base + "rated", 0)
    not_reviewed = unrated + pending
    rows = [
        Row("1", _("Present at the review (= 2 + 3 + 4)"), present, None, 0, "present"),
        Row("2", _("Exempted"), exempt, share(exempt, present), 0, "exempt"),
        Row("3", _("Not reviewed"), not_reviewed, share(not_reviewed, present), 0, "not_reviewed"),
    ]
    number = 0
    for reason in UNREVIEWED_REASONS:
        if n := counts.get(f"{base}unrated.{reason}", 0):
            number += 1
            rows.append(Row(f"3.{number}", reason.label, n, share(n, not_reviewed), 1, f"unrated.{reason}"))
    if pending:
        rows.append(Row(f"3.{number + 1}", _("Review not finished yet"), pending, share(pending, not_reviewed), 1, "pending"))
    rows.append(Row("4", _("Reviewed and rated"), rated, share(rated, present), 0, "rated"))
    levels = levels_of(counts, base, mapping)
    for row in _level_rows("4", levels, rated, "level."):
        rows.append(row)
        if row.key == f"level.{Level.NOT_COMPLETED}":
            rows += _reason_rows(row.number, counts, base, levels[Level.NOT_COMPLETED])
    return rows


def _reason_rows(number: str, counts: Counts, base: str, not_completed: int) -> list[Row]:
    """ "Did not complete tasks" by the reasons recorded (and those recorded without one)."""
    rows: list[Row] = []
    given = 0
    for reason in NotCompletedReason:
        if n := counts.get(f"{base}nc.{reason}", 0):
            given += n
            rows.append(Row(f"{number}.{len(rows) + 1}", reason.label, n, share(n, not_completed), 2, f"nc.{reason}"))
    if not_completed - given > 0:
        rows.append(
            Row(
                f"{number}.{len(rows) + 1}",
                _("Reason not recorded"),
                not_completed - given,
                share(not_completed - given, not_completed),
                2,
                "nc.none",
            )
        )
    return rows


def form6(org: Organization, year: int) -> Form6:
    """Form 6 of HD 11 for `org`'s subtree in `year`: the organizations under it by kind, its members."""
    counts = counters([org], [year])[org.pk]
    mapping = legacy_map(year)
    of_orgs = _own_rating_removed(org, year, counts)
    blocks = [organization_block(code, kind, label, of_orgs, year, mapping) for code, kind, label in ORG_BLOCKS]
    blocks = [b for b in blocks if b.kind in ALWAYS_SHOWN or b.present]
    return Form6(org, year, blocks, member_rows(counts, year, mapping))


# --- the per-subordinate table --------------------------------------------------------------


@dataclass
class Line:
    """One organization's members in a year: how many listed and rated, each level, the
    quota check, and the share of "good or above" against last year."""

    organization: Organization
    present: int
    rated: int
    levels: dict[str, int]
    quota_percent: int | None
    last_rated: int
    last_good: int

    @property
    def level_cells(self) -> list[tuple[str, int, Decimal | None]]:
        return [(level, n, share(n, self.rated)) for level, n in self.levels.items()]

    @property
    def excellent(self) -> int:
        return self.levels[Level.EXCELLENT]

    @property
    def good_or_above(self) -> int:
        return self.levels[Level.EXCELLENT] + self.levels[Level.GOOD]

    @property
    def quota(self) -> judging.Quota:
        return judging.Quota(self.excellent, self.good_or_above, self.quota_percent)

    @property
    def excellent_share(self) -> Decimal | None:
        """ "Excellent" in percent of "good or above" (the quota's measure)."""
        return share(self.excellent, self.good_or_above)

    @property
    def over_quota(self) -> bool:
        return self.quota.exceeded

    @property
    def good_share(self) -> Decimal | None:
        return share(self.good_or_above, self.rated)

    @property
    def last_good_share(self) -> Decimal | None:
        return share(self.last_good, self.last_rated)

    @property
    def change(self) -> Decimal | None:
        """Percentage points gained (or lost) on last year."""
        if self.good_share is None or self.last_good_share is None:
            return None
        return self.good_share - self.last_good_share


def line(org: Organization, counts: Counts, year: int, quota_percent: int | None) -> Line:
    base, last = f"{PREFIX}{year}.m.", f"{PREFIX}{year - 1}.m."
    levels = levels_of(counts, base, legacy_map(year))
    last_levels = levels_of(counts, last, legacy_map(year - 1))
    return Line(
        organization=org,
        present=counts.get(base + "present", 0),
        rated=counts.get(base + "rated", 0),
        levels=levels,
        quota_percent=quota_percent,
        last_rated=counts.get(last + "rated", 0),
        last_good=last_levels[Level.EXCELLENT] + last_levels[Level.GOOD],
    )


def quota_percent(year: int) -> tuple[int | None, str]:
    """The "excellent" quota in force at the year's end, and its citation (None: no quota)."""
    found = judging.quota_rule(year_end(year))
    return (int(found.value), found.citation) if found else (None, "")


def subordinates(org: Organization, year: int) -> QuerySet[Organization]:
    """The organizations directly under `org` at the end of `year` (those dissolved before
    it left out)."""
    last_day = year_end(year)
    return (
        Organization.objects.filter(parent=org, founded_on__lte=last_day)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=last_day))
        .order_by("name", "code")
    )


def table(org: Organization, children: list[Organization], year: int) -> tuple[list[Line], Line]:
    """A line per child (their counters and last year's in one query) and the organization's total."""
    percent, _citation = quota_percent(year)
    read = counters([org, *children], [year, year - 1])
    return [line(child, read[child.pk], year, percent) for child in children], line(org, read[org.pk], year, percent)
