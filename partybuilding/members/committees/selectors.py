"""Committee roles of each term, and the size rules of the Charter as warnings.

The size rules are warnings, not refusals: a cell's membership changes during a term,
so a committee elected by the rules can come to break them, and the organizing board
has to see it rather than be stopped from recording what was elected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, FilteredRelation, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from partybuilding.core.rules import RuleInForce, rule
from partybuilding.core.scope import Action, visible_or_404
from partybuilding.organizations.choices import OrgKind, OrgStatus
from partybuilding.organizations.models import CommitteeTerm, Organization

from ..choices import CommitteeRoleKind
from ..models import CommitteeRole

CELLS = (OrgKind.CELL, OrgKind.GRASSROOTS_CELL)
GRASSROOTS = (OrgKind.GRASSROOTS_CELL, OrgKind.GRASSROOTS_COMMITTEE)
# A cell under the committee threshold elects only these (Charter Art. 24).
SECRETARY_ROLES = (CommitteeRoleKind.SECRETARY, CommitteeRoleKind.DEPUTY_SECRETARY)


def term_or_404(user: Any, pk: Any, action: Action = Action.VIEW_MEMBERS) -> CommitteeTerm:
    """A committee term of the user's scope, for the roles that see member records (or that may `action` there)."""
    return visible_or_404(CommitteeTerm.objects.select_related("organization"), user, pk, action)


def role_or_404(user: Any, pk: Any) -> CommitteeRole:
    return visible_or_404(CommitteeRole.objects.select_related("term", "term__organization", "member"), user, pk)


def offenders_in(user: Any, org: Organization, on: dt.date) -> QuerySet[Organization]:
    """The organizations of `org`'s subtree that the user sees and that break a size rule."""
    return offenders(Organization.objects.visible_to(user, Action.VIEW_MEMBERS).within(org), on)


def active_q(on: dt.date, prefix: str = "") -> Q:
    """Roles held on `on` (`until` is the first day the role is no longer held)."""
    return Q(**{f"{prefix}since__lte": on}) & (Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gt": on}))


@dataclass(frozen=True)
class SizeRules:
    committee_from: RuleInForce  # official members from which a cell elects a committee
    committee_max: RuleInForce
    minimum: RuleInForce  # official members of a grassroots organization (and of a cell)

    @classmethod
    def on(cls, day: dt.date) -> SizeRules:
        return cls(
            rule("org.cell_committee_min_official_members", day),
            rule("org.cell_committee_max_size", day),
            rule("org.grassroots_min_official_members", day),
        )


@dataclass(frozen=True)
class SizeWarning:
    organization: Organization
    message: str
    citation: str


def annotated(orgs: QuerySet[Organization], on: dt.date) -> QuerySet[Organization]:
    """Active cells and grassroots organizations with `official` (official members of the
    subtree, from the subtree totals), `people` (members holding a role on `on`) and
    `committee` (of them, members beyond the secretary and deputy): one query.

    Joins and one GROUP BY rather than a subquery per organization: for the country's
    270,000 organizations that is about 1.5 s instead of 7 (bench/README.md)."""
    held = active_q(on, "terms__roles__")
    return orgs.filter(status=OrgStatus.ACTIVE, kind__in=[*CELLS, *GRASSROOTS]).annotate(
        official_total=FilteredRelation("totals", condition=Q(totals__key="m.status.official")),
        official=Coalesce(F("official_total__value"), 0, output_field=IntegerField()),
        people=Count("terms__roles__member", filter=held, distinct=True),
        committee=Count("terms__roles__member", filter=held & ~Q(terms__roles__role__in=SECRETARY_ROLES), distinct=True),
    )


def offenders(orgs: QuerySet[Organization], on: dt.date) -> QuerySet[Organization]:
    """The organizations of `orgs` that break a size rule on `on`, filtered in the database
    so that a province's or the country's tree is one query."""
    rules = SizeRules.on(on)
    cell = Q(kind__in=CELLS)
    small_cell = cell & Q(official__lt=rules.committee_from.value)
    broken = (
        (small_cell & Q(committee__gt=0))
        | (cell & Q(official__gte=rules.committee_from.value, committee=0))
        | (cell & Q(people__gt=rules.committee_max.value))
        | Q(official__lt=rules.minimum.value)
    )
    return annotated(orgs, on).filter(broken).order_by("path")


def warnings_of(org: Organization, rules: SizeRules) -> list[SizeWarning]:
    """The size rules an annotated organization breaks, in words."""
    official: int = org.official  # type: ignore[attr-defined]
    people: int = org.people  # type: ignore[attr-defined]
    committee: int = org.committee  # type: ignore[attr-defined]
    found = []
    if org.kind in CELLS and official < rules.committee_from.value and committee:
        found.append(
            SizeWarning(
                org,
                _(
                    "%(n)d official members (under %(min)d): the cell elects a secretary and a deputy, not a committee; %(people)d hold a role."
                )
                % {"n": official, "min": rules.committee_from.value, "people": people},
                rules.committee_from.citation,
            )
        )
    if org.kind in CELLS and official >= rules.committee_from.value and not committee:
        found.append(
            SizeWarning(
                org,
                _("%(n)d official members (%(min)d or more): the cell elects a cell committee, and none is recorded.")
                % {"n": official, "min": rules.committee_from.value},
                rules.committee_from.citation,
            )
        )
    if org.kind in CELLS and people > rules.committee_max.value:
        found.append(
            SizeWarning(
                org,
                _("The cell committee has %(people)d members; at most %(max)d.") % {"people": people, "max": rules.committee_max.value},
                rules.committee_max.citation,
            )
        )
    if official < rules.minimum.value:
        found.append(
            SizeWarning(
                org,
                _("%(n)d official members; a grassroots organization or a cell needs at least %(min)d.")
                % {"n": official, "min": rules.minimum.value},
                rules.minimum.citation,
            )
        )
    return found


ROLE_ORDER = Case(*[When(role=kind, then=Value(n)) for n, kind in enumerate(CommitteeRoleKind.values)], output_field=IntegerField())


def term_roles(term: CommitteeTerm) -> QuerySet[CommitteeRole]:
    """The roles of a term: those still held first, by rank (secretary first), then by name."""
    return term.roles.select_related("member", "member__organization").order_by(
        F("until").asc(nulls_first=True), ROLE_ORDER, "member__sort_key", "pk"
    )


def size_warnings(orgs: QuerySet[Organization], on: dt.date) -> list[SizeWarning]:
    """Every size warning of `orgs` (callers page through `offenders` for large trees)."""
    rules = SizeRules.on(on)
    return [w for org in offenders(orgs, on) for w in warnings_of(org, rules)]
