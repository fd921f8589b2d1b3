"""The recipe "a new workflow step" (CONTRIBUTING.md) followed to the letter: a throwaway
table of two steps over the candidates, and what the kernel (`core.workflow`) promises
every step of every table: the date's checks, one submission recorded once, the stale
form refused, the state checked, one history row, one audit entry, all or nothing."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuilding.admissions.choices import BEFORE_DECISION, Stage, StepKind
from partybuilding.admissions.models import Candidate, CandidateStep
from partybuilding.admissions.services.base import candidate_view
from partybuilding.core.errors import ConcurrentEdit, Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.core.workflow import History, Run, Step, Workflow

from .admissions_factories import DATES, make_candidate
from .conftest import Personas, Tree

pytestmark = pytest.mark.django_db

SET_ASIDE_ON = dt.date(2024, 2, 1)  # after the candidate was recorded (DATES["recorded"])


# --- the recipe: one function per step, one row per step in the table ---------------------


def set_aside(run: Run) -> None:
    """The step's own checks, then its own writes; the kernel does the rest."""
    Candidate.objects.filter(pk=run.obj.pk).update(age_exception="written by the step")
    if run["note"] == "on second thoughts":
        raise Refusal("Not after all.", rule="trial rule", field="note")
    run.record["note"] = run["note"]  # a column of the history row
    run.audit["why"] = run["note"]  # more for the audit entry


def take_back(run: Run) -> None:
    """Nothing of its own: the state and the history are the kernel's."""


TRIAL = Workflow(
    "trial",
    model=Candidate,
    state="stage",
    since="stage_since",
    audit_view=candidate_view,
    history=History(CandidateStep, "candidate"),
    steps=[
        Step("set_aside", _("Set aside"), set_aside, tuple(BEFORE_DECISION), Stage.WITHDRAWN, kind=StepKind.WITHDRAWN, needs=("note",)),
        Step("take_back", _("Take back"), take_back, (Stage.WITHDRAWN,), Stage.RECORDED, kind=StepKind.RECORDED),
    ],
)


# --- what the kernel does for it -----------------------------------------------------------


def _candidate(tree: Tree) -> Candidate:
    return make_candidate(tree.X1)


def test_a_step_moves_the_record_writes_its_history_row_and_its_audit_entry(tree: Tree, people: Personas) -> None:
    candidate = _candidate(tree)
    version = candidate.version
    done = TRIAL.run(
        "set_aside", actor=people.commune_officer, obj=candidate, expected_version=version, date=SET_ASIDE_ON, note="moved away"
    )
    candidate.refresh_from_db()
    assert done.pk == candidate.pk
    assert (candidate.stage, candidate.stage_since, candidate.version) == (Stage.WITHDRAWN, SET_ASIDE_ON, version + 1)
    assert candidate.age_exception == "written by the step"
    row = CandidateStep.objects.filter(candidate=candidate).latest("id")
    assert (row.kind, row.date, row.note, row.recorded_by) == (StepKind.WITHDRAWN, SET_ASIDE_ON, "moved away", people.commune_officer)
    entry = AuditEntry.objects.filter(action="trial.set_aside", object_id=str(candidate.pk)).get()
    assert entry.actor == people.commune_officer
    assert (entry.before["stage"], entry.after["stage"], entry.after["why"]) == (Stage.RECORDED, Stage.WITHDRAWN, "moved away")


def test_the_table_offers_the_steps_of_the_records_state(tree: Tree, people: Personas) -> None:
    candidate = _candidate(tree)
    assert [step.name for step in TRIAL.offered(candidate)] == ["set_aside"]
    TRIAL.run("set_aside", actor=None, obj=candidate, date=SET_ASIDE_ON, note="moved away")
    candidate.refresh_from_db()
    assert [step.name for step in TRIAL.offered(candidate)] == ["take_back"]


def test_a_step_that_does_not_come_now_is_refused_naming_it(tree: Tree) -> None:
    candidate = _candidate(tree)
    with pytest.raises(Refusal) as refused:
        TRIAL.run("take_back", actor=None, obj=candidate, date=SET_ASIDE_ON)
    assert "Take back" in refused.value.text
    assert not CandidateStep.objects.filter(candidate=candidate, kind=StepKind.RECORDED, date=SET_ASIDE_ON).exists()


def test_a_future_date_and_a_date_before_the_last_step_are_refused_on_the_date_field(tree: Tree) -> None:
    candidate = _candidate(tree)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for day in (tomorrow, DATES["recorded"] - dt.timedelta(days=1)):
        with pytest.raises(Refusal) as refused:
            TRIAL.run("set_aside", actor=None, obj=candidate, date=day, note="moved away")
        assert refused.value.field == "date"
    candidate.refresh_from_db()
    assert candidate.stage == Stage.RECORDED


def test_a_missing_parameter_is_refused_on_its_field(tree: Tree) -> None:
    with pytest.raises(Refusal) as refused:
        TRIAL.run("set_aside", actor=None, obj=_candidate(tree), date=SET_ASIDE_ON, note="")
    assert refused.value.field == "note"


def test_one_submission_is_recorded_once(tree: Tree) -> None:
    candidate = _candidate(tree)
    submission = uuid.uuid4()
    TRIAL.run("set_aside", actor=None, obj=candidate, submission=submission, date=SET_ASIDE_ON, note="moved away")
    candidate.refresh_from_db()
    with pytest.raises(Refusal):
        TRIAL.run("take_back", actor=None, obj=candidate, submission=submission, date=SET_ASIDE_ON)
    candidate.refresh_from_db()
    assert candidate.stage == Stage.WITHDRAWN
    assert CandidateStep.objects.filter(submission=submission).count() == 1


def test_a_form_loaded_before_another_change_is_refused(tree: Tree) -> None:
    candidate = _candidate(tree)
    stale = candidate.version
    Candidate.objects.filter(pk=candidate.pk).update(version=stale + 1)  # another officer saved meanwhile
    with pytest.raises(ConcurrentEdit):
        TRIAL.run("set_aside", actor=None, obj=candidate, expected_version=stale, date=SET_ASIDE_ON, note="moved away")
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.RECORDED


def test_a_refusal_inside_the_step_undoes_what_the_step_wrote(tree: Tree) -> None:
    candidate = _candidate(tree)
    with pytest.raises(Refusal) as refused:
        TRIAL.run("set_aside", actor=None, obj=candidate, date=SET_ASIDE_ON, note="on second thoughts")
    assert refused.value.field == "note"
    candidate.refresh_from_db()
    assert (candidate.stage, candidate.age_exception) == (Stage.RECORDED, "")
    assert not AuditEntry.objects.filter(action="trial.set_aside").exists()


def test_a_step_is_also_a_named_service(tree: Tree) -> None:
    candidate_set_aside = TRIAL.service("set_aside", "candidate")
    candidate = candidate_set_aside(actor=None, candidate=_candidate(tree), date=SET_ASIDE_ON, note="moved away")
    assert candidate_set_aside.__name__ == "candidate_set_aside"
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.WITHDRAWN
    with pytest.raises(Refusal):
        TRIAL.service("no_such_step", "candidate")
