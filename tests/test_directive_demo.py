"""The demo's documents, tasks and study tell their story after loading, through the services:
the province's issuers and this year's documents (a resolution with a PDF the search reads
without accents, one replaced, one implementing "57-NQ/TW"), the communes' plans concretizing
the resolution and the one still missing on the attention list, tasks in every status with
one split down to the cells, the demo member's own task and study, and the counters and audit
chain right afterwards."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from django.test import override_settings

from partybuilding.core.audit import audit_verify
from partybuilding.demo import directives as demo_directives
from partybuilding.demo import inspections as demo_inspections
from partybuilding.demo import meetings as demo_meetings
from partybuilding.directives.choices import CampaignStatus, DocumentStatus, TaskSource, TaskStatus
from partybuilding.directives.models import Document, Issuer, StudyAssignment, StudyCampaign, StudySession, Task
from partybuilding.directives.selectors.documents import filtered_documents, not_concretized
from partybuilding.directives.selectors.study import to_study
from partybuilding.directives.selectors.tasks import open_tasks_of, tasks_of_member
from partybuilding.members.models import Member
from partybuilding.organizations.totals import recompute as totals_recompute

from .conftest import Personas, Tree
from .members_factories import make_member

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def loaded(tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> int:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    for cell in (tree.X1, tree.X2, tree.Y1):
        for _ in range(12):
            make_member(cell, admitted=dt.date(2012, 3, 3), official=dt.date(2013, 3, 3))
    mai = make_member(tree.X1, admitted=dt.date(2018, 5, 19), official=dt.date(2019, 5, 19))
    Member.objects.filter(pk=mai.pk).update(user=people.member)
    demo_meetings.load(TODAY)
    demo_inspections.load(tree.P, tree.C1, TODAY, officer=people.inspection_officer, secretary=people.cell_secretary, cell=tree.X1)
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        return demo_directives.load(
            tree.P, [tree.C1, tree.C2], TODAY, officer=people.office_officer, commune_officer=people.commune_officer,
            secretary=people.cell_secretary, cell=tree.X1, member_user=people.member,
        )  # fmt: skip


def test_the_documents_of_the_province_and_their_concretization(loaded: int, tree: Tree) -> None:
    assert loaded > 40
    symbols = set(Issuer.objects.values_list("organization__code", "symbol"))
    assert symbols == {("P", "TU"), ("P", "BTCTU"), ("P", "VPTU"), ("C1", "ĐU"), ("C2", "ĐU"), ("X1", "CB")}
    province = Document.objects.filter(organization=tree.P, year=2026)
    assert Document.objects.filter(organization=tree.P, year=2025, date__lte=dt.date(2025, 12, 6)).count() == 4  # the reports compare
    kinds = Counter(province.values_list("kind", flat=True))
    assert kinds["NQ"] == 1 and kinds["CT"] == 1 and kinds["KL"] >= 2 and kinds["KH"] == 1 and kinds["TB"] == 2 and kinds["HD"] == 1
    assert all(d.year == 2026 and d.date <= TODAY and d.created_by is not None for d in province)
    resolution = province.get(kind="NQ")
    assert resolution.number == "1-NQ/TU" and resolution.expects_concretization and resolution.files.count() == 1
    found = filtered_documents(Document.objects.all(), {"q": "so tay dang vien dien tu"})  # words of its PDF, without accents
    assert list(found) == [resolution]
    pdf = resolution.files.get()
    assert pdf.name == "Nghị quyết 1-NQ-TU.pdf" and "sổ tay đảng viên điện tử" in pdf.text
    replaced = province.get(status=DocumentStatus.REPLACED)
    assert replaced.kind == "TB" and replaced.replaced_by.get().date > replaced.date
    assert province.get(kind="KH").implements_reference == "57-NQ/TW"
    # the communes concretize it, the one missing past the rule's 30 days is on the attention list
    rows = {r.organization.code: r for r in resolution.recipients.select_related("organization")}
    assert set(rows) == {"C1", "C2"}
    plan, on = rows["C1"].concretized_by, rows["C1"].concretized_on
    assert plan is not None and on is not None and plan.kind == "KH" and 0 < (on - resolution.date).days <= 30
    assert rows["C2"].concretized_by is None and (TODAY - resolution.date).days > 30
    assert [r.organization.code for r in not_concretized(tree.P, TODAY)] == ["C2"]
    cell_resolution = Document.objects.get(organization=tree.X1)
    assert cell_resolution.implements == plan and cell_resolution.number == "1-NQ/CB"


def test_the_tasks_in_every_status(loaded: int, tree: Tree, people: Personas) -> None:
    tasks = list(Task.objects.all())
    statuses = Counter(t.status_on(TODAY) for t in tasks if not t.split)
    assert set(statuses) == set(TaskStatus), statuses
    for task in tasks:
        if task.status_on(TODAY) == TaskStatus.CANCELLED:
            assert task.cancel_reason
        if task.status_on(TODAY) in (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE):
            assert task.result and task.steps.filter(kind="progress").exclude(note="").exists()
    split = Task.objects.get(split=True)
    assert split.organization == tree.C1 and {c.organization.code for c in split.children.all()} == {"X1", "X2"}
    assert any(t.parent == split for t in open_tasks_of(tree.X1, TODAY))  # on the secretary's home page
    member = Member.objects.get(user=people.member)
    (mine,) = tasks_of_member(member, TODAY)
    assert mine.source == TaskSource.MEETING and mine.organization == tree.X1 and mine.meeting is not None
    case_task = Task.objects.get(source=TaskSource.CASE)
    assert case_task.case is not None and case_task.case.subject_organization == tree.C1


def test_the_study_of_the_resolution_and_the_counters(loaded: int, tree: Tree, people: Personas) -> None:
    campaign = StudyCampaign.objects.get(organization=tree.P)
    assert campaign.status == CampaignStatus.OPEN and campaign.deadline > TODAY > campaign.starts_on
    assert campaign.assigned == campaign.assignments.count() >= 36  # the province's members on the campaign's day
    assert set(StudySession.objects.filter(campaign=campaign).values_list("organization__code", flat=True)) == {"X1", "X2"}
    rows = StudyAssignment.objects.filter(campaign=campaign)
    assert rows.exclude(note="").count() >= 15 and rows.filter(done=True).count() >= 15
    member = Member.objects.get(user=people.member)
    assert [a.campaign for a in to_study(member, TODAY)] == [campaign]
    last = StudyCampaign.objects.get(organization=tree.C1)
    assert last.status == CampaignStatus.CLOSED and last.deadline.year == 2025
    assert last.assignments.filter(done=True).count() >= last.assigned - 2
    # the counters the overview reads agree with a recount, and the audit chain holds
    assert [d for d in totals_recompute() if d[1].startswith(("tk.", "st."))] == []
    assert audit_verify().broken_at is None
