"""Dues through the API: the same scope, services and selectors as the pages."""

# No `from __future__ import annotations`: django-ninja reads the annotations at import time.
import datetime as dt
import uuid
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate

from partybuilding.core.api_docs import gettext_lazy
from partybuilding.core.api_types import Count, Day, Id, Pages, Year, documented
from partybuilding.core.errors import Refusal
from partybuilding.core.scope import Action, organization_or_404, require, visible_or_404
from partybuilding.members.models import Member
from partybuilding.members.records.selectors import member_or_404, own_record
from partybuilding.organizations.models import Organization

from . import bank_lists, months, selectors, services
from .choices import MAX_AMOUNT, BaseKind, FixedCategory, PaymentSource, ReliefKind
from .imports import import_payments
from .models import BankCredit, CollectingAccount, StatementLayout
from .services import bank as bank_services

router = Router(tags=["dues"])


class MonthOut(Schema):
    month: dt.date
    organization_id: int
    base_amount: int
    exempted: int
    reduced: int
    due: int
    paid: int
    outstanding: int


class PaymentOut(Schema):
    id: int
    member_id: int
    month: dt.date
    amount: int
    paid_on: dt.date
    source: str


class AccountOut(Schema):
    member_id: int
    full_name: str
    due: int
    paid: int
    outstanding: int
    credit: int = Field(description=gettext_lazy("paid in advance, not yet taken by a month"))
    months: list[MonthOut]
    payments: list[PaymentOut]


class PaymentIn(Schema):
    member_id: Id
    month: Day = Field(description=gettext_lazy("any day of the month paid for"))
    amount: int = Field(gt=0, le=MAX_AMOUNT, description=gettext_lazy("The amount paid, in đồng"))
    paid_on: Day | None = None


class PaymentsIn(Schema):
    payments: list[PaymentIn] = Field(max_length=10_000)
    submission: uuid.UUID = Field(description=gettext_lazy("one per submit: the same submission sent twice records once"))
    source: Literal["api", "cash"] = Field(
        "api", description=gettext_lazy("cash: collected in cash (e.g. recorded offline at the meeting and sent later); api otherwise")
    )


class ArrearsOut(Schema):
    member_id: int
    full_name: str
    organization_id: int
    months_owed: int
    owed: int
    months: list[dt.date]
    removal_rule: bool


class ArrearsFilters(Schema):
    year: Year | None = None
    min_months: Count = 0
    q: str = Field("", max_length=200)


class LineOut(Schema):
    organization_id: int
    name: str
    due: int
    collected: int
    exempted: int
    reduced: int
    outstanding: int


class ReportOut(Schema):
    first: dt.date
    last: dt.date
    total: LineOut
    children: list[LineOut]


class IssueOut(Schema):
    line: int
    column: str
    message: str


class DuesImportOut(Schema):
    rows: int
    imported: int
    total: int
    dry_run: bool
    issues: list[IssueOut]


def _account(member: Member) -> dict[str, Any]:
    acc = selectors.account(member)
    return {
        "member_id": member.pk, "full_name": member.full_name, "due": acc.due, "paid": acc.paid, "outstanding": acc.outstanding,
        "credit": acc.credit, "months": [{**vars(c), "outstanding": c.outstanding} for c in acc.charges], "payments": acc.payments,
    }  # fmt: skip


@router.get("/me", response=documented(AccountOut, 404), summary=gettext_lazy("Your own dues account"))
def my_account(request: HttpRequest) -> Any:
    member = own_record(request.user)
    if member is None:
        raise Http404
    return _account(member)


@router.get("/members/{member_id}", response=documented(AccountOut, 403, 404, 422), summary=gettext_lazy("A member's dues account"))
def member_account(request: HttpRequest, member_id: Id) -> Any:
    return _account(member_or_404(request.user, member_id))


class BaseIn(Schema):
    from_month: Day = Field(description=gettext_lazy("Any day of the first month the base applies to"))
    kind: BaseKind = Field(description=gettext_lazy("salary, pension or fixed"))
    amount: int = Field(
        0, ge=0, le=MAX_AMOUNT, description=gettext_lazy("Salary base or pension in đồng (a fixed amount comes from the category)")
    )
    category: Literal[""] | FixedCategory = ""


class BaseOut(Schema):
    id: int
    member_id: int
    from_month: dt.date
    kind: str
    amount: int
    category: str


class ReliefIn(Schema):
    kind: ReliefKind = Field(description=gettext_lazy("exemption or reduction"))
    percent: int | None = Field(None, ge=1, le=100, description=gettext_lazy("The reduction, as the rules in force allow (30, 50 or 70)"))
    from_month: Day
    to_month: Day = Field(description=gettext_lazy("The last month included"))
    decision_number: str = Field(max_length=64)
    decision_date: Day
    reason: str = Field("", max_length=255)
    submission: uuid.UUID | None = None


class ReliefOut(Schema):
    id: int
    member_id: int
    kind: str
    percent: int | None
    from_month: dt.date
    to_month: dt.date
    decision_number: str
    decision_date: dt.date


@router.post(
    "/members/{member_id}/bases",
    response=documented({201: BaseOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Record a member's dues base from a month on"),
)
def record_base(request: HttpRequest, member_id: Id, payload: BaseIn) -> Any:
    member = member_or_404(request.user, member_id, Action.MANAGE_MEMBERS)
    return 201, services.dues_base_record(actor=request.user, member=member, **payload.dict())


@router.post(
    "/members/{member_id}/reliefs",
    response=documented({201: ReliefOut}, 400, 403, 404, 422),
    summary=gettext_lazy("Record an exemption or a reduction of dues, by a decision"),
)
def record_relief(request: HttpRequest, member_id: Id, payload: ReliefIn) -> Any:
    member = member_or_404(request.user, member_id, Action.MANAGE_MEMBERS)
    return 201, services.relief_record(actor=request.user, member=member, **payload.dict())


@router.post(
    "/payments",
    response=documented({201: list[PaymentOut], 200: list[PaymentOut]}, 400, 403, 404, 422),
    summary=gettext_lazy("Record payments (all or none)"),
)
def record_payments(request: HttpRequest, payload: PaymentsIn) -> Any:
    members = Member.objects.visible_to(request.user).select_related("organization").in_bulk([p.member_id for p in payload.payments])
    items = []
    for p in payload.payments:
        member = members.get(p.member_id)
        if member is None:
            raise Http404
        require(request.user, Action.MANAGE_MEMBERS, member.organization)
        items.append(services.PaymentItem(member, months.first_of(p.month), p.amount, p.paid_on or timezone.localdate()))
    source = PaymentSource.CASH if payload.source == "cash" else PaymentSource.API
    recorded = services.payments_record(actor=request.user, items=items, submission=payload.submission, source=source)
    return (201 if recorded else 200), recorded


@router.get(
    "/arrears/{org_id}",
    response=documented(list[ArrearsOut], 403, 404, 422),
    summary=gettext_lazy("Members owing dues in the organization's subtree"),
)
@paginate(Pages)
def arrears(request: HttpRequest, org_id: Id, filters: Query[ArrearsFilters]) -> Any:
    scope, today = organization_or_404(request.user, org_id, Action.VIEW_MEMBERS), timezone.localdate()
    return _ArrearsPage(scope, filters, today)


class _ArrearsPage:
    """The arrears rows, turned into members and months only for the page asked for."""

    def __init__(self, scope: Organization, filters: ArrearsFilters, today: dt.date) -> None:
        self.scope, self.filters, self.today = scope, filters, today
        self.rows = selectors.arrears(scope, year=filters.year, today=today, min_months=filters.min_months, q=filters.q)

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, s: slice) -> list[dict[str, Any]]:
        lines = selectors.arrears_rows(list(self.rows[s]), self.scope, self.filters.year, self.today)
        return [
            {"member_id": x.member.pk, "full_name": x.member.full_name, "organization_id": x.member.organization_id, "months_owed": x.months,
             "owed": x.owed, "months": x.month_list, "removal_rule": x.flagged}
            for x in lines
        ]  # fmt: skip


class OpenedOut(Schema):
    charged: int
    already: int
    without_base: int


def _line(line: selectors.Line) -> dict[str, Any]:
    return {
        "organization_id": line.organization.pk, "name": line.organization.name, "due": line.due, "collected": line.collected,
        "exempted": line.exempted, "reduced": line.reduced, "outstanding": line.outstanding,
    }  # fmt: skip


@router.get(
    "/report/{org_id}",
    response=documented(ReportOut, 403, 404, 422),
    summary=gettext_lazy("Collection report of the subtree, per child organization"),
)
def report(request: HttpRequest, org_id: Id, first: Day, last: Day) -> Any:
    scope = organization_or_404(request.user, org_id, Action.VIEW_MEMBERS)
    if months.count(months.first_of(first), months.first_of(last)) > 120:
        raise Refusal("A report covers at most 120 months.", field="last")
    result = selectors.report(scope, months.first_of(first), months.first_of(last))
    return {"first": result.first, "last": result.last, "total": _line(result.total), "children": [_line(x) for x in result.lines]}


@router.post(
    "/import",
    response=documented({200: DuesImportOut, 422: DuesImportOut}, 403, 422),
    summary=gettext_lazy("Import payments from Excel or CSV; dry_run only checks"),
)
def import_file(
    request: HttpRequest, file: UploadedFile = File(...), dry_run: bool = Form(False), submission: uuid.UUID | None = Form(None)
) -> Any:
    if not Organization.objects.visible_to(request.user, Action.MANAGE_MEMBERS).exists():
        raise PermissionDenied
    result = import_payments(actor=request.user, upload=file, name=file.name or "", dry_run=dry_run, submission=submission or uuid.uuid4())
    body = {
        "rows": result.rows,
        "imported": result.imported,
        "total": result.total,
        "dry_run": dry_run,
        "issues": [vars(i) for i in result.issues],
    }
    return (200 if result.ok else 422), body


@router.post(
    "/open/{org_id}",
    response=documented(OpenedOut, 403, 404, 422),
    summary=gettext_lazy("Charge the subtree's members for a month (idempotent)"),
)
def open_month(request: HttpRequest, org_id: Id, month: Day) -> Any:
    org = organization_or_404(request.user, org_id)
    require(request.user, Action.MANAGE_MEMBERS, org)
    opened = services.dues_open_month(actor=request.user, organization=org, month=month)
    return {"charged": opened.charged, "already": opened.already, "without_base": opened.without_base}


# --- bank transfers: statements and the credits' queue ------------------------------------------


class StatementLineOut(Schema):
    line: int
    booked_on: dt.date = Field(description=gettext_lazy("The day the bank booked the credit"))
    amount: int
    content: str = Field(description=gettext_lazy("The transfer's content as the bank wrote it"))
    outcome: str = Field(
        description=gettext_lazy(
            "matched (recorded as the member's dues), unmatched (left to assign), already (an earlier import has it) or "
            "duplicate (an earlier line of this file)"
        )
    )
    member_id: int | None = Field(description=gettext_lazy("The member it was matched to"))
    month: dt.date | None = Field(description=gettext_lazy("The month the payment is recorded for"))
    matched_by: str = Field(description=gettext_lazy("How it was matched: reference, amount_name or hand; empty if not"))
    earlier_line: int | None = Field(description=gettext_lazy("For a line already imported or twice in the file: the earlier line"))


class StatementImportOut(Schema):
    rows: int = Field(description=gettext_lazy("Credit lines read"))
    imported: int = Field(description=gettext_lazy("Credits recorded as dues payments"))
    dry_run: bool
    statement_id: int | None = Field(description=gettext_lazy("The statement recorded (none for a dry run or a refused file)"))
    lines: list[StatementLineOut] = Field(description=gettext_lazy("Every credit line and what the import does with it"))
    issues: list[IssueOut]


class CreditOut(Schema):
    id: int
    organization_id: int
    statement_id: int = Field(description=gettext_lazy("The statement the credit came in"))
    line: int
    booked_on: dt.date = Field(description=gettext_lazy("The day the bank booked the credit"))
    amount: int
    content: str = Field(description=gettext_lazy("The transfer's content as the bank wrote it"))
    transaction_id: str = Field(description=gettext_lazy("The bank's transaction number (may be empty)"))
    state: str = Field(description=gettext_lazy("matched (recorded as dues), unmatched (to assign) or not_dues"))
    matched_by: str = Field(description=gettext_lazy("How it was matched: reference, amount_name or hand; empty if not"))
    member_id: int | None = Field(description=gettext_lazy("The member it was recorded for"))
    month: dt.date | None = Field(description=gettext_lazy("The month the payment is recorded for"))


class CreditFilters(Schema):
    state: Literal["", "matched", "unmatched", "not_dues"] = Field(
        "unmatched", description=gettext_lazy("The credits in this state (unmatched: left to assign); empty for all")
    )
    q: str = Field("", max_length=100, description=gettext_lazy("Words of the content (without diacritics too) or the exact amount"))


class CreditAssignIn(Schema):
    member_id: Id = Field(description=gettext_lazy("The member who paid"))
    month: Day = Field(description=gettext_lazy("Any day of the month paid for"))


def _line_out(line: bank_services.LineOutcome) -> dict[str, Any]:
    return {
        "line": line.line, "booked_on": line.booked_on, "amount": line.amount, "content": line.content, "outcome": line.outcome,
        "member_id": line.member.pk if line.member else None, "month": line.month, "matched_by": line.matched_by,
        "earlier_line": line.earlier_line,
    }  # fmt: skip


@router.post(
    "/statements",
    response=documented({200: StatementImportOut, 422: StatementImportOut}, 403, 404, 422),
    summary=gettext_lazy("Import a bank statement: credits matched and recorded as dues (all or none); dry_run only checks"),
)
def import_statement(
    request: HttpRequest,
    account_id: Id = Form(..., description=gettext_lazy("The collecting account the statement is of")),
    layout: str = Form(..., max_length=40, description=gettext_lazy("The code of the bank's statement layout (vietcombank, bidv…)")),
    file: UploadedFile = File(...),
    dry_run: bool = Form(False),
    submission: uuid.UUID | None = Form(None),
) -> Any:
    account = visible_or_404(CollectingAccount.objects.select_related("organization", "bank"), request.user, account_id)
    require(request.user, Action.MANAGE_MEMBERS, account.organization)
    found = StatementLayout.objects.filter(code=layout).first()
    if found is None:
        raise Refusal(_("No statement layout has the code %(code)s.") % {"code": layout}, field="layout")
    report = bank_services.statement_import(
        actor=request.user, account=account, layout=found, upload=file, name=file.name or "", dry_run=dry_run,
        submission=submission or uuid.uuid4(), today=timezone.localdate(),
    )  # fmt: skip
    body = {
        "rows": report.rows, "imported": report.imported, "dry_run": dry_run,
        "statement_id": report.statement.pk if report.statement else None,
        "lines": [_line_out(line) for line in report.lines], "issues": [vars(i) for i in report.issues],
    }  # fmt: skip
    return (200 if report.ok else 422), body


@router.get(
    "/credits/{org_id}",
    response=documented(list[CreditOut], 403, 404, 422),
    summary=gettext_lazy("The bank credits of the organization's subtree (by default those left to assign)"),
)
@paginate(Pages)
def credit_list(request: HttpRequest, org_id: Id, filters: Query[CreditFilters]) -> Any:
    scope = organization_or_404(request.user, org_id, Action.VIEW_MEMBERS)
    return bank_lists.credits(request.user, scope, state=filters.state, q=filters.q)


def _credit(request: HttpRequest, credit_id: int) -> BankCredit:
    rows = BankCredit.objects.select_related("organization", "account")
    return visible_or_404(rows, request.user, credit_id, Action.MANAGE_MEMBERS)


@router.post(
    "/credits/{credit_id}/assign",
    response=documented(CreditOut, 400, 403, 404, 422),
    summary=gettext_lazy("Record a credit left to assign as a member's dues for a month"),
)
def credit_assign(request: HttpRequest, credit_id: Id, payload: CreditAssignIn) -> Any:
    credit = _credit(request, credit_id)
    member = member_or_404(request.user, payload.member_id, Action.MANAGE_MEMBERS)
    return bank_services.credit_assign(actor=request.user, credit=credit, member=member, month=payload.month)


@router.post(
    "/credits/{credit_id}/not-dues",
    response=documented(CreditOut, 403, 404, 422),
    summary=gettext_lazy("Mark a credit left to assign as not dues"),
)
def credit_not_dues(request: HttpRequest, credit_id: Id) -> Any:
    return bank_services.credit_dismiss(actor=request.user, credit=_credit(request, credit_id))


@router.post(
    "/credits/{credit_id}/back-to-queue",
    response=documented(CreditOut, 403, 404, 422),
    summary=gettext_lazy("Undo not dues: the credit waits to be assigned again"),
)
def credit_back_to_queue(request: HttpRequest, credit_id: Id) -> Any:
    return bank_services.credit_back_to_queue(actor=request.user, credit=_credit(request, credit_id))
