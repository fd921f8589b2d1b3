"""The member import as a background job (`core.jobs`): the uploaded file checked (the dry
run), then, once the user confirms, imported, every row or none. The upload's record
(`ImportJob`) keeps the file and the report; the job keeps the progress, so any web process
can show it while the worker runs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_record
from partybuilding.core.bulk import Progress
from partybuilding.core.errors import Refusal
from partybuilding.core.jobs import job_kind, start
from partybuilding.core.models import Job
from partybuilding.core.scope import Action
from partybuilding.organizations.models import Organization

from ..models import ImportJob, ImportStatus
from . import Report, import_file

STORED_ISSUES = 1000  # the page lists these; the count says how many more
PHASES = {
    "reading": gettext_lazy("Reading the file"),
    "checking": gettext_lazy("Checking the rows"),
    "members": gettext_lazy("Writing the member records"),
    "history": gettext_lazy("Writing the membership periods"),
    "events": gettext_lazy("Writing the events"),
    "audit": gettext_lazy("Writing the audit log"),
    "totals": gettext_lazy("Updating the totals"),
}


def start_import(upload: ImportJob, *, confirm: bool) -> None:
    """Check the upload's file (or, confirmed, import it) in the background."""
    upload.status = ImportStatus.IMPORTING if confirm else ImportStatus.CHECKING
    upload.save(update_fields=["status", "updated_at"])
    # Linked in the transaction that queues it: the worker never sees a job its upload does not name.
    with transaction.atomic():
        params = {"upload": upload.pk, "confirm": confirm}
        job = start("members.import", user=upload.created_by, org_path=upload.organization.path, params=params)
        ImportJob.objects.filter(pk=upload.pk).update(run=job)
    upload.refresh_from_db()


def finish(upload: ImportJob, status: str, *, report: Report | None = None, message: str = "") -> None:
    """Record the outcome; the file goes once nothing more will be done with it."""
    upload.status, upload.message = status, message
    if report is not None:
        upload.rows, upload.imported, upload.issue_count = report.rows, report.imported, len(report.issues)
        upload.issues = [i.as_dict() for i in report.issues[:STORED_ISSUES]]
    if status != ImportStatus.READY:
        if upload.file_path:
            Path(upload.file_path).unlink(missing_ok=True)
        upload.file_path = ""
        upload.finished_at = timezone.now()
    upload.save()


def notice_interrupted(upload: ImportJob) -> None:
    """An upload still checking or importing whose job is over (or gone) was interrupted:
    its transaction never committed, so nothing was imported."""
    run = upload.run
    if upload.running and (run is None or not run.active):
        finish(
            upload,
            ImportStatus.FAILED,
            message=_("The import was interrupted (the server restarted); nothing was imported. Upload the file again."),
        )


@job_kind("members.import", label=gettext_lazy("Member import"), phases=PHASES)
def run_import(job: Job, progress: Progress) -> dict[str, Any]:
    """Check the upload's file, and import it when confirmed; record the outcome."""
    upload = ImportJob.objects.select_related("created_by").get(pk=job.params["upload"])
    confirm = bool(job.params["confirm"])
    within = Organization.objects.visible_to(upload.created_by, Action.MANAGE_MEMBERS)
    try:
        report = import_file(upload.file_path, within=within, actor=upload.created_by, dry_run=not confirm, progress=progress)
    except Refusal as refusal:  # e.g. a card number entered by someone else since the check
        finish(upload, ImportStatus.FAILED, message=refusal.text)
        raise
    except Exception:
        finish(upload, ImportStatus.FAILED, message=_("The import failed; nothing was imported."))
        raise  # the job's runner logs the error's type only
    if not report.ok:
        finish(upload, ImportStatus.REJECTED, report=report)
    elif not confirm:
        finish(upload, ImportStatus.READY, report=report)
    else:
        finish(upload, ImportStatus.DONE, report=report)
        audit_record(
            actor=upload.created_by, action="member.import_file", obj=upload, after={"rows": upload.rows, "imported": upload.imported}
        )
    return {"upload": upload.pk, "status": upload.status, "rows": report.rows, "imported": report.imported}
