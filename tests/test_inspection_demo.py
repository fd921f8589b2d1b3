"""The demo's inspection work shows every area through the services: the commission's
programmes of this year and the last, cases concluded both years (the statistics' comparison),
a shortcoming overdue on the board, disciplines of every form with an expulsion that takes the
member out of the list, a notice awaiting its response, a suspension, appeals settled, pending
and overdue, and denunciations at each stage, the handler alone reading who denounced."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from partybuilding.core.audit import audit_verify
from partybuilding.demo import inspections as demo_inspections
from partybuilding.inspections.choices import (
    AppealOutcome,
    AppealStatus,
    CaseStatus,
    DenunciationStatus,
    DisciplineForm,
    DisciplineSubject,
    Finding,
    FollowUpStatus,
    NotProcessed,
)
from partybuilding.inspections.models import Appeal, Case, Denunciation, Discipline, Programme, Shortcoming, Suspension
from partybuilding.inspections.selectors import overdue
from partybuilding.inspections.selectors.denunciations import may_see_identity
from partybuilding.members.choices import MemberStatus

from .conftest import Personas, Tree
from .members_factories import make_member

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def loaded(tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    for cell in (tree.X1, tree.X2):
        for _ in range(16):
            make_member(cell, admitted=dt.date(2012, 3, 3), official=dt.date(2013, 3, 3))
        for _ in range(3):
            make_member(cell, admitted=dt.date(2025, 12, 20), official=None)
    return demo_inspections.load(tree.P, tree.C1, TODAY, officer=people.inspection_officer, secretary=people.cell_secretary, cell=tree.X1)


def test_the_programmes_and_cases_of_two_years(loaded: int, tree: Tree) -> None:
    assert loaded > 30
    programmes = {p.year: p for p in Programme.objects.all()}
    assert set(programmes) == {2025, 2026} and all(p.adopted for p in programmes.values())
    assert 4 <= programmes[2026].items.count() <= 6
    this_year = Counter(Case.objects.filter(programme_item__programme__year=2026).values_list("status", flat=True))
    assert this_year == {CaseStatus.CONCLUDED: 1, CaseStatus.OPEN: 1, CaseStatus.PLANNED: 1}
    concluded = Counter(Case.objects.filter(status=CaseStatus.CONCLUDED).values_list("conclusion_date__year", flat=True))
    assert concluded[2025] >= 5 and concluded[2026] >= 2
    for case in Case.objects.filter(status=CaseStatus.CONCLUDED):
        assert case.decision_date and case.conclusion_date and case.decision_date <= case.conclusion_date <= TODAY and case.result
    late = Shortcoming.objects.get(status=FollowUpStatus.OPEN)
    assert late.deadline < TODAY and Shortcoming.objects.filter(case=late.case, status=FollowUpStatus.DONE).exists()
    board = overdue.counts(tree.P, TODAY)
    assert board["shortcomings"] == 1 and board["appeals"] == 1


def test_the_disciplines_of_both_years(loaded: int, tree: Tree, people: Personas) -> None:
    decided = Discipline.objects.exclude(decision_date=None)
    years = Counter(decided.values_list("decision_date__year", flat=True))
    assert years[2026] >= 8 and years[2025] >= 6
    forms = set(decided.values_list("form", flat=True))
    assert {DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISMISSAL, DisciplineForm.EXPULSION} <= forms
    subjects = set(decided.values_list("subject", flat=True))
    assert subjects == {DisciplineSubject.OFFICIAL, DisciplineSubject.PROBATIONARY, DisciplineSubject.ORGANIZATION}
    expelled = decided.get(form=DisciplineForm.EXPULSION).member
    assert expelled is not None and expelled.status == MemberStatus.EXPELLED
    pending = decided.get(notice_sent_on__isnull=False)
    assert pending.response_on is None and pending.response_due is not None and pending.response_due > TODAY
    assert Discipline.objects.filter(decision_date=None, status="proposed").count() == 1
    assert decided.filter(organization=tree.X1, created_by=people.cell_secretary).exists()  # the cell's own decision
    suspension = Suspension.objects.get()
    assert suspension.starts_on <= TODAY <= suspension.ends_on
    for d in Discipline.objects.all():
        assert d.violation_date <= d.proposed_on <= TODAY


def test_the_appeals_and_denunciations(loaded: int, people: Personas) -> None:
    appeals = {(a.status, a.outcome, a.due > TODAY) for a in Appeal.objects.all()}
    assert appeals == {
        (AppealStatus.SETTLED, AppealOutcome.REDUCED, False),
        (AppealStatus.FILED, "", True),
        (AppealStatus.FILED, "", False),
    }
    reduced = Appeal.objects.get(outcome=AppealOutcome.REDUCED).discipline
    assert reduced.form == DisciplineForm.WARNING and reduced.form_in_force == DisciplineForm.REPRIMAND
    rows = {d.status: d for d in Denunciation.objects.all()}
    assert rows[DenunciationStatus.NOT_PROCESSED].not_processed == NotProcessed.ANONYMOUS
    assert rows[DenunciationStatus.NOTIFIED].finding == Finding.PARTLY
    handling = Denunciation.objects.filter(status=DenunciationStatus.HANDLING)
    assert sorted(d.extended_days for d in handling) == [0, 30] and all(d.due and d.due > TODAY for d in handling)
    named = handling.get(extended_days=0)
    assert named.denouncer_name and may_see_identity(people.inspection_officer, named)
    assert not may_see_identity(people.admin, named)
    assert audit_verify().broken_at is None
