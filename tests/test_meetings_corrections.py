"""Corrections of a meeting's record and reports of periods before a rule: what a secretary
or an officer hits when the facts come in late or are asked of the past."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partybuilding.core.records import Decision
from partybuilding.meetings import missing, services
from partybuilding.meetings.choices import Presence
from partybuilding.meetings.services import AttendanceIn, ItemIn
from partybuilding.members.lifecycle.services import member_exempt, member_expel
from partybuilding.organizations.services import organization_dissolve

from .conftest import Personas, Tree, client_for
from .meetings_factories import full_details, held_meeting
from .members_factories import make_member

pytestmark = pytest.mark.django_db

P, E, U = Presence.PRESENT, Presence.EXCUSED, Presence.UNEXCUSED


def test_a_new_date_on_which_a_member_is_exempted_asks_for_the_attendance_again(tree: Tree) -> None:
    an, binh, cuong = (make_member(tree.X1) for _ in range(3))
    member_exempt(actor=None, member=binh, date=dt.date(2026, 4, 10), decision=Decision(number="3-QĐ", date=dt.date(2026, 4, 10)))
    meeting = held_meeting(tree.X1, dt.date(2026, 4, 5), {an: P, binh: U, cuong: P}, close=False, items=())
    services.meeting_record(actor=None, meeting=meeting, details=full_details(dt.date(2026, 4, 15), items=()))
    meeting.refresh_from_db()
    assert not meeting.attendance_recorded and not meeting.attendance.exists()  # no stale absence left to count
    services.attendance_record(actor=None, meeting=meeting, entries=[AttendanceIn(an.pk, P), AttendanceIn(cuong.pk, P)])
    row = meeting.attendance.get(member=binh)
    assert (row.required, row.presence, row.reason) == (False, E, "not required to attend")


def test_a_closed_meetings_date_and_attendance_are_corrected_in_one_amendment(tree: Tree) -> None:
    early = make_member(tree.X2, admitted=dt.date(2010, 1, 1))
    newcomer = make_member(tree.X2, admitted=dt.date(2026, 6, 1), official=None)
    meeting = held_meeting(tree.X2, dt.date(2026, 5, 20), {early: P})
    new_date = full_details(dt.date(2026, 6, 2), items=(ItemIn("Nghị quyết", 2, 0, 0),))
    with pytest.raises(Exception, match="in one amendment"):
        services.meeting_amend(actor=None, meeting=meeting, reason="Sai ngày", details=new_date)
    services.meeting_amend(
        actor=None,
        meeting=meeting,
        reason="Sai ngày",
        details=new_date,
        attendance=[AttendanceIn(early.pk, P), AttendanceIn(newcomer.pk, P)],
    )
    meeting.refresh_from_db()
    assert meeting.date == dt.date(2026, 6, 2) and meeting.attendance.count() == 2


def test_a_cell_dissolved_since_is_listed_for_the_months_it_existed(tree: Tree) -> None:
    organization_dissolve(actor=None, org=tree.Y1, date=dt.date(2026, 9, 1), decision=Decision(number="7-QĐ", date=dt.date(2026, 9, 1)))
    march = {o.code for o in missing.cells_without_regular(tree.P, 2026, 3)}
    october = {o.code for o in missing.cells_without_regular(tree.P, 2026, 10)}
    assert "Y1" in march and "Y1" not in october


def test_reports_of_a_period_before_the_rule_say_so(tree: Tree, people: Personas) -> None:
    client = client_for(people.provincial_officer)
    page = client.get(f"/meetings/missing/?within={tree.P.pk}&what=thematic&year=2025&quarter=2")
    assert page.status_code == 200 and 'data-testid="missing-refused"' in page.content.decode()
    assert client.get(f"/meetings/missing.xlsx?within={tree.P.pk}&what=unexcused&year=2020").status_code == 200
    assert client.get(f"/api/meetings/missing/{tree.P.pk}?what=regular&year=2026&month=13").status_code == 422
    assert client.get("/api/meetings?year=10000").status_code == 422


def test_the_year_before_the_thematic_rule_plans_its_regular_meetings(tree: Tree) -> None:
    planned = services.meetings_plan_year(actor=None, organization=tree.X1, year=2025, day=5)
    kinds = [m.kind for m in planned]
    assert kinds.count("regular") >= 6 and "thematic" in kinds  # thematic ones from the quarter the rule starts


def test_a_member_no_longer_in_the_list_no_longer_sees_the_cells_files(tree: Tree, people: Personas) -> None:
    own = make_member(tree.X1)
    own.user = people.member
    own.save(update_fields=["user"])
    meeting = services.meeting_plan(actor=None, organization=tree.X1, kind="regular", date=timezone.localdate() + dt.timedelta(days=3))
    doc = services.document_attach(actor=None, meeting=meeting, name="a.pdf", content_type="application/pdf", content=b"%PDF")
    client = client_for(people.member)
    assert client.get(f"/meetings/documents/{doc.pk}/").status_code == 200
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    member_expel(actor=None, member=own, date=yesterday, decision=Decision(number="9-QĐ", date=yesterday))
    assert client.get(f"/meetings/documents/{doc.pk}/").status_code == 404
