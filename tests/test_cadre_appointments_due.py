"""The re-appointments due: the notice counted back in working days of the Vietnamese calendar
(Tết and holidays not counted), the list, its attention line, the page, Excel and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partybuilding.cadres.choices import Title
from partybuilding.cadres.models import Holding
from partybuilding.cadres.selectors.appointments import due_from, reappointment_lines, reappointments_due
from partybuilding.cadres.services.appointments import appointment_propose
from partybuilding.core.calendar import is_working_day, working_days_between

from .cadre_targets import cadre_in, position_in
from .conftest import client_for

pytestmark = pytest.mark.django_db

TERM_ENDS = dt.date(2027, 4, 30)  # its 90 working days back straddle Tết 2027 (04–10/02/2027)
FIRST_DUE = dt.date(2026, 12, 16)  # counted back through the calendar: Tết, New Year's Day and 30/04 not counted


def holding(tree, term_ends=TERM_ENDS, title=Title.HEAD):
    post, cadre = position_in(tree.P, title), cadre_in(tree.P)
    return Holding.objects.create(cadre=cadre, position=post, manager_path=tree.P.path, started_on=dt.date(2022, 5, 1), term_ends=term_ends)


def test_the_first_day_due_is_ninety_working_days_back_through_tet_not_ninety_times_seven_fifths(tree):
    assert due_from(TERM_ENDS, dt.date(2026, 12, 1)) == FIRST_DUE
    assert not any(is_working_day(dt.date(2027, 2, d)) for d in (4, 5, 8, 9, 10))  # Tết 2027 on weekdays
    assert working_days_between(FIRST_DUE, TERM_ENDS) == 89  # the first day itself is the 90th working day back
    assert TERM_ENDS - dt.timedelta(days=90 * 7 // 5) != FIRST_DUE  # 25/12/2026: the calendar arithmetic would be late


def test_a_term_is_listed_from_its_first_day_due_not_the_day_before(tree, people):
    h = holding(tree)
    officer = people.provincial_officer
    assert list(reappointments_due(officer, tree.P, FIRST_DUE - dt.timedelta(days=1))) == []
    assert list(reappointments_due(officer, tree.P, FIRST_DUE)) == [h]
    assert list(reappointments_due(officer, tree.P, dt.date(2027, 6, 1))) == [h]  # past its end: still due


def test_a_term_with_a_reappointment_record_open_or_a_post_left_is_not_due(tree, people):
    h = holding(tree, term_ends=dt.date(2027, 1, 15))
    today = dt.date(2026, 12, 5)
    assert list(reappointments_due(people.provincial_officer, tree.P, today)) == [h]
    appointment_propose(
        actor=people.provincial_officer, kind="reappointment", cadre=h.cadre, position=h.position, proposed_on=dt.date(2026, 12, 1)
    )
    assert list(reappointments_due(people.provincial_officer, tree.P, today)) == []


def test_the_attention_line_counts_the_due_terms_with_the_nearest_end(tree, people):
    holding(tree, term_ends=dt.date(2027, 1, 15))
    [line] = reappointment_lines(tree.P, dt.date(2026, 12, 5), people.provincial_officer)
    assert line.count == 1 and "15/01/2027" in line.detail and f"within={tree.P.pk}" in line.url
    assert reappointment_lines(tree.X1, dt.date(2026, 12, 5), people.cell_secretary) == []


def test_the_page_excel_and_api_list_the_due_terms_to_those_who_read_cadre_records(tree, people):
    h = holding(tree, term_ends=dt.date(2027, 1, 15))
    client = client_for(people.standing_member)
    page = client.get("/cadres/appointments/due/")
    assert page.status_code == 200 and h.cadre.full_name in page.content.decode()
    assert 'data-testid="propose-reappointment"' not in page.content.decode()  # the standing committee reads only
    assert client_for(people.provincial_officer).get("/cadres/appointments/due/").content.decode().count("propose-reappointment") == 1
    xlsx = client.get("/cadres/appointments/due/due.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    body = client.get(f"/api/cadres/reappointments-due?within={tree.P.pk}").json()
    [row] = body["items"]
    assert row["holding_id"] == h.pk and row["term_ends"] == "2027-01-15"
    assert row["working_days_left"] == working_days_between(timezone.localdate(), dt.date(2027, 1, 15))
    assert client_for(people.cell_secretary).get("/cadres/appointments/due/").status_code == 403
