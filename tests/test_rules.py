from __future__ import annotations

import datetime as dt

import pytest

from partybuilding.core.errors import Refusal
from partybuilding.core.models import RuleSet, RuleValue
from partybuilding.core.rules import RULE_DEFS, rule, rule_value, rules_in_force

from .conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_answers_the_rule_in_force_on_a_date() -> None:
    before = rule("org.allowed_children", dt.date(2025, 6, 30))
    after = rule("org.allowed_children", dt.date(2025, 7, 1))
    assert "district" in before.value["province"]
    assert "district" not in after.value["province"]
    assert "commune" in after.value["province"]
    assert before.citation == "QĐ 24-QĐ/TW"
    assert after.citation == "QĐ 294-QĐ/TW"


def test_a_later_rule_set_overrides_only_what_it_defines() -> None:
    new = RuleSet.objects.create(code="test-2027", title_vi="Thử", title_en="Test", effective_from=dt.date(2027, 1, 1), citation="QĐ 999")
    RuleValue.objects.create(rule_set=new, key="member.probation_months", value=18)
    assert rule_value("member.probation_months", dt.date(2026, 12, 31)) == 12
    assert rule_value("member.probation_months", dt.date(2027, 1, 1)) == 18
    assert rule("member.probation_months", dt.date(2027, 1, 1)).citation == "QĐ 999"
    assert rule_value("admission.min_age_years", dt.date(2027, 1, 1)) == 18


def test_it_refuses_a_date_before_any_recorded_rule() -> None:
    with pytest.raises(Refusal) as refusal:
        rule("member.probation_months", dt.date(2000, 1, 1))
    assert "01/01/2000" in refusal.value.text


def test_every_seeded_rule_is_declared() -> None:
    seeded = {r.key for r in rules_in_force(dt.date(2026, 1, 1))}
    assert seeded <= set(RULE_DEFS)
    assert "badge.milestones_years" in seeded


def test_the_rules_page_shows_the_rules_of_the_chosen_date_with_citations(tree, people) -> None:
    client = client_for(people.viewer)
    page = client.get("/rules/", {"on": "30/06/2025"}).content.decode()
    assert "QĐ 24-QĐ/TW" in page
    assert "District Party Committee" in page
    assert "Điều lệ Đảng, Điều 5" in page
    page = client.get("/rules/", {"on": "01/07/2025"}).content.decode()
    assert "QĐ 294-QĐ/TW" in page


def test_the_rules_page_counts_working_days(tree, people) -> None:
    page = client_for(people.viewer).get("/rules/", {"on": "13/02/2026", "working_days": "1"}).content.decode()
    assert "23/02/2026" in page


def test_the_rules_page_explains_a_bad_date(tree, people) -> None:
    response = client_for(people.viewer).get("/rules/", {"on": "31/02/2026"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def test_the_api_lists_the_rules_in_force(tree, people) -> None:
    rows = client_for(people.viewer).get("/api/rules", {"on": "2024-01-01"}).json()
    by_key = {r["key"]: r for r in rows}
    assert by_key["member.probation_months"]["value"] == 12
    assert by_key["org.allowed_children"]["rule_set"] == "qd24-2021"
