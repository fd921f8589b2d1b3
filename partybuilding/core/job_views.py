"""The pages of background jobs (core.jobs): a job's page and the fragment it asks for
every second while the job runs, the file a job produced, the list of one's own jobs.

A job is seen only by the user who started it: to anyone else it is missing (404), as
its parameters, outcome and file may hold personal data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .jobs import files_dir, kind_of
from .listing import Listing
from .models import Job, JobStatus

JOBS_PER_PAGE = 25
JOB_SORTS = {"kind": ("kind",), "requested": ("created_at",), "status": ("status",)}


def own_job_or_404(request: HttpRequest, pk: int) -> Job:
    return get_object_or_404(Job, pk=pk, created_by_id=request.user.pk)


def _context(job: Job) -> dict[str, Any]:
    kind = kind_of(job.kind)
    return {"job": job, "result_template": kind.template if kind else ""}


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "core/job.html", _context(own_job_or_404(request, pk)))


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The changing part of the job's page, asked for again every second while the job runs."""
    return render(request, "core/_job_status.html", _context(own_job_or_404(request, pk)))


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file a done job produced, as an attachment that no cache keeps (personal data)."""
    job = own_job_or_404(request, pk)
    if job.status != JobStatus.DONE or not job.file_path:
        raise Http404
    path = Path(job.file_path).resolve()
    if path.parent != files_dir().resolve() or not path.is_file():  # pruned, or not a job's file
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename=job.file_name)
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """The user's own jobs, newest first."""
    listing = Listing(request, JOB_SORTS, per_page=JOBS_PER_PAGE, tie_breaker="id")
    page = listing.page(Job.objects.filter(created_by_id=request.user.pk).order_by("-id"))
    return render(request, "core/jobs.html", {"page": page, "listing": listing})
