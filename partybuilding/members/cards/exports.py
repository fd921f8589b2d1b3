"""The Party cards issued as an Excel file: written at once when short, else as a
background job whose page shows the progress (a province's cards over the years number
as many as its members). Card numbers masked unless asked for in full by one who manages
the list's members; every export audited once with its number of rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_export
from partybuilding.core.bulk import Progress
from partybuilding.core.exporting import Counted, every_row
from partybuilding.core.jobs import job_kind, private_file
from partybuilding.core.labels import choice_labels
from partybuilding.core.models import Job
from partybuilding.core.scope import organization_or_404
from partybuilding.core.xlsx_stream import write_xlsx_fast
from partybuilding.organizations.labels import OrganizationLabels

from ..models import CardIssue
from ..records.exports import full_ids_allowed, identifier
from . import selectors
from .forms import CardFilterForm

PROGRESS_EVERY = 2000  # rows between two reports to the job's page


def header() -> list[str]:
    return [_("Issued on"), _("Full name"), _("Organization"), _("Reason"), _("Card number"), _("Decision number")]


def rows(found: QuerySet[CardIssue], *, full_ids: bool) -> Iterator[list[Any]]:
    """The rows of `header`, read as plain values, the reasons' labels looked up once."""
    kind = choice_labels(CardIssue, "kind")
    organizations = OrganizationLabels(with_parent=False)  # as `select_related("member__organization")` gives it
    columns = ("issued_on", "member__full_name", "kind", "number", "decision_number", *organizations.columns("member__organization"))
    with every_row():
        for issued, name, k, number, decision, *org in found.values_list(*columns).iterator(chunk_size=5000):
            yield [issued, name, organizations.label(*org), kind[k], identifier(number, full_ids), decision]


@job_kind("members.cards_export", label=gettext_lazy("Party cards export"), phases={"writing": gettext_lazy("Writing the rows")})
def export_cards(job: Job, progress: Progress) -> dict[str, Any]:
    """The cards as the list's filters chose them (`params`: the query string, the organization, full identifiers)."""
    user = job.created_by
    within = organization_or_404(user, job.params["within"]) if job.params.get("within") else None  # the right checked again
    full_ids = bool(job.params.get("full_ids")) and full_ids_allowed(user, within)
    form = CardFilterForm(job.params["query"] or None)
    found = selectors.filtered(user, within, form.cleaned_data if form.is_valid() else {})
    path = private_file(job, "party-cards.xlsx")
    written = Counted(rows(found, full_ids=full_ids), progress, found.count(), every=PROGRESS_EVERY)
    write_xlsx_fast(path, _("Party cards issued"), header(), written)
    progress("writing", written.count, written.count)
    audit_export(actor=user, what="card_list", rows=written.count, within=within, full_ids=full_ids)
    return {"rows": written.count}
