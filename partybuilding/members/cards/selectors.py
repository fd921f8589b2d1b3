"""Reads of the Party cards issued: a member's cards, and the cards of a scope that the list,
its Excel copy and the API share (by year, by reason, by member name or card number)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from partybuilding.organizations.models import Organization

from ..choices import CardIssueKind
from ..models import CardIssue, Member
from ..records.selectors import search


def cards_of(member: Member) -> QuerySet[CardIssue]:
    """A member's cards, the latest first."""
    return member.cards.select_related("recorded_by").order_by("-issued_on", "-pk")


def year_q(field: str, year: int) -> Q:
    """The days of a year, as a range its index reads."""
    return Q(**{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lt": dt.date(year + 1, 1, 1)})


def filtered(user: Any, within: Organization | None, filters: dict[str, Any]) -> QuerySet[CardIssue]:
    """The cards issued in the user's scope (or `within`'s subtree) that the filters describe;
    a search is a card number (digits) or the start of a member's name, diacritics ignored."""
    rows = CardIssue.objects.visible_to(user)
    if within is not None:
        rows = rows.within(within)
    if filters.get("year"):
        rows = rows.filter(year_q("issued_on", filters["year"]))
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    text = (filters.get("q") or "").strip()
    if text.isdigit():
        rows = rows.filter(number=text)
    elif text:
        rows = rows.filter(member__in=search(Member.objects.all(), text).values("pk"))
    return rows.select_related("member", "member__organization").order_by("-issued_on", "-pk")


def counts(rows: QuerySet[CardIssue]) -> list[tuple[str, int]]:
    """How many of the rows were issued for each reason (one query), in the form's order."""
    found = rows.order_by().aggregate(**{kind: Count("pk", filter=Q(kind=kind)) for kind in CardIssueKind.values})
    return [(str(label), found[value]) for value, label in CardIssueKind.choices]
