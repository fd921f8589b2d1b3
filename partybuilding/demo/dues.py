"""Demo dues: a base for every member (salary, pension or a fixed category by occupation),
the province's fixed amounts, a few exemptions and reductions, the last months charged through the service, and most of
them paid, so that the collection screen, arrears and the report show something.

Bases and payments are written in raw batches (one payment per member and month paid) and
the totals are then recounted by the same check `manage.py dues_totals_check` runs:
thousands of service calls would take minutes for data nobody entered."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import connection
from django.db.models import F
from django.utils import timezone

from partybuilding.core import paths
from partybuilding.core.audit import audit_record
from partybuilding.core.bulk import Table
from partybuilding.core.text import search_key
from partybuilding.dues import months
from partybuilding.dues.choices import BaseKind, FixedCategory, PaymentSource, ReliefKind
from partybuilding.dues.models import Bank, Charge, DuesBase, Payment
from partybuilding.dues.services import dues_open_month, fixed_amount_set, relief_record
from partybuilding.dues.services.bank import collecting_account_set
from partybuilding.dues.totals import PREFIX
from partybuilding.members.choices import Occupation
from partybuilding.members.models import Member
from partybuilding.organizations.choices import OrgKind, OrgStatus
from partybuilding.organizations.models import Organization
from partybuilding.organizations.totals import recompute

FIXED: dict[str, int] = {FixedCategory.INFORMAL: 10_000, FixedCategory.STUDENT: 5_000, FixedCategory.ABROAD: 50_000}
MONTHS_BACK = 3


def _base(rng: random.Random, occupation: str) -> tuple[str, int, str]:
    if occupation == Occupation.RETIRED:
        return BaseKind.PENSION, rng.randrange(4_000_000, 12_000_000, 100_000), ""
    if occupation in (Occupation.FARMER, Occupation.OTHER):
        return BaseKind.FIXED, 0, FixedCategory.INFORMAL
    if occupation in (Occupation.STUDENT, Occupation.PUPIL):
        return BaseKind.FIXED, 0, FixedCategory.STUDENT
    return BaseKind.SALARY, rng.randrange(4_500_000, 20_000_000, 100_000), ""


def load(province: Organization, today: dt.date | None = None, *, seed: int = 2026) -> int:
    """Bases, charges and payments for the province's members; returns the charges made."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    current = months.first_of(today)
    first = months.add(current, -MONTHS_BACK)
    for fixed_category, fixed in FIXED.items():
        fixed_amount_set(actor=None, organization=province, category=fixed_category, amount=fixed, effective_from=dt.date(2026, 1, 1))
    members = Member.objects.in_list().values_list("pk", "occupation").order_by("pk")
    base_table, since, now = Table(DuesBase), months.add(first, -1), timezone.now()
    bases = []
    for pk, occupation in members.iterator(chunk_size=5000):
        kind, amount, category = _base(rng, occupation)
        bases.append(
            base_table.row({"member_id": pk, "from_month": since, "kind": kind, "amount": amount, "category": category, "recorded_at": now})
        )
    base_table.insert(bases, len(bases), "dues bases")
    # A few decisions: reductions of 30/50/70% and exemptions for hardship, from the first month.
    for n, pk in enumerate(rng.sample([pk for pk, _o in members], min(12, len(members)))):
        member = Member.objects.get(pk=pk)
        kind = ReliefKind.EXEMPTION if n % 4 == 3 else ReliefKind.REDUCTION
        relief_record(
            actor=None, member=member, kind=kind, percent=(30, 50, 70)[n % 3] if kind == ReliefKind.REDUCTION else None,
            from_month=first, to_month=months.add(first, 5), decision_number=f"{n + 1}-QĐ/ĐU", decision_date=first,
        )  # fmt: skip
    charged = sum(dues_open_month(actor=None, organization=province, month=m).charged for m in months.span(first, current))
    # Most members pay every month; a few stop for the last three (the removal rule), the
    # current month is half collected.
    late = {pk for pk, _o in members if rng.random() < 0.03}
    # "dangvien" owes the last two months: their "My dues" shows what to transfer, and its VietQR code.
    own = Member.objects.filter(user__username="dangvien").values_list("pk", flat=True).first()
    payments, paid = [], []
    table = Table(Payment)
    submission = Payment._meta.get_field("submission").get_db_prep_value(uuid.uuid4(), connection)
    for charge in Charge.objects.filter(month__gte=first, due__gt=0).values(
        "pk", "member_id", "organization_id", "org_path", "month", "due"
    ):
        owed = charge["member_id"] in late and charge["month"] >= months.add(current, -3)
        owed = owed or (charge["member_id"] == own and charge["month"] >= months.add(current, -1))
        if owed or (charge["month"] == current and rng.random() < 0.5) or rng.random() < 0.04:
            continue
        paid.append(charge["pk"])
        payments.append(
            table.row({
                "member_id": charge["member_id"], "organization_id": charge["organization_id"], "org_path": charge["org_path"],
                "month": charge["month"], "amount": charge["due"], "paid_on": charge["month"] + dt.timedelta(days=rng.randrange(3, 25)),
                "source": PaymentSource.CASH, "submission": submission, "recorded_at": now,
            })
        )  # fmt: skip
    table.insert(payments, len(payments), "dues payments")
    for i in range(0, len(paid), 5000):
        Charge.objects.filter(pk__in=paid[i : i + 5000]).update(paid=F("due"))
    recompute(fix=True, prefixes=[PREFIX])
    audit_record(actor=None, action="dues.demo_payments", obj=province, after={"payments": len(payments)})
    bank_accounts(province, first)
    return charged


def bank_accounts(province: Organization, since: dt.date) -> None:
    """Each commune's committee collects its cells' dues on a VietinBank account; the demo
    member's cell has its own, at Agribank (the nearest account is the one a member pays)."""
    vietinbank, agribank = Bank.objects.get(bin="970415"), Bank.objects.get(bin="970405")
    communes = Organization.objects.filter(paths.subtree_q(province.path), kind=OrgKind.COMMUNE, status=OrgStatus.ACTIVE).order_by("code")
    for n, commune in enumerate(communes, start=1):
        holder = f"DANG UY {search_key(commune.name).upper().removeprefix('DANG BO ')}"[:100]
        collecting_account_set(
            actor=None, organization=commune, bank=vietinbank, account_number=f"1060{n:08d}", holder_name=holder, valid_from=since
        )
    cell = Organization.objects.filter(members__user__username="dangvien").first()
    if cell is not None:
        holder = f"CHI BO {search_key(cell.name).upper().removeprefix('CHI BO ')}"[:100]
        collecting_account_set(
            actor=None, organization=cell, bank=agribank, account_number=f"2906205{cell.pk:06d}", holder_name=holder, valid_from=since
        )
