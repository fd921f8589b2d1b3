"""Each user opens on their own work: the cell secretary on their cell, a member on their
own things, an officer on the dashboard of their scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partybuilding.admissions.choices import Stage
from partybuilding.meetings import services as meeting_services
from partybuilding.meetings.choices import MeetingKind, Presence
from partybuilding.members.models import Member

from .admissions_factories import make_candidate, walk
from .conftest import client_for
from .dues_factories import member_with_base, open_months, pay
from .meetings_factories import held_meeting
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def test_cell_secretary_opens_on_the_cells_work(tree, people):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    payer, debtor = member_with_base(tree.X1), member_with_base(tree.X1)
    open_months(tree.X1, this_month, this_month)
    pay(payer, this_month, 50_000)
    meeting_services.meeting_plan(actor=None, organization=tree.X1, kind=MeetingKind.REGULAR, date=today + dt.timedelta(days=9))
    candidate = walk(make_candidate(tree.X1, given_name="Ứng"), Stage.DECIDED, decision=today - dt.timedelta(days=10))

    page = client_for(people.cell_secretary).get("/")

    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="home-cell"' in html and tree.X1.name in html
    # The planned meeting, what it still lacks (a planned meeting has only its date).
    assert "next meeting, in 9 days" in html and "topic" in html and "documents for the members" in html
    # This month's dues: one of two members paid 50,000 of 100,000.
    assert "50 %" in html or "50.0 %" in html
    assert "50,000 of 100,000" in html
    # The decided candidate waits for the ceremony, with its deadline.
    assert candidate.full_name in html and "Admission ceremony" in html and "days left" in html
    assert debtor.pk  # the second member is owed


def test_cell_home_in_vietnamese_groups_thousands(tree, people):
    this_month = timezone.localdate().replace(day=1)
    member_with_base(tree.X1, salary=200_000_000)  # 1% = 2,000,000 đồng
    open_months(tree.X1, this_month, this_month)

    html = client_for(people.cell_secretary, "vi").get("/").content.decode()

    assert "2.000.000" in html


def test_a_secretary_sees_members_absent_without_reason(tree, people):
    absent, present = make_member(tree.X1, given_name="Vắng"), make_member(tree.X1, given_name="Có")
    today = timezone.localdate()
    if today.month == 1 and today.day == 1:
        pytest.skip("no day of this year behind us")
    held_meeting(tree.X1, today - dt.timedelta(days=1), {absent: Presence.UNEXCUSED, present: Presence.PRESENT})

    html = client_for(people.cell_secretary).get("/").content.decode()

    section = html[html.index('data-testid="home-absent"') :]
    assert absent.full_name in section and "1 month" in section
    assert present.full_name not in section


def test_a_member_opens_on_their_own_things(tree, people):
    today = timezone.localdate()
    me = member_with_base(tree.X1, given_name="Tôi")
    Member.objects.filter(pk=me.pk).update(user=people.member)
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    open_months(tree.X1, dt.date(today.year, 1, 1), today.replace(day=1))
    held_meeting(tree.X1, last_month.replace(day=10), {me: Presence.PRESENT})
    meeting_services.meeting_plan(actor=None, organization=tree.X1, kind=MeetingKind.REGULAR, date=today + dt.timedelta(days=5))

    page = client_for(people.member).get("/")

    html = page.content.decode()
    assert 'data-testid="home-member"' in html and me.given_name in html
    assert (today + dt.timedelta(days=5)).strftime("%d/%m/%Y") in html  # the next meeting of the cell
    assert last_month.replace(day=10).strftime("%d/%m/%Y") in html and "Present" in html  # attendance history
    owed = 50_000 * today.month
    assert f"{owed:,}" in html  # dues still owed this year, nothing paid yet


def test_officers_keep_the_dashboard(tree, people):
    html = client_for(people.commune_officer).get("/").content.decode()
    assert 'data-testid="attention"' in html
    assert 'data-testid="home-cell"' not in html and 'data-testid="home-member"' not in html


def test_the_secretary_can_still_open_the_cells_figures(tree, people):
    page = client_for(people.cell_secretary).get("/dashboard/")
    assert page.status_code == 200
    assert 'data-testid="attention"' in page.content.decode()
