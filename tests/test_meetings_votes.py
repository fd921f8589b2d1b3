"""Votes above the members present are refused where they are typed (the record form, the
service, the API), not only when the meeting is closed; the refusal names the rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from partybuilding.core.errors import Refusal
from partybuilding.meetings import services
from partybuilding.meetings.choices import Presence
from partybuilding.meetings.forms import ItemForm
from partybuilding.meetings.models import AgendaItem
from partybuilding.meetings.services import AttendanceIn, ItemIn

from .conftest import Personas, Tree, client_for
from .meetings_factories import full_details
from .members_factories import make_member

pytestmark = pytest.mark.django_db

P, E = Presence.PRESENT, Presence.EXCUSED
DAY = dt.date(2026, 3, 5)
RULE = "each member present votes once"


@pytest.fixture
def meeting(tree: Tree) -> Any:
    """A meeting of X1, three members expected, two marked present."""
    members = [make_member(tree.X1, given_name=n) for n in ("An", "Bình", "Chi")]
    meeting = services.meeting_plan(actor=None, organization=tree.X1, kind="regular", date=DAY)
    entries = [AttendanceIn(m.pk, P, "", 1) for m in members[:2]] + [AttendanceIn(members[2].pk, E, "ốm")]
    services.attendance_record(actor=None, meeting=meeting, entries=entries)
    meeting.members = members
    return meeting


@pytest.mark.parametrize(
    "votes",
    [(3, 0, 0), (0, 3, 0), (0, 0, 3), (1, 1, 1)],  # each count, and their sum
    ids=["for", "against", "abstain", "sum"],
)
def test_the_service_refuses_votes_above_the_members_present(meeting: Any, votes: tuple[int, int, int]) -> None:
    details = full_details(DAY, items=(ItemIn("Nghị quyết tháng 3", *votes),))
    with pytest.raises(Refusal, match="only 2 members were present") as refused:
        services.meeting_record(actor=None, meeting=meeting, details=details)
    assert RULE in refused.value.rule
    assert not AgendaItem.objects.filter(meeting=meeting).exists()  # nothing printed in the minutes


def test_the_service_takes_votes_up_to_the_members_present(meeting: Any) -> None:
    details = full_details(DAY, items=(ItemIn("Nghị quyết tháng 3", 1, 0, 1),))
    services.meeting_record(actor=None, meeting=meeting, details=details)
    assert AgendaItem.objects.get(meeting=meeting).votes_for == 1


def test_before_the_attendance_the_bound_is_the_members_expected(tree: Tree) -> None:
    for name in ("An", "Bình"):
        make_member(tree.X1, given_name=name)
    meeting = services.meeting_plan(actor=None, organization=tree.X1, kind="regular", date=DAY)
    with pytest.raises(Refusal, match="only 2 members are expected"):
        services.meeting_record(actor=None, meeting=meeting, details=full_details(DAY, items=(ItemIn("Nghị quyết", 2, 1, 0),)))
    services.meeting_record(actor=None, meeting=meeting, details=full_details(DAY, items=(ItemIn("Nghị quyết", 2, 0, 0),)))


def test_attendance_that_leaves_fewer_present_than_the_votes_is_refused(meeting: Any) -> None:
    services.meeting_record(actor=None, meeting=meeting, details=full_details(DAY, items=(ItemIn("Nghị quyết", 2, 0, 0),)))
    meeting.refresh_from_db()
    an, binh, chi = meeting.members
    entries = [AttendanceIn(an.pk, P, "", 1), AttendanceIn(binh.pk, E, "công tác"), AttendanceIn(chi.pk, E, "ốm")]
    with pytest.raises(Refusal, match="2 votes, but only 1 members were present"):
        services.attendance_record(actor=None, meeting=meeting, entries=entries)


def test_the_form_refuses_them_as_typed_and_names_the_rule() -> None:
    data = {"title": "Nghị quyết", "votes_for": 2, "votes_against": 1, "votes_abstain": 0}
    form = ItemForm(data, present=2)
    assert not form.is_valid()
    assert "3 votes, but only 2 members were present" in str(form.non_field_errors()) and RULE in str(form.non_field_errors())
    assert ItemForm({**data, "votes_against": 0}, present=2).is_valid()


def test_the_record_page_refuses_them_and_keeps_the_meeting_unchanged(meeting: Any, people: Personas) -> None:
    client = client_for(people.cell_secretary)
    meeting.refresh_from_db()
    record = {
        "version": meeting.version, "date": DAY.strftime("%d/%m/%Y"), "duration_minutes": 90, "title": "Sinh hoạt tháng 3",
        "items-TOTAL_FORMS": 1, "items-INITIAL_FORMS": 0,
        "items-0-title": "Nghị quyết tháng 3", "items-0-votes_for": 5, "items-0-votes_against": 0, "items-0-votes_abstain": 0,
    }  # fmt: skip
    response = client.post(f"/meetings/{meeting.pk}/record/", record)
    assert response.status_code == 200
    assert 'data-testid="item-error"' in response.content.decode()
    assert "5 votes, but only 2 members were present" in response.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_the_api_refuses_attendance_below_the_votes_with_the_rule(meeting: Any, people: Personas) -> None:
    services.meeting_record(actor=None, meeting=meeting, details=full_details(DAY, items=(ItemIn("Nghị quyết", 2, 0, 0),)))
    meeting.refresh_from_db()
    an, binh, chi = meeting.members
    entries = [
        {"member_id": an.pk, "presence": P, "contributions": 1},
        {"member_id": binh.pk, "presence": E, "reason": "công tác"},
        {"member_id": chi.pk, "presence": E, "reason": "ốm"},
    ]
    client = client_for(people.cell_secretary)
    response = client.put(f"/api/meetings/{meeting.pk}/attendance", {"entries": entries}, content_type="application/json")
    assert response.status_code == 422
    assert "2 votes, but only 1 members were present" in response.json()["detail"]
    assert RULE in response.json()["rule"]
    assert meeting.attendance.filter(presence=P).count() == 2  # unchanged
