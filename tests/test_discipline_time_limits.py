"""The time limit for disciplining (QĐ 69-QĐ/TW Art. 6, before it QĐ 102-QĐ/TW Art. 4), counted
as the Civil Code counts years: concluding on the last day is within, the next day is out."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from partybuilding.core.errors import Refusal
from partybuilding.inspections.timelimits import expires_on, has_run_out, refuse_expired, time_limit

pytestmark = pytest.mark.django_db

D = dt.date


def violation(day: dt.date, form: str = "reprimand", **extra: Any) -> SimpleNamespace:
    fields = {"violation_date": day, "new_violation_date": None, "no_limit_matter": "", "proposed_form": form, "form": "",
              "concluded_on": None, "decision_date": None}  # fmt: skip
    return SimpleNamespace(**{**fields, **extra})


@pytest.mark.parametrize(
    ("form", "start", "last_day"),
    [
        ("reprimand", D(2019, 3, 10), D(2024, 3, 10)),
        ("warning", D(2013, 5, 20), D(2023, 5, 20)),
        ("dismissal", D(2014, 8, 1), D(2024, 8, 1)),
    ],
)
def test_the_limit_ends_on_the_same_day_n_years_later(form: str, start: dt.date, last_day: dt.date) -> None:
    v = violation(start, form)
    assert expires_on(v, on=last_day) == last_day
    for day, out in ((last_day - dt.timedelta(days=1), False), (last_day, False), (last_day + dt.timedelta(days=1), True)):
        assert has_run_out(v, on=day) is out, day
    refuse_expired(v, on=last_day)  # the last day itself is within
    with pytest.raises(Refusal) as refused:
        refuse_expired(v, on=last_day + dt.timedelta(days=1))
    assert last_day.strftime("%d/%m/%Y") in refused.value.message
    assert refused.value.rule == "QĐ 69-QĐ/TW, Điều 6" and refused.value.field == "concluded_on"


def test_a_violation_on_29_february_runs_out_on_28_february() -> None:
    v = violation(D(2020, 2, 29))
    assert expires_on(v, on=D(2025, 3, 1)) == D(2025, 2, 28)
    assert not has_run_out(v, on=D(2025, 2, 28))
    assert has_run_out(v, on=D(2025, 3, 1))


def test_a_new_violation_restarts_the_period() -> None:
    v = violation(D(2015, 1, 10), new_violation_date=D(2019, 6, 1))
    assert expires_on(v, on=D(2024, 1, 1)) == D(2024, 6, 1)
    assert not has_run_out(v, on=D(2024, 6, 1))
    assert has_run_out(violation(D(2015, 1, 10)), on=D(2024, 6, 1))


def test_expulsion_and_the_listed_matters_have_no_limit() -> None:
    assert expires_on(violation(D(2001, 1, 1), "expulsion"), on=D(2025, 1, 1)) is None
    assert expires_on(violation(D(2001, 1, 1), "dissolution"), on=D(2025, 1, 1)) is None
    for matter in ("security", "falsified_records", "expulsion_level"):
        limit = time_limit(violation(D(2001, 1, 1), "reprimand", no_limit_matter=matter), on=D(2025, 1, 1))
        assert limit.ends_on is None and limit.citation == "QĐ 69-QĐ/TW, Điều 6" and limit.no_limit
    refuse_expired(violation(D(2001, 1, 1), "expulsion"), on=D(2025, 1, 1))


def test_the_rule_is_read_on_the_day_of_the_conclusion() -> None:
    v = violation(D(2016, 1, 1), concluded_on=D(2021, 1, 4), decision_date=D(2021, 2, 1))
    limit = time_limit(v)  # measured to the conclusion, not the decision
    assert limit.ends_on == D(2021, 1, 1) and limit.citation == "QĐ 102-QĐ/TW, Điều 4"
    with pytest.raises(Refusal, match="01/01/2021") as refused:
        refuse_expired(v)
    assert refused.value.rule == "QĐ 102-QĐ/TW, Điều 4"
    assert time_limit(violation(D(2018, 1, 1)), on=D(2023, 1, 2)).citation == "QĐ 69-QĐ/TW, Điều 6"


def test_before_any_recorded_rule_there_is_no_check() -> None:
    v = violation(D(2005, 1, 1), concluded_on=D(2016, 1, 1))
    assert not time_limit(v).checked and expires_on(v) is None
    refuse_expired(v)
