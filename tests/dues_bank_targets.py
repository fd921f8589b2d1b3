"""A bank credit of an organization that a route reaches (the permission matrix, the scope
crawl): made on first use in the test's transaction, found again afterwards."""

from __future__ import annotations

import datetime as dt
import uuid

from partybuilding.dues.choices import CreditState
from partybuilding.dues.models import Bank, BankCredit, CollectingAccount, Statement, StatementLayout
from partybuilding.organizations.models import Organization

DAY = dt.date(2026, 3, 2)


def credit_in(org: Organization) -> BankCredit:
    """A credit left to assign, from a statement of the organization's own account."""
    found = BankCredit.objects.filter(organization=org).order_by("pk").first()
    if found:
        return found
    account, _created = CollectingAccount.objects.get_or_create(
        organization=org, valid_from=dt.date(2026, 1, 1),
        defaults={"bank": Bank.objects.get(bin="970436"), "account_number": f"99{org.pk:08d}", "holder_name": "CHI BO"},
    )  # fmt: skip
    statement = Statement.objects.create(
        organization=org, account=account, layout=StatementLayout.objects.get(code="vietcombank"), file_name="sao-ke.xlsx",
        credits=1, new_credits=1, submission=uuid.uuid4(),
    )  # fmt: skip
    return BankCredit.objects.create(
        organization=org, account=account, statement=statement, key=f"t:{uuid.uuid4()}", line=5, booked_on=DAY, amount=50_000,
        content="UNG HO", content_key="ung ho", state=CreditState.UNMATCHED,
    )  # fmt: skip
