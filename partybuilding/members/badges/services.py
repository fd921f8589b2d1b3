"""Recording a Party badge awarded, once the rules in force on the award date allow it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from partybuilding.core.audit import audit_record, snapshot
from partybuilding.core.errors import Refusal
from partybuilding.core.records import day_text, record_event
from partybuilding.core.rules import rule

from ..choices import BadgeCase, MemberStatus
from ..models import BadgeAward, Member
from .selectors import award_days, eligibility, milestone_date

AUDITED = ["member", "years", "award_date", "case", "decision_number"]


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
            % {"days": ", ".join(days.value), "date": day_text(award_date)},
            rule=days.citation,
            field="award_date",
        )
    if member.official_date is None or member.official_date > award_date:
        raise Refusal(
            _("%(name)s is not an official member on %(date)s; Party age counts once the member is official.")
            % {"name": member.full_name, "date": day_text(award_date)},
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
                    "reached": day_text(milestone_date(member, years)),
                    "earliest": day_text(allowed.earliest),
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
            _("A posthumous award comes after the death (%(date)s).") % {"date": day_text(died)}, rule=_("records rule"), field="award_date"
        )
    allowed = eligibility(member, years, BadgeCase.POSTHUMOUS, award_date)
    if died < allowed.earliest:
        raise Refusal(
            _(
                "%(name)s died on %(died)s and would have reached %(years)d years of Party age on %(reached)s: more than %(months)d months later."
            )
            % {
                "name": member.full_name,
                "died": day_text(died),
                "years": years,
                "reached": day_text(milestone_date(member, years)),
                "months": allowed.rule.value,
            },
            rule=allowed.rule.citation,
            field="years",
        )


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
        # A double submit that raced the check above is refused by the unique constraint.
        raced = Refusal(_("This badge is already recorded."), rule=_("records rule: one badge per milestone"))
        award = record_event(BadgeAward, actor=actor, duplicate=raced, member=member, years=years, award_date=award_date, case=case,
                             decision_number=decision_number.strip())  # fmt: skip
        audit_record(actor=actor, action="badge.award", obj=award, after=snapshot(award, AUDITED))
    return award
