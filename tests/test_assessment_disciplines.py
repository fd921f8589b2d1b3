"""A discipline recorded from the member's page rates them "did not complete tasks" for the
year, and lists under the scope's recorded disciplines of that year."""

from __future__ import annotations

import datetime as dt

import pytest

from partybuilding.assessments.models import DisciplineFact

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db


def test_a_secretary_records_a_discipline_and_finds_it_in_the_year_list(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1, given_name="Bảy")
    client = client_for(people.cell_secretary)
    page = client.get(f"/members/{member.pk}/")
    assert f"/assessments/disciplines/member/{member.pk}/new/" in page.content.decode()
    answer = client.post(
        f"/assessments/disciplines/member/{member.pk}/new/",
        {"kind": "reprimand", "date": "03/02/2026", "decision_number": "05-QĐ/ĐU", "decided_by": "Đảng ủy"},
    )
    assert answer.status_code == 302
    fact = DisciplineFact.objects.get(member=member)
    assert (fact.form, fact.date, fact.decision_number) == ("reprimand", dt.date(2026, 2, 3), "05-QĐ/ĐU")
    listed = client.get(f"/assessments/disciplines/?within={tree.X1.pk}&year=2026").content.decode()
    assert "Bảy" in listed and "Reprimand" in listed
    assert "Bảy" not in client.get(f"/assessments/disciplines/?within={tree.X1.pk}&year=2025").content.decode()


def test_a_discipline_in_the_future_is_refused_on_its_field(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    answer = client_for(people.cell_secretary, "vi").post(
        f"/assessments/disciplines/member/{member.pk}/new/", {"kind": "warning", "date": "01/01/2099", "decision_number": "1"}
    )
    assert answer.status_code == 200 and not DisciplineFact.objects.exists()
