"""A member named responsible for a task finds it on their home page, whatever page that is
(a member's, a cell secretary's, an officer's dashboard), and the resolutions they must still
study; a cell secretary sees the cell's own open tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partybuilding.directives.choices import StudyWay
from partybuilding.directives.models import StudyAssignment
from partybuilding.directives.services.study import campaign_create, list_make, study_record
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


def test_a_member_finds_the_resolution_they_must_still_study_and_it_leaves_once_studied(tree, people):
    me = make_member(tree.X1, given_name="Học")
    Member.objects.filter(pk=me.pk).update(user=people.member)
    today = timezone.localdate()
    campaign = campaign_create(
        actor=None,
        organization=tree.P,
        title="Học tập Nghị quyết Đại hội Đảng bộ tỉnh",
        documents=[document_in(tree.P)],
        starts_on=today - dt.timedelta(days=5),
        deadline=today + dt.timedelta(days=12),
        members_on=today - dt.timedelta(days=5),
        note_required=False,
    )
    list_make(actor=None, campaign=campaign)

    html = client_for(people.member).get("/").content.decode()
    assert "Học tập Nghị quyết Đại hội Đảng bộ tỉnh" in html and "12 days left" in html

    study_record(actor=None, assignment=StudyAssignment.objects.get(campaign=campaign, member=me), way=StudyWay.ONLINE, studied_on=today)
    assert "Học tập Nghị quyết Đại hội Đảng bộ tỉnh" not in client_for(people.member).get("/").content.decode()
