"""What dues are computed from: a member's base, exemptions and reductions, and the
province's fixed amounts. Each change recomputes the member's charges already made."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.records import actor_user, record_event
from partybuilding.core.rules import rule
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .. import months
from ..choices import MAX_AMOUNT, BaseKind, FixedCategory, ReliefKind
from ..models import DuesBase, FixedAmount, Relief
from .charges import recharge_member

BASE_FIELDS = ["member", "from_month", "kind", "amount", "category"]
RELIEF_FIELDS = ["member", "kind", "percent", "from_month", "to_month", "decision_number", "decision_date", "reason"]


def dues_base_record(*, actor: Any, member: Member, from_month: dt.date, kind: str, amount: int = 0, category: str = "") -> DuesBase:
    """Record (or correct) the member's dues base from a month on."""
    from_month = months.first_of(from_month)
    if kind not in BaseKind.values:
        raise Refusal(_("Choose a salary, a pension or a fixed amount."), field="kind")
    if category and category not in FixedCategory.values:
        raise Refusal(_("Choose the category of a member who pays a fixed amount."), field="category")
    if amount > MAX_AMOUNT:
        raise Refusal(_("Type a whole amount in đồng."), field="amount")
    if kind == BaseKind.FIXED and not category:
        raise Refusal(_("Choose the category of a member who pays a fixed amount."), field="category")
    if kind != BaseKind.FIXED and amount <= 0:
        raise Refusal(_("Enter the salary base or the pension, in đồng."), field="amount")
    with transaction.atomic():
        base, created = DuesBase.objects.select_for_update().get_or_create(
            member=member,
            from_month=from_month,
            defaults={"kind": kind, "amount": amount, "category": category, "recorded_by": actor_user(actor)},
        )
        before = None if created else snapshot(base, BASE_FIELDS)
        if not created:
            base.kind, base.amount, base.category = kind, amount if kind != BaseKind.FIXED else 0, category
            base.save(update_fields=["kind", "amount", "category"])
        # A salary counts for the month after it: the month before the from-month is unchanged.
        recharge_member(member, from_month)
        audit_record(actor=actor, action="dues.base", obj=base, before=before, after=snapshot(base, BASE_FIELDS))
    return base


def relief_record(
    *,
    actor: Any,
    member: Member,
    kind: str,
    from_month: dt.date,
    to_month: dt.date,
    decision_number: str,
    decision_date: dt.date,
    percent: int | None = None,
    reason: str = "",
    submission: uuid.UUID | None = None,
) -> Relief:
    """An exemption for hardship, or a reduction of 30/50/70% (the rules in force at the end
    of the first month), for at most the months the rule allows, by a decision."""
    from_month, to_month = months.first_of(from_month), months.first_of(to_month)
    # A resubmitted form answers with what it recorded, for this member only.
    if submission and (done := Relief.objects.filter(submission=submission, member=member).first()):
        return done
    if kind not in ReliefKind.values:
        raise Refusal(_("Choose an exemption or a reduction."), field="kind")
    if to_month < from_month:
        raise Refusal(_("The last month comes before the first."), field="to_month")
    # Read on the first month's last day, as the month's dues are (QĐ 01 took effect on 3 February).
    on = months.last_day(from_month)
    longest = rule("dues.relief_max_months", on)
    if months.count(from_month, to_month) > int(longest.value):
        raise Refusal(
            _("An exemption or reduction lasts at most %(n)s months; this one lasts %(m)s.")
            % {"n": longest.value, "m": months.count(from_month, to_month)},
            rule=longest.citation,
            field="to_month",
        )
    if kind == ReliefKind.REDUCTION:
        allowed = rule("dues.reduction_percents", on)
        if percent not in allowed.value:
            raise Refusal(
                _("A reduction of dues is %(allowed)s%%, not %(percent)s%%.")
                % {"allowed": "/".join(str(p) for p in allowed.value), "percent": percent},
                rule=allowed.citation,
                field="percent",
            )
    else:
        percent = None
    if Relief.objects.filter(member=member, from_month__lte=to_month, to_month__gte=from_month).exists():
        raise Refusal(_("Another exemption or reduction already covers some of these months."), field="from_month")
    with transaction.atomic():
        relief = record_event(
            Relief, actor=actor, submission=submission, member=member, kind=kind, percent=percent, from_month=from_month,
            to_month=to_month, decision_number=decision_number, decision_date=decision_date, reason=reason,
        )  # fmt: skip
        recharge_member(member, from_month, to_month)
        audit_record(actor=actor, action="dues.relief", obj=relief, after=snapshot(relief, RELIEF_FIELDS))
    return relief


def fixed_amount_set(*, actor: Any, organization: Organization, category: str, amount: int, effective_from: dt.date) -> FixedAmount:
    """The monthly amount of a category of members in `organization`'s subtree from a date.
    Charges already made keep their amounts (a new amount applies to months opened after)."""
    if amount < 0:
        raise Refusal(_("An amount cannot be negative."), field="amount")
    with transaction.atomic():
        row, _created = FixedAmount.objects.update_or_create(
            organization=organization, category=category, effective_from=effective_from,
            defaults={"amount": amount, "recorded_by": actor_user(actor)},
        )  # fmt: skip
        audit_record(
            actor=actor, action="dues.fixed_amount", obj=row, after=snapshot(row, ["organization", "category", "amount", "effective_from"])
        )
    return row
