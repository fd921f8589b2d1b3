"""Dues after the facts change: a relief or a new base frees money, a member leaves the
list, a file or a form holds what the user did not mean."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest

from partybuilding.core.records import Decision
from partybuilding.dues import selectors, services
from partybuilding.dues.choices import ReliefKind
from partybuilding.dues.forms import parse_amount
from partybuilding.dues.imports import read_rows
from partybuilding.dues.models import Account, Payment
from partybuilding.members.lifecycle.services import member_die
from partybuilding.organizations import totals

from .conftest import Personas, Tree, client_for
from .dues_factories import charge, member_with_base, open_months, pay

pytestmark = pytest.mark.django_db

JAN, FEB, MAR, APR = (dt.date(2026, m, 1) for m in (1, 2, 3, 4))


def test_money_freed_by_an_exemption_pays_a_later_month_owing(tree: Tree) -> None:
    member = member_with_base(tree.X1)  # 50,000 a month
    open_months(tree.X1, JAN, APR)
    pay(member, JAN, 50_000)
    pay(member, FEB, 50_000)
    services.relief_record(
        actor=None, member=member, kind=ReliefKind.EXEMPTION, from_month=FEB, to_month=MAR, decision_number="1", decision_date=FEB
    )
    assert charge(member, APR).paid == 50_000 and Account.objects.get(member=member).credit == 0
    assert totals.recompute(prefixes=["d."]) == []


def test_money_freed_by_a_reduction_pays_older_arrears_first(tree: Tree) -> None:
    member = member_with_base(tree.X1)
    open_months(tree.X1, JAN, MAR)
    pay(member, MAR, 50_000)
    services.relief_record(
        actor=None,
        member=member,
        kind=ReliefKind.REDUCTION,
        percent=50,
        from_month=MAR,
        to_month=MAR,
        decision_number="1",
        decision_date=MAR,
    )
    assert [charge(member, m).paid for m in (JAN, FEB, MAR)] == [25_000, 0, 25_000]
    assert totals.recompute(prefixes=["d."]) == []


def test_a_member_who_died_is_not_flagged_for_removal(tree: Tree) -> None:
    member = member_with_base(tree.X1)
    open_months(tree.X1, JAN, MAR)
    assert selectors.flagged_count(tree.X1, 2026, dt.date(2026, 4, 1)) == 1
    member_die(actor=None, member=member, date=dt.date(2026, 4, 2), decision=Decision(number="", date=dt.date(2026, 4, 2)))
    assert selectors.flagged_count(tree.X1, 2026, dt.date(2026, 5, 10)) == 0


def test_two_payments_of_one_month_in_one_submission_are_added(tree: Tree, people: Personas) -> None:
    member = member_with_base(tree.X1)
    open_months(tree.X1, JAN, JAN)
    body = {"submission": str(uuid.uuid4()), "payments": [
        {"member_id": member.pk, "month": "2026-01-01", "amount": 20000, "paid_on": "2026-01-10"},
        {"member_id": member.pk, "month": "2026-01-15", "amount": 30000, "paid_on": "2026-01-12"},
    ]}  # fmt: skip
    assert client_for(people.cell_secretary).post("/api/dues/payments", body, content_type="application/json").status_code == 201
    assert list(Payment.objects.values_list("amount", "paid_on")) == [(50_000, dt.date(2026, 1, 12))]


def test_amounts_are_whole_dong_and_of_a_sane_size() -> None:
    assert [parse_amount(t) for t in ("50000", "50.000", "50,000", "1 250 000", "")] == [50_000, 50_000, 50_000, 1_250_000, 0]
    assert [parse_amount(t) for t in ("50000.00", "50.000,00", "50000.5", "5" * 26, "abc")] == [None] * 5


def test_a_csv_with_one_column_is_read_not_crashed_on() -> None:
    assert read_rows(io.BytesIO(b"hello\n"), "p.csv") == [["hello"]]


def test_arrears_of_a_year_before_the_removal_rule_flag_nobody(tree: Tree, people: Personas) -> None:
    member = member_with_base(tree.X1, since=dt.date(2015, 1, 1))
    open_months(tree.X1, dt.date(2015, 1, 1), dt.date(2015, 3, 1))
    client = client_for(people.cell_secretary)
    page = client.get("/dues/?year=2015").content.decode()
    assert 'data-testid="arrears-row"' in page and member.full_name in page
    assert 'data-testid="removal-flag"' not in page
    # The same three unpaid months in a year of the rule are flagged.
    open_months(tree.X1, JAN, MAR)
    assert 'data-testid="removal-flag"' in client.get("/dues/?year=2026").content.decode()


def test_the_api_refuses_an_unknown_kind_of_base_or_relief(tree: Tree, people: Personas) -> None:
    member = member_with_base(tree.X1)
    client = client_for(people.cell_secretary)
    base = {"from_month": "2026-01-01", "kind": "bogus", "amount": 5_000_000}
    assert client.post(f"/api/dues/members/{member.pk}/bases", base, content_type="application/json").status_code == 422
    relief = {"kind": "bogus", "from_month": "2026-03-01", "to_month": "2026-03-01", "decision_number": "1", "decision_date": "2026-03-01"}
    assert client.post(f"/api/dues/members/{member.pk}/reliefs", relief, content_type="application/json").status_code == 422
