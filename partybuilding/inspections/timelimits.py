"""The time limit for disciplining (QĐ 69-QĐ/TW, Art. 6; before 06/07/2022 QĐ 102-QĐ/TW, Art. 4).

The rule `discipline.time_limit_years` maps the form a violation calls for to its years
(reprimand 5, warning and dismissal 10); a form it does not list (expulsion, dissolution) and
the matters of `discipline.no_time_limit_matters` have no limit. The period runs from the
violation, or from a new violation that restarted it, and is counted as the Civil Code counts
years (Art. 147–148, `core.dates.add_years`): it ends at the end of the same day and month N
years later (29/02 → 28/02). Concluding on that day is within the limit, the next day is not.

It is measured to the day the competent body concluded that the violation calls for
discipline (`concluded_on`, else the decision date), with the rules in force on that day; a
day before any recorded rule set is not checked (history entered from paper records).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from partybuilding.core.dates import add_years
from partybuilding.core.errors import Refusal
from partybuilding.core.records import day_text
from partybuilding.core.rules import rule_if_recorded

from .choices import DisciplineForm, NoLimitMatter


@dataclass(frozen=True)
class TimeLimit:
    """The limit that applies to a violation: its last day, or why there is none."""

    ends_on: dt.date | None  # the last day within the limit; None: no limit
    citation: str = ""  # the rule read (empty before any recorded rule)
    no_limit: str = ""  # why there is no limit, in words

    @property
    def checked(self) -> bool:
        return bool(self.citation)


def measured_on(discipline: Any) -> dt.date:
    """The day the limit is measured to: the conclusion, the decision, or today."""
    return discipline.concluded_on or discipline.decision_date or timezone.localdate()


def counted_from(discipline: Any) -> dt.date:
    """The violation's date, or a later new violation's that restarted the period."""
    start: dt.date = discipline.violation_date
    if discipline.new_violation_date and discipline.new_violation_date > start:
        return discipline.new_violation_date
    return start


def time_limit(discipline: Any, *, form: str | None = None, on: dt.date | None = None) -> TimeLimit:
    """The limit of `discipline` for `form` (default: the form decided, else proposed),
    read with the rules in force on `on` (default: `measured_on`)."""
    form = form or discipline.form or discipline.proposed_form
    day = on or measured_on(discipline)
    years_rule = rule_if_recorded("discipline.time_limit_years", day)
    if years_rule is None:
        return TimeLimit(None, no_limit=_("no rule on time limits was in force then"))
    matters = rule_if_recorded("discipline.no_time_limit_matters", day)
    matter = discipline.no_limit_matter
    if matter and matters is not None and matter in matters.value:
        return TimeLimit(None, matters.citation, no_limit=str(NoLimitMatter(matter).label))
    years = years_rule.value.get(form)
    if years is None:
        label = DisciplineForm(form).label if form in DisciplineForm.values else form
        return TimeLimit(None, years_rule.citation, no_limit=_("a violation calling for %(form)s") % {"form": str(label).lower()})
    return TimeLimit(add_years(counted_from(discipline), int(years)), years_rule.citation)


def expires_on(discipline: Any, *, form: str | None = None, on: dt.date | None = None) -> dt.date | None:
    """The last day within the limit, or None when there is none (or no rule to read)."""
    return time_limit(discipline, form=form, on=on).ends_on


def has_run_out(discipline: Any, *, form: str | None = None, on: dt.date | None = None) -> bool:
    day = on or measured_on(discipline)
    ends = expires_on(discipline, form=form, on=day)
    return ends is not None and day > ends


def refuse_expired(discipline: Any, *, form: str | None = None, on: dt.date | None = None, field: str = "concluded_on") -> None:
    """Refuse a discipline whose time limit ran out before the day it is measured to."""
    day = on or measured_on(discipline)
    limit = time_limit(discipline, form=form, on=day)
    if limit.ends_on is not None and day > limit.ends_on:
        raise Refusal(
            _("The time limit for disciplining this violation ran out on %(date)s (concluded on %(day)s); it can no longer be disciplined.")
            % {"date": day_text(limit.ends_on), "day": day_text(day)},
            rule=limit.citation,
            field=field,
        )
