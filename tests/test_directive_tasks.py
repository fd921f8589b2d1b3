"""Tasks "3 clear": given by a document within the assigner's subtree, deadlines in working
days, each step and its refusals, on time or late, the roll-up of a task split down, the
counters after every write (no drift), overdue and due-soon lines, a move of an organization,
the member responsible seeing and reporting their own task, and the document sent down to
every cell as one background job."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partybuilding.core.calendar import add_working_days
from partybuilding.core.errors import Refusal
from partybuilding.core.models import Job, JobStatus
from partybuilding.core.records import Decision
from partybuilding.directives.choices import TaskState, TaskStatus
from partybuilding.directives.counters import task_figures
from partybuilding.directives.models import Recipient, Task, TaskStep
from partybuilding.directives.selectors.tasks import overview, soon_until, task_lines, tasks_of_member
from partybuilding.directives.services.distribute import task_split
from partybuilding.directives.services.tasks import TASK, task_create
from partybuilding.organizations import totals
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization

from .conftest import Personas, Tree, client_for, make_org, make_user
from .directive_targets import document_in
from .members_factories import make_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% the minutes\n"
SOURCE_DAY = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def no_drift() -> None:
    assert totals.recompute(prefixes=["tk."]) == []


def give(tree: Tree, org: Organization | None = None, **extra: Any) -> Task:
    fields = {"work": "Quán triệt nghị quyết", "responsible_person": "Đ/c Bí thư", "deadline": dt.date(2026, 10, 30), **extra}
    return task_create(actor=None, document=document_in(tree.P), organization=org or tree.X1, **fields)


def test_a_task_is_given_within_the_assigners_subtree_and_counted(tree: Tree) -> None:
    task = give(tree)
    assert (task.assigner_path, task.org_path, task.state) == (tree.P.path, tree.X1.path, TaskState.NOT_STARTED)
    other = document_in(tree.C1, title="Nghị quyết của xã")
    with pytest.raises(Refusal, match="below it") as refused:
        task_create(actor=None, document=other, organization=tree.Y1, work="x", responsible_person="y", deadline=dt.date(2026, 10, 1))
    assert refused.value.field == "organization"
    with pytest.raises(Refusal, match="on or after the source") as refused:
        give(tree, deadline=SOURCE_DAY - dt.timedelta(days=1))
    assert refused.value.field == "deadline"
    today = timezone.localdate()
    assert task_figures([tree.P], today, today)[tree.P.pk].open == 1
    no_drift()


def test_a_deadline_in_working_days_skips_the_tet_holidays(tree: Tree) -> None:
    before_tet = dt.date(2026, 2, 9)
    document = document_in(tree.P, title="Kế hoạch Tết", date=before_tet)
    task = task_create(actor=None, document=document, organization=tree.C1, work="Trực Tết", responsible_person="VP", working_days=10)
    assert task.deadline == add_working_days(before_tet, 10)
    assert (task.deadline - before_tet).days > 14  # ten working days would be two weeks without Tết


def test_steps_progress_done_late_cancel_reopen_keep_the_counters(tree: Tree) -> None:
    task = give(tree, deadline=dt.date(2026, 9, 10))
    with pytest.raises(Refusal, match="0 to 100"):
        TASK.run("progress", actor=None, obj=task, date=dt.date(2026, 9, 5), progress=120, note="a")
    with pytest.raises(Refusal, match="does not come now"):
        TASK.run("reopen", actor=None, obj=task, date=dt.date(2026, 9, 5), reason="a")
    TASK.run("progress", actor=None, obj=task, date=dt.date(2026, 9, 5), progress=40, note="Đã họp chi bộ")
    no_drift()
    task = TASK.run("done", actor=None, obj=task, date=dt.date(2026, 9, 12), result="Xong")
    assert task.status_on(timezone.localdate()) == TaskStatus.DONE_LATE and task.progress == 100
    no_drift()
    task = TASK.run("reopen", actor=None, obj=task, date=dt.date(2026, 9, 13), reason="Chưa đạt")
    assert task.state == TaskState.IN_PROGRESS and task.done_on is None
    with pytest.raises(Refusal, match="Say why"):
        TASK.run("cancel", actor=None, obj=task, date=dt.date(2026, 9, 14), reason=" ")
    task = TASK.run("cancel", actor=None, obj=task, date=dt.date(2026, 9, 14), reason="Không còn phù hợp")
    assert task.status_on(timezone.localdate()) == TaskStatus.CANCELLED
    assert list(TaskStep.objects.filter(task=task).values_list("kind", flat=True)) == ["progress", "done", "reopen", "cancel"]
    no_drift()


def test_a_task_done_by_its_deadline_is_on_time(tree: Tree) -> None:
    task = TASK.run("done", actor=None, obj=give(tree), date=dt.date(2026, 9, 20), result="Xong")
    assert task.status_on(timezone.localdate()) == TaskStatus.DONE_ON_TIME


def test_a_split_task_follows_its_children(tree: Tree) -> None:
    parent = give(tree, org=tree.G1, deadline=dt.date(2026, 9, 30))
    with pytest.raises(Refusal, match="or earlier") as refused:
        task_split(actor=None, task=parent, organizations=[tree.X1, tree.X2], deadline=dt.date(2026, 10, 1))
    assert refused.value.field == "deadline"
    with pytest.raises(Refusal, match="not below"):
        task_split(actor=None, task=parent, organizations=[tree.Y1])
    task_split(actor=None, task=parent, organizations=[tree.X1, tree.X2], deadline=dt.date(2026, 9, 25))
    parent.refresh_from_db()
    assert parent.split
    with pytest.raises(Refusal, match="split from it"):
        TASK.run("progress", actor=None, obj=parent, date=timezone.localdate(), progress=10, note="a")
    first, second = Task.objects.filter(parent=parent).order_by("org_path")
    today = timezone.localdate()
    assert task_figures([tree.G1], today, today)[tree.G1.pk].open == 2  # the children, not the parent
    no_drift()
    TASK.run("done", actor=None, obj=first, date=dt.date(2026, 9, 20), result="Xong")
    parent.refresh_from_db()
    assert parent.state == TaskState.IN_PROGRESS and parent.progress == 50
    second = TASK.run("done", actor=None, obj=second, date=dt.date(2026, 9, 28), result="Xong")
    parent.refresh_from_db()
    # done on the last child's date: late against the child's deadline, on time against its own
    assert (parent.state, parent.done_on) == (TaskState.DONE, dt.date(2026, 9, 28))
    assert parent.status_on(today) == TaskStatus.DONE_ON_TIME and second.status_on(today) == TaskStatus.DONE_LATE
    TASK.run("reopen", actor=None, obj=second, date=dt.date(2026, 9, 29), reason="Làm lại")
    parent.refresh_from_db()
    assert parent.state == TaskState.IN_PROGRESS
    no_drift()


def test_overdue_and_due_soon_lines_and_the_overview(tree: Tree) -> None:
    today = timezone.localdate()
    document = document_in(tree.P, title="Nghị quyết hôm qua", date=today - dt.timedelta(days=60))
    fields = {"work": "Việc", "responsible_person": "A", "document": document}
    task_create(actor=None, organization=tree.X1, deadline=today - dt.timedelta(days=1), **fields)
    task_create(actor=None, organization=tree.Y1, deadline=soon_until(today), **fields)
    task_create(actor=None, organization=tree.Y1, deadline=today + dt.timedelta(days=60), **fields)
    lines = {item.label: item.count for item in task_lines(tree.P, today, None)}
    assert lines == {"Tasks past their deadline": 1, "Tasks due soon": 1}
    whole, children = overview(tree.P, today)
    assert (whole.figures.overdue, whole.figures.open, whole.figures.light) == (1, 3, "red")
    # C1 has a task overdue; C2's are on the way, none done yet
    assert {row.organization.code: row.figures.light for row in children} == {"C1": "red", "C2": "amber"}


def test_overdue_roll_up_follows_a_move(tree: Tree) -> None:
    from partybuilding.organizations.services import organization_move

    today = timezone.localdate()
    document = document_in(tree.P, title="Nghị quyết cũ", date=today - dt.timedelta(days=60))
    task_create(
        actor=None, document=document, organization=tree.X1, work="Việc", responsible_person="A", deadline=today - dt.timedelta(days=2)
    )
    organization_move(actor=None, org=tree.X1, new_parent=tree.G2, date=today, decision=Decision("9-QĐ/TU", today))
    tree.refresh()
    figures = task_figures([tree.C1, tree.C2], today, today)
    assert (figures[tree.C1.pk].overdue, figures[tree.C2.pk].overdue) == (0, 1)
    no_drift()


def test_the_member_responsible_sees_and_reports_their_own_task(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    user = make_user("thanh.vien.giao.viec", None)
    member.user = user
    member.save(update_fields=["user"])
    task = give(tree, responsible_member=member)
    assert [t.pk for t in tasks_of_member(member, timezone.localdate())] == [task.pk]
    client = client_for(user)
    assert client.get(f"/directives/tasks/{task.pk}/").status_code == 200
    answer = client.post(
        f"/directives/tasks/{task.pk}/progress/",
        {
            "date": "05/09/2026",
            "progress": "30",
            "note": "Đã triển khai",
            "version": task.version,
            "submission": "7f7b3c2e-0000-4000-8000-000000000001",
            "evidence_file": SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf"),
        },
    )
    assert answer.status_code == 302
    step = TaskStep.objects.get(task=task, kind="progress")
    assert step.evidence_file and client.get(f"/directives/task-steps/{step.pk}/evidence")["Content-Disposition"].startswith("attachment")
    assert client.get(f"/directives/tasks/{task.pk}/cancel/").status_code == 403  # the assigning side cancels
    assert client_for(people.outsider).get(f"/directives/task-steps/{step.pk}/evidence").status_code == 404


def test_evidence_must_be_what_it_says(tree: Tree) -> None:
    task = give(tree)
    with pytest.raises(Refusal, match="PDF, JPEG or PNG"):
        TASK.run(
            "progress",
            actor=None,
            obj=task,
            date=dt.date(2026, 9, 5),
            progress=5,
            note="a",
            file_type="application/pdf",
            file_content=b"<html>",
        )


def test_a_document_sent_down_to_every_cell_is_one_job(tree: Tree, people: Personas) -> None:
    for n in range(200):
        make_org(tree.G2, f"CB{n:03d}", f"Chi bộ {n}", OrgKind.CELL)
    document = document_in(tree.P)
    client = client_for(people.provincial_officer)
    answer = client.post(
        f"/directives/documents/{document.pk}/distribute/",
        {"kind": OrgKind.CELL, "work": "Quán triệt", "deadline": "30/10/2026", "responsible_person": "Bí thư chi bộ"},
    )
    assert answer.status_code == 302
    job = Job.objects.filter(kind="directives.distribute").latest("pk")
    assert job.status == JobStatus.DONE and job.result["tasks"] == 203 and job.done == job.total == 203
    assert Recipient.objects.filter(document=document).count() == 203
    today = timezone.localdate()
    assert task_figures([tree.C2], today, today)[tree.C2.pk].open == 201
    no_drift()


def test_pages_list_overview_and_give_a_task(tree: Tree, people: Personas) -> None:
    give(tree, work="Tổng kết công tác")
    client = client_for(people.provincial_officer)
    page = client.get(f"/directives/tasks/?within={tree.P.pk}&q=tong ket")
    assert page.status_code == 200 and page.content.count(b'data-testid="task-row"') == 1
    assert client.get(f"/directives/tasks/?within={tree.P.pk}&q=khong co").content.count(b'data-testid="task-row"') == 0
    assert b'data-testid="overview-status"' in client.get(f"/directives/overview/?within={tree.P.pk}").content
    assert client.get(f"/directives/tasks/tasks.xlsx?within={tree.P.pk}").status_code == 200
    document = document_in(tree.P)
    answer = client.post(
        f"/directives/tasks/new/?document={document.pk}",
        {"work": "Việc mới", "organization": tree.C1.code, "responsible_person": "A", "working_days": "5"},
    )
    assert answer.status_code == 302
    assert client_for(people.cell_secretary).get(f"/directives/tasks/new/?document={document.pk}").status_code == 403


def test_api_gives_steps_and_splits(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    headers = {"content_type": "application/json"}
    made = client.post(
        "/api/directives/tasks",
        {
            "document_id": document_in(tree.P).pk,
            "work": "Việc",
            "organization_id": tree.G1.pk,
            "responsible_person": "A",
            "deadline": "2026-10-30",
        },
        **headers,
    )
    assert made.status_code == 201, made.content
    task_id = made.json()["id"]
    split = client.post(f"/api/directives/tasks/{task_id}/split", {"organization_ids": [tree.X1.pk, tree.X2.pk]}, **headers)
    assert split.status_code == 200 and len(split.json()["children"]) == 2
    child = split.json()["children"][0]["id"]
    bad = client.post(f"/api/directives/tasks/{child}/steps/progress", {"date": "2026-09-05", "progress": 50}, **headers)
    assert bad.status_code == 422 and bad.json()["field"] == "note"
    overview_answer = client.get(f"/api/directives/overview/{tree.P.pk}")
    assert overview_answer.status_code == 200 and overview_answer.json()["whole"]["open"] == 2
    assert client.get(f"/api/directives/tasks?within={tree.P.pk}&status=overdue").json()["count"] == 2
