"""The documents app's background jobs: a task split down to thousands of organizations, and a
document sent down to every organization of a kind below its issuer with its task."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from partybuilding.core.bulk import Progress
from partybuilding.core.jobs import job_kind
from partybuilding.core.models import Job

from .models import Document, Task
from .services.distribute import document_distribute, organizations_below, task_split

PHASES = {"recipients": _("Sending the document down"), "tasks": _("Giving the tasks")}


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@job_kind("directives.split", label=_("Task split down"), phases=PHASES)
def split_job(job: Job, progress: Progress) -> dict[str, Any]:
    p = job.params
    task = Task.objects.select_related("organization").get(pk=p["task"])
    organizations = organizations_below(task.organization, ids=p.get("ids") or [], kind=p.get("kind") or "")
    task_split(
        actor=job.created_by,
        task=task,
        organizations=organizations,
        deadline=_day(p.get("deadline")),
        responsible_person=p.get("responsible_person", ""),
        progress=progress,
    )
    return {"tasks": len(organizations), "task": task.pk}


@job_kind("directives.distribute", label=_("Document sent down with its task"), phases=PHASES)
def distribute_job(job: Job, progress: Progress) -> dict[str, Any]:
    p = job.params
    document = Document.objects.select_related("organization").get(pk=p["document"])
    counts = document_distribute(
        actor=job.created_by,
        document=document,
        kind=p["kind"],
        work=p["work"],
        deadline=_day(p.get("deadline")),
        working_days=p.get("working_days"),
        expected_result=p.get("expected_result", ""),
        responsible_person=p.get("responsible_person", ""),
        progress=progress,
    )
    return {**counts, "document": document.pk}


def split_params(task: Task, *, ids: list[int], kind: str, deadline: dt.date | None, responsible_person: str) -> dict[str, Any]:
    return {
        "task": task.pk,
        "ids": ids,
        "kind": kind,
        "deadline": deadline.isoformat() if deadline else None,
        "responsible_person": responsible_person,
    }
