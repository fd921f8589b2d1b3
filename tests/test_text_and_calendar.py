from __future__ import annotations

import datetime as dt

import pytest

from partybuilding.core.calendar import add_working_days, is_working_day, working_days_between
from partybuilding.core.models import CalendarDay
from partybuilding.core.text import search_key


def test_it_ignores_diacritics_and_case_in_search_keys() -> None:
    assert search_key("Nguyễn Văn Ánh") == "nguyen van anh"
    assert search_key("ĐẢNG BỘ  xã Đông   Sơn") == "dang bo xa dong son"
    assert search_key("Chi bộ Ấp Một") == "chi bo ap mot"


def test_it_skips_weekends_when_counting_working_days() -> None:
    friday = dt.date(2025, 10, 3)
    assert add_working_days(friday, 1) == dt.date(2025, 10, 6)
    assert add_working_days(friday, 5) == dt.date(2025, 10, 10)


@pytest.mark.django_db
def test_it_skips_lunar_new_year() -> None:
    # Tết 2026: 16-20 February are public holidays (Monday to Friday).
    assert not is_working_day(dt.date(2026, 2, 17))
    assert add_working_days(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 23)
    # 29 and 30 working days after a decision taken just before Tết.
    decision = dt.date(2026, 2, 2)
    assert add_working_days(decision, 29) == dt.date(2026, 3, 20)
    assert add_working_days(decision, 30) == dt.date(2026, 3, 23)
    assert working_days_between(decision, dt.date(2026, 3, 23)) == 30


@pytest.mark.django_db
def test_it_skips_national_day_and_counts_backwards() -> None:
    assert not is_working_day(dt.date(2025, 9, 2))
    assert add_working_days(dt.date(2025, 9, 3), -1) == dt.date(2025, 8, 29)


@pytest.mark.django_db
def test_it_follows_government_decisions_that_move_days() -> None:
    saturday = dt.date(2025, 12, 27)
    wednesday = dt.date(2025, 12, 31)
    assert not is_working_day(saturday)
    CalendarDay.objects.create(date=saturday, is_working_day=True, reason="Làm bù")
    CalendarDay.objects.create(date=wednesday, is_working_day=False, reason="Nghỉ bù")
    assert is_working_day(saturday)
    assert not is_working_day(wednesday)
    assert add_working_days(dt.date(2025, 12, 26), 1) == saturday
