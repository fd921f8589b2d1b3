"""What a form can count, and on which facts: the vocabulary of the definitions.

A count (`COUNTS`) is a set of records of a place and a period — the members in the list on a
day, the events by which members joined or left, the organizations on a day, the badges,
cards, rewards and transfers of the period — and a condition (`CONDITIONS`) narrows it by one
fact. Each compiles to a `Q` on its count's records, so that the same filter gives a cell its
figure and the drill-down its list of names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual

from partybuilding.core import paths
from partybuilding.members.choices import KINH, EventKind, MemberStatus, Religion

Compile = Callable[[Any, "Context"], Q]


@dataclass(frozen=True)
class Context:
    """Where and when a count is made: the place's organizations (`inside`, a function of
    the path to an organization), its province (`province`, or None above provinces), the
    day of a stock and the period of a flow, and the path from the counted records to the
    member (`member`: "member__" or "")."""

    inside: Callable[[str], Q]
    outside: Callable[[str], Q]
    province: Callable[[str], Q] | None
    start: dt.date
    end: dt.date
    day: dt.date
    events_inside: Callable[[str], Q]  # the place's member events, by their copies of the paths
    member: str = "member__"
    fields: dict[str, str] = field(default_factory=dict)  # a condition's field where the count names it otherwise
    age: Any = None  # the counted person's age by year of birth: an expression over the records


def _values(spec: Any) -> tuple[list[Any], bool]:
    """A condition's values and whether they are excluded ({"not": [...]})."""
    if isinstance(spec, dict) and "not" in spec:
        return list(spec["not"]), True
    return (list(spec) if isinstance(spec, list | tuple) else [spec]), False


def _in(field: str) -> Compile:
    def compile(spec: Any, ctx: Context) -> Q:
        values, negated = _values(spec)
        q = Q(**{f"{ctx.member}{field}__in": values})
        return ~q if negated else q

    return compile


def _flag(field: str) -> Compile:
    return lambda spec, ctx: Q(**{f"{ctx.member}{field}": bool(spec)})


def _minority(spec: Any, ctx: Context) -> Q:
    q = ~Q(**{f"{ctx.member}ethnicity": KINH})
    return q if spec else ~q


def _religious(spec: Any, ctx: Context) -> Q:
    q = ~Q(**{f"{ctx.member}religion": Religion.NONE})
    return q if spec else ~q


def _age(spec: Any, ctx: Context) -> Q:
    """Age counted by year of birth (the year of the day counted, or of the event, minus the
    year of birth): the count's context gives it as an expression (`ctx.age`)."""
    q = Q()
    if spec.get("from") is not None:
        q &= Q(GreaterThanOrEqual(ctx.age, int(spec["from"])))
    if spec.get("to") is not None:
        q &= Q(LessThanOrEqual(ctx.age, int(spec["to"])))
    return q


def _admitted(spec: Any, ctx: Context) -> Q:
    q = Q()
    if spec.get("from"):
        q &= Q(**{f"{ctx.member}admission_date__gte": dt.date.fromisoformat(spec["from"])})
    if spec.get("to"):
        q &= Q(**{f"{ctx.member}admission_date__lte": dt.date.fromisoformat(spec["to"])})
    return q


def _status(spec: Any, ctx: Context) -> Q:
    values, negated = _values(spec)
    q = Q(status__in=values)  # the status of the membership period on the day
    return ~q if negated else q


def _exempt(spec: Any, ctx: Context) -> Q:
    """Exempted on the day: the last exemption event on or before it is an exemption, not its
    lifting (a record entered without its events: exempted since a day on or before it)."""
    from partybuilding.members.models import MemberEvent

    kinds = (EventKind.EXEMPTED, EventKind.EXEMPTION_LIFTED)
    events = MemberEvent.objects.filter(member=OuterRef(f"{ctx.member}id"), kind__in=kinds)
    last = events.filter(date__lte=ctx.day).order_by("-date", "-pk").values("kind")[:1]
    recorded_only = ~Q(Exists(events)) & Q(**{f"{ctx.member}exempt_since__lte": ctx.day})
    q = Q(Exact(Subquery(last), EventKind.EXEMPTED.value)) | recorded_only
    return q if spec else ~q


def _unit_type(spec: Any, ctx: Context) -> Q:
    values, negated = _values(spec)
    q = Q(**{f"{ctx.fields.get('unit_type', 'organization__unit_type')}__in": values})
    return ~q if negated else q


# --- the ways members join and leave a place (form 1) ---------------------------------------


def _moved(into: bool, other_province: bool | None, ctx: Context) -> Q:
    """A transfer within the system across the place's border: into it (the destination inside,
    the origin outside) or out of it; from (to) another province or from (to) elsewhere in the
    place's own province."""
    here, there = ("to_organization__", "organization__") if into else ("organization__", "to_organization__")
    q = Q(kind=EventKind.TRANSFERRED) & ctx.inside(here) & ctx.outside(there)
    if other_province is None:
        return q
    if ctx.province is None:  # the place is above the provinces: every move across it is "another province"
        return q if other_province else Q(pk__in=[])
    in_province = ctx.province(there)
    return q & (~in_province if other_province else in_province)


def _event(kind: str) -> Callable[[Context], Q]:
    return lambda ctx: Q(kind=kind) & ctx.inside("organization__")


WAYS_IN: dict[str, Callable[[Context], Q]] = {
    "admitted": _event(EventKind.ADMITTED),
    "reinstated": _event(EventKind.REINSTATED),
    "from_outside": _event(EventKind.TRANSFERRED_IN),
    "from_other_province": lambda ctx: _moved(True, True, ctx),
    "from_within_province": lambda ctx: _moved(True, False, ctx),
}
WAYS_OUT: dict[str, Callable[[Context], Q]] = {
    "died": _event(EventKind.DIED),
    "expelled": _event(EventKind.EXPELLED),
    "removed": _event(EventKind.REMOVED),
    "left": _event(EventKind.LEFT),
    "to_outside": _event(EventKind.TRANSFERRED_OUT),
    "to_other_province": lambda ctx: _moved(False, True, ctx),
    "to_within_province": lambda ctx: _moved(False, False, ctx),
}


def _ways(table: dict[str, Callable[[Context], Q]]) -> Compile:
    def compile(spec: Any, ctx: Context) -> Q:
        q = Q(pk__in=[])
        for way in _values(spec)[0]:
            q |= table[way](ctx)
        return q

    return compile


def _probationary(spec: Any, ctx: Context) -> Q:
    """The member was probationary until the event: the membership period ending that day."""
    from partybuilding.members.models import Membership

    before = Membership.objects.filter(member=OuterRef("member_id"), valid_to=OuterRef("date"), status=MemberStatus.PROBATIONARY)
    return Q(Exists(before)) if spec else ~Q(Exists(before))


# --- organizations, rewards, badges, cards, transfers ------------------------------------------


def _admitted_in_period(spec: Any, ctx: Context) -> Q:
    """Organizations in whose subtree someone was admitted during the period: the ancestors of
    the organizations where the admissions were recorded."""
    from partybuilding.members.models import MemberEvent

    where = MemberEvent.objects.filter(ctx.events_inside("organization__"), kind=EventKind.ADMITTED, date__gte=ctx.start, date__lte=ctx.end)
    found = {a for path in where.values_list("org_path", flat=True).distinct() for a in paths.ancestor_paths(path)}
    q = Q(path__in=sorted(found))
    return q if spec else ~q


def _field(name: str) -> Compile:
    def compile(spec: Any, ctx: Context) -> Q:
        values, negated = _values(spec)
        q = Q(**{f"{ctx.fields.get(name, name)}__in": values})
        return ~q if negated else q

    return compile


def _recipient(spec: Any, ctx: Context) -> Q:
    values = _values(spec)[0]
    q = Q(pk__in=[])
    if "member" in values:
        q |= Q(member__isnull=False)
    if "organization" in values:
        q |= Q(member__isnull=True)
    return q


def _direction(spec: Any, ctx: Context) -> Q:
    """Letters issued by the place's organizations ("out") or received by them ("in"): form 7
    counts the operations done, wherever the other end is."""
    values = _values(spec)[0]
    q = Q(pk__in=[])
    if "out" in values:
        q |= ctx.inside("from_organization__")
    if "in" in values:
        q |= ctx.inside("to_organization__")
    return q


MEMBER_FACTS: dict[str, Compile] = {
    "gender": _in("gender"),
    "ethnicity": _in("ethnicity"),
    "minority": _minority,
    "religion": _in("religion"),
    "religious": _religious,
    "education": _in("education"),
    "qualification": _in("qualification"),
    "theory": _in("theory"),
    "occupation": _in("occupation"),
    "academic_title": _in("academic_title"),
    "youth_union": _flag("youth_union"),
    "readmitted": _flag("readmitted"),
    "private_business_owner": _flag("private_business_owner"),
    "married_to_foreigner": _flag("married_to_foreigner"),
    "family_planning_violation": _flag("family_planning_violation"),
    "foreign_origin": _flag("foreign_origin"),
    "age": _age,
    "admitted": _admitted,
}

CONDITIONS: dict[str, Compile] = {
    **MEMBER_FACTS,
    "status": _status,
    "exempt": _exempt,
    "unit_type": _unit_type,
    "way": _ways({**WAYS_IN, **WAYS_OUT}),
    "probationary": _probationary,
    "kind": _field("kind"),
    "no_candidates_left": _flag("no_candidates_left"),
    "admitted_in_period": _admitted_in_period,
    "recipient": _recipient,
    "form": _field("form"),
    "years": _field("years"),
    "reason": _field("reason"),
    "transfer": _field("transfer"),
    "direction": _direction,
}


def matching(conditions: dict[str, Any], ctx: Context) -> Q:
    """The filter of a set of conditions (all of them hold) on a count's records."""
    q = Q()
    for name, spec in conditions.items():
        q &= CONDITIONS[name](spec, ctx)
    return q


@dataclass(frozen=True)
class Count:
    """A kind of record a form counts, and the conditions that apply to it."""

    name: str
    conditions: frozenset[str]
    stock: bool  # counted on a day (else over the period)
    of_members: bool = True  # the drill-down lists members (else organizations)


_MEMBER = frozenset(MEMBER_FACTS)
COUNTS: dict[str, Count] = {
    "members": Count("members", _MEMBER | {"status", "exempt", "unit_type"}, stock=True),
    "admitted": Count("admitted", _MEMBER | {"unit_type"}, stock=False),
    "joined": Count("joined", _MEMBER | {"way", "unit_type"}, stock=False),
    "left": Count("left", _MEMBER | {"way", "probationary", "unit_type"}, stock=False),
    "organizations": Count(
        "organizations", frozenset({"kind", "unit_type", "no_candidates_left", "admitted_in_period"}), stock=True, of_members=False
    ),
    "badges": Count("badges", _MEMBER | {"years"}, stock=False),
    "cards": Count("cards", _MEMBER | {"reason"}, stock=False),
    "rewards": Count("rewards", frozenset({"recipient", "form", "kind"}), stock=False, of_members=False),
    "transfers": Count("transfers", _MEMBER | {"transfer", "direction"}, stock=False),
}
