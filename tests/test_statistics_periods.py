"""The periods a report covers, read from the page's parameters, and the same period last year."""

from __future__ import annotations

import datetime as dt

import pytest

from partybuilding.statistics.periods import Period, PeriodError, period_of

D = dt.date
TODAY = D(2026, 12, 7)


@pytest.mark.parametrize(
    ("params", "start", "end"),
    [
        ({}, D(2026, 1, 1), D(2026, 12, 31)),
        ({"period": "year", "year": "2024"}, D(2024, 1, 1), D(2024, 12, 31)),
        ({"period": "half", "year": "2025"}, D(2025, 1, 1), D(2025, 6, 30)),
        ({"period": "nine", "year": "2025"}, D(2025, 1, 1), D(2025, 9, 30)),
        ({"period": "quarter", "year": "2024", "quarter": "1"}, D(2024, 1, 1), D(2024, 3, 31)),
        ({"period": "month", "year": "2024", "month": "2"}, D(2024, 2, 1), D(2024, 2, 29)),
        ({"period": "term", "year": "2020", "to_year": "2025"}, D(2020, 1, 1), D(2025, 12, 31)),
        ({"period": "range", "from": "15/03/2025", "to": "14/04/2025"}, D(2025, 3, 15), D(2025, 4, 14)),
        ({"period": "day", "on": "30/06/2025"}, D(2025, 6, 30), D(2025, 6, 30)),
    ],
)
def test_a_period_is_read_from_the_parameters(params: dict[str, str], start: dt.date, end: dt.date) -> None:
    period = period_of(params, TODAY)
    assert (period.start, period.end) == (start, end)
    assert period_of(period.query(), TODAY) == period


def test_the_same_period_last_year() -> None:
    assert Period("month", D(2025, 2, 1), D(2025, 2, 28)).previous() == Period("month", D(2024, 2, 1), D(2024, 2, 29))
    assert Period("quarter", D(2025, 4, 1), D(2025, 6, 30)).previous() == Period("quarter", D(2024, 4, 1), D(2024, 6, 30))
    assert Period("term", D(2020, 1, 1), D(2025, 12, 31)).previous() == Period("term", D(2014, 1, 1), D(2019, 12, 31))
    assert Period("day", D(2024, 2, 29), D(2024, 2, 29)).previous().end == D(2023, 2, 28)


def test_a_running_period_counts_its_stocks_today() -> None:
    assert Period("year", D(2026, 1, 1), D(2026, 12, 31)).stock_day(TODAY) == TODAY
    assert Period("year", D(2025, 1, 1), D(2025, 12, 31)).stock_day(TODAY) == D(2025, 12, 31)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "week"}, "Unknown period"),
        ({"period": "year", "year": "abc"}, "whole number"),
        ({"period": "year", "year": "99999999999999999999"}, "between"),
        ({"period": "quarter", "quarter": "5"}, "between 1 and 4"),
        ({"period": "range", "from": "31/12/2025", "to": "01/01/2025"}, "ends before it starts"),
        ({"period": "range", "from": "32/13/2025", "to": "01/01/2026"}, "first and the last day"),
        ({"period": "term", "year": "2020", "to_year": "2040"}, "between"),
    ],
)
def test_a_period_that_does_not_make_sense_is_refused_with_a_reason(params: dict[str, str], message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        period_of(params, TODAY)
