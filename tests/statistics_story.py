"""A small province told member by member, for the tests of the statistical forms: who was in
the list at the end of 2024, who joined and who left in 2025, with every fact the forms count.

    P1 (province) > K1 (commune-level committee, unit: commune)
                      > G (grassroots committee, a school: public service) > A, B (cells)
                      > H (grassroots cell, unit: ward; no non-members left to admit)
    P2 (province) > K2 > Z (grassroots cell, state body)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from partybuilding.core.records import Decision
from partybuilding.members.badges.services import badge_award
from partybuilding.members.choices import CardIssueKind, RewardForm, TransferKind, TransferStatus
from partybuilding.members.facts import MemberFacts
from partybuilding.members.lifecycle.services import (
    member_die,
    member_exempt,
    member_expel,
    member_leave,
    member_remove,
    member_transfer,
)
from partybuilding.members.models import CardIssue, Member, Reward, Transfer
from partybuilding.members.records.services import member_register
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization
from partybuilding.organizations.services import organization_create, organization_merge

from .members_factories import personal

D = dt.date
FOUNDED = D(2000, 1, 1)
DECIDED = Decision(number="1-QĐ/TU", date=FOUNDED, decided_by="Tỉnh ủy")


def org(parent: Organization | None, code: str, kind: str, unit: str = "", **extra: Any) -> Organization:
    return organization_create(
        actor=None, parent=parent, code=code, name=f"Tổ chức {code}", kind=kind, founded_on=FOUNDED, decision=DECIDED,
        unit_type=unit or None, **extra,
    )  # fmt: skip


def member(where: Organization, admitted: dt.date, official: dt.date | None, *, facts: MemberFacts | None = None, **data: Any) -> Member:
    return member_register(
        actor=None, organization=where, data=personal(**data), admission_date=admitted, official_date=official, facts=facts
    )


@dataclass
class Story:
    P1: Organization
    K1: Organization
    G: Organization
    A: Organization
    B: Organization
    H: Organization
    P2: Organization
    K2: Organization
    Z: Organization


def build_story() -> Story:
    P1 = org(None, "P1", OrgKind.PROVINCE)
    K1 = org(P1, "K1", OrgKind.COMMUNE, "commune")
    G = org(K1, "G", OrgKind.GRASSROOTS_COMMITTEE, "public_service")
    A, B = org(G, "A", OrgKind.CELL), org(G, "B", OrgKind.CELL)
    H = org(K1, "H", OrgKind.GRASSROOTS_CELL, "ward", no_candidates_left=True)
    P2 = org(None, "P2", OrgKind.PROVINCE)
    K2 = org(P2, "K2", OrgKind.COMMUNE, "commune")
    Z = org(K2, "Z", OrgKind.GRASSROOTS_CELL, "state_body")
    upper, bachelor = {"education": "upper_secondary"}, {"qualification": "bachelor"}

    # In the list at the end of 2024 (P1: 9 with m7, admitted in November 2024; P2: m8).
    m1 = member(A, D(2015, 5, 1), D(2016, 5, 1), gender="F", date_of_birth=D(1990, 3, 3), **upper, **bachelor,
                theory="elementary", occupation="public_employee")  # fmt: skip
    m2 = member(A, D(1974, 3, 1), D(1975, 3, 1), gender="M", date_of_birth=D(1960, 1, 1), ethnicity="02", religion="buddhism",
                education="primary", theory="advanced", occupation="retired")  # fmt: skip
    member_exempt(actor=None, member=m2, date=D(2024, 6, 1))
    member(B, D(2020, 1, 10), D(2021, 1, 10), gender="F", date_of_birth=D(1985, 6, 6), religion="catholicism", **upper,
           qualification="vocational", occupation="farmer", youth_union=True)  # fmt: skip
    m4 = member(H, D(1995, 2, 3), D(1996, 2, 3), gender="M", date_of_birth=D(1970, 7, 7), **upper, qualification="master",
                theory="intermediate", occupation="state_official", facts=MemberFacts(academic_title="professor"))  # fmt: skip
    m5 = member(H, D(2018, 1, 1), D(2019, 1, 1), gender="M", date_of_birth=D(1980, 8, 8), occupation="enterprise_worker")
    m6 = member(B, D(2000, 6, 1), D(2001, 6, 1), gender="F", date_of_birth=D(1975, 9, 9), education="lower_secondary",
                occupation="village_staff")  # fmt: skip
    m7 = member(A, D(2024, 11, 1), None, gender="M", date_of_birth=D(1995, 10, 10))
    m8 = member(Z, D(2012, 1, 1), D(2013, 1, 1), gender="M", date_of_birth=D(1988, 11, 11), **upper, qualification="doctorate",
                occupation="armed_forces", facts=MemberFacts(foreign_origin=True))  # fmt: skip
    m9 = member(A, D(2016, 2, 2), D(2017, 2, 2), gender="F", date_of_birth=D(1990, 12, 12))
    m10 = member(B, D(2005, 3, 3), D(2006, 3, 3), gender="M", date_of_birth=D(1965, 1, 15))

    # 2025: two admitted, one arriving from outside the system, one from the other province on
    # 31/12; one died, one expelled, one probationary member removed, one left; a move inside K1.
    member(A, D(2025, 2, 1), None, gender="F", date_of_birth=D(2003, 2, 2), ethnicity="06", **upper, qualification="college",
           occupation="student", youth_union=True)  # fmt: skip
    member(H, D(2025, 9, 9), None, gender="M", date_of_birth=D(1990, 4, 4), **upper, **bachelor, occupation="enterprise_manager",
           facts=MemberFacts(readmitted=True, private_business_owner=True))  # fmt: skip
    n3 = member_register(
        actor=None, organization=B, admission_date=D(2000, 4, 4), official_date=D(2001, 4, 4), event_kind="transferred_in",
        event_date=D(2025, 10, 10), outside="Đảng ủy Quân sự tỉnh",
        data=personal(gender="F", date_of_birth=D(1972, 5, 5), religion="protestantism", **upper, qualification="intermediate",
                      theory="elementary", occupation="other"),
        facts=MemberFacts(married_to_foreigner=True),
    )  # fmt: skip
    decision = Decision(number="9-QĐ", date=D(2025, 1, 2))
    member_die(actor=None, member=m5, date=D(2025, 3, 10), decision=decision)
    member_transfer(actor=None, member=m6, to_organization=H, date=D(2025, 4, 1), decision=decision)
    member_remove(actor=None, member=m7, date=D(2025, 5, 5), reason="absent", votes_for=3, official_members=3, decision=decision)
    member_expel(actor=None, member=m9, date=D(2025, 6, 1), decision=Decision(number="10-QĐ", date=D(2025, 6, 1)))
    member_leave(actor=None, member=m10, date=D(2025, 8, 1), decision=decision)
    member_transfer(actor=None, member=m8, to_organization=A, date=D(2025, 12, 31), decision=decision)

    # Form 7: a badge, cards, rewards and transfer letters.
    badge_award(actor=None, member=m4, years=30, award_date=D(2025, 9, 2))
    m1.refresh_from_db()
    CardIssue.objects.create(member=m1, kind=CardIssueKind.FIRST, number="100001", issued_on=D(2025, 3, 3))
    CardIssue.objects.create(member=Member.objects.get(organization=B, gender="F", religion="catholicism"), kind=CardIssueKind.LOST,
                             number="100002", issued_on=D(2025, 4, 4))  # fmt: skip
    CardIssue.objects.create(member=m4, kind=CardIssueKind.DAMAGED, number="100003", issued_on=D(2024, 5, 5))
    Reward.objects.create(organization=K1, form=RewardForm.BANNER, awarded_on=D(2025, 1, 15))
    Reward.objects.create(organization=G, form=RewardForm.MERIT, awarded_on=D(2025, 6, 1))
    Reward.objects.create(organization=A, form=RewardForm.COMMENDATION, awarded_on=D(2025, 7, 1))
    Reward.objects.create(organization=A, member=m1, form=RewardForm.MERIT, awarded_on=D(2025, 8, 8))
    letter = {"status": TransferStatus.RECEIVED}
    Transfer.objects.create(member=m1, kind=TransferKind.TEMPORARY, from_organization=A, to_organization=Z,
                            letter_date=D(2025, 5, 5), status_date=D(2025, 5, 5), **letter)  # fmt: skip
    Transfer.objects.create(member=n3, kind=TransferKind.OFFICIAL, to_organization=B, outside="Đảng ủy Quân sự tỉnh",
                            letter_date=D(2025, 10, 1), status_date=D(2025, 10, 10), **letter)  # fmt: skip
    Transfer.objects.create(member=m8, kind=TransferKind.OFFICIAL, from_organization=Z, to_organization=A,
                            letter_date=D(2025, 12, 20), status_date=D(2025, 12, 31), **letter)  # fmt: skip
    return Story(P1, K1, G, A, B, H, P2, K2, Z)


@dataclass
class Merger:
    K1: Organization
    K2: Organization


def build_merger() -> Merger:
    """Two communes of a province, K2 merged into K1 on 01/07/2025: K1's cell has two members,
    K2's three, all admitted long before."""
    province = org(None, "PM", OrgKind.PROVINCE)
    K1, K2 = org(province, "MK1", OrgKind.COMMUNE), org(province, "MK2", OrgKind.COMMUNE)
    cell1, cell2 = org(K1, "MC1", OrgKind.GRASSROOTS_CELL), org(K2, "MC2", OrgKind.GRASSROOTS_CELL)
    for where, n in ((cell1, 2), (cell2, 3)):
        for _ in range(n):
            member(where, D(2010, 1, 1), D(2011, 1, 1))
    organization_merge(actor=None, org=K2, into=K1, date=D(2025, 7, 1), decision=Decision(number="5-QĐ/TU", date=D(2025, 6, 20)))
    K1.refresh_from_db()
    K2.refresh_from_db()
    return Merger(K1, K2)
