"""Appointment records: each kind through its steps and its effect on the posts held and the
planning; the conditions at their boundaries (discipline, age, time in post); the vote."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from partybuilding.cadres.ages import last_full_term_start, retirement_date
from partybuilding.cadres.choices import AppointmentState, ExitReason, PlanningState, Title
from partybuilding.cadres.discipline import BAR_KEY
from partybuilding.cadres.models import Appointment, AppointmentStep, Holding
from partybuilding.cadres.services.appointments import APPOINTMENT, appointment_propose
from partybuilding.core.dates import add_months
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.core.rules import rule
from partybuilding.inspections.choices import Body as InspectionBody
from partybuilding.inspections.services.disciplines import discipline_record

from .cadre_targets import cadre_in, entry_in, position_in
from .members_factories import make_member

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 9, 1)


def propose(officer: Any, kind: str, cadre: Any, post: Any, on: dt.date = DAY) -> Appointment:
    return appointment_propose(actor=officer, kind=kind, cadre=cadre, position=post, proposed_on=on, reason="Đủ tiêu chuẩn")


def consult(officer: Any, a: Appointment, votes_for: int = 9, total: int = 13, on: dt.date = DAY) -> Appointment:
    return APPOINTMENT.run("consult", actor=officer, obj=a, date=on, votes_for=votes_for, votes_total=total)


def decide(officer: Any, a: Appointment, on: dt.date = dt.date(2026, 9, 15), **more: Any) -> Appointment:
    return APPOINTMENT.run("decide", actor=officer, obj=a, decision=Decision(number="45-QĐ/TU", date=on, decided_by="BTV Tỉnh ủy"), **more)


def held(cadre: Any, post: Any, since: dt.date, term_ends: dt.date | None = None) -> Holding:
    return Holding.objects.create(cadre=cadre, position=post, manager_path=post.manager_path, started_on=since, term_ends=term_ends)


# --- the kinds and their effects -------------------------------------------------------------------


def test_an_appointment_decided_gives_the_post_and_takes_the_cadre_out_of_its_planning(tree, people):
    entry = entry_in(tree.P)  # the sample cadre planned for the deputy secretary's post
    a = propose(people.provincial_officer, "appointment", entry.cadre, entry.position)
    a = decide(people.provincial_officer, consult(people.provincial_officer, a))
    assert a.state == AppointmentState.DECIDED and a.effective_on == dt.date(2026, 9, 15) and a.term_months == 60
    holding = Holding.objects.get(cadre=entry.cadre, position=entry.position)
    assert (holding.started_on, holding.term_ends, holding.appointment_id) == (dt.date(2026, 9, 15), dt.date(2031, 9, 15), a.pk)
    assert a.holding_id == holding.pk
    entry.refresh_from_db()
    assert (entry.state, entry.left_on, entry.exit_reason) == (PlanningState.APPOINTED, dt.date(2026, 9, 15), ExitReason.APPOINTED)
    assert [s.kind for s in AppointmentStep.objects.filter(appointment=a).order_by("pk")] == ["propose", "consult", "decide"]


def test_a_nomination_decided_opens_the_post_from_its_effective_date_with_the_term_given(tree, people):
    cadre, post = cadre_in(tree.P), position_in(tree.P, Title.COUNCIL_VICE)
    a = consult(people.provincial_officer, propose(people.provincial_officer, "nomination", cadre, post))
    decide(people.provincial_officer, a, effective_on=dt.date(2026, 10, 1), term_months=30)
    holding = Holding.objects.get(cadre=cadre, position=post)
    assert (holding.started_on, holding.term_ends) == (dt.date(2026, 10, 1), dt.date(2029, 4, 1))


def test_a_reappointment_extends_the_term_from_its_old_end(tree, people):
    cadre, post = cadre_in(tree.P), position_in(tree.P, Title.HEAD)
    holding = held(cadre, post, dt.date(2021, 12, 1), dt.date(2026, 12, 1))
    a = propose(people.provincial_officer, "reappointment", cadre, post)
    assert a.holding_id == holding.pk
    decide(people.provincial_officer, consult(people.provincial_officer, a), on=dt.date(2026, 10, 20))
    holding.refresh_from_db()
    assert holding.term_ends == dt.date(2031, 12, 1) and holding.ended_on is None


def test_a_reappointment_with_less_than_a_full_term_left_is_shortened_to_the_retirement_date(tree, people):
    cadre = cadre_in(tree.P, given_name="Hưu", gender="M", date_of_birth=dt.date(1968, 2, 10))
    post = position_in(tree.P, Title.HEAD)
    holding = held(cadre, post, dt.date(2021, 12, 1), dt.date(2026, 12, 1))
    retires = retirement_date("M", dt.date(1968, 2, 10), dt.date(2026, 10, 20))
    assert retires < dt.date(2031, 12, 1)
    a = decide(people.provincial_officer, consult(people.provincial_officer, propose(people.provincial_officer, "reappointment", cadre, post)), on=dt.date(2026, 10, 20))  # fmt: skip
    holding.refresh_from_db()
    assert holding.term_ends == retires and a.state == AppointmentState.DECIDED
    step = a.steps.get(kind="decide")
    assert "retirement" in step.note


@pytest.mark.parametrize("kind", ["dismissal", "resignation"])
def test_a_dismissal_or_resignation_ends_the_post_held_on_its_effective_date(tree, people, kind):
    cadre, post = cadre_in(tree.P), position_in(tree.P, Title.HEAD)
    holding = held(cadre, post, dt.date(2024, 1, 1), dt.date(2029, 1, 1))
    a = consult(people.provincial_officer, propose(people.provincial_officer, kind, cadre, post))
    decide(people.provincial_officer, a, effective_on=dt.date(2026, 10, 1))
    holding.refresh_from_db()
    assert holding.ended_on == dt.date(2026, 10, 1)


def test_a_suspension_pauses_the_post_until_its_end(tree, people):
    cadre, post = cadre_in(tree.P), position_in(tree.P, Title.HEAD)
    holding = held(cadre, post, dt.date(2024, 1, 1), dt.date(2029, 1, 1))
    a = consult(people.provincial_officer, propose(people.provincial_officer, "suspension", cadre, post))
    with pytest.raises(Refusal, match="suspension ends"):
        decide(people.provincial_officer, a)
    decide(people.provincial_officer, a, suspended_until=dt.date(2026, 12, 15))
    holding.refresh_from_db()
    assert holding.suspended_until == dt.date(2026, 12, 15) and holding.ended_on is None


def test_a_record_about_a_post_needs_the_cadre_to_hold_it(tree, people):
    with pytest.raises(Refusal, match="does not hold the post") as refused:
        propose(people.provincial_officer, "dismissal", cadre_in(tree.P), position_in(tree.P, Title.HEAD))
    assert refused.value.field == "position"


def test_a_second_open_record_of_the_same_kind_is_refused_and_allowed_once_withdrawn(tree, people):
    cadre, post = cadre_in(tree.P), position_in(tree.P)
    first = propose(people.provincial_officer, "appointment", cadre, post)
    with pytest.raises(Refusal, match="still open"):
        propose(people.provincial_officer, "appointment", cadre, post)
    with pytest.raises(Refusal, match="Say why"):
        APPOINTMENT.run("withdraw", actor=people.provincial_officer, obj=first, date=DAY, reason=" ")
    APPOINTMENT.run("withdraw", actor=people.provincial_officer, obj=first, date=DAY, reason="Chưa đủ điều kiện")
    assert propose(people.provincial_officer, "appointment", cadre, post).state == AppointmentState.PROPOSED


# --- the vote ----------------------------------------------------------------------------------------


def test_a_vote_without_a_majority_is_recorded_as_not_passed_and_the_record_cannot_be_decided(tree, people):
    a = propose(people.provincial_officer, "appointment", cadre_in(tree.P), position_in(tree.P))
    a = consult(people.provincial_officer, a, votes_for=6, total=12)  # exactly half: not more than half
    assert a.state == AppointmentState.CONSULTED and (a.votes_for, a.votes_total) == (6, 12)
    assert "not passed" in a.steps.get(kind="consult").note
    with pytest.raises(Refusal, match="did not pass"):
        decide(people.provincial_officer, a)
    a = consult(people.provincial_officer, a, votes_for=7, total=12)  # a new vote passes
    assert decide(people.provincial_officer, a).state == AppointmentState.DECIDED


def test_votes_in_favour_beyond_the_members_voting_are_refused(tree, people):
    a = propose(people.provincial_officer, "appointment", cadre_in(tree.P), position_in(tree.P))
    with pytest.raises(Refusal) as refused:
        consult(people.provincial_officer, a, votes_for=14, total=13)
    assert refused.value.field == "votes_for"


# --- the conditions at their boundaries --------------------------------------------------------------


def disciplined_cadre(tree: Any, decided_on: dt.date) -> Any:
    member = make_member(tree.X1)
    discipline_record(
        actor=None, decision=Decision(number="9-QĐ/CB", date=decided_on), organization=tree.X1, body=InspectionBody.CELL,
        member=member, violation="Vi phạm", violation_date=add_months(decided_on, -2), proposed_form="warning",
    )  # fmt: skip
    return cadre_in(tree.P, member=member)


def test_no_appointment_while_a_discipline_is_in_force_until_its_twelve_months_end(tree, people):
    cadre, post = disciplined_cadre(tree, dt.date(2025, 6, 1)), position_in(tree.P)
    with pytest.raises(Refusal, match="01/06/2026") as refused:  # 11 months 30 days after: barred, the day it ends named
        propose(people.provincial_officer, "appointment", cadre, post, on=dt.date(2026, 5, 31))
    assert refused.value.rule == rule(BAR_KEY, dt.date(2026, 5, 31)).citation
    assert propose(people.provincial_officer, "appointment", cadre, post, on=dt.date(2026, 6, 1)).pk  # 12 months: allowed


def test_a_discipline_decided_after_the_proposal_refuses_the_decision(tree, people):
    member = make_member(tree.X1)
    cadre, post = cadre_in(tree.P, member=member), position_in(tree.P)
    a = consult(people.provincial_officer, propose(people.provincial_officer, "appointment", cadre, post))
    discipline_record(
        actor=None, decision=Decision(number="10-QĐ/CB", date=dt.date(2026, 9, 10)), organization=tree.X1, body=InspectionBody.CELL,
        member=member, violation="Vi phạm", violation_date=dt.date(2026, 8, 1), proposed_form="reprimand",
    )  # fmt: skip
    with pytest.raises(Refusal, match="no appointment until"):
        decide(people.provincial_officer, a)


def born_to_start_last_in_2026() -> dt.date:
    """A woman's birth date whose last full-term start falls in 2026 (from the rule, not a guess)."""
    for month in range(12 * 25):
        born = add_months(dt.date(1960, 1, 10), month)
        if dt.date(2026, 1, 1) <= last_full_term_start("F", born, DAY, 60) <= dt.date(2026, 11, 1):
            return born
    raise AssertionError("no such birth date")


def test_the_age_allows_an_appointment_up_to_the_last_day_a_full_term_can_start(tree, people):
    born = born_to_start_last_in_2026()
    cadre = cadre_in(tree.P, given_name="Tuổi", gender="F", date_of_birth=born)
    last = last_full_term_start("F", born, DAY, 60)
    post = position_in(tree.P)
    assert propose(people.provincial_officer, "appointment", cadre, post, on=last - dt.timedelta(days=1)).pk
    Appointment.objects.all().delete()
    AppointmentStep.objects.all().delete()
    assert propose(people.provincial_officer, "appointment", cadre, post, on=last).pk
    Appointment.objects.all().delete()
    with pytest.raises(Refusal, match="cannot be served whole") as refused:
        propose(people.provincial_officer, "appointment", cadre, post, on=last + dt.timedelta(days=1))
    assert refused.value.field == "effective_on"


def test_the_age_is_checked_again_from_the_effective_date(tree, people):
    born = born_to_start_last_in_2026()
    cadre = cadre_in(tree.P, given_name="Tuổi", gender="F", date_of_birth=born)
    last = last_full_term_start("F", born, DAY, 60)
    a = consult(people.provincial_officer, propose(people.provincial_officer, "nomination", cadre, position_in(tree.P), on=last), on=last)
    with pytest.raises(Refusal, match="cannot be served whole"):
        decide(people.provincial_officer, a, on=last, effective_on=last + dt.timedelta(days=1))


def test_an_appointment_to_a_higher_post_comes_after_twelve_months_in_the_present_one(tree, people):
    cadre = cadre_in(tree.P)
    lower, higher = position_in(tree.P, Title.HEAD, grade=6), position_in(tree.P)
    held(cadre, lower, dt.date(2025, 9, 1))
    with pytest.raises(Refusal, match="12 months") as refused:  # 11 months 30 days
        propose(people.provincial_officer, "appointment", cadre, higher, on=dt.date(2026, 8, 31))
    assert refused.value.field == "position"
    assert propose(people.provincial_officer, "appointment", cadre, higher, on=dt.date(2026, 9, 1)).pk  # 12 months


def test_a_cadre_without_a_post_or_moving_sideways_passes_the_time_in_post(tree, people):
    cadre = cadre_in(tree.P)
    assert propose(people.provincial_officer, "appointment", cadre, position_in(tree.P)).pk  # no post held
    other = cadre_in(tree.P, given_name="Ngang")
    held(other, position_in(tree.P, Title.HEAD, grade=2), dt.date(2026, 8, 1))
    assert propose(people.provincial_officer, "appointment", other, position_in(tree.P, Title.COUNCIL_VICE, grade=2)).pk
