"""The assessment objects of an organization that a route reaches (the permission matrix, the
scope crawl): made on first use in the test's transaction, found again afterwards.

- a yearly round of 2026 over the cell itself, with the rating of each of its members;
- a quarter's round of 2026 over the cell's parent (not counted, so it does not clash with the
  yearly one), with the cell's own organization rating;
- the cell's four-good registration of its meeting's year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.accounts.models import User
from partybuilding.assessments.choices import PeriodKind
from partybuilding.assessments.models import FourGood, MemberRating, OrganizationRating, Round
from partybuilding.assessments.services.rounds import default_calendar, open_round
from partybuilding.meetings.models import Meeting
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

YEAR = 2026


def _opener() -> User:
    return User.objects.get(username="root")  # the job that lists a round is someone's


def round_in(org: Organization) -> Round:
    """The yearly round over `org`'s subtree (its members listed by the job, run inline)."""
    found = Round.objects.filter(organization=org, year=YEAR, period_kind=PeriodKind.YEAR).first()
    if found is None:
        found, _job = open_round(actor=_opener(), organization=org, title=f"Đánh giá năm {YEAR} — {org.code}", **default_calendar(YEAR))
        found.refresh_from_db()
    return found


def rating_in(org: Organization, member: Member) -> MemberRating:
    return MemberRating.objects.get(round=round_in(org), member=member)


def organization_rating_of(org: Organization) -> OrganizationRating:
    """`org`'s rating in a quarter's round over its parent."""
    parent = org.parent
    assert parent is not None
    round_ = Round.objects.filter(organization=parent, year=YEAR, period_kind=PeriodKind.QUARTER).first()
    if round_ is None:
        calendar = {**default_calendar(YEAR), "period_start": dt.date(YEAR, 10, 1), "period_kind": PeriodKind.QUARTER}
        round_, _job = open_round(actor=_opener(), organization=parent, title=f"Quý IV/{YEAR} — {parent.code}", **calendar)
    return OrganizationRating.objects.get(round=round_, organization=org)


def four_good_of(org: Organization, meeting: Meeting) -> FourGood:
    row, _created = FourGood.objects.get_or_create(organization=org, year=meeting.date.year, defaults={"meeting": meeting})
    return row


def objects_of(org: Organization, cell: Organization, member: Member, meeting: Meeting) -> dict[str, list[Any]]:
    """One object of each assessment kind in `org`'s subtree (the scope crawl's objects):
    its round, `member`'s rating, `cell`'s organization rating and four-good registration."""
    return {
        "round": [round_in(org)],
        "rating": [rating_in(org, member)],
        "org_rating": [organization_rating_of(cell)],
        "four_good": [four_good_of(cell, meeting)],
    }


def disciplined(member: Member, day: dt.date, form: str = "reprimand") -> Any:
    """A discipline of `member` decided on `day` by the standing committee above their cell,
    as the inspection records hold it (the assessment reads it from there)."""
    from partybuilding.core.records import Decision
    from partybuilding.inspections.services.disciplines import discipline_record

    return discipline_record(
        actor=None,
        decision=Decision(f"{member.pk}-QĐ/ĐU", day, "Ban Thường vụ Đảng ủy"),
        organization=member.organization.parent,
        body="standing",
        member=member,
        violation="Vi phạm quy chế làm việc",
        violation_date=day - dt.timedelta(days=30),
        proposed_form=form,
    )
