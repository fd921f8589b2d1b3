"""The kinds of document are a dated rule: the rules page names each kind in the reader's
language, and a kind a later regulation adds is taken from its date, refused before it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from partybuilding.core import rules
from partybuilding.core.errors import Refusal
from partybuilding.core.models import RuleSet, RuleValue
from partybuilding.directives.kinds import KEY, kinds_on
from partybuilding.directives.services.documents import document_register

from .conftest import client_for
from .directive_targets import issuer_of

pytestmark = pytest.mark.django_db


def test_the_rules_page_names_the_kinds_in_both_languages(tree, people):
    vietnamese = client_for(people.office_officer, "vi").get("/rules/").content.decode()
    english = client_for(people.office_officer, "en").get("/rules/").content.decode()

    assert "NQ (Nghị quyết)" in vietnamese and "KL (Kết luận)" in vietnamese
    assert "NQ (Resolution)" in english and "KL (Conclusion)" in english
    assert "QĐ 66-QĐ/TW" in english  # the regulation they come from


def test_a_kind_added_by_a_later_rule_is_taken_from_its_date(tree):
    later = RuleSet.objects.create(
        code="kinds-2027", title_vi="Thử", title_en="Test", effective_from=dt.date(2027, 1, 1), citation="QĐ mới"
    )
    RuleValue.objects.create(rule_set=later, key=KEY, value=[*rules.rule_value(KEY, dt.date(2026, 1, 1)), {"code": "NQLT", "vi": "Nghị quyết liên tịch", "en": "Joint resolution"}])  # fmt: skip
    rules.clear_cache()
    try:
        with translation.override("en"):
            assert kinds_on(dt.date(2027, 1, 1))["NQLT"] == "Joint resolution"
            assert list(kinds_on(dt.date(2026, 1, 1)))[:3] == ["NQ", "CT", "KL"]  # in the rule's order
        with pytest.raises(Refusal) as refused:
            document_register(actor=None, issuer=issuer_of(tree.P), kind="NQLT", date=dt.date(2026, 6, 1), title="Trước quy định")
        assert refused.value.rule == "QĐ 66-QĐ/TW; HD 36-HD/VPTW"
    finally:
        rules.clear_cache()
