"""The structure of a hand-built planning against the targets, and the planning's pages and API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from partybuilding.cadres.choices import Title
from partybuilding.cadres.models import PlanningEntry
from partybuilding.cadres.selectors.structure import structure

from .cadre_targets import cadre_in, planning_in, position_in
from .conftest import client_for

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 6, 1)


def _entry(planning: Any, position: Any, cadre: Any) -> PlanningEntry:
    return PlanningEntry.objects.create(
        planning=planning, org_path=planning.org_path, position=position, cadre=cadre,
        added_by=planning.decisions.get(), added_on=dt.date(2026, 1, 15), age_limit_on=dt.date(2040, 1, 1),
    )  # fmt: skip


def _person(org: Any, name: str, gender: str, born: dt.date, ethnicity: str = "01") -> Any:
    return cadre_in(org, family_name="Lò", given_name=name, gender=gender, date_of_birth=born, ethnicity=ethnicity)


def test_structure_by_level_against_the_targets(tree: Any) -> None:
    planning = planning_in(tree.P)
    secretary, deputy = position_in(tree.P, Title.SECRETARY, grade=1), position_in(tree.P, Title.DEPUTY_SECRETARY)
    commune_post = position_in(tree.P, Title.HEAD, grade=6, level="commune")
    # ages on 01/06/2026: 38, 47, 56, 50
    young_woman = _person(tree.P, "Một", "F", dt.date(1988, 1, 1), ethnicity="02")
    middle_man = _person(tree.P, "Hai", "M", dt.date(1979, 1, 1))
    older_man = _person(tree.P, "Ba", "M", dt.date(1970, 1, 1))
    woman_fifty = _person(tree.P, "Bốn", "F", dt.date(1976, 1, 1))
    for cadre in (young_woman, middle_man, older_man):
        _entry(planning, deputy, cadre)
    _entry(planning, secretary, woman_fifty)
    _entry(planning, secretary, middle_man)  # a second province post: counted once at that level
    _entry(planning, commune_post, middle_man)
    found = structure(planning, ON)
    province, commune, total = found.rows
    assert (province.level, province.cadres, province.ages) == ("province", 4, [1, 2, 1])
    assert province.women and (province.women.count, province.women.percent, province.women.met) == (2, Decimal("50.00"), True)
    assert province.young and (province.young.count, province.young.percent, province.young.met) == (1, Decimal("25.00"), True)
    assert province.minority and (province.minority.count, province.minority.percent, province.minority.met) == (1, Decimal("25.00"), None)  # fmt: skip
    assert (commune.level, commune.cadres, commune.ages) == ("commune", 1, [0, 1, 0])
    assert commune.women and (commune.women.percent, commune.women.met) == (Decimal("0.00"), False)
    assert commune.young and commune.young.met is False
    assert (total.level, total.cadres) == ("", 4)
    assert found.age_labels == ["Under 45", "45 to 54", "55 and over"]


def test_pages_show_the_table_structure_and_refuse_other_roles(tree: Any, people: Any) -> None:
    planning = planning_in(tree.P)
    cadre = cadre_in(tree.P)
    _entry(planning, position_in(tree.P), cadre)
    officer = client_for(people.provincial_officer)
    page = officer.get(f"/cadres/planning/{planning.pk}/")
    assert page.status_code == 200 and cadre.full_name in page.content.decode()
    assert "1 of at most 3" in page.content.decode()
    before = officer.get(f"/cadres/planning/{planning.pk}/?on=14/01/2026")
    assert cadre.full_name not in before.content.decode()
    assert officer.get(f"/cadres/planning/{planning.pk}/structure/").status_code == 200
    assert officer.get(f"/cadres/planning/{planning.pk}/table.xlsx").status_code == 200
    assert client_for(people.standing_member).get(f"/cadres/planning/{planning.pk}/").status_code == 200
    assert client_for(people.standing_member).get(f"/cadres/planning/{planning.pk}/entries/new/").status_code == 403
    assert client_for(people.cell_secretary).get(f"/cadres/planning/{planning.pk}/").status_code == 404


def test_api_creates_a_planning_adds_and_reads_the_table(tree: Any, people: Any) -> None:
    api = client_for(people.provincial_officer)
    body = {"organization_id": tree.P.pk, "term_label": "2030–2035", "starts_on": "2030-10-01", "ends_on": "2035-09-30", "decision_number": "12-QĐ/TU", "decision_date": "2026-01-15"}  # fmt: skip
    made = api.post("/api/cadres/plannings", body, content_type="application/json")
    assert made.status_code == 201, made.content
    planning = made.json()
    cadre, post = cadre_in(tree.P), position_in(tree.P)
    entry = {"decision_id": planning["decisions"][0]["id"], "position_id": post.pk, "cadre_id": cadre.pk}
    added = api.post(f"/api/cadres/plannings/{planning['id']}/entries", entry, content_type="application/json")
    assert added.status_code == 201, added.content
    again = api.post(f"/api/cadres/plannings/{planning['id']}/entries", entry, content_type="application/json")
    assert again.status_code == 422 and "already planned" in again.content.decode()
    table = api.get(f"/api/cadres/plannings/{planning['id']}/table?on=2026-02-01").json()
    row = next(r for r in table["rows"] if r["position_id"] == post.pk)
    assert (row["count"], row["limit"], row["lines"][0]["cadre_id"]) == (1, 3, cadre.pk)
    shape = api.get(f"/api/cadres/plannings/{planning['id']}/structure?on=2026-02-01").json()
    assert shape["rows"][-1]["cadres"] == 1 and shape["rows"][-1]["women"]["percent"] in ("100.00", 100.0, "100")
