"""A task given to an organization by its province's sample resolution, for the permission
matrix: made on first use in the test's transaction and found again afterwards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from partybuilding.directives.models import Task, TaskStep
from partybuilding.directives.services.tasks import task_create
from partybuilding.organizations.models import Organization

from .directive_targets import document_in

__all__ = ["document_in", "evidence_of", "objects_of", "task_of"]


def task_of(org: Organization) -> Task:
    found = Task.objects.filter(organization=org, work="Việc mẫu").first()
    if found is None:
        found = task_create(
            actor=None, document=document_in(org), organization=org, work="Việc mẫu", responsible_person="A", deadline=dt.date(2026, 12, 31)
        )
    return found


def evidence_of(org: Organization) -> TaskStep:
    """A progress report of the organization's sample task, with its evidence file."""
    task = task_of(org)
    found = task.steps.exclude(evidence_file="").first()
    if found is None:
        found = TaskStep.objects.create(task=task, kind="progress", date=dt.date(2026, 10, 1), progress=50)
        found.evidence_file.save("bang-chung.pdf", ContentFile(b"%PDF-1.4\n%mau\n"), save=True)
    return found


def objects_of(org: Organization) -> dict[str, list[Any]]:
    """The scope crawl's objects: the organization's sample task and its evidence."""
    return {"directive_task": [task_of(org)], "directive_task_step": [evidence_of(org)]}
