"""The members due for a badge as an Excel file: written at once when short, else as a
background job whose page shows the progress (a province has some 20,000 due on an award
date, the country 100,000). Card numbers masked unless asked for in full by one who
manages the list's members; every export audited once with its number of rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_export
from partybuilding.core.bulk import Progress
from partybuilding.core.exporting import Counted, every_row
from partybuilding.core.jobs import job_kind, private_file
from partybuilding.core.models import Job
from partybuilding.core.records import day_text
from partybuilding.core.scope import organization_or_404
from partybuilding.core.xlsx_stream import write_xlsx_fast
from partybuilding.organizations.labels import OrganizationLabels
from partybuilding.organizations.models import Organization

from ..models import Member
from ..records.exports import full_ids_allowed, identifier
from . import selectors as badges

PROGRESS_EVERY = 2000  # rows between two reports to the job's page


def listed(everyone: QuerySet[Member], milestone: int | None) -> QuerySet[Member]:
    """The due members the page lists: those of one milestone when it chose one, longest
    in the Party first (hence the highest milestones first). Admission-date order is an
    index's order: the first page of the country is read without sorting its due members."""
    found = everyone.filter(Q(milestone=milestone)) if milestone else everyone  # an annotation: Q for the type checker
    return found.select_related("organization").order_by("admission_date", "pk")


def title(award_date: dt.date) -> str:
    return (_("Badges due on %(date)s") % {"date": day_text(award_date)}).replace("/", "-")


def file_name(award_date: dt.date) -> str:
    return f"badges-{award_date:%Y%m%d}.xlsx"


def header() -> list[str]:
    return [
        _("Full name"),
        _("Badge (years)"),
        _("Date of birth"),
        _("Admission date"),
        _("Official date"),
        _("Organization"),
        _("Card number"),
    ]


def rows(found: QuerySet[Member], *, full_ids: bool) -> Iterator[list[Any]]:
    organizations = OrganizationLabels(with_parent=False)  # as `select_related("organization")` gives it
    columns = (
        "full_name",
        "milestone",
        "date_of_birth",
        "admission_date",
        "official_date",
        "card_number",
        *organizations.columns("organization"),
    )
    with every_row():
        for name, milestone, born, admitted, official, card, *org in found.values_list(*columns).iterator(chunk_size=5000):
            yield [name, milestone, born, admitted, official, organizations.label(*org), identifier(card, full_ids)]


@job_kind("members.badges_export", label=gettext_lazy("Badges due export"), phases={"writing": gettext_lazy("Writing the rows")})
def export_badges(job: Job, progress: Progress) -> dict[str, Any]:
    """The members due as the page chose them (`params`: the organization, the award date
    the page settled on, the milestone, full identifiers asked for)."""
    user = job.created_by
    within: Organization | None = organization_or_404(user, job.params["within"]) if job.params.get("within") else None
    full_ids = bool(job.params.get("full_ids")) and full_ids_allowed(user, within)  # the right checked again: it may be gone
    award_date = dt.date.fromisoformat(job.params["award_date"])
    members = Member.objects.visible_to(user)
    if within is not None:
        members = members.within(within)
    found = listed(badges.due(members, award_date), job.params.get("milestone"))
    total = found.count()
    path = private_file(job, file_name(award_date))
    written = Counted(rows(found, full_ids=full_ids), progress, total, every=PROGRESS_EVERY)
    write_xlsx_fast(path, title(award_date), header(), written)
    progress("writing", written.count, written.count)
    audit_export(actor=user, what="badge_list", rows=written.count, within=within, full_ids=full_ids)
    return {"rows": written.count}
