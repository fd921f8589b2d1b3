"""Tasks and study campaigns made with the ORM for the reports' tests, their counters kept
as the services keep them (`counters.tasks_added`, `totals.add_many`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.directives import counters
from partybuilding.directives.choices import CampaignStatus, TaskSource, TaskState
from partybuilding.directives.models import Document, StudyAssignment, StudyCampaign, Task
from partybuilding.members.models import Member
from partybuilding.organizations import totals
from partybuilding.organizations.models import Organization

from .directive_targets import document_in


def task_of(document: Document, org: Organization, deadline: dt.date, *, state: str = TaskState.NOT_STARTED, **fields: Any) -> Task:
    """A task of `document` carried out by `org`, counted."""
    task = Task.objects.create(
        source=TaskSource.DOCUMENT if fields.get("parent") is None else TaskSource.PARENT,
        document=document,
        assigned_by=document.organization,
        assigner_path=document.org_path,
        organization=org,
        org_path=org.path,
        work="Quán triệt nghị quyết",
        responsible_person="Đồng chí Bí thư",
        deadline=deadline,
        state=state,
        **fields,
    )
    counters.tasks_added([task])
    return task


def split_task(task: Task, orgs: list[Organization], **fields: Any) -> list[Task]:
    """Split `task` down to `orgs` (its count moves to the children), the children without a
    document of their own, as a split from a task given by a meeting is."""
    before = counters.task_keys(task)
    task.split = True
    task.save(update_fields=["split"])
    counters.task_changed(task.org_path, before, task)
    children = []
    for org in orgs:
        child = Task.objects.create(
            source=TaskSource.PARENT,
            parent=task,
            assigned_by=task.organization,
            assigner_path=task.org_path,
            organization=org,
            org_path=org.path,
            work=task.work,
            responsible_person="Bí thư chi bộ",
            deadline=task.deadline,
            **fields,
        )
        children.append(child)
    counters.tasks_added(children)
    return children


def campaign_in(org: Organization, members: dict[Member, bool], **fields: Any) -> StudyCampaign:
    """A campaign of `org` for `members` (member → studied), counted."""
    campaign = StudyCampaign.objects.create(
        organization=org,
        org_path=org.path,
        title=fields.pop("title", "Học tập, quán triệt Nghị quyết mẫu"),
        starts_on=dt.date(2026, 9, 10),
        deadline=dt.date(2026, 10, 30),
        members_on=dt.date(2026, 9, 10),
        status=CampaignStatus.OPEN,
        assigned=len(members),
        **fields,
    )
    campaign.documents.add(document_in(org))
    per_path: dict[str, dict[str, int]] = {}
    for member, done in members.items():
        path = member.organization.path
        StudyAssignment.objects.create(
            campaign=campaign, member=member, member_path=path, done=done, studied_on=dt.date(2026, 9, 20) if done else None
        )
        node = per_path.setdefault(path, {})
        for key, n in counters.study_keys(campaign.pk, done).items():
            node[key] = node.get(key, 0) + n
    totals.add_many(per_path)
    return campaign


def reports_document(org: Organization) -> Document:
    """The matrix's target: `org`'s sample resolution, with one task of its own."""
    document = document_in(org)
    if not document.tasks.exists():
        task_of(document, org, dt.date(2027, 3, 1))
    return document


def reports_campaign(org: Organization) -> StudyCampaign:
    found = StudyCampaign.objects.filter(organization=org).first()
    return found or campaign_in(org, {})
