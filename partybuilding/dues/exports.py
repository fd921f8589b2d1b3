"""The arrears of a scope as an Excel file: written at once when short, else as a
background job whose page shows the progress (a province can have tens of thousands of
members owing). It names who owes what: audited once with its number of rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from partybuilding.core.audit import audit_export
from partybuilding.core.bulk import Progress
from partybuilding.core.exporting import Counted, every_row
from partybuilding.core.jobs import job_kind, private_file
from partybuilding.core.models import Job
from partybuilding.core.scope import Action, organization_or_404
from partybuilding.core.xlsx_stream import write_xlsx_fast
from partybuilding.members.personal import masked
from partybuilding.organizations.models import Organization

from . import months, selectors
from .forms import ArrearsFilterForm

PROGRESS_EVERY = 2000  # rows between two reports to the job's page
CHUNK = 2000  # members owing read together (two queries each)


def arrears_header() -> list[str]:
    return [
        _("Full name"), _("Card number"), _("Party cell"), _("Months owed"), _("Amount owed (đồng)"),
        pgettext("the months listed one by one", "Months"), _("Removal rule"),
    ]  # fmt: skip


def arrears_rows(rows: QuerySet[Any], scope: Organization, year: int | None, today: dt.date) -> Iterator[list[Any]]:
    """The lines of `selectors.arrears`, read a chunk at a time (two queries a chunk)."""
    yes = _("yes")
    with every_row():
        found = rows.iterator(chunk_size=CHUNK)
        while chunk := list(islice(found, CHUNK)):
            for line in selectors.arrears_rows(chunk, scope, year, today):
                member = line.member
                yield [
                    member.full_name, masked(member.card_number), member.organization.name, line.months, line.owed,
                    ", ".join(months.label(m) for m in line.month_list), yes if line.flagged else "",
                ]  # fmt: skip


def file_name(scope: Organization) -> str:
    return f"dues-arrears-{scope.code}.xlsx"


@job_kind("dues.arrears_export", label=gettext_lazy("Arrears export"), phases={"writing": gettext_lazy("Writing the rows")})
def export_arrears(job: Job, progress: Progress) -> dict[str, Any]:
    """The arrears as the page's filters chose them (`params`: the query string and the organization)."""
    user = job.created_by
    scope = organization_or_404(user, job.params["within"], Action.VIEW_MEMBERS)  # the right checked again: it may be gone
    form = ArrearsFilterForm(job.params["query"] or None)
    d = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    rows = selectors.arrears(scope, year=d.get("year"), today=today, min_months=d.get("min_months") or 0, q=d.get("q") or "")
    path = private_file(job, file_name(scope))
    written = Counted(arrears_rows(rows, scope, d.get("year"), today), progress, rows.count(), every=PROGRESS_EVERY)
    write_xlsx_fast(path, _("Arrears"), arrears_header(), written)
    progress("writing", written.count, written.count)
    audit_export(actor=user, what="dues_arrears", rows=written.count, within=scope)  # personal data: who owes what
    return {"rows": written.count}
