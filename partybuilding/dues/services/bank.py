"""Dues by bank transfer: the account that collects an organization's dues, the import of
its bank statement (credits matched to members and recorded as payments, all or nothing),
and the treasurer's hand on the credits left unmatched."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.records import actor_user
from partybuilding.core.sheets import Report
from partybuilding.core.text import nfc, search_key
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .. import months
from ..choices import CreditState, MatchedBy, PaymentSource
from ..matching import Match, match_credits
from ..models import Bank, BankCredit, CollectingAccount, Statement, StatementLayout
from ..statements import REQUIRED, CreditLine, read_statement
from .payments import PaymentItem, payments_record

ACCOUNT_FIELDS = ["organization", "bank", "account_number", "holder_name", "valid_from"]
_ACCOUNT_NUMBER = re.compile(r"^[0-9A-Za-z]{4,19}$")
# A credit's payments are recorded under a submission made from the account and the line's key:
# whatever happens, a credit line pays once.
_CREDITS = uuid.UUID("5b0c7c8e-3f4a-4d59-9a39-6f1d2c0b9e21")


def collecting_account_set(
    *, actor: Any, organization: Organization, bank: Bank, account_number: str, holder_name: str, valid_from: dt.date
) -> CollectingAccount:
    """The account collecting the organization's dues from a day on (the same day again
    corrects it; an earlier account stays in the history)."""
    account_number = re.sub(r"[\s.-]", "", account_number)
    if not _ACCOUNT_NUMBER.match(account_number):
        raise Refusal(_("An account number is 4 to 19 digits or letters."), field="account_number")
    holder_name = nfc(" ".join(holder_name.split()))
    if not holder_name:
        raise Refusal(_("Type the account holder's name as the bank shows it."), field="holder_name")
    with transaction.atomic():
        row = CollectingAccount.objects.select_for_update().filter(organization=organization, valid_from=valid_from).first()
        before = snapshot(row, ACCOUNT_FIELDS) if row else None
        if row is None:
            row = CollectingAccount(organization=organization, valid_from=valid_from, recorded_by=actor_user(actor))
        row.bank, row.account_number, row.holder_name = bank, account_number, holder_name
        row.save()
        audit_record(actor=actor, action="dues.bank_account", obj=row, before=before, after=snapshot(row, ACCOUNT_FIELDS))
    return row


# --- statements ------------------------------------------------------------------------------


def statement_layout_set(*, actor: Any, code: str, name: str, mapping: dict[str, Any]) -> StatementLayout:
    """Add or replace a bank's statement layout (`statements.py` says what a mapping holds)."""
    found = {*mapping.get("header", {}), *mapping.get("columns", {})}
    if missing := [n for n in REQUIRED if n not in found]:
        raise Refusal(_("A layout says where to find %(names)s.") % {"names": ", ".join(missing)}, field="mapping")
    with transaction.atomic():
        before = StatementLayout.objects.filter(code=code).values("name", "mapping").first()
        layout, _created = StatementLayout.objects.update_or_create(code=code, defaults={"name": name, "mapping": mapping})
        audit_record(
            actor=actor, action="dues.statement_layout", obj=layout, before=dict(before) if before else None,
            after={"name": name, "mapping": mapping},
        )  # fmt: skip
    return layout


@dataclass
class LineOutcome:
    """One credit line of the statement and what its import does (or would do) with it."""

    line: int
    booked_on: dt.date
    amount: int
    content: str
    outcome: str  # "matched", "unmatched", "already" (an earlier import has it), "duplicate" (twice in this file)
    member: Member | None = None
    month: dt.date | None = None
    matched_by: str = ""
    earlier_line: int | None = None
    earlier_statement: int | None = None  # for "already": the statement that recorded the line

    def as_skipped(self) -> dict[str, Any]:
        """The line as the statement keeps it when it was not recorded (see `Statement.skipped`)."""
        return {
            "line": self.line, "booked_on": self.booked_on.isoformat(), "amount": self.amount, "content": self.content,
            "outcome": self.outcome, "earlier_line": self.earlier_line, "earlier_statement": self.earlier_statement,
        }  # fmt: skip


@dataclass
class StatementReport(Report):
    dry_run: bool = True
    lines: list[LineOutcome] = field(default_factory=list)
    statement: Statement | None = None

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def matched_count(self) -> int:
        return self.count("matched")

    @property
    def matched_total(self) -> int:
        return sum(line.amount for line in self.lines if line.outcome == "matched")


def credit_submission(account: CollectingAccount, key: str) -> uuid.UUID:
    return uuid.uuid5(_CREDITS, f"{account.pk}:{key}")


def statement_import(
    *,
    actor: Any,
    account: CollectingAccount,
    layout: StatementLayout,
    upload: IO[bytes],
    name: str,
    dry_run: bool,
    submission: uuid.UUID,
    today: dt.date,
) -> StatementReport:
    """Read the statement, match its credits, and (not a dry run) record every new credit
    line and the matched ones' payments, or nothing at all when a line cannot be read or a
    payment is refused. Lines an earlier import recorded are reported, not recorded again."""
    report = StatementReport(dry_run=dry_run)
    if not dry_run and (done := Statement.objects.filter(submission=submission).first()):
        report.statement = done  # the same form sent twice: it was recorded the first time
        return report
    read = read_statement(upload, name, layout.mapping, today)
    report.issues = read.issues
    report.rows = len(read.credits)
    if report.issues:
        return report
    earlier = BankCredit.objects.filter(account=account, key__in=[c.key for c in read.credits]).values_list("key", "line", "statement_id")
    known = {key: (line, statement_id) for key, line, statement_id in earlier}
    new: list[CreditLine] = []
    first_seen: dict[str, int] = {}
    for credit in read.credits:
        outcome = LineOutcome(credit.line, credit.booked_on, credit.amount, credit.content, "unmatched")
        if credit.key in known:
            outcome.outcome, (outcome.earlier_line, outcome.earlier_statement) = "already", known[credit.key]
        elif credit.key in first_seen:
            outcome.outcome, outcome.earlier_line = "duplicate", first_seen[credit.key]
        else:
            first_seen[credit.key] = credit.line
            new.append(credit)
        report.lines.append(outcome)
    matches = match_credits(account.organization, new)
    for outcome in report.lines:
        if (match := matches.get(outcome.line)) and outcome.outcome == "unmatched":
            outcome.outcome, outcome.member, outcome.month, outcome.matched_by = "matched", match.member, match.month, match.by
    if dry_run:
        return report
    try:
        with transaction.atomic():
            report.statement = _record(actor, account, layout, name, submission, new, matches, report)
    except IntegrityError as exc:
        # Another import of an overlapping statement took some of these lines at the same time.
        raise Refusal(_("Another import of this account's statement ran at the same time: send the file again.")) from exc
    report.imported = report.count("matched")
    return report


def _record(
    actor: Any,
    account: CollectingAccount,
    layout: StatementLayout,
    name: str,
    submission: uuid.UUID,
    new: list[CreditLine],
    matches: dict[int, Match],
    report: StatementReport,
) -> Statement:
    statement = Statement.objects.create(
        organization=account.organization, account=account, layout=layout, file_name=name[:255], submission=submission,
        credits=len(report.lines), new_credits=len(new), matched=len(matches), recorded_by=actor_user(actor),
        first_day=min((line.booked_on for line in report.lines), default=None),
        last_day=max((line.booked_on for line in report.lines), default=None),
        skipped=[line.as_skipped() for line in report.lines if line.outcome in ("already", "duplicate")],
        search_text=search_key(f"{name} {account.account_number} {account.bank.short_name} {account.organization.name}")[:400],
    )  # fmt: skip
    rows = []
    for credit in new:
        match = matches.get(credit.line)
        rows.append(
            BankCredit(
                organization=account.organization, account=account, statement=statement, key=credit.key, line=credit.line,
                booked_on=credit.booked_on, amount=credit.amount, content=credit.content, content_key=search_key(credit.content),
                transaction_id=credit.transaction_id,
                state=CreditState.MATCHED if match else CreditState.UNMATCHED, matched_by=match.by if match else "",
                member=match.member if match else None, month=match.month if match else None,
                submission=credit_submission(account, credit.key) if match else None,
            )
        )  # fmt: skip
    BankCredit.objects.bulk_create(rows)
    for row in rows:
        if row.member is not None and row.month is not None and row.submission is not None:
            item = PaymentItem(row.member, row.month, row.amount, row.booked_on)
            payments_record(actor=actor, items=[item], submission=row.submission, source=PaymentSource.BANK)
    audit_record(
        actor=actor, action="dues.statement_import", obj=statement,
        after={"account": str(account), "file": statement.file_name, "credits": statement.credits, "new": statement.new_credits,
               "matched": statement.matched, "amount": report.matched_total},
    )  # fmt: skip
    return statement


# --- the treasurer's hand -------------------------------------------------------------------


def _open_credit(credit: BankCredit) -> BankCredit:
    locked = BankCredit.objects.select_for_update().get(pk=credit.pk)
    if locked.state != CreditState.UNMATCHED:
        raise Refusal(_("This credit was dealt with already (%(state)s).") % {"state": locked.get_state_display()}, field="member")
    return locked


def credit_assign(*, actor: Any, credit: BankCredit, member: Member, month: dt.date) -> BankCredit:
    """A credit the import could not match, recorded by hand as the member's payment for a month."""
    if not member.org_path.startswith(credit.organization.path):
        raise Refusal(_("The member is not in the organizations this account collects for."), field="member")
    month = months.first_of(month)
    with transaction.atomic():
        credit = _open_credit(credit)
        credit.state, credit.matched_by, credit.member, credit.month = CreditState.MATCHED, MatchedBy.HAND, member, month
        credit.submission = credit_submission(credit.account, credit.key)
        credit.save(update_fields=["state", "matched_by", "member", "month", "submission"])
        item = PaymentItem(member, month, credit.amount, credit.booked_on)
        payments_record(actor=actor, items=[item], submission=credit.submission, source=PaymentSource.BANK)
        audit_record(
            actor=actor, action="dues.credit_assign", obj=credit,
            after={"member": member.pk, "month": months.label(month), "amount": credit.amount, "day": credit.booked_on.isoformat()},
        )  # fmt: skip
    return credit


def credit_dismiss(*, actor: Any, credit: BankCredit) -> BankCredit:
    """A credit that is not dues (a refund, another fund): it leaves the queue, recorded as such."""
    with transaction.atomic():
        credit = _open_credit(credit)
        credit.state = CreditState.NOT_DUES
        credit.save(update_fields=["state"])
        audit_record(actor=actor, action="dues.credit_not_dues", obj=credit, after={"amount": credit.amount, "content": credit.content})
    return credit


def credit_back_to_queue(*, actor: Any, credit: BankCredit) -> BankCredit:
    """Undo "not dues": the credit waits in the queue again. Refused once it was assigned
    since (its payment stands; the payment is what to correct then)."""
    with transaction.atomic():
        locked = BankCredit.objects.select_for_update().get(pk=credit.pk)
        if locked.state != CreditState.NOT_DUES:
            raise Refusal(
                _("Only a credit marked as not dues can go back to the list; this one is: %(state)s.")
                % {"state": locked.get_state_display()}
            )
        locked.state = CreditState.UNMATCHED
        locked.save(update_fields=["state"])
        audit_record(
            actor=actor, action="dues.credit_back_to_queue", obj=locked, before={"state": CreditState.NOT_DUES},
            after={"state": CreditState.UNMATCHED, "amount": locked.amount},
        )  # fmt: skip
    return locked
