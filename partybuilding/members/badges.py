"""Party badges (Huy hiệu Đảng): who is due on an award date, early awards, and the
record of each badge awarded.

Party age counts from the admission date once the member is official, so a member
reaches M years on the M-th anniversary of admission. The milestones, the award days and
the early-award allowances are rules read for the award date, never constants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.rules import RuleInForce, rule, rule_value

from .choices import BadgeCase, MemberStatus
from .models import BadgeAward, Member

# The rule key "badge.early_months_seriously_ill_70" is named for the badges from this
# milestone up; the number of months itself is dated data.
SENIOR_BADGE_YEARS = 70
AUDITED = ["member", "years", "award_date", "case", "decision_number"]


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


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
    """The day the member reaches `years` of Party age (official status permitting)."""
    return member.admission_date + relativedelta(years=years)


def _years_ago(day: dt.date, years: int) -> dt.date:
    return day - relativedelta(years=years)


# --- who is due -------------------------------------------------------------------------


def due(members: QuerySet[Member], award_date: dt.date) -> QuerySet[Member]:
    """Official members who have reached a milestone by `award_date` and hold neither its
    badge nor a higher one, annotated with `milestone`, the highest milestone reached.

    One query: the milestone is a CASE over admission-date ranges (reaching M years by
    the award date means admission on or before the date M years earlier)."""
    steps = milestones(award_date)
    reached = [When(admission_date__lte=_years_ago(award_date, m), then=Value(m)) for m in reversed(steps)]
    held = BadgeAward.objects.filter(member=OuterRef("pk"), years__gte=OuterRef("milestone"))
    return (
        members.filter(status=MemberStatus.OFFICIAL, official_date__lte=award_date, admission_date__lte=_years_ago(award_date, steps[0]))
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
    recent = members.filter(status=MemberStatus.DECEASED, official_date__isnull=False, status_since__gte=on - relativedelta(months=months))
    recent = recent.filter(status_since__lte=on).prefetch_related("badges").select_related("organization")
    found = []
    for member in recent:
        steps = [m for m in milestones(on) if milestone_date(member, m) <= member.status_since + relativedelta(months=months)]
        held = max((b.years for b in member.badges.all()), default=0)
        if steps and steps[-1] > held:
            found.append((member, steps[-1]))
    return found


# --- eligibility ------------------------------------------------------------------------


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
        return Eligibility(reached - relativedelta(months=early.value), early)
    if case == BadgeCase.POSTHUMOUS:
        early = rule("badge.early_months_posthumous", award_date)
        return Eligibility(reached - relativedelta(months=early.value), early)
    return Eligibility(reached, rule("badge.milestones_years", award_date))


def _check(member: Member, years: int, case: str, award_date: dt.date) -> None:
    steps = rule("badge.milestones_years", award_date)
    if years not in [int(m) for m in steps.value]:
        raise Refusal(
            _("There is no %(years)d-year badge; the badges are for %(list)s years of Party age.")
            % {"years": years, "list": ", ".join(str(m) for m in steps.value)},
            rule=steps.citation,
            field="years",
        )
    if case not in BadgeCase.values:
        raise Refusal(_("Choose the case of the award."), rule=steps.citation, field="case")
    if case == BadgeCase.REGULAR and award_date not in award_days(award_date.year):
        days = rule("badge.award_days", award_date)
        raise Refusal(
            _("Badges are awarded on %(days)s; %(date)s is not one of them (early awards excepted).")
            % {"days": ", ".join(days.value), "date": _day(award_date)},
            rule=days.citation,
            field="award_date",
        )
    if member.official_date is None or member.official_date > award_date:
        raise Refusal(
            _("%(name)s is not an official member on %(date)s; Party age counts once the member is official.")
            % {"name": member.full_name, "date": _day(award_date)},
            rule=steps.citation,
        )
    if case == BadgeCase.POSTHUMOUS:
        _check_posthumous(member, years, award_date)
    elif member.status != MemberStatus.OFFICIAL:
        raise Refusal(
            _("%(name)s is not in the list (%(status)s).") % {"name": member.full_name, "status": member.get_status_display().lower()},
            rule=steps.citation,
        )
    else:
        allowed = eligibility(member, years, case, award_date)
        if award_date < allowed.earliest:
            raise Refusal(
                _("%(name)s reaches %(years)d years of Party age on %(reached)s; the badge may be awarded from %(earliest)s.")
                % {
                    "name": member.full_name,
                    "years": years,
                    "reached": _day(milestone_date(member, years)),
                    "earliest": _day(allowed.earliest),
                },
                rule=allowed.rule.citation,
                field="award_date",
            )


def _check_posthumous(member: Member, years: int, award_date: dt.date) -> None:
    if member.status != MemberStatus.DECEASED:
        raise Refusal(_("A posthumous award is for a member who has died."), rule=_("records rule"), field="case")
    died = member.status_since
    if award_date < died:
        raise Refusal(
            _("A posthumous award comes after the death (%(date)s).") % {"date": _day(died)}, rule=_("records rule"), field="award_date"
        )
    allowed = eligibility(member, years, BadgeCase.POSTHUMOUS, award_date)
    if died < allowed.earliest:
        raise Refusal(
            _(
                "%(name)s died on %(died)s and would have reached %(years)d years of Party age on %(reached)s: more than %(months)d months later."
            )
            % {
                "name": member.full_name,
                "died": _day(died),
                "years": years,
                "reached": _day(milestone_date(member, years)),
                "months": allowed.rule.value,
            },
            rule=allowed.rule.citation,
            field="years",
        )


# --- the service ------------------------------------------------------------------------


def badge_award(
    *, actor: Any, member: Member, years: int, award_date: dt.date, case: str = BadgeCase.REGULAR, decision_number: str = ""
) -> BadgeAward:
    """Record a badge awarded, once the rules in force on the award date allow it."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        _check(member, years, case, award_date)
        if BadgeAward.objects.filter(member=member, years=years).exists():
            raise Refusal(
                _("%(name)s already holds the %(years)d-year badge.") % {"name": member.full_name, "years": years},
                rule=_("records rule: one badge per milestone"),
                field="years",
            )
        try:
            with transaction.atomic():
                award = BadgeAward.objects.create(
                    member=member,
                    years=years,
                    award_date=award_date,
                    case=case,
                    decision_number=decision_number.strip(),
                    recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError as exc:  # a double submit that raced the check above
            raise Refusal(_("This badge is already recorded."), rule=_("records rule: one badge per milestone")) from exc
        audit_record(actor=actor, action="badge.award", obj=award, after=snapshot(award, AUDITED))
    return award
