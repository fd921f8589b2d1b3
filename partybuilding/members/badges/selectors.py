"""Party badges (Huy hiệu Đảng): the award dates and milestones of the rules in force, who
is due on an award date, and how early a badge may be awarded in each case.

Party age counts from the admission date once the member is official, so a member
reaches M years on the M-th anniversary of admission. The milestones, the award days and
the early-award allowances are rules read for the award date, never constants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from partybuilding.core.dates import add_months, add_years
from partybuilding.core.rules import RuleInForce, rule, rule_value

from ..choices import BadgeCase, MemberStatus
from ..models import BadgeAward, Member
from ..records.selectors import years_ago

# The rule key "badge.early_months_seriously_ill_70" is named for the badges from this
# milestone up; the number of months itself is dated data.
SENIOR_BADGE_YEARS = 70


# --- award dates and milestones ---------------------------------------------------------


def award_days(year: int) -> list[dt.date]:
    """The award dates of a year, from the rule in force on its first day ("dd/mm" strings)."""
    days = [str(text).split("/") for text in rule_value("badge.award_days", dt.date(year, 1, 1))]
    return sorted(dt.date(year, int(month), int(day)) for day, month in days)


def next_award_date(day: dt.date) -> dt.date:
    """The first award date on or after `day`."""
    return next(d for d in [*award_days(day.year), *award_days(day.year + 1)] if d >= day)


def upcoming_award_dates(day: dt.date, count: int = 4) -> list[dt.date]:
    dates = [d for year in (day.year, day.year + 1, day.year + 2) for d in award_days(year) if d >= day]
    return dates[:count]


def milestones(on: dt.date) -> list[int]:
    return sorted(int(years) for years in rule_value("badge.milestones_years", on))


def milestone_date(member: Member, years: int) -> dt.date:
    """The day the member reaches `years` of Party age (official status permitting): the
    anniversary of admission, 28/02 for a 29/02 (core.dates), the day the dues exemption
    counts from too."""
    return add_years(member.admission_date, years)


def due(members: QuerySet[Member], award_date: dt.date) -> QuerySet[Member]:
    """Official members who have reached a milestone by `award_date` and hold neither its
    badge nor a higher one, annotated with `milestone`, the highest milestone reached.

    One query: the milestone is a CASE over admission-date ranges (reaching M years by
    the award date means admission on or before the date M years earlier)."""
    steps = milestones(award_date)
    reached = [When(admission_date__lte=years_ago(award_date, m), then=Value(m)) for m in reversed(steps)]
    held = BadgeAward.objects.filter(member=OuterRef("pk"), years__gte=OuterRef("milestone"))
    return (
        members.filter(status=MemberStatus.OFFICIAL, official_date__lte=award_date, admission_date__lte=years_ago(award_date, steps[0]))
        .annotate(milestone=Case(*reached, output_field=IntegerField()))
        .filter(~Exists(held))
    )


def due_counts(members: QuerySet[Member], award_date: dt.date) -> dict[int, int]:
    """How many are due for each milestone (one query)."""
    counts = due(members, award_date).aggregate(**{f"m{m}": Count("pk", filter=Q(milestone=m)) for m in milestones(award_date)})
    return {int(key[1:]): n for key, n in counts.items() if n}


def posthumous_candidates(members: QuerySet[Member], on: dt.date) -> list[tuple[Member, int]]:
    """Members who died within the posthumous allowance before `on` and who had reached,
    or were within the allowance of, a milestone whose badge they do not hold. Those
    deaths are few, so the milestone is worked out in Python."""
    months = rule("badge.early_months_posthumous", on).value
    recent = members.filter(status=MemberStatus.DECEASED, official_date__isnull=False, status_since__gte=add_months(on, -months))
    recent = recent.filter(status_since__lte=on).prefetch_related("badges").select_related("organization")
    found = []
    for member in recent:
        steps = [m for m in milestones(on) if milestone_date(member, m) <= add_months(member.status_since, months)]
        held = max((b.years for b in member.badges.all()), default=0)
        if steps and steps[-1] > held:
            found.append((member, steps[-1]))
    return found


@dataclass(frozen=True)
class Eligibility:
    earliest: dt.date  # the first award date the rules allow for this case
    rule: RuleInForce


def eligibility(member: Member, years: int, case: str, award_date: dt.date) -> Eligibility:
    """The earliest date a badge may be awarded in this case: on reaching the milestone;
    up to N months earlier for the seriously ill (more from the senior badges); and
    posthumously when the member died no more than N months before reaching it."""
    reached = milestone_date(member, years)
    if case == BadgeCase.SERIOUSLY_ILL:
        key = "badge.early_months_seriously_ill_70" if years >= SENIOR_BADGE_YEARS else "badge.early_months_seriously_ill"
        early = rule(key, award_date)
        return Eligibility(add_months(reached, -early.value), early)
    if case == BadgeCase.POSTHUMOUS:
        early = rule("badge.early_months_posthumous", award_date)
        return Eligibility(add_months(reached, -early.value), early)
    return Eligibility(reached, rule("badge.milestones_years", award_date))
