"""The lists of the bank side of the dues, read by the pages, their Excel exports and the
API alike: the credits of a scope (the treasurer's queue) and the statements imported, with
what became of each of their lines.

A long export of credits (past `core.exporting.AT_ONCE_ROWS`) is a background job, as the member list's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core import paths
from partybuilding.core.audit import audit_export
from partybuilding.core.bulk import Progress
from partybuilding.core.exporting import every_row
from partybuilding.core.jobs import job_kind, private_file
from partybuilding.core.labels import choice_labels
from partybuilding.core.models import Job
from partybuilding.core.scope import Action, organization_or_404
from partybuilding.core.text import search_key
from partybuilding.core.xlsx_stream import write_xlsx_fast
from partybuilding.organizations.models import Organization

from . import months
from .choices import CreditState
from .models import BankCredit, Statement

PROGRESS_EVERY = 1000
_MAX_DIGITS = 13  # an amount typed in the search: beyond this it is no amount


# --- the credits ---------------------------------------------------------------------------------


def credits(user: Any, scope: Organization, *, state: str = CreditState.UNMATCHED, q: str = "") -> QuerySet[BankCredit]:
    """The credits of the statements imported in the scope that the user sees; `state` ""
    for every state; `q` searches the content (without diacritics) or the exact amount."""
    rows = BankCredit.objects.visible_to(user).filter(paths.subtree_q(scope.path, "organization__path"))
    if state:
        rows = rows.filter(state=state)
    if q := q.strip():
        digits = q.replace(".", "").replace(",", "").replace(" ", "")
        by_amount = Q(amount=int(digits)) if digits.isdigit() and len(digits) < _MAX_DIGITS else Q(pk__in=[])
        rows = rows.filter(Q(content_key__contains=search_key(q)) | by_amount)
    return rows.select_related("organization", "member", "account__bank", "statement").order_by("-booked_on", "line", "id")


def credit_header() -> list[str]:
    return [
        _("Day"), _("Amount credited (đồng)"), _("Content"), _("Transaction number"), _("Organization"), _("Account"), _("State"),
        _("Member"), _("Month"), _("Matched by"), _("Statement"), _("Line"),
    ]  # fmt: skip


def credit_rows(rows: QuerySet[BankCredit]) -> Iterator[list[Any]]:
    state, matched_by = choice_labels(BankCredit, "state"), choice_labels(BankCredit, "matched_by")  # looked up once
    with every_row():
        for c in rows.iterator(chunk_size=2000):
            yield [
                c.booked_on, c.amount, c.content, c.transaction_id, c.organization.name,
                f"{c.account.bank.short_name} {c.account.account_number}", state[c.state],
                c.member.full_name if c.member else "", months.label(c.month) if c.month else "", matched_by[c.matched_by],
                c.statement.file_name, c.line,
            ]  # fmt: skip


def credit_filters(query: Any) -> tuple[str, str]:
    """The state and the search of the credits' page from its query string: by default the
    credits left to assign, "" (every state) when the form says so."""
    from .forms import CreditFilterForm

    form = CreditFilterForm(query or None)
    d = form.cleaned_data if form.is_valid() else {}
    state = d.get("state", "") if "state" in query else CreditState.UNMATCHED
    return state, d.get("q") or ""


@job_kind("dues.credits_export", label=gettext_lazy("Bank credits export"), phases={"writing": gettext_lazy("Writing the rows")})
def export_credits(job: Job, progress: Progress) -> dict[str, Any]:
    """The credits as the page's filters chose them (`params`: the query string and the organization)."""
    user = job.created_by
    scope = organization_or_404(user, job.params["within"], Action.VIEW_MEMBERS)  # the right checked again: it may be gone
    state, q = credit_filters(job.params["query"])
    rows = credits(user, scope, state=state, q=q)
    total = rows.count()
    path = private_file(job, f"dues-credits-{scope.code}.xlsx")
    written = 0

    def counted() -> Iterator[list[Any]]:
        nonlocal written
        for row in credit_rows(rows):
            written += 1
            if written % PROGRESS_EVERY == 0:
                progress("writing", written, total)
            yield row

    write_xlsx_fast(path, _("Bank credits"), credit_header(), counted())
    progress("writing", total, total)
    audit_export(actor=user, what="dues_credits", rows=written, within=scope)  # payers' names: personal data
    return {"rows": written}


# --- the statements ------------------------------------------------------------------------------


def statements(
    user: Any, scope: Organization, *, q: str = "", bank: Any = None, first: dt.date | None = None, last: dt.date | None = None
) -> QuerySet[Statement]:
    """The statements imported in the scope, each with what became of its lines now:
    `recorded` (paid dues, by the import or by hand since), `unmatched`, `not_dues`,
    and `duplicates` (lines an earlier import or an earlier line had)."""
    rows = Statement.objects.visible_to(user).filter(paths.subtree_q(scope.path, "organization__path"))
    if q := q.strip():
        rows = rows.filter(search_text__contains=search_key(q))
    if bank is not None:
        rows = rows.filter(account__bank=bank)
    if first is not None:  # the statements covering some of the period
        rows = rows.filter(last_day__gte=first)
    if last is not None:
        rows = rows.filter(first_day__lte=last)
    return (
        rows.select_related("organization", "account__bank", "recorded_by")
        .annotate(
            recorded=Count("lines", filter=Q(lines__state=CreditState.MATCHED)),
            unmatched=Count("lines", filter=Q(lines__state=CreditState.UNMATCHED)),
            not_dues=Count("lines", filter=Q(lines__state=CreditState.NOT_DUES)),
            duplicates=F("credits") - F("new_credits"),
        )
        .order_by("-recorded_at", "-id")
    )


@dataclass
class StatementLine:
    """A line of a statement and what became of it: a credit it recorded (`credit`), or a
    line it skipped as another's duplicate (`outcome` "already" or "duplicate")."""

    line: int
    booked_on: dt.date
    amount: int
    content: str
    outcome: str  # a CreditState, or "already" / "duplicate"
    credit: BankCredit | None = None
    earlier_line: int | None = None
    earlier_statement: int | None = None


def statement_lines(statement: Statement) -> list[StatementLine]:
    """Every credit line of the statement in the file's order, recorded or skipped."""
    found = [
        StatementLine(c.line, c.booked_on, c.amount, c.content, c.state, credit=c)
        for c in statement.lines.select_related("member").order_by("line", "id")
    ]
    found += [_skipped(s) for s in statement.skipped]
    return sorted(found, key=lambda x: x.line)


def _skipped(kept: dict[str, Any]) -> StatementLine:
    """A line the import did not record, as `Statement.skipped` keeps it."""
    return StatementLine(
        kept["line"], dt.date.fromisoformat(kept["booked_on"]), kept["amount"], kept["content"], kept["outcome"],
        earlier_line=kept.get("earlier_line"), earlier_statement=kept.get("earlier_statement"),
    )  # fmt: skip
