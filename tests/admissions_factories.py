"""Candidates walked through the admission pipeline by its services, with past dates."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from partybuilding.admissions import services
from partybuilding.admissions.checks import IntroducerIn, Votes
from partybuilding.admissions.choices import PIPELINE, Stage
from partybuilding.admissions.models import Candidate
from partybuilding.core.records import Decision
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

from .members_factories import make_member, personal

_numbers = itertools.count(1)
VOTES = Votes(votes_for=8, votes_against=1, present=9, official_members=9)

# The default walk: every step in order, each at its rule's comfortable distance.
DATES = {
    "recorded": dt.date(2023, 1, 10),
    "course": dt.date(2023, 3, 1),
    "introducers": dt.date(2024, 3, 1),
    "application": dt.date(2024, 4, 1),
    "resolution": dt.date(2024, 5, 6),
    "decision": dt.date(2024, 6, 3),
    "ceremony": dt.date(2024, 6, 20),
    "consideration": dt.date(2025, 6, 23),  # probation: 12 months from the ceremony
    "recognition": dt.date(2025, 6, 27),
}


def introducers_for(cell: Organization, known_since: dt.date = dt.date(2021, 1, 1)) -> list[IntroducerIn]:
    """Two official members of the cell, who have known the applicant since `known_since`."""
    return [IntroducerIn(member=official_member(cell), known_since=known_since) for _ in range(2)]


def official_member(cell: Organization, **data: Any) -> Member:
    return make_member(cell, admitted=dt.date(2010, 3, 3), official=dt.date(2011, 3, 3), **data)


def make_candidate(cell: Organization, *, recorded: dt.date = DATES["recorded"], readmission: bool = False, **data: Any) -> Candidate:
    n = next(_numbers)
    values: dict[str, Any] = {"given_name": f"Bình{n}", "date_of_birth": dt.date(1995, 4, 12), "citizen_id": f"0020950{n:05d}"}
    values.update(data)
    return services.candidate_record(actor=None, organization=cell, data=personal(**values), recorded_on=recorded, readmission=readmission)


def walk(candidate: Candidate, until: str, **dates: dt.date) -> Candidate:
    """Take the candidate through the steps up to `until` (a stage), on DATES unless given."""
    when = {**DATES, **dates}
    steps: list[tuple[str, Any]] = [
        (Stage.COURSE, lambda c: services.candidate_course(actor=None, candidate=c, certificate_date=when["course"])),
        (
            Stage.INTRODUCED,
            lambda c: services.candidate_introduce(
                actor=None, candidate=c, date=when["introducers"], introducers=introducers_for(c.organization)
            ),
        ),
        (Stage.APPLIED, lambda c: services.candidate_apply(actor=None, candidate=c, date=when["application"])),
        (Stage.CELL_RESOLVED, lambda c: services.candidate_cell_resolve(actor=None, candidate=c, date=when["resolution"], votes=VOTES)),
        (
            Stage.DECIDED,
            lambda c: services.candidate_decide(actor=None, candidate=c, decision=Decision("12-QĐ/ĐU", when["decision"], "Đảng ủy")),
        ),
        (Stage.PROBATION, lambda c: services.candidate_ceremony(actor=None, candidate=c, date=when["ceremony"])),
        (Stage.CONSIDERED, lambda c: services.candidate_consider(actor=None, candidate=c, date=when["consideration"], votes=VOTES)),
        (
            Stage.OFFICIAL,
            lambda c: services.candidate_recognize(actor=None, candidate=c, decision=Decision("30-QĐ/ĐU", when["recognition"], "Đảng ủy")),
        ),
    ]
    order = list(PIPELINE)
    for stage, step in steps:
        if order.index(candidate.stage) >= order.index(until):
            break
        if order.index(candidate.stage) < order.index(stage):
            candidate = step(candidate)
    return candidate
