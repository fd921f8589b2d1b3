"""Reads of dues shared by the pages, the API and the exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Max, Min, QuerySet, Sum
from django.utils.translation import gettext as _

from partybuilding.core import paths
from partybuilding.core.attention import Item, link, register
from partybuilding.core.month_charts import MonthFigure, month_chart
from partybuilding.core.rules import rule_if_recorded
from partybuilding.members.choices import IN_LIST
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization, SubtreeTotal

from . import months
from .models import Account, Charge, Payment
from .services.charges import OWING, chunks
from .totals import NAMES, key

# --- one member --------------------------------------------------------------------------


@dataclass
class DuesAccount:
    """A member's months, payments and credit, as the account page shows them."""

    member: Member
    charges: list[Charge]
    payments: list[Payment]
    credit: int

    @property
    def due(self) -> int:
        return sum(c.due for c in self.charges)

    @property
    def paid(self) -> int:
        return sum(c.paid for c in self.charges)

    @property
    def outstanding(self) -> int:
        return self.due - self.paid


def account(member: Member, year: int | None = None) -> DuesAccount:
    charges = Charge.objects.filter(member=member).select_related("organization").order_by("-month")
    payments = Payment.objects.filter(member=member).order_by("-paid_on", "-id")
    if year:
        charges = charges.filter(month__year=year)
        payments = payments.filter(month__year=year)
    credit = Account.objects.filter(member=member).values_list("credit", flat=True).first() or 0
    return DuesAccount(member, list(charges), list(payments[:200]), credit)


# --- arrears -----------------------------------------------------------------------------


def owing_charges(scope: Organization, year: int | None = None, up_to: dt.date | None = None) -> QuerySet[Charge]:
    """Charges of the scope's subtree with something outstanding (the partial index)."""
    charges = Charge.objects.filter(OWING, paths.subtree_q(scope.path, "org_path")).order_by()
    if year:
        charges = charges.filter(month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1))
    if up_to:
        charges = charges.filter(month__lt=months.first_of(up_to))
    return charges


def removal_threshold(year: int) -> tuple[int | None, str]:
    """The removal rule's number of unpaid months in `year`, with its citation; None for a
    year before any recorded rule (nothing is flagged then)."""
    found = rule_if_recorded("removal.unexcused_months_per_year", dt.date(year, 12, 31))
    return (int(found.value), found.citation) if found else (None, "")


def _flagged(months: int, threshold: int | None, member: Member) -> bool:
    """Unpaid months that lead to the removal proposal, for a member still in the list."""
    return threshold is not None and months >= threshold and member.in_list


def arrears(scope: Organization, *, year: int | None, today: dt.date, min_months: int = 0, q: str = "") -> QuerySet[Any]:
    """One row per member owing: months owed, amount, first and last month. Only months
    that have ended count (the current month is not late yet)."""
    charges = owing_charges(scope, year, up_to=today)
    if q:
        from partybuilding.members.records.selectors import search

        charges = charges.filter(member__in=search(Member.objects.all(), q).values("pk"))
    rows = charges.values("member_id").annotate(months=Count("pk"), owed=Sum(F("due") - F("paid")), first=Min("month"), last=Max("month"))
    if min_months:
        rows = rows.filter(months__gte=min_months)
    return rows.order_by("-months", "-owed", "member_id")


@dataclass
class ArrearsRow:
    member: Member
    months: int
    owed: int
    month_list: list[dt.date] = field(default_factory=list)
    flagged: bool = False


def arrears_rows(rows: list[dict[str, Any]], scope: Organization, year: int | None, today: dt.date) -> list[ArrearsRow]:
    """The members and months of one page of `arrears` (two queries)."""
    ids = [r["member_id"] for r in rows]
    members = Member.objects.select_related("organization").in_bulk(ids)
    month_lists: dict[int, list[dt.date]] = {}
    for member_id, month in (
        owing_charges(scope, year, up_to=today).filter(member_id__in=ids).order_by("month").values_list("member_id", "month")
    ):
        month_lists.setdefault(member_id, []).append(month)
    result = []
    for r in rows:
        member = members[r["member_id"]]
        per_year: dict[int, int] = {}
        for m in month_lists.get(r["member_id"], []):
            per_year[m.year] = per_year.get(m.year, 0) + 1
        if year:
            flagged = _flagged(r["months"], removal_threshold(year)[0], member)
        else:
            flagged = any(_flagged(n, removal_threshold(y)[0], member) for y, n in per_year.items())
        result.append(ArrearsRow(member, r["months"], r["owed"], month_lists.get(r["member_id"], []), flagged))
    return result


def flagged_count(scope: Organization, year: int, today: dt.date) -> int:
    """Members of the scope unpaid for the removal rule's number of months in `year`."""
    threshold, _citation = removal_threshold(year)
    if threshold is None:
        return 0
    # Members and months from the partial index alone, then only the members found there
    # who are still in the list (the dead, the removed, the expelled are not proposed again).
    per_member = owing_charges(scope, year, up_to=today).values("member_id").annotate(months=Count("*"))
    # Two reads: as one query the planner scans the members table.
    unpaid = list(per_member.filter(months__gte=threshold).values_list("member_id", flat=True))
    return sum(Member.objects.filter(pk__in=part, status__in=IN_LIST).count() for part in chunks(unpaid))


# --- totals: summary and report ------------------------------------------------------------


@dataclass
class Line:
    organization: Organization
    due: int = 0
    collected: int = 0
    exempted: int = 0
    reduced: int = 0
    owing: int = 0

    @property
    def outstanding(self) -> int:
        return self.due - self.collected

    @property
    def rate(self) -> float | None:
        return round(100 * self.collected / self.due, 1) if self.due else None


@dataclass
class Report:
    scope: Organization
    first: dt.date
    last: dt.date
    lines: list[Line]
    total: Line


def report(scope: Organization, first: dt.date, last: dt.date) -> Report:
    """Due, collected, exempted, reduced and outstanding of each child of `scope` and of
    the scope itself over the months, from the subtree totals (two queries, any size).
    `owing` sums, month by month, the charges still owing."""
    children = list(Organization.objects.filter(parent=scope).order_by("code"))
    wanted = [key(m, n) for m in months.span(first, last) for n in NAMES]
    lines = {o.pk: Line(o) for o in [scope, *children]}
    rows = SubtreeTotal.objects.filter(organization_id__in=list(lines), key__in=wanted).values_list("organization_id", "key", "value")
    for org_id, k, value in rows:
        name = k.rsplit(".", 1)[1]
        line = lines[org_id]
        setattr(line, name, getattr(line, name) + value)
    total = lines.pop(scope.pk)
    return Report(scope, first, last, [line for line in lines.values() if line.due or line.collected or line.exempted], total)


def rate_chart(scope: Organization, first: dt.date, last: dt.date) -> Any:
    """The collection rate by month as an SVG, for the report's page (and its print)."""
    return month_chart(monthly_rates(scope, first, last), _("Dues collection rate by month, in percent"), unit=" %")


def monthly_rates(scope: Organization, first: dt.date, last: dt.date) -> list[MonthFigure]:
    """The scope's collection rate month by month (collected out of due, in percent; the
    last 24 months of the period at most), from the subtree totals in one query."""
    spanned = list(months.span(first, last))[-24:]
    wanted = [key(m, n) for m in spanned for n in ("due", "collected")]
    found = dict(SubtreeTotal.objects.filter(organization=scope, key__in=wanted).values_list("key", "value"))
    figures = []
    for m in spanned:
        due, collected = found.get(key(m, "due"), 0), found.get(key(m, "collected"), 0)
        figures.append(MonthFigure(m, round(100 * collected / due, 1) if due else None))
    return figures


@register
def attention_items(scope: Organization, today: dt.date, user: Any) -> list[Item]:
    n, citation = removal_threshold(today.year)
    count = flagged_count(scope, today.year, today)
    if n is None:
        return []
    return [
        Item(
            _("Members unpaid for %(n)s months this year") % {"n": n},
            count,
            _("Dues unpaid for the months that lead to a proposal of removal (%(rule)s).") % {"rule": citation},
            link("dues_arrears", year=today.year, min_months=n),
        )
    ]


def collection_rows(org: Organization, month: dt.date) -> list[dict[str, Any]]:
    """The members charged in `org` for `month`, with their earlier arrears and credit: the
    lines of the cash collection, on the page and on the phone."""
    charges = list(Charge.objects.filter(organization=org, month=month).select_related("member").order_by("member__sort_key", "pk"))
    ids = [c.member_id for c in charges]
    earlier = dict(
        Charge.objects.filter(member_id__in=ids, month__lt=month, paid__lt=F("due"))
        .values("member_id")
        .annotate(owed=Sum(F("due") - F("paid")))
        .values_list("member_id", "owed")
    )
    credit = dict(Account.objects.filter(member_id__in=ids, credit__gt=0).values_list("member_id", "credit"))
    return [
        {
            "charge": c,
            "member": c.member,
            "earlier": earlier.get(c.member_id, 0),
            "credit": credit.get(c.member_id, 0),
            "field": f"pay_{c.pk}",
        }
        for c in charges
    ]
