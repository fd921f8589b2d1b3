"""What the demo province's records hold besides the members themselves: the Party badges
awarded over the years and the committees the cells elected in 2025. Without them the
attention list would call every badge ever earned "due" and every cell "without a
committee"; with them it shows what a real province would see.

Written in bulk, each row with its audit entry, as an import writes members.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from partybuilding.core.audit import AuditItem, audit_record_many
from partybuilding.core.rules import rule_value
from partybuilding.members.badges.selectors import milestones
from partybuilding.members.choices import CommitteeRoleKind, MemberStatus
from partybuilding.members.committees.selectors import CELLS
from partybuilding.members.models import BadgeAward, CommitteeRole, Member
from partybuilding.organizations.models import CommitteeTerm, Organization

CELL_TERM = (2025, 2030)
CELL_CONGRESS = dt.date(2025, 4, 15)


class AwardDays:
    """The award days of today's rule, for every year: the rule registry holds only the
    recent rule sets, and the demo's badges go back decades."""

    def __init__(self, today: dt.date) -> None:
        self.days = [tuple(map(int, str(text).split("/"))) for text in rule_value("badge.award_days", today)]

    def first_on_or_after(self, day: dt.date) -> dt.date:
        return min(d for year in (day.year, day.year + 1) for d in self.of(year) if d >= day)

    def last_before(self, day: dt.date) -> dt.date:
        return max(d for year in (day.year - 1, day.year) for d in self.of(year) if d < day)

    def of(self, year: int) -> list[dt.date]:
        return [dt.date(year, month, day) for day, month in self.days]


def award_badges(today: dt.date) -> int:
    """Every badge of a milestone reached before the last award day, awarded on the first
    award day after it: the badges due are then only the ones of the next award day."""
    calendar = AwardDays(today)
    last = calendar.last_before(today)
    steps = milestones(last)
    officials = Member.objects.filter(status=MemberStatus.OFFICIAL, admission_date__lte=last - relativedelta(years=steps[0]))
    awards = []
    for pk, admitted in officials.values_list("pk", "admission_date").order_by("pk"):
        for years in steps:
            reached = admitted + relativedelta(years=years)
            if reached > last:
                break
            day = calendar.first_on_or_after(reached)
            awards.append(BadgeAward(member_id=pk, years=years, award_date=day, decision_number=f"{day.year}-QĐ/TU"))
    BadgeAward.objects.bulk_create(awards, batch_size=2000)
    # A list, not a generator: audit_record_many streams its items into a COPY, during
    # which the connection can run no other query.
    items = [
        AuditItem("badge.award", "members.badgeaward", str(b.pk), after={"member": b.member_id, "years": b.years})
        for b in BadgeAward.objects.order_by("pk")
    ]
    audit_record_many(actor=None, items=items)
    return len(awards)


def _rank(member: Member) -> int:
    """The committee role a member's recorded position asks for: the record and the
    committee then say the same ("Bí thư chi bộ" is the secretary)."""
    if member.positions.startswith("Bí thư"):
        return 0
    return 1 if member.positions.startswith("Phó Bí thư") else 2


def elect_cell_committees(seed: int = 2026) -> int:
    """A 2025–2030 term for each cell: a secretary, a deputy from 5 official members, and a
    committee of three from the size the rules set (the demo secretary keeps their cell)."""
    rng = random.Random(seed)
    committee_from = int(rule_value("org.cell_committee_min_official_members", CELL_CONGRESS))
    cells = list(Organization.objects.filter(kind__in=CELLS, status="active").order_by("path"))
    officials: dict[int, list[Member]] = defaultdict(list)
    held_before = Member.objects.filter(status=MemberStatus.OFFICIAL, official_date__lt=CELL_CONGRESS, organization__in=cells)
    for member in held_before.only("pk", "organization_id", "positions").order_by("pk"):
        officials[member.organization_id].append(member)
    terms = CommitteeTerm.objects.bulk_create(
        [CommitteeTerm(organization=c, start_year=CELL_TERM[0], end_year=CELL_TERM[1], congress_date=CELL_CONGRESS) for c in cells]
    )
    roles = []
    for term in terms:
        people = officials[term.organization_id]
        if not people:
            continue
        rng.shuffle(people)
        people.sort(key=_rank)  # the member recorded as secretary first, the deputy next
        kinds = [CommitteeRoleKind.SECRETARY]
        if len(people) >= committee_from:
            kinds += [CommitteeRoleKind.DEPUTY_SECRETARY, CommitteeRoleKind.MEMBER]
        elif len(people) >= 5:
            kinds.append(CommitteeRoleKind.DEPUTY_SECRETARY)
        roles += [CommitteeRole(term=term, member=m, role=k, since=CELL_CONGRESS) for m, k in zip(people, kinds, strict=False)]
    CommitteeRole.objects.bulk_create(roles)
    audit_record_many(
        actor=None,
        items=[
            *(AuditItem("term.create", "organizations.committeeterm", str(t.pk), after={"organization": t.organization_id}) for t in terms),
            *(
                AuditItem("committee_role.assign", "members.committeerole", str(r.pk), after={"member": r.member_id, "role": r.role})
                for r in CommitteeRole.objects.filter(term__in=terms).order_by("pk")
            ),
        ],
    )
    return len(roles)
