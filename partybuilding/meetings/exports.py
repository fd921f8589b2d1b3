"""The meeting list as an Excel file: written at once when short, else as a background job
whose page shows the progress (a province's year of meetings is some 150,000 rows).

The rows are read as plain values and the kinds, states and levels looked up once per
export (`core.labels`), which keeps a long export to seconds."""

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
from partybuilding.core.scope import organization_or_404
from partybuilding.core.xlsx_stream import write_xlsx_fast
from partybuilding.members.models import Member
from partybuilding.members.records.selectors import member_or_404
from partybuilding.organizations.labels import OrganizationLabels
from partybuilding.organizations.models import Organization

from . import selectors
from .forms import MeetingFilterForm
from .models import Meeting

PROGRESS_EVERY = 2000  # rows between two reports to the job's page


def listed(
    user: Any, form: MeetingFilterForm, scope: Organization | None, member: Any = None
) -> tuple[QuerySet[Meeting], Member | None, bool]:
    """The meetings the list page shows: the filters of `form` within `scope`; a plain
    member's own cell (read-only: `True` last); with `member` (a record's link), the
    meetings they were expected at, whose attendance the list shows."""
    filters = form.cleaned_data if form.is_valid() else {}
    if own := selectors.own_cell_reader(user):
        return selectors.filtered(selectors.own_cell_meetings(own, scope), filters), own, True
    found = selectors.in_scope(user, scope)
    attendee = member_or_404(user, member) if member else None
    if attendee is not None:
        found = selectors.attended_by(found, attendee)
    return selectors.filtered(found, filters), attendee, False


def header() -> list[str]:
    return [_("Date"), _("Organization"), _("Kind"), _("Topic"), _("Status"), _("Duration (minutes)"), _("Score"), _("Quality")]


def rows(meetings: QuerySet[Meeting]) -> Iterator[list[Any]]:
    kind, status, level = (choice_labels(Meeting, name) for name in ("kind", "status", "level"))
    organizations = OrganizationLabels(with_parent=True)  # the list fetches the parent (`selectors.filtered`)
    columns = ("date", "kind", "title", "status", "duration_minutes", "score", "level", *organizations.columns("organization"))
    with every_row():
        for day, k, title, s, minutes, score, lv, *org in meetings.values_list(*columns).iterator(chunk_size=5000):
            yield [day, organizations.label(*org), kind[k], title, status[s], minutes, score, level[lv]]


@job_kind("meetings.export", label=gettext_lazy("Meeting list export"), phases={"writing": gettext_lazy("Writing the rows")})
def export_meetings(job: Job, progress: Progress) -> dict[str, Any]:
    """The list as its user asked for it (`params`: the list's query string and organization)."""
    user, query = job.created_by, job.params["query"]
    scope = organization_or_404(user, job.params["within"]) if job.params.get("within") else None  # the right checked again
    meetings, _attendee, _own = listed(user, MeetingFilterForm(query or None), scope, query.get("member"))
    total = meetings.count()
    path = private_file(job, "meetings.xlsx")
    written = Counted(rows(meetings), progress, total, every=PROGRESS_EVERY)
    write_xlsx_fast(path, _("Meetings"), header(), written)
    progress("writing", written.count, written.count)
    return {"rows": written.count}
