"""The task list as an Excel file: written at once when short, else as a background job
whose page shows the progress (a document split down a province's tree gives a task to
each of its thousands of organizations)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.bulk import Progress
from partybuilding.core.exporting import Counted, every_row
from partybuilding.core.jobs import job_kind, private_file
from partybuilding.core.labels import enum_labels
from partybuilding.core.models import Job
from partybuilding.core.scope import Action, organization_or_404
from partybuilding.core.xlsx_stream import write_xlsx_fast

from .choices import TaskStatus
from .forms.tasks import TaskFilterForm
from .models import Task
from .selectors import tasks as selectors

PROGRESS_EVERY = 2000  # rows between two reports to the job's page
COLUMNS = ("work", "responsible_person", "deadline", "state", "progress", "done_on", "expected_result", "result")


def task_header() -> list[str]:
    return [
        _("Work"), _("Responsible organization"), _("Person responsible"), _("Assigned by"), _("Deadline"), _("Status of the task"),
        _("Progress (percent)"), _("Done on"), _("Result expected"), _("Result achieved"),
    ]  # fmt: skip


def task_rows(rows: QuerySet[Task], today: dt.date) -> Iterator[list[Any]]:
    """The rows of `task_header`, in deadline order, the statuses' labels looked up once."""
    status = enum_labels(TaskStatus)
    found = rows.select_related(None).select_related("organization", "assigned_by")
    found = found.only(*COLUMNS, "organization__name", "assigned_by__name").order_by("deadline", "pk")
    with every_row():
        for t in found.iterator(chunk_size=2000):
            yield [
                t.work, t.organization.name, t.responsible_person, t.assigned_by.name, t.deadline, status[t.status_on(today)],
                t.progress, t.done_on, t.expected_result, t.result,
            ]  # fmt: skip


@job_kind("directives.tasks_export", label=gettext_lazy("Task list export"), phases={"writing": gettext_lazy("Writing the rows")})
def export_tasks(job: Job, progress: Progress) -> dict[str, Any]:
    """The tasks as the list's filters chose them (`params`: the query string and the organization)."""
    user, today = job.created_by, timezone.localdate()
    scope = organization_or_404(user, job.params["within"], Action.VIEW)  # the right checked again: it may be gone
    form = TaskFilterForm(job.params["query"] or None, user=user)
    rows = selectors.filtered_tasks(selectors.tasks_in(user, scope), form.cleaned_data if form.is_valid() else {}, today, scope)
    path = private_file(job, "tasks.xlsx")
    written = Counted(task_rows(rows, today), progress, rows.count(), every=PROGRESS_EVERY)
    write_xlsx_fast(path, _("Tasks"), task_header(), written)
    progress("writing", written.count, written.count)
    return {"rows": written.count}
