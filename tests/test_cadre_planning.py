"""The planning's rules at their boundaries, the automatic exit and the table on a past day."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from partybuilding.cadres.ages import last_full_term_start
from partybuilding.cadres.choices import AppointmentState, Title
from partybuilding.cadres.models import Cadre, Holding, Planning
from partybuilding.cadres.selectors import planning as selectors
from partybuilding.cadres.services import planning as services
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.core.rules import rule
from partybuilding.inspections.choices import Body as InspectionBody
from partybuilding.inspections.services.disciplines import discipline_record

from .cadre_targets import appointment_in, cadre_in, position_in
from .members_factories import make_member

pytestmark = pytest.mark.django_db

APPROVED = dt.date(2026, 1, 15)
STARTS = dt.date(2030, 10, 1)
_names = itertools.count(1)


def citation(key: str = "cadres.planning_max_per_post", day: dt.date = APPROVED) -> str:
    return rule(key, day).citation


def a_planning(org: Any, label: str = "2030–2035") -> Planning:
    return services.planning_create(
        actor=None,
        organization=org,
        term_label=label,
        starts_on=STARTS,
        ends_on=dt.date(2035, 9, 30),
        decision_number="12-QĐ/TU",
        decision_date=APPROVED,
    )


def a_cadre(org: Any, **fields: Any) -> Cadre:
    """A person planned in these tests: a man born 1980 unless told."""
    values = {"family_name": "Lê", "middle_name": "Văn", "given_name": f"Cán{next(_names)}", "gender": "M", "date_of_birth": dt.date(1980, 5, 17)}  # fmt: skip
    return cadre_in(org, **{**values, **fields})


def add(planning: Planning, position: Any, cadre: Cadre, decision: Any = None) -> Any:
    decision = decision or selectors.approval_of(planning)
    return services.entry_add(actor=None, planning=planning, decision=decision, position=position, cadre=cadre)


def test_planning_is_created_with_its_approval_and_once_per_term(tree: Any) -> None:
    planning = a_planning(tree.P)
    approval = selectors.approval_of(planning)
    assert approval is not None and approval.decision_number == "12-QĐ/TU" and approval.year == 2026
    with pytest.raises(Refusal, match="already has a planning"):
        a_planning(tree.P)


def test_third_cadre_on_a_post_accepted_fourth_refused(tree: Any) -> None:
    planning, post = a_planning(tree.P), position_in(tree.P, Title.DEPUTY_SECRETARY)
    for _ in range(3):
        add(planning, post, a_cadre(tree.P))
    with pytest.raises(Refusal) as refused:
        add(planning, post, a_cadre(tree.P))
    assert refused.value.rule == citation() and refused.value.field == "position"
    assert "3" in refused.value.message


def test_a_post_of_several_seats_allows_the_limit_per_seat(tree: Any) -> None:
    planning = a_planning(tree.P)
    post = position_in(tree.P, Title.COMMITTEE_MEMBER, grade=7, seats=2)
    for _ in range(6):
        add(planning, post, a_cadre(tree.P))
    with pytest.raises(Refusal):
        add(planning, post, a_cadre(tree.P))


def test_third_post_of_one_level_accepted_fourth_refused_another_level_accepted(tree: Any) -> None:
    planning, cadre = a_planning(tree.P), a_cadre(tree.P)
    titles = (Title.SECRETARY, Title.DEPUTY_SECRETARY, Title.STANDING_MEMBER, Title.COUNCIL_CHAIR)
    posts = [position_in(tree.P, title, grade=g) for title, g in zip(titles, (1, 2, 4, 3), strict=True)]
    for post in posts[:3]:
        add(planning, post, cadre)
    with pytest.raises(Refusal) as refused:
        add(planning, posts[3], cadre)
    assert refused.value.rule == citation("cadres.planning_max_posts_per_cadre") and refused.value.field == "cadre"
    # a commune's post (another level) in the commune's planning for the same term
    commune_planning = a_planning(tree.C1)
    add(commune_planning, position_in(tree.C1, Title.SECRETARY, grade=1), cadre)


def _born_at_limit(gender: str) -> dt.date:
    """The latest birth date that cannot serve a full term from the term's start, plus a day:
    the first who can."""
    born = dt.date(STARTS.year - 70, 1, 1)
    while last_full_term_start(gender, born, APPROVED) < STARTS:
        born += dt.timedelta(days=1)
    return born


@pytest.mark.parametrize("gender", ["M", "F"])
def test_age_that_still_allows_a_full_term_and_a_day_either_side(tree: Any, gender: str) -> None:
    planning, post = a_planning(tree.P), position_in(tree.P, Title.SECRETARY, grade=1)
    born = _born_at_limit(gender)
    assert last_full_term_start(gender, born, APPROVED) == STARTS  # the limit falls on the term's first day
    entry = add(planning, post, a_cadre(tree.P, gender=gender, date_of_birth=born))
    assert entry.age_limit_on == STARTS
    add(planning, post, a_cadre(tree.P, gender=gender, date_of_birth=born + dt.timedelta(days=1)))
    with pytest.raises(Refusal) as refused:
        add(planning, post, a_cadre(tree.P, gender=gender, date_of_birth=born - dt.timedelta(days=1)))
    assert refused.value.rule == citation("cadres.full_term_months") and "full term" in refused.value.message


def test_only_a_higher_post(tree: Any) -> None:
    planning, cadre = a_planning(tree.P), a_cadre(tree.P)
    held = position_in(tree.P, Title.STANDING_MEMBER, grade=4)
    Holding.objects.create(cadre=cadre, position=held, manager_path=tree.P.path, started_on=dt.date(2025, 10, 1))
    for lower_or_equal in (position_in(tree.P, Title.INSPECTION_CHAIR, grade=4), position_in(tree.P, Title.HEAD, grade=6)):
        with pytest.raises(Refusal, match="higher post") as refused:
            add(planning, lower_or_equal, cadre)
        assert refused.value.rule == citation()
    add(planning, position_in(tree.P, Title.DEPUTY_SECRETARY, grade=2), cadre)


def test_no_planning_while_an_appointment_to_the_post_is_proposed(tree: Any) -> None:
    planning, post = a_planning(tree.P), position_in(tree.P, Title.DEPUTY_SECRETARY)
    proposal = appointment_in(tree.P)
    assert proposal.position == post
    with pytest.raises(Refusal, match="appointment") as refused:
        add(planning, post, a_cadre(tree.P))
    assert refused.value.rule == citation()
    proposal.state = AppointmentState.WITHDRAWN
    proposal.save()
    add(planning, post, a_cadre(tree.P))


def test_the_same_cadre_twice_for_a_post_and_a_post_managed_elsewhere(tree: Any) -> None:
    planning, post, cadre = a_planning(tree.P), position_in(tree.P, Title.DEPUTY_SECRETARY), a_cadre(tree.P)
    add(planning, post, cadre)
    with pytest.raises(Refusal, match="already planned"):
        add(planning, post, cadre)
    with pytest.raises(Refusal, match="not managed by"):
        add(planning, position_in(tree.C1, Title.SECRETARY, grade=1), cadre)


def _disciplined(member: Any, day: dt.date, form: str = "reprimand") -> Any:
    return discipline_record(
        actor=None, decision=Decision(number="5-QĐ/CB", date=day), organization=member.organization, body=InspectionBody.CELL,
        member=member, violation="Vi phạm quy định", violation_date=day - dt.timedelta(days=60), proposed_form=form,
    )  # fmt: skip


def test_a_disciplined_cadre_is_refused_while_the_discipline_bars_them(tree: Any) -> None:
    planning, post = a_planning(tree.P), position_in(tree.P, Title.DEPUTY_SECRETARY)
    member = make_member(tree.X1)
    _disciplined(member, dt.date(2025, 11, 3))
    with pytest.raises(Refusal, match="under a discipline") as refused:
        add(planning, post, cadre_in(tree.P, member=member))
    assert refused.value.rule == citation("cadres.discipline_bar_months", dt.date(2025, 11, 3))


def test_automatic_exit_on_the_day_of_a_discipline_decision_then_recorded(tree: Any, people: Any) -> None:
    planning, post = a_planning(tree.P), position_in(tree.P, Title.DEPUTY_SECRETARY)
    member = make_member(tree.X1)
    entry = add(planning, post, cadre_in(tree.P, member=member))
    decided = dt.date(2026, 6, 10)
    _disciplined(member, decided)
    day_before = decided - dt.timedelta(days=1)
    assert [e.pk for e in selectors.in_planning(planning, day_before)] == [entry.pk]
    assert selectors.in_planning(planning, decided) == []
    pending = selectors.pending_exits(people.provincial_officer, tree.P, decided)
    assert [(x.entry.pk, x.reason, x.on) for x in pending] == [(entry.pk, "discipline", decided)]
    assert selectors.pending_exits(people.provincial_officer, tree.P, day_before) == []
    lines = {item.label: item for item in selectors.planning_exits_line(tree.P, decided, people.provincial_officer)}
    line = lines["Planned cadres disciplined: their exit from the planning is to be recorded"]
    assert line.count == 1 and "reason=discipline" in line.url
    assert selectors.planning_exits_line(tree.P, decided, people.cell_secretary) == []
    services.exit_record(actor=people.provincial_officer, entry=entry, expected_version=entry.version)
    entry.refresh_from_db()
    assert (entry.state, entry.exit_reason, entry.left_on) == ("left", "discipline", decided)
    assert "5-QĐ/CB" in entry.exit_note
    assert selectors.pending_exits(people.provincial_officer, tree.P, decided) == []
    # the table on the day before still shows the cadre
    assert [e.pk for e in selectors.in_planning(planning, day_before)] == [entry.pk]


def test_age_exit_the_day_after_the_age_limit(tree: Any, people: Any) -> None:
    planning, post = a_planning(tree.P), position_in(tree.P, Title.SECRETARY, grade=1)
    born = _born_at_limit("F") + dt.timedelta(days=200)
    entry = add(planning, post, a_cadre(tree.P, gender="F", date_of_birth=born))
    limit = entry.age_limit_on
    assert [e.pk for e in selectors.in_planning(planning, limit)] == [entry.pk]
    assert selectors.in_planning(planning, limit + dt.timedelta(days=1)) == []
    pending = selectors.pending_exits(people.provincial_officer, tree.P, limit + dt.timedelta(days=1))
    assert [(x.reason, x.on) for x in pending] == [("age", limit + dt.timedelta(days=1))]
    with pytest.raises(Refusal, match="has not left"):
        services.exit_record(actor=None, entry=entry, today=limit)
    services.exit_record(actor=None, entry=entry, today=limit + dt.timedelta(days=1))
    entry.refresh_from_db()
    assert (entry.state, entry.exit_reason, entry.left_on) == ("left", "age", limit + dt.timedelta(days=1))


def test_removal_by_a_review_and_the_table_on_a_past_date(tree: Any) -> None:
    planning, post = a_planning(tree.P), position_in(tree.P, Title.DEPUTY_SECRETARY)
    kept, removed = a_cadre(tree.P), a_cadre(tree.P)
    add(planning, post, kept)
    entry = add(planning, post, removed)
    review = services.review_record(actor=None, planning=planning, decision_number="30-QĐ/TU", decision_date=dt.date(2026, 11, 20))
    with pytest.raises(Refusal, match="review decision"):
        services.entry_remove(actor=None, entry=entry, decision=selectors.approval_of(planning), reason="Không đáp ứng")
    services.entry_remove(actor=None, entry=entry, decision=review, reason="Không đáp ứng yêu cầu")
    entry.refresh_from_db()
    assert (entry.state, entry.removed_by, entry.left_on, entry.exit_reason) == ("removed", review, dt.date(2026, 11, 20), "decision")
    newcomer = a_cadre(tree.P)
    add(planning, post, newcomer, decision=review)
    names = lambda day: sorted(e.cadre.full_name for e in selectors.in_planning(planning, day))  # noqa: E731
    assert names(dt.date(2026, 6, 1)) == sorted([kept.full_name, removed.full_name])
    assert names(dt.date(2026, 11, 20)) == sorted([kept.full_name, newcomer.full_name])
    assert names(dt.date(2026, 1, 14)) == []
