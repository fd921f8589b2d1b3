"""Writes to the admission pipeline: one function per step. Each checks the rules in
force on the step's date (checks.py), runs in one transaction with its audit row, and
takes the form's submission id so that a double submit records the step once.

The admission decision enters the member record through members.services.member_register,
recognition and non-recognition go through member_recognize and member_remove: there is
one path into (and out of) membership."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.models import lock_version
from partybuilding.core.records import Decision
from partybuilding.members.choices import RemovalReason
from partybuilding.members.lifecycle.services import member_recognize, member_remove
from partybuilding.members.personal import PersonalData
from partybuilding.members.records.services import member_register, probation_end
from partybuilding.organizations.models import Organization

from .. import checks
from ..checks import IntroducerIn, Votes
from ..choices import BEFORE_DECISION, Stage, StepKind
from ..models import Candidate, Introducer
from .base import (
    add_step,
    advance,
    apply_personal,
    audit_view,
    check_home,
    check_step_date,
    decision_fields,
    expect_stage,
    personal_data,
    refuse_resubmit,
    vote_fields,
)


def candidate_record(
    *, actor: Any, organization: Organization, data: PersonalData, recorded_on: dt.date, note: str = "", submission: uuid.UUID | None = None
) -> Candidate:
    """Record an outstanding non-member that a cell follows towards admission."""
    checks.refuse_future(recorded_on, "recorded_on")
    refuse_resubmit(submission)
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        check_home(organization)
        candidate = Candidate(organization=organization, org_path=organization.path, stage=Stage.RECORDED, stage_since=recorded_on)
        apply_personal(candidate, data)
        candidate.save()
        add_step(candidate, StepKind.RECORDED, recorded_on, actor, submission=submission, note=note)
        audit_record(actor=actor, action="candidate.create", obj=candidate, after=audit_view(candidate))
    return candidate


def candidate_update(*, actor: Any, candidate: Candidate, data: PersonalData, expected_version: int | None) -> Candidate:
    """Correct the personal fields (before the decision: afterwards the member record holds them)."""
    with transaction.atomic():
        lock_version(candidate, expected_version)
        if candidate.stage not in BEFORE_DECISION:
            raise Refusal(_("After the admission decision, correct the member record instead."), rule=_("records rule"))
        before = audit_view(candidate)
        apply_personal(candidate, data)
        candidate.save()
        audit_record(actor=actor, action="candidate.update", obj=candidate, before=before, after=audit_view(candidate))
    return candidate


def candidate_course(
    *,
    actor: Any,
    candidate: Candidate,
    certificate_date: dt.date,
    certificate_number: str = "",
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Candidate:
    """The certificate of the course on awareness of the Party."""
    refuse_resubmit(submission)
    with transaction.atomic():
        lock_version(candidate, expected_version)
        expect_stage(candidate, [Stage.RECORDED], StepKind.COURSE)
        check_step_date(candidate, certificate_date, "certificate_date")
        before = audit_view(candidate)
        add_step(candidate, StepKind.COURSE, certificate_date, actor, submission=submission, decision_number=certificate_number.strip())
        return advance(
            candidate,
            Stage.COURSE,
            certificate_date,
            actor,
            before,
            certificate_date=certificate_date,
            certificate_number=certificate_number.strip(),
        )


def candidate_introduce(
    *,
    actor: Any,
    candidate: Candidate,
    date: dt.date,
    introducers: list[IntroducerIn],
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Candidate:
    """The two introducers, judged on the day they introduce the applicant."""
    refuse_resubmit(submission)
    with transaction.atomic():
        lock_version(candidate, expected_version)
        expect_stage(candidate, [Stage.COURSE], StepKind.INTRODUCERS)
        check_step_date(candidate, date)
        checks.check_introducers(candidate, introducers, date)
        before = audit_view(candidate)
        Introducer.objects.bulk_create(
            [
                Introducer(candidate=candidate, member=i.member, known_since=i.known_since, youth_union_committee=i.youth_union_committee)
                for i in introducers
            ]
        )
        add_step(candidate, StepKind.INTRODUCERS, date, actor, submission=submission)
        return advance(candidate, Stage.INTRODUCED, date, actor, before)


def candidate_apply(
    *,
    actor: Any,
    candidate: Candidate,
    date: dt.date,
    note: str = "",
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Candidate:
    """The application file (application, CV, verification, introducers' letters) is complete."""
    refuse_resubmit(submission)
    with transaction.atomic():
        lock_version(candidate, expected_version)
        expect_stage(candidate, [Stage.INTRODUCED], StepKind.APPLICATION)
        check_step_date(candidate, date)
        checks.check_certificate(candidate, date)
        before = audit_view(candidate)
        add_step(candidate, StepKind.APPLICATION, date, actor, submission=submission, note=note)
        return advance(candidate, Stage.APPLIED, date, actor, before)


def candidate_cell_resolve(
    *,
    actor: Any,
    candidate: Candidate,
    date: dt.date,
    votes: Votes,
    age_exception: str = "",
    note: str = "",
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Candidate:
    """The cell meeting's resolution proposing admission: the applicant's age is judged on
    this day, in months."""
    refuse_resubmit(submission)
    with transaction.atomic():
        lock_version(candidate, expected_version)
        expect_stage(candidate, [Stage.APPLIED], StepKind.CELL_RESOLUTION)
        check_step_date(candidate, date)
        checks.check_age(candidate, date, age_exception)
        checks.check_certificate(candidate, date)
        checks.check_votes(votes, date)
        before = audit_view(candidate)
        add_step(candidate, StepKind.CELL_RESOLUTION, date, actor, submission=submission, note=note, **vote_fields(votes))
        return advance(candidate, Stage.CELL_RESOLVED, date, actor, before, age_exception=age_exception.strip())


def candidate_decide(
    *,
    actor: Any,
    candidate: Candidate,
    decision: Decision,
    card_number: str | None = None,
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Candidate:
    """The higher committee's admission decision: the member record is entered, probationary,
    admitted on the decision's date."""
    if not decision.number or decision.date is None:
        raise Refusal(
            _("An admission is recorded with its decision number and date."), rule=_("Party Charter, Art. 4"), field="decision_number"
        )
    day = decision.date
    refuse_resubmit(submission)
    with transaction.atomic():
        lock_version(candidate, expected_version)
        expect_stage(candidate, [Stage.CELL_RESOLVED], StepKind.DECISION)
        check_step_date(candidate, day, "decision_date")
        checks.check_certificate(candidate, day)
        before = audit_view(candidate)
        member = member_register(
            actor=actor,
            organization=candidate.organization,
            data=personal_data(candidate),
            admission_date=day,
            card_number=card_number,
            decision=decision,
            submission=submission,
        )
        add_step(candidate, StepKind.DECISION, day, actor, submission=submission, **decision_fields(decision))
        return advance(candidate, Stage.DECIDED, day, actor, before, member=member, decided_on=day)


def candidate_ceremony(
    *,
    actor: Any,
    candidate: Candidate,
    date: dt.date,
    note: str = "",
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Candidate:
    """The admission ceremony, within the working days the rules allow after the decision.
    The 12 months of probation count from it (Party Charter, Art. 5)."""
    refuse_resubmit(submission)
    with transaction.atomic():
        lock_version(candidate, expected_version)
        expect_stage(candidate, [Stage.DECIDED], StepKind.CEREMONY)
        check_step_date(candidate, date)
        checks.check_ceremony(candidate, date)
        before = audit_view(candidate)
        add_step(candidate, StepKind.CEREMONY, date, actor, submission=submission, note=note)
        end, _probation = probation_end(date)
        return advance(candidate, Stage.PROBATION, date, actor, before, ceremony_on=date, probation_ends_on=end)


def candidate_consider(
    *,
    actor: Any,
    candidate: Candidate,
    date: dt.date,
    votes: Votes,
    note: str = "",
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Candidate:
    """The cell proposes official status, once the 12 months of probation have ended."""
    refuse_resubmit(submission)
    with transaction.atomic():
        lock_version(candidate, expected_version)
        expect_stage(candidate, [Stage.PROBATION], StepKind.CONSIDERATION)
        check_step_date(candidate, date)
        checks.check_probation_over(candidate, date)
        checks.check_votes(votes, date)
        before = audit_view(candidate)
        add_step(candidate, StepKind.CONSIDERATION, date, actor, submission=submission, note=note, **vote_fields(votes))
        return advance(candidate, Stage.CONSIDERED, date, actor, before)


def candidate_recognize(
    *, actor: Any, candidate: Candidate, decision: Decision, submission: uuid.UUID | None = None, expected_version: int | None = None
) -> Candidate:
    """The decision recognizing official status; it takes effect on the day probation ended."""
    if decision.date is None:
        raise Refusal(_("Give the date of the decision."), rule=_("records rule"), field="decision_date")
    refuse_resubmit(submission)
    with transaction.atomic():
        lock_version(candidate, expected_version)
        expect_stage(candidate, [Stage.CONSIDERED], StepKind.RECOGNITION)
        check_step_date(candidate, decision.date, "decision_date")
        assert candidate.member is not None  # entered by the decision step
        before = audit_view(candidate)
        member = member_recognize(
            actor=actor, member=candidate.member, decision=decision, probation_from=candidate.ceremony_on, submission=submission
        )
        add_step(candidate, StepKind.RECOGNITION, decision.date, actor, submission=submission, **decision_fields(decision))
        return advance(candidate, Stage.OFFICIAL, decision.date, actor, before, member=member)


def candidate_not_recognize(
    *,
    actor: Any,
    candidate: Candidate,
    date: dt.date,
    decision: Decision,
    votes: Votes,
    submission: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> Candidate:
    """Not qualified for official status at the end of probation: removed from the list
    (the removal's vote share is checked by member_remove)."""
    refuse_resubmit(submission)
    with transaction.atomic():
        lock_version(candidate, expected_version)
        expect_stage(candidate, [Stage.PROBATION, Stage.CONSIDERED], StepKind.NOT_RECOGNIZED)
        check_step_date(candidate, date)
        checks.check_probation_over(candidate, date)
        assert candidate.member is not None
        before = audit_view(candidate)
        member = member_remove(
            actor=actor,
            member=candidate.member,
            reason=RemovalReason.NOT_RECOGNIZED,
            date=date,
            decision=decision,
            votes_for=votes.votes_for,
            official_members=votes.official_members,
            submission=submission,
        )
        add_step(candidate, StepKind.NOT_RECOGNIZED, date, actor, submission=submission, **decision_fields(decision), **vote_fields(votes))
        return advance(candidate, Stage.NOT_RECOGNIZED, date, actor, before, member=member)


def candidate_withdraw(
    *, actor: Any, candidate: Candidate, date: dt.date, note: str, submission: uuid.UUID | None = None, expected_version: int | None = None
) -> Candidate:
    """The candidate leaves the pipeline before the decision (moved away, declined, not proposed)."""
    if not note.strip():
        raise Refusal(_("Say why the candidate leaves the pipeline."), rule=_("records rule"), field="note")
    refuse_resubmit(submission)
    with transaction.atomic():
        lock_version(candidate, expected_version)
        expect_stage(candidate, BEFORE_DECISION, StepKind.WITHDRAWN)
        check_step_date(candidate, date)
        before = audit_view(candidate)
        add_step(candidate, StepKind.WITHDRAWN, date, actor, submission=submission, note=note.strip())
        return advance(candidate, Stage.WITHDRAWN, date, actor, before)
