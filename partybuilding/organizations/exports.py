"""The organization tree (a scope's subtree, or a search) as an Excel file: written at once
when short, else as a background job whose page shows the progress (the country has
304,000 organizations, a province some 10,000)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.bulk import Progress
from partybuilding.core.exporting import Counted, every_row
from partybuilding.core.jobs import job_kind, private_file
from partybuilding.core.labels import choice_labels
from partybuilding.core.models import Job
from partybuilding.core.scope import Action, organization_or_404
from partybuilding.core.xlsx_stream import write_xlsx_fast

from . import selectors
from .models import Organization

PROGRESS_EVERY = 5000  # rows between two reports to the job's page


def exported(user: Any, scope: Organization | None, query: str) -> QuerySet[Organization]:
    """The organizations the tree page shows the user: a search, else the scope's subtree."""
    visible = Organization.objects.visible_to(user, Action.VIEW)
    orgs = selectors.search(visible, query) if query else (visible.within(scope) if scope else visible)
    return orgs.order_by("path")


def header() -> list[str]:
    return [
        _("Code"), _("Name"), _("Kind"), _("Parent"), _("Status"), _("Founded on"), _("Dissolved on"), _("Level"), _("Type of unit"),
        _("No non-members left to admit"),
    ]  # fmt: skip


def rows(orgs: QuerySet[Organization]) -> Iterator[list[Any]]:
    """The rows of `header`, read as plain values, the choices' labels looked up once."""
    yes = _("Yes")
    kind, status, unit_type = (choice_labels(Organization, name) for name in ("kind", "status", "unit_type"))
    columns = ("code", "name", "kind", "parent__name", "status", "founded_on", "dissolved_on", "depth", "unit_type", "no_candidates_left")
    with every_row():
        for code, name, k, parent, s, founded, dissolved, depth, unit, none_left in orgs.values_list(*columns).iterator(chunk_size=5000):
            yield [
                code,
                name,
                kind[k],
                parent or "",
                status[s],
                founded,
                dissolved,
                depth,
                unit_type[unit] if unit else "",
                yes if none_left else "",
            ]


@job_kind("organizations.export", label=gettext_lazy("Organization list export"), phases={"writing": gettext_lazy("Writing the rows")})
def export_organizations(job: Job, progress: Progress) -> dict[str, Any]:
    """The tree as the page showed it (`params`: the organization of the scope, the search)."""
    user = job.created_by
    scope = organization_or_404(user, job.params["within"]) if job.params.get("within") else None  # the right checked again
    orgs = exported(user, scope, job.params.get("q", ""))
    path = private_file(job, "organizations.xlsx")
    written = Counted(rows(orgs), progress, orgs.count(), every=PROGRESS_EVERY)
    write_xlsx_fast(path, _("Organizations"), header(), written)
    progress("writing", written.count, written.count)
    return {"rows": written.count}
