"""A discipline recorded from the member's page is kept in the inspection records, shows on the
member's record, and rates the member "did not complete tasks" for the year it was decided in."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from partybuilding.inspections.models import Discipline

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def test_a_secretary_records_the_cells_discipline_from_the_member_page(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, given_name="Bảy")
    client = client_for(people.cell_secretary)
    link = f"/inspections/disciplines/new/?member={member.pk}"
    assert link in client.get(f"/members/{member.pk}/").content.decode()
    assert client.get(link).status_code == 200
    answer = client.post(
        link,
        {
            "organization": tree.X1.code,
            "body": "cell",
            "member": member.card_number or member.full_name,
            "violation": "Không thực hiện nhiệm vụ chi bộ phân công",
            "violation_date": "05/01/2026",
            "proposed_form": "reprimand",
            "proposed_on": "03/02/2026",
            "decision_number": "05-QĐ/CB",
            "decision_date": "03/02/2026",
            "submission": str(uuid.uuid4()),
        },
    )
    assert answer.status_code == 302
    recorded = Discipline.objects.get(member=member)
    assert (recorded.status, recorded.form_in_force, recorded.decision_date) == ("decided", "reprimand", dt.date(2026, 2, 3))
    section = client.get(f"/inspections/member/{member.pk}/").content.decode()
    assert "05-QĐ/CB" in section and "Reprimand" in section


def test_a_discipline_in_the_future_is_refused_and_nothing_is_kept(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    answer = client_for(people.cell_secretary, "vi").post(
        f"/inspections/disciplines/new/?member={member.pk}",
        {
            "organization": tree.X1.code,
            "body": "cell",
            "member": member.card_number or member.full_name,
            "violation": "Vi phạm",
            "violation_date": "01/01/2099",
            "proposed_form": "warning",
            "proposed_on": "01/01/2099",
            "submission": str(uuid.uuid4()),
        },
    )
    assert answer.status_code == 422 and not Discipline.objects.exists()
