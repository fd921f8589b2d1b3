"""Import of member records from Excel: download the template, upload a file (checked at
once: the dry run), read the report of every refused row, confirm; the import writes
every row or none. Checking and importing run as background jobs (`jobs.py`) while the
page polls their progress.

The uploaded file holds personal data: it is kept as a private file (mode 600) outside
the web root, named by a random id, and removed when the import ends. Reports quote line
numbers and reasons, never a citizen ID or a phone number; logs name only the error type.
"""

from __future__ import annotations

import io
import os
import uuid
from pathlib import Path
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partybuilding.accounts.models import User
from partybuilding.core.jobs import files_dir
from partybuilding.core.scope import Action, list_scope, require

from ..models import ImportJob, ImportStatus
from . import COLUMNS, column_label, write_workbook
from .forms import UploadForm
from .jobs import finish, notice_interrupted, start_import


def _save_upload(upload: Any) -> Path:
    """A private copy, named by a random id (the original name may say whose data it is)."""
    target = files_dir() / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return target


def _cancel_waiting(user: Any) -> None:
    """A new upload replaces the user's checked files still waiting for confirmation."""
    for job in ImportJob.objects.filter(created_by_id=user.pk, status=ImportStatus.READY):
        finish(job, ImportStatus.CANCELLED)


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    scope = list_scope(request, Action.MANAGE_MEMBERS)
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
        start_import(job, confirm=False)
        return redirect("member_import_job", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by_id=request.user.pk).order_by("-created_at")[:10]
    context = {"form": form, "scope": scope, "jobs": jobs, "columns": COLUMNS}
    return render(request, "members/import_start.html", context)


@login_required
def import_template(request: HttpRequest) -> FileResponse:
    list_scope(request, Action.MANAGE_MEMBERS)
    handle = io.BytesIO()
    write_workbook(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename="mau-nhap-dang-vien.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _job_or_404(request: HttpRequest, pk: int) -> ImportJob:
    """A job is its uploader's: anyone else gets 404, as for a missing one."""
    job = ImportJob.objects.select_related("organization", "run").filter(pk=pk, created_by_id=request.user.pk or 0).first()
    if job is None:
        raise Http404
    require(request.user, Action.MANAGE_MEMBERS, job.organization)  # a role revoked since the upload
    notice_interrupted(job)
    return job


def _job_context(job: ImportJob) -> dict[str, Any]:
    issues = [{**issue, "column_label": column_label(issue["column"])} for issue in job.issues]
    return {
        "job": job,
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
        start_import(job, confirm=True)
    return redirect("member_import_job", pk=job.pk)


@require_POST
@login_required
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    if job.status == ImportStatus.READY:
        finish(job, ImportStatus.CANCELLED)
    return redirect("member_import_start")
