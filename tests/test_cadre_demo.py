"""The demo's cadre work gives every page of it something true to show: posts held by members
of realistic ages (about a third women, some of ethnic minorities) and two persons outside the
member records, plannings of 2030–2035 within the rules with a yearly review, terms ending
within the re-appointment notice, a planned cadre disciplined since (the automatic exit),
appointments in every state, rotations both ways and a periodic change, courses with their
certificates; read only by the organizing boards and standing committees."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from partybuilding.cadres.ages import last_full_term_start
from partybuilding.cadres.choices import AppointmentKind, AppointmentState, Direction, ExitReason, MoveKind, PlanningState
from partybuilding.cadres.discipline import exit_disciplines
from partybuilding.cadres.models import Appointment, Cadre, Holding, Move, Planning, PlanningEntry, Position, Training
from partybuilding.core.audit import audit_verify
from partybuilding.core.calendar import add_working_days
from partybuilding.core.dates import add_months
from partybuilding.core.rules import rule_value
from partybuilding.demo import cadres as demo_cadres
from partybuilding.demo.members import Generator
from partybuilding.members import imports
from partybuilding.organizations.models import Organization

from .conftest import Personas, Tree

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def loaded(tree: Tree, people: Personas, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    members = Generator(seed=5, today=TODAY).members([tree.X1, tree.X2, tree.Y1], 300)
    assert imports.check_candidates(members, within=Organization.objects.all()) == []
    imports.write(members, actor=None)
    return demo_cadres.load(tree.P, [tree.C1, tree.C2], TODAY, officer=people.provincial_officer, commune_officer=people.commune_officer)


def test_posts_are_held_by_a_varied_staff(loaded: int, tree: Tree) -> None:
    assert loaded > 100
    assert Position.objects.filter(managed_by=tree.P).count() >= 20 and Position.objects.filter(managed_by=tree.C2).count() >= 15
    assert Position.objects.filter(corruption_prone=True, managed_by=tree.P).count() >= 3
    cadres = Cadre.objects.all()
    assert 0.25 <= cadres.filter(gender="F").count() / cadres.count() <= 0.45
    assert cadres.exclude(ethnicity="01").exists() and cadres.filter(member__isnull=True).count() == 2
    for cadre in cadres.filter(member__isnull=False).select_related("member")[:20]:  # copied from the member record
        assert cadre.member is not None
        assert (cadre.full_name, cadre.date_of_birth, cadre.gender) == (
            cadre.member.full_name,
            cadre.member.date_of_birth,
            cadre.member.gender,
        )
    ages = [(TODAY - c.date_of_birth).days // 365 for c in cadres]
    assert min(ages) >= 29 and max(ages) < 60
    # a post never holds more cadres than its seats
    now = Counter(Holding.objects.filter(ended_on__isnull=True).values_list("position_id", flat=True))
    assert all(now[p.pk] <= p.seats for p in Position.objects.all())
    # courses: completed ones with their certificate, one still attended
    completed = Training.objects.filter(completed=True)
    assert completed.count() > 50 and not completed.filter(certificate_number="").exists()
    assert Training.objects.filter(completed=False).exists() and Training.objects.filter(kind="refresher").exists()
    assert not Training.objects.filter(completed=True, ends_on__gt=TODAY).exists()


def test_the_plannings_keep_the_rules_and_were_reviewed(loaded: int, tree: Tree) -> None:
    plannings = {p.organization.code: p for p in Planning.objects.select_related("organization")}
    assert set(plannings) == {"P", "C1", "C2"}
    for planning in plannings.values():
        assert planning.term_label == "2030–2035"
        approval = planning.decisions.get(kind="approval")
        assert approval.decision_date is not None and approval.decision_date.year == 2026 and approval.decision_date.month == 1
        planned = planning.entries.filter(state=PlanningState.PLANNED)
        assert planned.count() >= 10
        assert max(Counter(planned.values_list("position_id", flat=True)).values()) <= rule_value("cadres.planning_max_per_post", TODAY)
        per_level = Counter(planned.values_list("cadre_id", "position__level"))
        assert max(per_level.values()) <= rule_value("cadres.planning_max_posts_per_cadre", TODAY)
        for entry in planning.entries.select_related("cadre"):
            assert entry.age_limit_on == last_full_term_start(entry.cadre.gender, entry.cadre.date_of_birth, entry.added_on)
            assert entry.age_limit_on >= planning.starts_on  # each can still start a full term
    province = plannings["P"]
    review = province.decisions.get(kind="review")
    assert review.decision_date is not None and review.decision_date.month == 12 and review.decision_date <= TODAY
    assert review.added.count() == 1
    (removed,) = review.removed.all()
    assert removed.state == PlanningState.REMOVED and removed.exit_reason == ExitReason.DECISION and removed.exit_note


def test_a_disciplined_planned_cadre_is_pending_its_automatic_exit(loaded: int, tree: Tree) -> None:
    planned = PlanningEntry.objects.filter(planning__organization=tree.C1, state=PlanningState.PLANNED, cadre__member__isnull=False)
    since = min(planned.values_list("added_on", flat=True))
    found = exit_disciplines(planned.values_list("cadre__member_id", flat=True), since, TODAY)
    assert len(found) == 1
    (discipline,) = found.values()
    assert discipline.decision_date is not None and since < discipline.decision_date <= TODAY


def test_terms_end_within_the_notice_and_corruption_prone_posts_are_due_a_change(loaded: int, tree: Tree) -> None:
    notice = add_working_days(TODAY, rule_value("cadres.reappointment_notice_working_days", TODAY))
    due = Holding.objects.filter(ended_on__isnull=True, term_ends__gt=TODAY, term_ends__lte=notice)
    assert due.count() >= 3
    assert Appointment.objects.filter(kind=AppointmentKind.REAPPOINTMENT, holding__in=due, state=AppointmentState.PROPOSED).count() == 1
    long_ago = add_months(TODAY, -rule_value("cadres.periodic_change_months", TODAY))
    assert Holding.objects.filter(ended_on__isnull=True, position__corruption_prone=True, started_on__lte=long_ago).count() >= 3


def test_appointments_in_every_state_and_moves(loaded: int, tree: Tree) -> None:
    states = Counter(Appointment.objects.values_list("kind", "state"))
    assert {s for _k, s in states} == {AppointmentState.PROPOSED, AppointmentState.CONSULTED, AppointmentState.DECIDED}
    assert {k for k, _s in states} >= {AppointmentKind.APPOINTMENT, AppointmentKind.REAPPOINTMENT, AppointmentKind.NOMINATION,
                                      AppointmentKind.RESIGNATION}  # fmt: skip
    for record in Appointment.objects.filter(state=AppointmentState.DECIDED):
        assert record.decision_number and record.effective_on and record.steps.filter(kind="decide").exists()
    appointed = Appointment.objects.get(kind=AppointmentKind.APPOINTMENT, state=AppointmentState.DECIDED)
    assert Holding.objects.get(appointment=appointed).cadre == appointed.cadre  # the post it gave
    entry = PlanningEntry.objects.get(cadre=appointed.cadre, position=appointed.position)
    assert entry.state == PlanningState.APPOINTED and entry.left_on == appointed.effective_on
    resigned = Appointment.objects.get(kind=AppointmentKind.RESIGNATION)
    assert resigned.holding is not None and resigned.holding.ended_on is not None
    consulted = Appointment.objects.get(state=AppointmentState.CONSULTED)
    assert consulted.votes_total and consulted.votes_for and consulted.votes_for <= consulted.votes_total
    moves = {(m.kind, m.direction) for m in Move.objects.all()}
    assert (MoveKind.ROTATION, Direction.PROVINCE_TO_COMMUNE) in moves and (MoveKind.ROTATION, Direction.COMMUNE_TO_PROVINCE) in moves
    periodic = Move.objects.get(kind=MoveKind.PERIODIC)
    assert periodic.from_position is not None and periodic.from_position.corruption_prone and periodic.decision_number


def test_only_the_organizing_boards_and_standing_committees_read_them(loaded: int, tree: Tree, people: Personas) -> None:
    everyone = Cadre.objects.count()
    assert Cadre.objects.visible_to(people.standing_member).count() == everyone
    assert Cadre.objects.visible_to(people.provincial_officer).count() == everyone
    mine = Cadre.objects.visible_to(people.commune_officer)
    assert 0 < mine.count() < everyone and set(mine.values_list("managed_by__code", flat=True)) == {"C1"}
    assert PlanningEntry.objects.visible_to(people.commune_officer).exists()
    for persona in ("cell_secretary", "member", "viewer", "inspection_officer", "office_officer"):
        user: Any = getattr(people, persona)
        assert not Cadre.objects.visible_to(user).exists(), persona
    assert audit_verify().broken_at is None
