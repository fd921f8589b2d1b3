"""Background jobs: imports, long exports, recounts, run by the worker (`manage.py
db_worker`) through django-tasks' database queue, with their progress kept in the job's
row so that any web process can show it.

An app declares a kind of job and starts it from a view:

    @job_kind("members.export", label=gettext_lazy("Member list export"),
              phases={"reading": gettext_lazy("Reading the records")})
    def export_members(job: Job, progress: Progress) -> dict[str, Any] | None:
        path = private_file(job, "members.xlsx")
        ...
        progress("reading", done, total)
        return {"rows": total}

    job = start("members.export", user=request.user, org_path=org.path, params={"within": org.pk})
    return redirect("job_page", job.pk)

The function runs in the language of the user who started it. A `Refusal` fails the job
with its text; any other error fails it with a general message, and the log names only the
error's type (database errors quote the values at fault, a citizen ID say). The function
must not save the job's row itself: the runner records the outcome.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django_tasks import task

from .bulk import Progress
from .errors import Refusal
from .job_progress import ProgressWriter
from .models import Job, JobStatus

logger = logging.getLogger(__name__)

Run = Callable[[Job, Progress], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Kind:
    """A registered kind of job: its function, and what its page says about it."""

    slug: str
    run: Run
    label: str | Promise
    phases: Mapping[str, str | Promise] = field(default_factory=dict)
    template: str = ""  # shown under the progress once the job is done, with `job` and `result`


_KINDS: dict[str, Kind] = {}


def job_kind(
    slug: str, *, label: str | Promise, phases: Mapping[str, str | Promise] | None = None, template: str = ""
) -> Callable[[Run], Run]:
    """Register the decorated function `run(job, progress) -> dict | None` as the kind `slug`."""

    def register(run: Run) -> Run:
        known = _KINDS.get(slug)
        if known is not None and _name(known.run) != _name(run):
            raise ImproperlyConfigured(f"Two kinds of job are named {slug!r}: {_name(known.run)} and {_name(run)}.")
        _KINDS[slug] = Kind(slug=slug, run=run, label=label, phases=dict(phases or {}), template=template)
        return run

    return register


def _name(run: Run) -> str:
    return f"{run.__module__}.{run.__qualname__}"


def kind_of(slug: str) -> Kind | None:
    return _KINDS.get(slug)


def kind_label(slug: str) -> str:
    kind = _KINDS.get(slug)
    return str(kind.label) if kind else slug


def phase_label(slug: str, phase: str) -> str:
    """What the page calls the phase: the kind's label for it, else its key."""
    kind = _KINDS.get(slug)
    return str(kind.phases.get(phase, phase)) if kind else phase


def start(kind: str, *, user: Any, org_path: str = "", params: dict[str, Any] | None = None, language: str | None = None) -> Job:
    """Record a job and put it in the queue; the job as it stands once queued (already
    finished when tasks run immediately, as in the tests).

    The task is queued at once, not when the transaction commits: views run in autocommit,
    and a caller inside a transaction commits the job and its task together."""
    if kind not in _KINDS:
        raise ImproperlyConfigured(f"No kind of job is named {kind!r}.")
    job = Job.objects.create(
        kind=kind,
        created_by=user,
        org_path=org_path,
        params=params or {},
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def cancel(job: Job) -> bool:
    """Cancel a job that has not started yet (the worker skips it); a running job goes on."""
    cancelled = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(status=JobStatus.CANCELLED, finished_at=timezone.now())
    job.refresh_from_db()
    return bool(cancelled)


# --- private files -----------------------------------------------------------------------


def files_dir() -> Path:
    """The folder of the jobs' files (settings.JOB_FILES_DIR), readable by this system only."""
    folder = Path(settings.JOB_FILES_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def private_file(job: Job, download_name: str) -> Path:
    """A new empty file for what the job produces: mode 600, named by a random id (the
    download name may hold an organization's name, which a file listing should not show).
    The job's page offers it as `download_name` once the job is done; a failed job's file
    is removed."""
    path = files_dir() / f"{uuid.uuid4().hex}{Path(download_name).suffix.lower()}"
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    job.file_path, job.file_name = str(path), download_name
    return path


def remove_file(job: Job) -> None:
    if job.file_path:
        Path(job.file_path).unlink(missing_ok=True)
    job.file_path = job.file_name = ""


# --- the task the worker runs -------------------------------------------------------------


@task()
def run_job(job_id: int) -> None:
    """Run one job: claim its row (a job cancelled before it started is skipped), call its
    kind's function in the starter's language, record the outcome."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING, started_at=timezone.now())
    if not claimed:
        return
    job = Job.objects.select_related("created_by").get(pk=job_id)
    progress = ProgressWriter(job.pk)
    try:
        kind = _KINDS.get(job.kind)
        if kind is None:
            raise LookupError(job.kind)  # a kind removed from the code since the job was queued
        with translation.override(job.language):
            result = kind.run(job, progress)
    except Refusal as refusal:  # its text was written in the job's language
        _finish(job, progress, JobStatus.FAILED, message=refusal.text)
    except Exception as exc:
        logger.error("job %s (%s) failed: %s", job.pk, job.kind, type(exc).__name__)
        with translation.override(job.language):
            _finish(job, progress, JobStatus.FAILED, message=_("The work failed and nothing of it was kept. Try again later."))
    except BaseException:  # the worker is stopping: the page must not wait for ever
        with translation.override(job.language):
            _finish(job, progress, JobStatus.FAILED, message=_("The work was interrupted; start it again."))
        raise
    else:
        _finish(job, progress, JobStatus.DONE, result=result)
    finally:
        progress.close()


def _finish(job: Job, progress: ProgressWriter, status: str, *, result: Any = None, message: str = "") -> None:
    """Record the outcome with the last progress reported (a throttled one included)."""
    if status != JobStatus.DONE:
        remove_file(job)
    job.status, job.result, job.message, job.finished_at = status, result, message, timezone.now()
    job.phase, job.done, job.total = progress.phase, progress.done, progress.total
    job.save(update_fields=["status", "result", "message", "finished_at", "phase", "done", "total", "file_path", "file_name"])
