"""Inspection records built straight with the models, with the fields the services fill
(org_path, subject_path, committee_member, level, status, dates): the statistics and the
overdue board count them whatever service wrote them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from partybuilding.inspections.choices import (
    AppealStatus,
    Body,
    CaseStatus,
    DenunciationStatus,
    DisciplineStatus,
    DisciplineSubject,
    FollowUpStatus,
    SubjectKind,
)
from partybuilding.inspections.models import Appeal, Case, Denunciation, Discipline, Shortcoming, Suspension
from partybuilding.inspections.subjects import level_of, subject_path
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization


def discipline(
    org: Organization,
    member: Member | None,
    form: str,
    decided: dt.date,
    *,
    body: str = Body.COMMISSION,
    committee: bool = False,
    organization: Organization | None = None,
    status: str = DisciplineStatus.DECIDED,
    **extra: Any,
) -> Discipline:
    subject = DisciplineSubject.ORGANIZATION if organization is not None else DisciplineSubject.OFFICIAL
    return Discipline.objects.create(
        organization=org,
        org_path=org.path,
        body=body,
        level=level_of(org),
        subject=subject,
        member=member,
        subject_organization=organization,
        subject_path=subject_path(member, organization),
        committee_member=committee,
        violation="Vi phạm",
        violation_date=decided - dt.timedelta(days=60),
        proposed_form=form,
        proposed_on=decided - dt.timedelta(days=10),
        form=form,
        form_in_force=form,
        status=status,
        status_since=decided,
        decision_number="1-QĐ/UBKT",
        decision_date=decided,
        **extra,
    )


def case(
    org: Organization,
    kind: str,
    concluded: dt.date | None,
    *,
    member: Member | None = None,
    organization: Organization | None = None,
    body: str = Body.COMMITTEE,
    committee: bool = False,
    **extra: Any,
) -> Case:
    extra.setdefault("status", CaseStatus.CONCLUDED if concluded else CaseStatus.OPEN)
    return Case.objects.create(
        organization=org,
        org_path=org.path,
        body=body,
        kind=kind,
        subject_kind=SubjectKind.MEMBER if member else SubjectKind.ORGANIZATION,
        subject_member=member,
        subject_organization=organization,
        subject_path=subject_path(member, organization),
        committee_member=committee,
        status_since=concluded or dt.date(2026, 1, 5),
        conclusion_date=concluded,
        **extra,
    )


def appeal(d: Discipline, org: Organization, filed: dt.date, due: dt.date, **extra: Any) -> Appeal:
    extra.setdefault("status", AppealStatus.FILED)
    return Appeal.objects.create(
        discipline=d,
        organization=org,
        org_path=org.path,
        subject_path=d.subject_path,
        body=Body.COMMISSION,
        level=level_of(org),
        filed_on=filed,
        content="Khiếu nại",
        due=due,
        status_since=extra.get("settled_on") or filed,
        **extra,
    )


def denunciation(org: Organization, received: dt.date, *, member: Member | None = None, **extra: Any) -> Denunciation:
    extra.setdefault("status", DenunciationStatus.HANDLING)
    return Denunciation.objects.create(
        organization=org,
        org_path=org.path,
        channel="letter",
        received_on=received,
        subject_kind=SubjectKind.MEMBER if member else SubjectKind.ORGANIZATION,
        subject_member=member,
        subject_organization=None if member else org,
        subject_path=subject_path(member, None if member else org),
        summary=extra.pop("summary", "Tố cáo sai phạm đất đai"),
        status_since=received,
        **extra,
    )


def shortcoming(c: Case, deadline: dt.date, **extra: Any) -> Shortcoming:
    extra.setdefault("status", FollowUpStatus.OPEN)
    return Shortcoming.objects.create(case=c, org_path=c.org_path, description="Chưa khắc phục", deadline=deadline, **extra)


def suspension(org: Organization, member: Member, starts: dt.date) -> Suspension:
    return Suspension.objects.create(
        organization=org,
        org_path=org.path,
        body=Body.COMMISSION,
        member=member,
        subject_path=member.org_path,
        reason="Đình chỉ",
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=30),
    )
