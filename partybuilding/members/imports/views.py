"""Import of member records from Excel: download the template, upload a file (checked at
once: the dry run), read the report of every refused row, confirm; the import writes
every row or none.

A large file is checked and imported in a background thread of the web process while the
page polls its progress every second. Why a thread: the system runs as one embedded
process (on SQLite or PostgreSQL), and a task queue would be one more service to run and
watch. The progress of a running job lives in this process's memory (`LIVE`): on SQLite
the import's transaction holds the write lock, so progress could not be written to the
database meanwhile; the job's row gets the outcome at the end. A job still "running" that
this process does not know was interrupted by a restart: its transaction never committed,
so nothing was imported, and the page says so. (A deployment with several web processes
would run imports through `manage.py members_import` or a task queue instead.)

The uploaded file holds personal data: it is kept as a private file (mode 600) outside
the web root, named by a random id, and removed when the job ends. Reports quote line
numbers and reasons, never a citizen ID or a phone number; logs name only the error type.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partybuilding.accounts.models import User
from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.scope import Action, require, scope_of
from partybuilding.organizations.models import Organization

from .. import imports
from ..models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)

EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")  # what python-calamine reads
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # ≈ 600,000 rows of the template
BACKGROUND_FROM_BYTES = 200 * 1024  # smaller files (≈ 2,000 rows) are done within the request
STORED_ISSUES = 1000  # the page lists these; the count says how many more
PHASE_LABELS = {
    "reading": gettext_lazy("Reading the file"),
    "checking": gettext_lazy("Checking the rows"),
    "members": gettext_lazy("Writing the member records"),
    "history": gettext_lazy("Writing the membership periods"),
    "events": gettext_lazy("Writing the events"),
    "audit": gettext_lazy("Writing the audit log"),
    "totals": gettext_lazy("Updating the totals"),
}


def import_dir() -> Path:
    folder = Path(getattr(settings, "MEMBER_IMPORT_DIR", "") or Path(tempfile.gettempdir()) / "partybuilding-imports")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


# --- the jobs running in this process ----------------------------------------------------


@dataclass
class Live:
    phase: str = "reading"
    done: int = 0
    total: int = 0
    thread: threading.Thread | None = None

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def label(self) -> str:
        return str(PHASE_LABELS.get(self.phase, self.phase))


LIVE: dict[int, Live] = {}


def _tracker(job_id: int) -> imports.Progress:
    def progress(phase: str, done: int, total: int) -> None:
        live = LIVE.get(job_id)
        if live is not None:
            live.phase, live.done, live.total = phase, done, total

    return progress


def _remove_file(job: ImportJob) -> None:
    if job.file_path:
        Path(job.file_path).unlink(missing_ok=True)
        job.file_path = ""


def _finish(job: ImportJob, status: str, *, report: imports.Report | None = None, message: str = "") -> None:
    job.status, job.message = status, message
    if report is not None:
        job.rows, job.imported, job.issue_count = report.rows, report.imported, len(report.issues)
        job.issues = [i.as_dict() for i in report.issues[:STORED_ISSUES]]
    if status != ImportStatus.READY:
        _remove_file(job)
        job.finished_at = timezone.now()
    job.save()


def _run(job_id: int, confirm: bool, language: str) -> None:
    """Check the job's file, and import it when confirmed; record the outcome."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        with translation.override(language):
            within = Organization.objects.visible_to(job.created_by, Action.MANAGE_MEMBERS)
            report = imports.import_file(job.file_path, within=within, actor=job.created_by, dry_run=not confirm, progress=_tracker(job_id))
            if not report.ok:
                _finish(job, ImportStatus.REJECTED, report=report)
            elif not confirm:
                _finish(job, ImportStatus.READY, report=report)
            else:
                _finish(job, ImportStatus.DONE, report=report)
                audit_record(actor=job.created_by, action="member.import_file", obj=job, after={"rows": job.rows, "imported": job.imported})
    except Refusal as refusal:  # e.g. a card number entered by someone else since the check
        _finish(job, ImportStatus.FAILED, message=refusal.text)
    except Exception as exc:
        # The page says it failed; the log names only the error's type, since database
        # errors quote the values at fault (a citizen ID, say).
        logger.error("member import %s failed: %s", job_id, type(exc).__name__)
        with translation.override(language):
            _finish(job, ImportStatus.FAILED, message=_("The import failed; nothing was imported."))


def _start(job: ImportJob, *, confirm: bool, background: bool) -> None:
    """Run the job: within this request for a small file, else in a thread."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    live = LIVE[job.pk] = Live()
    if not background:
        try:
            _run(job.pk, confirm, language)
        finally:
            LIVE.pop(job.pk, None)
        return

    def work() -> None:
        try:
            _run(job.pk, confirm, language)
        finally:
            LIVE.pop(job.pk, None)
            connection.close()  # this thread's own connection

    live.thread = threading.Thread(target=work, name=f"member-import-{job.pk}", daemon=True)
    live.thread.start()


def _notice_interrupted(job: ImportJob) -> None:
    if job.running and job.pk not in LIVE:
        message = _("The import was interrupted (the server restarted); nothing was imported. Upload the file again.")
        _finish(job, ImportStatus.FAILED, message=message)


# --- pages ------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file"), help_text=gettext_lazy("The template's layout: .xlsx, .xls or .ods."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx, .xls, .xlsb or .ods)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20})
        return upload


def _managed_scope(request: HttpRequest) -> Organization:
    scope = scope_of(request)
    if scope is None:
        raise Http404
    require(request.user, Action.MANAGE_MEMBERS, scope)
    return scope


def _save_upload(upload: Any) -> Path:
    """A private copy, named by a random id (the original name may say whose data it is)."""
    target = import_dir() / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return target


def _cancel_waiting(user: Any) -> None:
    """A new upload replaces the user's checked files still waiting for confirmation."""
    for job in ImportJob.objects.filter(created_by_id=user.pk, status=ImportStatus.READY):
        _finish(job, ImportStatus.CANCELLED)


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    scope = _managed_scope(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        _cancel_waiting(request.user)
        job = ImportJob.objects.create(
            created_by=cast(User, request.user),
            organization=scope,
            file_name=Path(upload.name).name[:255],
            file_path=str(_save_upload(upload)),
        )
        _start(job, confirm=False, background=upload.size > BACKGROUND_FROM_BYTES)
        return redirect("member_import_job", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by_id=request.user.pk).order_by("-created_at")[:10]
    context = {"form": form, "scope": scope, "jobs": jobs, "columns": imports.COLUMNS}
    return render(request, "members/import_start.html", context)


@login_required
def import_template(request: HttpRequest) -> FileResponse:
    _managed_scope(request)
    handle = io.BytesIO()
    imports.write_workbook(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename="mau-nhap-dang-vien.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _job_or_404(request: HttpRequest, pk: int) -> ImportJob:
    """A job is its uploader's: anyone else gets 404, as for a missing one."""
    job = ImportJob.objects.select_related("organization").filter(pk=pk, created_by_id=request.user.pk or 0).first()
    if job is None:
        raise Http404
    require(request.user, Action.MANAGE_MEMBERS, job.organization)  # a role revoked since the upload
    _notice_interrupted(job)
    return job


def _job_context(job: ImportJob) -> dict[str, Any]:
    issues = [{**issue, "column_label": imports.column_label(issue["column"])} for issue in job.issues]
    return {
        "job": job,
        "live": LIVE.get(job.pk),
        "issues": issues,
        "more_issues": job.issue_count - len(issues),
        "statuses": ImportStatus,
    }


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    return render(request, "members/import_job.html", _job_context(job))


@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the job page that changes, polled by htmx while the job runs."""
    job = _job_or_404(request, pk)
    return render(request, "members/import_status.html", _job_context(job))


@require_POST
@login_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    # Only a checked job starts, and only once (a double click, two tabs).
    if ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(status=ImportStatus.IMPORTING, message="") == 1:
        job.refresh_from_db()
        size = Path(job.file_path).stat().st_size if job.file_path and Path(job.file_path).exists() else 0
        _start(job, confirm=True, background=size > BACKGROUND_FROM_BYTES)
    return redirect("member_import_job", pk=job.pk)


@require_POST
@login_required
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    if job.status == ImportStatus.READY:
        _finish(job, ImportStatus.CANCELLED)
    return redirect("member_import_start")


urlpatterns = [
    path("import/", import_start, name="member_import_start"),
    path("import/template.xlsx", import_template, name="member_import_template"),
    path("import/<int:pk>/", import_job, name="member_import_job"),
    path("import/<int:pk>/status/", import_status, name="member_import_status"),
    path("import/<int:pk>/confirm/", import_confirm, name="member_import_confirm"),
    path("import/<int:pk>/cancel/", import_cancel, name="member_import_cancel"),
]
