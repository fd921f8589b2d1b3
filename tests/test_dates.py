"""One arithmetic of years and months for every rule (core.dates): its properties over every
pair of dates from 1900 to 2100, and the rules that must agree on a 29 February."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from partybuilding.admissions import services as admissions
from partybuilding.admissions.checks import months_between
from partybuilding.admissions.choices import Stage
from partybuilding.core.dates import add_months, add_years, full_months, full_years, latest_start, years_and_months
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.dues.services.compute import Rates, party_age_exempt
from partybuilding.members.badges.selectors import due, milestone_date
from partybuilding.members.models import Member
from partybuilding.members.records.selectors import years_ago
from partybuilding.members.records.services import check_age_at_admission

from .admissions_factories import VOTES, make_candidate, walk
from .conftest import Tree
from .dues_factories import charge, member_with_base, open_months
from .members_factories import personal

FIRST, LAST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
days = st.dates(min_value=FIRST, max_value=LAST)
LEAP_DAYS = [dt.date(year, 2, 29) for year in range(1904, 2100, 4) if calendar.isleap(year)]
leap_days = st.sampled_from(LEAP_DAYS)
FAST = settings(max_examples=400, deadline=None)


# --- the arithmetic --------------------------------------------------------------------


def test_the_29_february_convention_of_the_civil_code() -> None:
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert full_years(dt.date(2008, 2, 29), dt.date(2026, 2, 27)) == 17
    assert full_years(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 18  # 18 on 28/02, not on 01/03
    assert years_and_months(dt.date(2008, 2, 29), dt.date(2026, 2, 27)) == (17, 11)


@FAST
@given(days, days)
def test_full_years_is_the_last_anniversary_on_or_before_the_day(start: dt.date, day: dt.date) -> None:
    years = full_years(start, day)
    assert add_years(start, years) <= day < add_years(start, years + 1)


@FAST
@given(days, days)
def test_full_months_is_the_last_monthly_anniversary_on_or_before_the_day(start: dt.date, day: dt.date) -> None:
    months = full_months(start, day)
    assert add_months(start, months) <= day < add_months(start, months + 1)
    assert years_and_months(start, day) == divmod(months, 12)


@FAST
@given(days, days)
def test_it_agrees_with_dateutil_for_a_day_after_the_start(start: dt.date, day: dt.date) -> None:
    start, day = min(start, day), max(start, day)
    delta = relativedelta(day, start)
    assert (full_years(start, day), full_months(start, day)) == (delta.years, delta.years * 12 + delta.months)


@FAST
@given(days, days, days)
def test_more_time_never_counts_fewer_years_or_months(start: dt.date, one: dt.date, other: dt.date) -> None:
    earlier, later = min(one, other), max(one, other)
    assert full_years(start, earlier) <= full_years(start, later)
    assert full_months(start, earlier) <= full_months(start, later)
    assert full_years(earlier, start) >= full_years(later, start)  # a later start: no more years
    assert add_years(earlier, 7) <= add_years(later, 7) and add_months(earlier, 5) <= add_months(later, 5)


@FAST
@given(days, st.integers(min_value=0, max_value=120), st.integers(min_value=0, max_value=11))
def test_latest_start_is_the_last_start_that_has_reached_the_period(day: dt.date, years: int, months: int) -> None:
    start = latest_start(day, years=years, months=months)
    assert full_months(start, day) >= 12 * years + months
    assert full_months(start + dt.timedelta(days=1), day) < 12 * years + months


# --- the rules agree ---------------------------------------------------------------------


@FAST
@given(days, days)
def test_an_age_is_the_same_for_the_record_the_admission_and_the_lists(born: dt.date, day: dt.date) -> None:
    age = Member(date_of_birth=born).age_on(day)
    assert age == months_between(born, day) // 12 == full_years(born, day)
    for years in (18, 30, 60):  # the age-band queries select exactly these births
        assert (born <= years_ago(day, years)) == (age >= years)


@FAST
@given(leap_days, st.integers(min_value=1, max_value=90))
def test_a_29_february_admission_reaches_its_badge_and_its_dues_exemption_on_the_same_day(admitted: dt.date, years: int) -> None:
    reached = add_years(admitted, years)
    member = Member(admission_date=admitted, official_date=add_years(admitted, 1), date_of_birth=dt.date(admitted.year - 20, 1, 1))
    assert milestone_date(member, years) == reached
    assert member.party_age_on(reached) == years and member.party_age_on(reached - dt.timedelta(days=1)) == years - 1
    rates = Rates(salary=Decimal(1), pension=Decimal("0.5"), exempt_years=years)
    month = reached.replace(day=1)
    assert party_age_exempt(admitted, member.official_date, month, rates)
    assert not party_age_exempt(admitted, member.official_date, add_months(month, -1), rates)
    assert admitted <= years_ago(reached, years) and not admitted <= years_ago(reached - dt.timedelta(days=1), years)


@pytest.mark.django_db
def test_born_on_29_february_the_applicant_is_18_at_the_resolution_and_at_the_decision_of_28_february(tree: Tree) -> None:
    born, birthday_eve, birthday = dt.date(2004, 2, 29), dt.date(2022, 2, 27), dt.date(2022, 2, 28)
    dates = {"course": dt.date(2020, 7, 1), "introducers": dt.date(2022, 1, 10), "application": dt.date(2022, 2, 1)}
    candidate = walk(make_candidate(tree.X1, recorded=dt.date(2020, 6, 1), date_of_birth=born), Stage.APPLIED, **dates)
    with pytest.raises(Refusal, match="17 years 11 months old; the minimum is 18 years"):
        admissions.candidate_cell_resolve(actor=None, candidate=candidate, date=birthday_eve, votes=VOTES)
    with pytest.raises(Refusal, match="17 years 11 months old; the minimum is 18 years"):
        check_age_at_admission(personal(date_of_birth=born), birthday_eve)
    candidate = admissions.candidate_cell_resolve(actor=None, candidate=candidate, date=birthday, votes=VOTES)
    decided = admissions.candidate_decide(actor=None, candidate=candidate, decision=Decision("12-QĐ/ĐU", birthday, "Đảng ủy"))
    assert decided.stage == Stage.DECIDED and decided.member.admission_date == birthday


@pytest.mark.django_db
def test_admitted_on_29_february_the_badge_and_the_dues_exemption_come_on_28_february(tree: Tree) -> None:
    admitted, reached = dt.date(1976, 2, 29), dt.date(2026, 2, 28)
    member = member_with_base(tree.X1, admitted=admitted, official=dt.date(1977, 3, 1), date_of_birth=dt.date(1950, 1, 1))
    assert milestone_date(member, 50) == reached
    in_list = Member.objects.filter(pk=member.pk)
    assert [m.milestone for m in due(in_list, reached)] == [50]
    assert [m.milestone for m in due(in_list, reached - dt.timedelta(days=1))] == [45]  # the eve: still the 45 years
    open_months(tree.X1, dt.date(2026, 2, 1), dt.date(2026, 2, 1))
    assert charge(member, dt.date(2026, 2, 1)).due == 0  # February: 50 years on its 28th
