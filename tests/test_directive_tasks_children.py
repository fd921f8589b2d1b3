"""A task sent to thousands of cells: its page and the API show the first tasks split from it,
with their number, and the tasks list gives them all (`parent=`), paged."""

from __future__ import annotations

import datetime as dt

import pytest

from partybuilding.directives.selectors import tasks as selectors
from partybuilding.directives.services.distribute import task_split
from partybuilding.directives.services.tasks import task_create

from .conftest import client_for
from .directive_targets import document_in

pytestmark = pytest.mark.django_db


def test_the_first_children_are_shown_and_the_list_gives_them_all(tree, people, monkeypatch):
    monkeypatch.setattr(selectors, "CHILDREN_SHOWN", 1)
    task = task_create(
        actor=None,
        document=document_in(tree.P),
        organization=tree.G1,
        work="Kiểm tra hồ sơ",
        responsible_person="A",
        deadline=dt.date(2026, 12, 31),
    )
    task_split(actor=None, task=task, organizations=[tree.X1, tree.X2])
    client = client_for(people.provincial_officer)

    page = client.get(f"/directives/tasks/{task.pk}/").content.decode()
    assert page.count('data-testid="task-child"') == 1 and "The first 1 of 2 tasks." in page
    listed = client.get(f"/directives/tasks/?within={tree.G1.pk}&parent={task.pk}").content.decode()
    assert tree.X1.name in listed and tree.X2.name in listed

    detail = client.get(f"/api/directives/tasks/{task.pk}").json()
    assert (len(detail["children"]), detail["children_count"]) == (1, 2)
    api_list = client.get(f"/api/directives/tasks?parent={task.pk}").json()
    assert api_list["count"] == 2


def test_ids_past_the_database_range_answer_404(tree, people):
    huge = "9" * 25
    member_client, officer = client_for(people.member), client_for(people.office_officer)
    assert member_client.get(f"/directives/tasks/{huge}/").status_code == 404
    assert officer.get(f"/directives/study/new/?document={huge}").status_code in (200, 404)
