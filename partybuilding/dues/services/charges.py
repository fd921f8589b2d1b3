"""Monthly charges: opening a month for a subtree (idempotent), and recomputing a
member's charges when their base or relief changes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from django.db import transaction
from django.db.models import F, Q

from partybuilding.core import paths
from partybuilding.core.audit import audit_record
from partybuilding.core.bulk import Table
from partybuilding.members.choices import MemberStatus
from partybuilding.members.models import Member, Membership
from partybuilding.organizations.models import Organization

from .. import months
from ..models import Account, Charge, DuesBase, Relief
from ..totals import Deltas, charge_keys, key, keys_of
from .compute import FixedAmounts, Rates, amounts

T = TypeVar("T")
CHUNK = 2000
OWING = Q(paid__lt=F("due"))  # a charge with something outstanding


def chunks(items: list[T], size: int = CHUNK) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class BaseRow(NamedTuple):
    """The fields of a DuesBase the computation reads (a month reads one per member)."""

    member_id: int
    from_month: dt.date
    kind: str
    amount: int
    category: str


@dataclass(frozen=True)
class Opened:
    charged: int
    already: int
    without_base: int


def _grouped(rows: Iterable[Any]) -> dict[int, list[Any]]:
    result: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        result[row.member_id].append(row)
    return result


def take_credit(charge: Any, credit: dict[int, int]) -> int:
    """Pay what is outstanding on `charge` from the member's credit; returns what was taken."""
    taken = min(credit.get(charge.member_id, 0), charge.due - charge.paid)
    if taken > 0:
        charge.paid += taken
        credit[charge.member_id] -= taken
    return max(taken, 0)


def _save_credit(credit: dict[int, int], before: dict[int, int]) -> None:
    changed = [Account(member_id=m, credit=c) for m, c in credit.items() if c != before.get(m, 0)]
    if changed:
        Account.objects.bulk_create(changed, update_conflicts=True, unique_fields=["member"], update_fields=["credit"])


@dataclass(slots=True)
class Pending:
    """A charge about to be written (a month of a province is a hundred thousand of them)."""

    member_id: int
    organization_id: int
    org_path: str
    month: dt.date
    base_amount: int
    exempted: int
    reduced: int
    due: int
    paid: int = 0


def dues_open_month(*, actor: Any, organization: Organization, month: dt.date) -> Opened:
    """Charge every member of `organization`'s subtree in the list on the month's first day
    who has no charge for it yet; credit held by a member pays the new charge. Running it
    again charges only the members added since."""
    month = months.first_of(month)
    with transaction.atomic():
        valid = Q(valid_from__lte=month) & (Q(valid_to__isnull=True) | Q(valid_to__gt=month))
        in_list = [MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL]
        memberships = Membership.objects.filter(valid, paths.subtree_q(organization.path, "organization__path"), status__in=in_list)
        # Each read below joins this subquery: no list of ids goes back and forth.
        held_ids = memberships.values("member_id")
        held = {m: (o, p) for m, o, p in memberships.values_list("member_id", "organization_id", "organization__path")}
        already = set(Charge.objects.filter(month=month, member_id__in=held_ids).values_list("member_id", flat=True))
        dates = {pk: (a, o) for pk, a, o in Member.objects.filter(pk__in=held_ids).values_list("pk", "admission_date", "official_date")}
        bases = _grouped(
            BaseRow(*row)
            for row in DuesBase.objects.filter(member_id__in=held_ids, from_month__lte=month)
            .order_by("member_id", "from_month")
            .values_list("member_id", "from_month", "kind", "amount", "category")
        )
        reliefs = _grouped(Relief.objects.filter(member_id__in=held_ids, from_month__lte=month, to_month__gte=month))
        credit = dict(Account.objects.select_for_update().filter(member_id__in=held_ids, credit__gt=0).values_list("member_id", "credit"))
        before = dict(credit)
        rates = Rates.of(month)
        fixed = FixedAmounts.load({path for _org, path in held.values()}, month)
        charges: list[Pending] = []
        without_base = 0
        for member_id in sorted(set(held) - already):
            org_id, path = held[member_id]
            found = amounts(
                bases=bases.get(member_id, []), reliefs=reliefs.get(member_id, []), admission=dates[member_id][0],
                official=dates[member_id][1], month=month, org_path=path, rates=rates, fixed=fixed,
            )  # fmt: skip
            if found is None:
                without_base += 1
                continue
            charge = Pending(member_id, org_id, path, month, found.base_amount, found.exempted, found.reduced, found.due)
            take_credit(charge, credit)
            charges.append(charge)
        _insert(charges)
        _save_credit(credit, before)
        _add_totals(charges, month)
        result = Opened(len(charges), len(already), without_base)
        audit_record(
            actor=actor, action="dues.open_month", obj=organization,
            after={"month": months.label(month), "charged": result.charged, "already": result.already, "without_base": without_base},
        )  # fmt: skip
    return result


def _add_totals(charges: list[Pending], month: dt.date) -> None:
    """One month's charges summed per organization, then added up the tree."""
    sums: dict[str, list[int]] = {}
    for c in charges:
        s = sums.setdefault(c.org_path, [0, 0, 0, 0, 0])
        s[0] += c.due
        s[1] += c.paid
        s[2] += c.exempted
        s[3] += c.reduced
        s[4] += c.paid < c.due
    deltas = Deltas()
    for path, (due, paid, exempted, reduced, owing) in sums.items():
        deltas.add(path, {**keys_of(month, due=due, paid=paid, exempted=exempted, reduced=reduced), key(month, "owing"): owing})
    deltas.save()


def _insert(charges: list[Pending]) -> None:
    """Raw batches (COPY on PostgreSQL), not model saves."""
    table = Table(Charge)
    rows = (table.row({f: getattr(c, f) for f in FIELDS}) for c in charges)
    table.insert(rows, len(charges), "dues")


FIELDS = ["member_id", "organization_id", "org_path", "month", "base_amount", "exempted", "reduced", "due", "paid"]


def recharge_member(member: Member, from_month: dt.date, to_month: dt.date | None = None) -> int:
    """Recompute the member's existing charges from `from_month` (to `to_month`) after a
    change of base or relief: a payment beyond the new due becomes credit, and credit pays
    what is owed, oldest month first, inside the range or not. Call inside the change's
    transaction; returns charges changed."""
    charges = list(Charge.objects.select_for_update().filter(member=member, month__gte=from_month).order_by("month"))
    if to_month is not None:
        charges = [c for c in charges if c.month <= to_month]
    if not charges:
        return 0
    bases = list(DuesBase.objects.filter(member=member).order_by("from_month"))
    reliefs = list(Relief.objects.filter(member=member))
    account, _ = Account.objects.select_for_update().get_or_create(member=member)
    fixed_rows = FixedAmounts.rows({c.org_path for c in charges}, charges[-1].month)  # charges are in month order
    credit = {member.pk: account.credit}
    before: dict[int, dict[str, int]] = {}
    for charge in charges:
        fixed = FixedAmounts(fixed_rows, charge.month)
        found = amounts(
            bases=bases, reliefs=reliefs, admission=member.admission_date, official=member.official_date,
            month=charge.month, org_path=charge.org_path, rates=Rates.of(charge.month), fixed=fixed,
        )  # fmt: skip
        if found is None:
            continue  # the base was removed for that month: the charge stays as it was
        before[charge.pk] = charge_keys(charge)
        charge.base_amount, charge.exempted, charge.reduced, charge.due = found.base_amount, found.exempted, found.reduced, found.due
        if charge.paid > charge.due:
            credit[member.pk] += charge.paid - charge.due
            charge.paid = charge.due
    owing = [c for c in charges if c.paid < c.due]
    if credit[member.pk] > 0:  # older (or later) months left owing outside the range come first by date too
        owing += Charge.objects.select_for_update().filter(OWING, member=member).exclude(pk__in=[c.pk for c in charges])
    for charge in sorted(owing, key=lambda c: c.month):
        before.setdefault(charge.pk, charge_keys(charge))
        take_credit(charge, credit)
    deltas, changed = Deltas(), []
    for charge in {c.pk: c for c in [*charges, *owing]}.values():
        if charge.pk in before and charge_keys(charge) != before[charge.pk]:
            deltas.change(charge.org_path, before[charge.pk], charge_keys(charge))
            changed.append(charge)
    Charge.objects.bulk_update(changed, ["base_amount", "exempted", "reduced", "due", "paid"])
    if credit[member.pk] != account.credit:
        account.credit = credit[member.pk]
        account.save(update_fields=["credit"])
    deltas.save()
    return len(changed)
