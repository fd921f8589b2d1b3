"""When a cadre retires, and until when they can still start a full term: the retirement age
is a dated rule (`cadres.retirement_age`) with a yearly roadmap, not a number in code."""

from __future__ import annotations

import datetime as dt

from partybuilding.core.dates import add_months
from partybuilding.core.rules import rule_value

RETIREMENT_KEY = "cadres.retirement_age"
FULL_TERM_KEY = "cadres.full_term_months"


def retirement_age_months(roadmap: dict[str, int], year: int) -> int:
    """The retirement age, in months, of those who reach it in `year`."""
    if year < roadmap["base_year"]:
        return roadmap["before_months"]
    raised = roadmap["start_months"] + roadmap["step_months"] * (year - roadmap["base_year"])
    return min(raised, roadmap["final_months"])


def retirement_date(gender: str, born: dt.date, on: dt.date) -> dt.date:
    """The day the cadre reaches the retirement age of the year they reach it (the rule in force on `on`)."""
    roadmap = rule_value(RETIREMENT_KEY, on)[gender]
    year = born.year + roadmap["before_months"] // 12 - 1
    while True:
        reached = add_months(born, retirement_age_months(roadmap, year))
        if reached.year <= year:
            return reached
        year += 1


def last_full_term_start(gender: str, born: dt.date, on: dt.date, months: int | None = None) -> dt.date:
    """The last day a cadre can start a term and still serve it whole before retiring."""
    months = rule_value(FULL_TERM_KEY, on) if months is None else months
    retires = retirement_date(gender, born, on)
    start = add_months(retires, -months)
    # a start on the 31st whose term would end on the 30th: step back until the term fits
    while add_months(start, months) > retires:
        start -= dt.timedelta(days=1)
    return start
