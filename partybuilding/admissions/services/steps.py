"""The admission pipeline as a table of steps (`CANDIDATE`), each with the rules it is judged
by on its own date (checks.py); `core.workflow` runs them all the same way: the lock, the
order of the steps, a double submit recorded once, the step row and the audit entry.

The admission decision enters the member record through members' `member_register`;
recognition and non-recognition go through the members' lifecycle: there is one path into
(and out of) membership."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import record_event, refuse_future
from partybuilding.core.workflow import History, Run, Step, Workflow, date_param, decision_date
from partybuilding.members.choices import RemovalReason
from partybuilding.members.facts import MemberFacts
from partybuilding.members.lifecycle.services import LIFECYCLE
from partybuilding.members.personal import PersonalData, apply_personal
from partybuilding.members.records.services import member_register, probation_end
from partybuilding.organizations.models import Organization

from .. import checks
from ..choices import BEFORE_DECISION, Stage, StepKind
from ..models import Candidate, CandidateStep, Introducer
from .base import candidate_view, check_home


def _noted(run: Run) -> None:
    run.record["note"] = (run["note"] or "").strip()


def _voted(run: Run) -> checks.Votes:
    votes: checks.Votes = run["votes"]
    run.record.update(checks.vote_fields(votes))
    return votes


# --- the steps' own rules ---------------------------------------------------------------


def course(run: Run) -> None:
    """The certificate of the course on awareness of the Party."""
    number = (run["certificate_number"] or "").strip()
    run.record["decision_number"] = number
    run.changes.update(certificate_date=run.day, certificate_number=number)


def introducers(run: Run) -> None:
    """The two introducers, judged on the day they introduce the applicant."""
    given: list[checks.IntroducerIn] = run["introducers"] or []
    checks.check_introducers(run.obj, given, run.day)
    Introducer.objects.bulk_create(
        Introducer(candidate=run.obj, member=i.member, known_since=i.known_since, youth_union_committee=i.youth_union_committee)
        for i in given
    )


def application(run: Run) -> None:
    """The application file (application, CV, verification, introducers' letters) is complete."""
    checks.check_certificate(run.obj, run.day)
    _noted(run)


def cell_resolution(run: Run) -> None:
    """The cell meeting's resolution proposing admission: the applicant's age is judged on
    this day, in months."""
    exception = (run["age_exception"] or "").strip()
    checks.check_age(run.obj, run.day, exception)
    checks.check_certificate(run.obj, run.day)
    checks.check_votes(_voted(run), run.day)
    _noted(run)
    run.changes["age_exception"] = exception


def decision(run: Run) -> None:
    """The higher committee's admission decision: the member record is entered, probationary,
    admitted on the decision's date."""
    taken = run.decided()
    if not taken.number:
        raise Refusal(
            _("An admission is recorded with its decision number and date."), rule=_("Party Charter, Art. 4"), field="decision_number"
        )
    candidate: Candidate = run.obj
    checks.check_certificate(candidate, run.day)
    member = member_register(
        actor=run.actor,
        organization=candidate.organization,
        data=PersonalData.of(candidate),
        admission_date=run.day,
        card_number=run["card_number"],
        facts=MemberFacts(readmitted=candidate.readmission),
        decision=taken,
        submission=run.submission,
    )
    run.changes.update(member=member, decided_on=run.day)


def ceremony(run: Run) -> None:
    """The admission ceremony, within the working days the rules allow after the decision.
    The 12 months of probation count from it (Party Charter, Art. 5)."""
    checks.check_ceremony(run.obj, run.day)
    _noted(run)
    end, _probation = probation_end(run.day)
    run.changes.update(ceremony_on=run.day, probation_ends_on=end)


def consideration(run: Run) -> None:
    """The cell proposes official status, once the 12 months of probation have ended."""
    checks.check_probation_over(run.obj, run.day)
    checks.check_votes(_voted(run), run.day)
    _noted(run)


def recognition(run: Run) -> None:
    """The decision recognizing official status; it takes effect on the day probation ended."""
    candidate: Candidate = run.obj
    taken = run.decided()
    LIFECYCLE.run(
        "recognize", actor=run.actor, obj=candidate.member, decision=taken, probation_from=candidate.ceremony_on, submission=run.submission
    )


def not_recognized(run: Run) -> None:
    """Not qualified for official status at the end of probation: removed from the list
    (the removal's vote share is checked by the members' lifecycle)."""
    candidate: Candidate = run.obj
    checks.check_probation_over(candidate, run.day)
    taken, votes = run.decided(), _voted(run)
    LIFECYCLE.run(
        "remove", actor=run.actor, obj=candidate.member, date=run.day, decision=taken, reason=RemovalReason.NOT_RECOGNIZED,
        votes_for=votes.votes_for, official_members=votes.official_members, submission=run.submission,
    )  # fmt: skip


def withdrawn(run: Run) -> None:
    """The candidate leaves the pipeline before the decision (moved away, declined, not proposed)."""
    if not (run["note"] or "").strip():
        raise Refusal(_("Say why the candidate leaves the pipeline."), rule=_("records rule"), field="note")
    _noted(run)


def _out_of_turn(candidate: Candidate, step: Step) -> Refusal:
    return Refusal(
        _("%(name)s is at the stage “%(stage)s”; the step “%(step)s” does not come now.")
        % {"name": candidate.full_name, "stage": candidate.get_stage_display(), "step": step.label},
        rule=_("admission procedure"),
    )


CANDIDATE = Workflow(
    "candidate",
    model=Candidate,
    state="stage",
    since="stage_since",
    steps=[
        Step(StepKind.COURSE, StepKind.COURSE.label, course, (Stage.RECORDED,), Stage.COURSE, date_of=date_param("certificate_date")),
        Step(StepKind.INTRODUCERS, StepKind.INTRODUCERS.label, introducers, (Stage.COURSE,), Stage.INTRODUCED, needs=("introducers",)),
        Step(StepKind.APPLICATION, StepKind.APPLICATION.label, application, (Stage.INTRODUCED,), Stage.APPLIED),
        Step(
            StepKind.CELL_RESOLUTION,
            StepKind.CELL_RESOLUTION.label,
            cell_resolution,
            (Stage.APPLIED,),
            Stage.CELL_RESOLVED,
            needs=("votes",),
        ),
        Step(StepKind.DECISION, StepKind.DECISION.label, decision, (Stage.CELL_RESOLVED,), Stage.DECIDED, date_of=decision_date),
        Step(StepKind.CEREMONY, StepKind.CEREMONY.label, ceremony, (Stage.DECIDED,), Stage.PROBATION),
        Step(StepKind.CONSIDERATION, StepKind.CONSIDERATION.label, consideration, (Stage.PROBATION,), Stage.CONSIDERED, needs=("votes",)),
        Step(StepKind.RECOGNITION, StepKind.RECOGNITION.label, recognition, (Stage.CONSIDERED,), Stage.OFFICIAL, date_of=decision_date),
        Step(
            StepKind.NOT_RECOGNIZED,
            StepKind.NOT_RECOGNIZED.label,
            not_recognized,
            (Stage.PROBATION, Stage.CONSIDERED),
            Stage.NOT_RECOGNIZED,
            needs=("votes",),
        ),
        Step(StepKind.WITHDRAWN, StepKind.WITHDRAWN.label, withdrawn, tuple(BEFORE_DECISION), Stage.WITHDRAWN),
    ],
    audit_view=candidate_view,
    history=History(CandidateStep, "candidate"),
    out_of_order=gettext_lazy("The date %(date)s is before the candidate's last recorded step (%(last)s)."),
    wrong_state=_out_of_turn,
)
# The steps as services, one per state change: candidate_ceremony(actor=…, candidate=…, date=…).
candidate_course = CANDIDATE.service(StepKind.COURSE, "candidate")
candidate_introduce = CANDIDATE.service(StepKind.INTRODUCERS, "candidate")
candidate_apply = CANDIDATE.service(StepKind.APPLICATION, "candidate")
candidate_cell_resolve = CANDIDATE.service(StepKind.CELL_RESOLUTION, "candidate")
candidate_decide = CANDIDATE.service(StepKind.DECISION, "candidate")
candidate_ceremony = CANDIDATE.service(StepKind.CEREMONY, "candidate")
candidate_consider = CANDIDATE.service(StepKind.CONSIDERATION, "candidate")
candidate_recognize = CANDIDATE.service(StepKind.RECOGNITION, "candidate")
candidate_not_recognize = CANDIDATE.service(StepKind.NOT_RECOGNIZED, "candidate")
candidate_withdraw = CANDIDATE.service(StepKind.WITHDRAWN, "candidate")


def main_step(candidate: Candidate) -> Step | None:
    """The step that moves the candidate on from their stage (leaving the pipeline aside)."""
    exits = (StepKind.WITHDRAWN, StepKind.NOT_RECOGNIZED)
    return next((step for step in CANDIDATE.offered(candidate) if step.name not in exits), None)


# --- the record itself ------------------------------------------------------------------


def candidate_record(
    *,
    actor: Any,
    organization: Organization,
    data: PersonalData,
    recorded_on: dt.date,
    readmission: bool = False,
    note: str = "",
    submission: uuid.UUID | None = None,
) -> Candidate:
    """Record an outstanding non-member that a cell follows towards admission (`readmission`:
    a former member admitted again)."""
    refuse_future(recorded_on, "recorded_on")
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        check_home(organization)
        candidate = Candidate(
            organization=organization, org_path=organization.path, stage=Stage.RECORDED, stage_since=recorded_on, readmission=readmission
        )
        apply_personal(candidate, data)
        candidate.save()
        record_event(
            CandidateStep, actor=actor, submission=submission, candidate=candidate, kind=StepKind.RECORDED, date=recorded_on, note=note
        )
        audit_record(actor=actor, action="candidate.create", obj=candidate, after=candidate_view(candidate))
    return candidate


def candidate_update(
    *, actor: Any, candidate: Candidate, data: PersonalData, expected_version: int | None, readmission: bool | None = None
) -> Candidate:
    """Correct the personal fields, and whether it is a re-admission (`None`: unchanged),
    before the decision: afterwards the member record holds them."""
    with transaction.atomic():
        lock_version(candidate, expected_version)
        if candidate.stage not in BEFORE_DECISION:
            raise Refusal(_("After the admission decision, correct the member record instead."), rule=_("records rule"))
        before = candidate_view(candidate)
        apply_personal(candidate, data)
        if readmission is not None:
            candidate.readmission = readmission
        candidate.save()
        audit_record(actor=actor, action="candidate.update", obj=candidate, before=before, after=candidate_view(candidate))
    return candidate
