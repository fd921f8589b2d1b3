"""Dues due, reliefs and payments at the rules' boundaries."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from partybuilding.core.errors import Refusal
from partybuilding.dues import selectors, services
from partybuilding.dues.choices import BaseKind, FixedCategory, ReliefKind
from partybuilding.dues.models import Account, Charge, Payment, Relief
from partybuilding.organizations import totals

from .conftest import Tree
from .dues_factories import SALARY, charge, member_with_base, open_months, pay
from .members_factories import make_member

pytestmark = pytest.mark.django_db
JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)


def test_it_charges_one_percent_of_the_previous_months_salary(tree: Tree) -> None:
    member = member_with_base(tree.X1)
    services.dues_base_record(actor=None, member=member, from_month=FEB, kind=BaseKind.SALARY, amount=8_000_000)
    open_months(tree.X1, JAN, MAR)
    assert [charge(member, m).due for m in (JAN, FEB, MAR)] == [50_000, 50_000, 80_000]


def test_pensioners_pay_half_a_percent_and_fixed_amounts_come_from_the_province(tree: Tree) -> None:
    pensioner = make_member(tree.X1)
    services.dues_base_record(actor=None, member=pensioner, from_month=JAN, kind=BaseKind.PENSION, amount=6_000_000)
    farmer = make_member(tree.X1)
    services.dues_base_record(actor=None, member=farmer, from_month=JAN, kind=BaseKind.FIXED, category=FixedCategory.INFORMAL)
    services.fixed_amount_set(actor=None, organization=tree.P, category=FixedCategory.INFORMAL, amount=10_000, effective_from=JAN)
    services.fixed_amount_set(actor=None, organization=tree.C1, category=FixedCategory.INFORMAL, amount=15_000, effective_from=FEB)
    open_months(tree.X1, JAN, FEB)
    assert charge(pensioner, FEB).due == 30_000
    assert (charge(farmer, JAN).due, charge(farmer, FEB).due) == (10_000, 15_000)  # the nearest committee's amount wins


def test_opening_a_month_twice_charges_once(tree: Tree) -> None:
    member = member_with_base(tree.X1)
    first = services.dues_open_month(actor=None, organization=tree.P, month=JAN)
    again = services.dues_open_month(actor=None, organization=tree.P, month=JAN)
    assert (first.charged, again.charged, again.already) == (1, 0, 1)
    assert Charge.objects.filter(member=member).count() == 1


def test_a_member_without_a_base_is_counted_not_charged(tree: Tree) -> None:
    make_member(tree.X1)
    assert services.dues_open_month(actor=None, organization=tree.X1, month=JAN).without_base == 1


@pytest.mark.parametrize(
    ("anniversary", "april_due", "may_due"),
    [
        (dt.date(1976, 5, 1), 50_000, 0),  # 50 years on 1 May: April due, May exempt
        (dt.date(1976, 5, 31), 50_000, 0),  # on the month's last day: May exempt (documented choice)
        (dt.date(1976, 6, 1), 50_000, 50_000),  # the day after May ends: May still due
    ],
)
def test_fifty_years_of_party_age_exempt_from_the_month_they_are_reached(
    tree: Tree, anniversary: dt.date, april_due: int, may_due: int
) -> None:
    member = member_with_base(tree.X1, admitted=anniversary, official=anniversary.replace(year=1977), date_of_birth=dt.date(1950, 1, 1))
    open_months(tree.X1, dt.date(2026, 4, 1), dt.date(2026, 5, 1))
    assert charge(member, dt.date(2026, 4, 1)).due == april_due
    may = charge(member, dt.date(2026, 5, 1))
    assert may.due == may_due
    assert may.exempted == 50_000 - may_due


def test_before_qd01_party_age_does_not_exempt(tree: Tree) -> None:
    member = member_with_base(tree.X1, admitted=dt.date(1970, 1, 1), official=dt.date(1971, 1, 1), date_of_birth=dt.date(1945, 1, 1))
    open_months(tree.X1, dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    assert (charge(member, JAN).due, charge(member, FEB).due) == (50_000, 0)  # QĐ 01 is in force at the end of February


def test_a_reduction_ends_with_its_last_month(tree: Tree) -> None:
    member = member_with_base(tree.X1)
    services.relief_record(
        actor=None, member=member, kind=ReliefKind.REDUCTION, percent=30, from_month=MAR, to_month=dt.date(2026, 5, 1),
        decision_number="3-QĐ", decision_date=dt.date(2026, 2, 20),
    )  # fmt: skip
    open_months(tree.X1, dt.date(2026, 2, 1), dt.date(2026, 6, 1))
    dues = [charge(member, dt.date(2026, m, 1)) for m in range(2, 7)]
    assert [c.due for c in dues] == [50_000, 35_000, 35_000, 35_000, 50_000]
    assert dues[1].reduced == 15_000


def test_an_exemption_for_hardship_recharges_months_already_opened(tree: Tree) -> None:
    member = member_with_base(tree.X1)
    open_months(tree.X1, MAR, MAR)
    pay(member, MAR, 50_000)
    services.relief_record(
        actor=None, member=member, kind=ReliefKind.EXEMPTION, from_month=MAR, to_month=MAR,
        decision_number="4-QĐ", decision_date=dt.date(2026, 3, 20),
    )  # fmt: skip
    march = charge(member, MAR)
    assert (march.due, march.exempted, march.paid) == (0, 50_000, 0)
    assert Account.objects.get(member=member).credit == 50_000  # what was paid is kept for later months


@pytest.mark.parametrize("percent", [20, 40, 100])
def test_reductions_are_only_30_50_or_70_percent(tree: Tree, percent: int) -> None:
    member = member_with_base(tree.X1)
    with pytest.raises(Refusal) as refused:
        services.relief_record(
            actor=None, member=member, kind=ReliefKind.REDUCTION, percent=percent, from_month=MAR, to_month=MAR,
            decision_number="5", decision_date=MAR,
        )  # fmt: skip
    assert "30/50/70" in refused.value.text and "QĐ 01-QĐ/TW" in refused.value.rule


@pytest.mark.parametrize(("last", "refused"), [(dt.date(2027, 2, 1), False), (dt.date(2027, 3, 1), True)])
def test_a_relief_lasts_at_most_twelve_months(tree: Tree, last: dt.date, refused: bool) -> None:
    member = member_with_base(tree.X1)  # 50,000 a month
    open_months(tree.X1, FEB, dt.date(2026, 5, 1))  # charged before the decision: recharged by it

    def record() -> Relief:
        return services.relief_record(
            actor=None, member=member, kind=ReliefKind.REDUCTION, percent=50, from_month=MAR, to_month=last,
            decision_number="6", decision_date=MAR,
        )  # fmt: skip

    if refused:
        with pytest.raises(Refusal) as refusal:
            record()
        assert "12 months" in refusal.value.message and refusal.value.rule == "QĐ 01-QĐ/TW"
        assert not Relief.objects.filter(member=member).exists()
        return
    relief = record()
    assert (relief.kind, relief.percent, relief.from_month, relief.to_month) == (ReliefKind.REDUCTION, 50, MAR, last)
    assert list(Relief.objects.filter(member=member)) == [relief]
    open_months(tree.X1, dt.date(2026, 6, 1), dt.date(2027, 3, 1))  # charged after it
    charges = {c.month: (c.due, c.reduced) for c in Charge.objects.filter(member=member)}
    assert charges.pop(FEB) == charges.pop(dt.date(2027, 3, 1)) == (50_000, 0)  # the months either side are not reduced
    assert len(charges) == 12 and set(charges.values()) == {(25_000, 25_000)}  # each of the twelve months at half


def test_overpayment_pays_the_next_month_and_then_stays_as_credit(tree: Tree) -> None:
    member = member_with_base(tree.X1)
    open_months(tree.X1, JAN, FEB)
    pay(member, JAN, 130_000)
    assert (charge(member, JAN).paid, charge(member, FEB).paid) == (50_000, 50_000)
    assert Account.objects.get(member=member).credit == 30_000
    open_months(tree.X1, MAR, MAR)
    assert charge(member, MAR).paid == 30_000  # credit pays the month when it opens
    assert Account.objects.get(member=member).credit == 0


def test_a_payment_pays_its_month_then_older_arrears(tree: Tree) -> None:
    member = member_with_base(tree.X1)
    open_months(tree.X1, JAN, MAR)
    pay(member, MAR, 100_000)
    assert [charge(member, m).paid for m in (JAN, FEB, MAR)] == [50_000, 0, 50_000]


def test_a_double_submit_records_once(tree: Tree) -> None:
    member = member_with_base(tree.X1)
    open_months(tree.X1, JAN, JAN)
    submission = uuid.uuid4()
    item = services.PaymentItem(member=member, month=JAN, amount=50_000, paid_on=JAN)
    assert len(services.payments_record(actor=None, items=[item], submission=submission)) == 1
    assert services.payments_record(actor=None, items=[item], submission=submission) == []
    assert Payment.objects.filter(member=member).count() == 1
    assert Account.objects.filter(member=member, credit__gt=0).count() == 0


def test_the_totals_follow_each_charge_and_payment(tree: Tree) -> None:
    member = member_with_base(tree.X1)
    member_with_base(tree.Y1)
    open_months(tree.P, JAN, FEB)
    pay(member, JAN, 50_000)
    result = selectors.report(tree.P, JAN, FEB)
    assert (result.total.due, result.total.collected, result.total.outstanding) == (200_000, 50_000, 150_000)
    by_code = {line.organization.code: line for line in result.lines}
    assert by_code["C1"].collected == 50_000 and by_code["C2"].collected == 0
    assert totals.recompute(prefixes=["d."]) == []


@pytest.mark.parametrize(
    ("unpaid", "flagged"),
    [
        ([dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)], True),
        ([dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1)], False),
        ([dt.date(2026, 1, 1), dt.date(2026, 2, 1)], False),
    ],
)
def test_three_unpaid_months_within_one_calendar_year_are_flagged(tree: Tree, unpaid: list[dt.date], flagged: bool) -> None:
    member = member_with_base(tree.X1)
    open_months(tree.X1, dt.date(2025, 11, 1), dt.date(2026, 3, 1))
    for month in [dt.date(2025, 11, 1), dt.date(2025, 12, 1), JAN, FEB, MAR]:
        if month not in unpaid:
            pay(member, month, 50_000, paid_on=month)
    today = dt.date(2026, 4, 10)
    assert (selectors.flagged_count(tree.P, 2026, today) == 1) is flagged
    rows = selectors.arrears_rows(list(selectors.arrears(tree.P, year=None, today=today)), tree.P, None, today)
    assert rows[0].flagged is flagged


def test_the_current_month_is_not_yet_in_arrears(tree: Tree) -> None:
    member_with_base(tree.X1)
    open_months(tree.X1, MAR, MAR)
    assert selectors.arrears(tree.P, year=2026, today=dt.date(2026, 3, 31)).count() == 0
    assert selectors.arrears(tree.P, year=2026, today=dt.date(2026, 4, 1)).count() == 1


def test_salary_used_is_the_previous_months(tree: Tree) -> None:
    member = member_with_base(tree.X1, salary=SALARY, since=JAN)
    services.dues_base_record(actor=None, member=member, from_month=MAR, kind=BaseKind.SALARY, amount=9_000_000)
    open_months(tree.X1, MAR, dt.date(2026, 4, 1))
    assert (charge(member, MAR).due, charge(member, dt.date(2026, 4, 1)).due) == (50_000, 90_000)


def test_the_command_opens_a_month_once_and_the_check_reports_drift(tree: Tree) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from partybuilding.organizations.models import SubtreeTotal

    member_with_base(tree.X1)
    out = StringIO()
    call_command("dues_open_month", "P", "2026-01", stdout=out)
    call_command("dues_open_month", "P", "01/2026", stdout=out)
    assert "1 charged" in out.getvalue() and "0 charged, 1 already charged" in out.getvalue()
    SubtreeTotal.objects.filter(organization=tree.P, key="d.202601.due").update(value=1)
    with pytest.raises(CommandError):
        call_command("dues_totals_check", stdout=StringIO())
    call_command("dues_totals_check", "--fix", stdout=StringIO())
    assert SubtreeTotal.objects.get(organization=tree.P, key="d.202601.due").value == 50_000


def test_the_attention_list_counts_members_for_the_removal_rule(tree: Tree, people: Any) -> None:
    from partybuilding.core.attention import attention

    member_with_base(tree.X1)
    open_months(tree.X1, JAN, MAR)
    items = attention(tree.P, dt.date(2026, 4, 2), people.provincial_officer)
    assert [i.count for i in items if "unpaid for 3 months" in i.label] == [1]
    assert not [i for i in attention(tree.P, dt.date(2026, 3, 31), people.provincial_officer) if "unpaid" in i.label]


@pytest.mark.parametrize(("first", "refused"), [(dt.date(2026, 1, 1), True), (dt.date(2026, 2, 1), False)])
def test_reliefs_follow_qd01_from_the_month_it_took_effect(tree: Tree, first: dt.date, refused: bool) -> None:
    """QĐ 01 took effect on 3 February 2026: February's dues follow it, January's do not, and
    no exemption or reduction numbers are recorded for QĐ 342."""
    member = member_with_base(tree.X1)

    def record() -> None:
        services.relief_record(
            actor=None, member=member, kind=ReliefKind.REDUCTION, percent=70, from_month=first, to_month=first,
            decision_number="7", decision_date=first,
        )  # fmt: skip

    if refused:
        with pytest.raises(Refusal):
            record()
    else:
        record()
        open_months(tree.X1, first, first)
        assert charge(member, first).due == 15_000
