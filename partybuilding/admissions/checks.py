"""The rules each admission step is judged by, on the step's own date.

Each check raises core.errors.Refusal naming the rule and its article. Dates before any
recorded rule set are history entered from paper records: they are taken as decided."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from partybuilding.core import paths
from partybuilding.core.calendar import add_working_days
from partybuilding.core.dates import add_years, full_months
from partybuilding.core.errors import Refusal
from partybuilding.core.records import day_text
from partybuilding.core.rules import RuleInForce, rule_if_recorded
from partybuilding.members.choices import MemberStatus
from partybuilding.members.models import Member
from partybuilding.organizations.choices import GRASSROOTS_KINDS
from partybuilding.organizations.models import Organization

from .models import Candidate

# Whole months from one day to another, as core.dates counts every period.
months_between = full_months


@dataclass(frozen=True)
class Votes:
    """A cell meeting's vote: for, against, official members present, and the cell's
    official members (the share the rules require is of these)."""

    votes_for: int
    votes_against: int
    present: int
    official_members: int


def vote_fields(votes: Votes) -> dict[str, int]:
    """The vote as the columns of the step's row."""
    return asdict(votes)


@dataclass(frozen=True)
class IntroducerIn:
    member: Member | None = None
    known_since: dt.date | None = None
    youth_union_committee: bool = False


def check_age(candidate: Candidate, day: dt.date, exception: str) -> None:
    """Age at the cell's consideration, in months: from 18 years to 60 years (over 60 only
    with an exception decided by the competent committee, recorded by its reference)."""
    months = months_between(candidate.date_of_birth, day)
    age = {"date": day_text(day), "years": months // 12, "months": months % 12}
    minimum = rule_if_recorded("admission.min_age_years", day)
    if minimum is not None and months < minimum.value * 12:
        raise Refusal(
            _("On %(date)s the applicant is %(years)d years %(months)d months old; the minimum is %(min)d years.")
            % {**age, "min": minimum.value},
            rule=minimum.citation,
            field="date",
        )
    maximum = rule_if_recorded("admission.max_age_years", day)
    # "Up to 60" counted in months: 60 years and 0 months is still within the limit.
    if maximum is not None and months >= (maximum.value * 12) + 1 and not exception.strip():
        raise Refusal(
            _(
                "On %(date)s the applicant is %(years)d years %(months)d months old, over %(max)d years: "
                "admission needs an exception; record its decision."
            )
            % {**age, "max": maximum.value},
            rule=maximum.citation,
            field="age_exception",
        )


def certificate_expiry(certificate_date: dt.date, day: dt.date) -> tuple[dt.date, RuleInForce] | None:
    """The certificate's last valid day (the anniversary; core.dates) and the rule in force on `day`."""
    validity = rule_if_recorded("admission.awareness_certificate_valid_years", day)
    if validity is None:
        return None
    return add_years(certificate_date, validity.value), validity


def check_certificate(candidate: Candidate, day: dt.date) -> None:
    """The certificate of the course on awareness of the Party is valid for 5 years:
    still valid on the anniversary, expired the day after."""
    if candidate.certificate_date is None:
        raise Refusal(_("Record the course on awareness of the Party first."), rule=_("admission procedure"), field="date")
    found = certificate_expiry(candidate.certificate_date, day)
    if found is None:
        return
    expiry, validity = found
    if day > expiry:
        raise Refusal(
            _(
                "The certificate of the course on awareness of the Party (%(issued)s) was valid until %(expiry)s inclusive; "
                "on %(date)s the applicant must take the course again."
            )
            % {"issued": day_text(candidate.certificate_date), "expiry": day_text(expiry), "date": day_text(day)},
            rule=validity.citation,
            field="date",
        )


def grassroots_of(cell: Organization) -> Organization:
    """The grassroots organization a cell belongs to (a grassroots cell is its own)."""
    chain = Organization.objects.filter(path__in=paths.ancestor_paths(cell.path), kind__in=GRASSROOTS_KINDS).order_by("-path")
    return chain.first() or cell


def check_introducers(candidate: Candidate, introducers: list[IntroducerIn], day: dt.date) -> None:
    """Two official members of the same grassroots organization who have worked or lived
    with the applicant for 12 months; or, for a Youth Union member, the Youth Union
    executive committee and one official member."""
    known = rule_if_recorded("admission.introducer_known_months", day)
    citation = known.citation if known else _("Party Charter, Art. 4")
    youth = [i for i in introducers if i.youth_union_committee]
    members = [i for i in introducers if not i.youth_union_committee]
    if len(introducers) != 2 or len({i.member.pk for i in members if i.member}) != len(members):
        raise Refusal(_("An applicant is introduced by two different introducers."), rule=citation, field="introducer1")
    if youth and not candidate.youth_union:
        raise Refusal(
            _("Only a Youth Union member can be introduced by the Youth Union executive committee."),
            rule=citation,
            field="youth_union_committee",
        )
    grassroots = grassroots_of(candidate.organization)
    for number, introducer in enumerate(members, start=1 + len(youth)):
        field = f"introducer{number}"
        member = introducer.member
        if member is None or introducer.known_since is None:
            raise Refusal(_("Name the introducer and since when they have known the applicant."), rule=citation, field=field)
        official_then = member.official_date is not None and member.official_date <= day
        still_member = member.status in (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY) or member.status_since > day
        if not (official_then and still_member):
            raise Refusal(
                _("%(name)s is not an official Party member on %(date)s; an introducer must be.")
                % {"name": member.full_name, "date": day_text(day)},
                rule=citation,
                field=field,
            )
        if not member.org_path.startswith(grassroots.path):
            raise Refusal(
                _("%(name)s is not a member of %(org)s; introducers belong to the applicant's grassroots organization.")
                % {"name": member.full_name, "org": grassroots.name},
                rule=citation,
                field=field,
            )
        months = months_between(introducer.known_since, day)
        if known is not None and months < known.value:
            raise Refusal(
                _("%(name)s has known the applicant for %(months)d months; %(required)d are required.")
                % {"name": member.full_name, "months": months, "required": known.value},
                rule=known.citation,
                field=f"known_since{number}",
            )


def check_votes(votes: Votes, day: dt.date) -> None:
    """The cell's resolution needs at least 2/3 of its official members voting for."""
    if votes.present > votes.official_members or votes.votes_for + votes.votes_against > votes.present:
        raise Refusal(
            _("The votes do not add up: %(for)d for and %(against)d against with %(present)d present of %(total)d official members.")
            % {"for": votes.votes_for, "against": votes.votes_against, "present": votes.present, "total": votes.official_members},
            rule=_("records rule"),
            field="votes_for",
        )
    share = rule_if_recorded("admission.cell_vote_min_share", day)
    if share is None:
        return
    numerator, denominator = (int(part) for part in str(share.value).split("/"))
    if votes.votes_for * denominator < numerator * votes.official_members:
        raise Refusal(
            _("The resolution needs the votes of at least %(n)d/%(d)d of the cell's official members (%(votes)d of %(total)d).")
            % {"n": numerator, "d": denominator, "votes": votes.votes_for, "total": votes.official_members},
            rule=share.citation,
            field="votes_for",
        )


def ceremony_deadline(decided_on: dt.date) -> tuple[dt.date, RuleInForce] | None:
    """The last day for the admission ceremony; the deadline is set when the decision is
    made, so the rule in force on the decision's date applies."""
    within = rule_if_recorded("admission.ceremony_within_working_days", decided_on)
    return (add_working_days(decided_on, within.value), within) if within else None


def check_ceremony(candidate: Candidate, day: dt.date) -> None:
    assert candidate.decided_on is not None  # the stage guarantees it
    if day < candidate.decided_on:
        raise Refusal(
            _("The ceremony (%(date)s) cannot come before the admission decision (%(decided)s).")
            % {"date": day_text(day), "decided": day_text(candidate.decided_on)},
            rule=_("admission procedure"),
            field="date",
        )
    found = ceremony_deadline(candidate.decided_on)
    if found is not None and day > found[0]:
        deadline, within = found
        raise Refusal(
            _("The ceremony on %(date)s is more than %(days)d working days after the decision of %(decided)s (at the latest %(deadline)s).")
            % {"date": day_text(day), "days": within.value, "decided": day_text(candidate.decided_on), "deadline": day_text(deadline)},
            rule=within.citation,
            field="date",
        )


def recognition_deadline(probation_end: dt.date) -> dt.date | None:
    within = rule_if_recorded("admission.recognition_within_working_days", probation_end)
    return add_working_days(probation_end, within.value) if within else None


def check_probation_over(candidate: Candidate, day: dt.date, field: str = "date") -> None:
    """Official status is considered once the 12 months of probation have ended."""
    end = candidate.probation_ends_on
    if end is not None and day < end:
        probation = rule_if_recorded("member.probation_months", candidate.ceremony_on or day)
        raise Refusal(
            _("Official status considered on %(date)s, before the %(months)s months of probation end on %(end)s.")
            % {"date": day_text(day), "months": probation.value if probation else "?", "end": day_text(end)},
            rule=probation.citation if probation else _("Party Charter, Art. 5"),
            field=field,
        )
