"""A member named responsible for a task finds it on their home page, whatever page that is
(a member's, a cell secretary's, an officer's dashboard); a cell secretary sees the cell's own
open tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partybuilding.directives.services.tasks import task_create
from partybuilding.members.models import Member

from .conftest import client_for
from .directive_targets import document_in
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def test_the_member_responsible_finds_their_task_on_their_home_page(tree, people):
    me = make_member(tree.X1, given_name="Trách")
    Member.objects.filter(pk=me.pk).update(user=people.member)
    late = timezone.localdate() - dt.timedelta(days=3)
    task_create(
        actor=None,
        document=document_in(tree.P, date=late - dt.timedelta(days=30)),
        organization=tree.X1,
        work="Rà soát hồ sơ đảng viên của chi bộ",
        responsible_person="",
        responsible_member=me,
        deadline=late,
    )

    html = client_for(people.member).get("/").content.decode()

    assert 'data-testid="home-my-tasks"' in html
    assert "Rà soát hồ sơ đảng viên của chi bộ" in html
    assert "3 days late" in html  # the deadline passed three days ago
    # someone else's home shows nothing of it
    assert "Rà soát hồ sơ" not in client_for(people.viewer).get("/").content.decode()


def test_the_cell_secretary_sees_the_cells_open_tasks(tree, people):
    task_create(
        actor=None,
        document=document_in(tree.P),
        organization=tree.X1,
        work="Tổ chức học tập nghị quyết cho đảng viên",
        responsible_person="Bí thư chi bộ",
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )

    html = client_for(people.cell_secretary).get("/").content.decode()

    assert 'data-testid="home-cell-tasks"' in html
    assert "Tổ chức học tập nghị quyết cho đảng viên" in html and "10 days left" in html
