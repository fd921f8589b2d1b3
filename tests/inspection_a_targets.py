"""The programmes and cases of an organization that a route reaches (the permission matrix, the
scope crawl): made on first use in the test's transaction, found again afterwards.

- the organization's Party cell programme of 2026, a draft with one item about its member (or
  about itself, when no member is recorded right in it);
- a planned case of the cell about the organization itself;
- a concluded case with one open shortcoming whose evidence file is kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from partybuilding.core.records import Decision
from partybuilding.inspections.choices import Body, CaseKind, CaseResult, SubjectKind
from partybuilding.inspections.models import Case, Programme, ProgrammeItem, Shortcoming
from partybuilding.inspections.services.cases import CASE, case_create, shortcoming_add
from partybuilding.inspections.services.programmes import programme_create, programme_item_add
from partybuilding.members.models import Member
from partybuilding.organizations.models import Organization

YEAR = 2026
PDF = b"%PDF-1.4\n%evidence\n"


def programme_of(org: Organization) -> Programme:
    found = Programme.objects.filter(organization=org, body=Body.CELL, year=YEAR).first()
    return found or programme_create(
        actor=None, organization=org, body=Body.CELL, year=YEAR, title=f"Chương trình kiểm tra {YEAR} — {org.code}"
    )


def item_of(org: Organization) -> ProgrammeItem:
    programme = programme_of(org)
    found = programme.items.first()
    if found is not None:
        return found
    member = Member.objects.filter(organization=org).order_by("pk").first()
    subject = (
        {"subject_kind": SubjectKind.MEMBER, "subject_member": member}
        if member
        else {"subject_kind": SubjectKind.ORGANIZATION, "subject_organization": org}
    )
    return programme_item_add(
        actor=None,
        programme=programme,
        kind=CaseKind.INSPECTION,
        **subject,
        content="Việc thực hiện nhiệm vụ được giao",
        planned_from=dt.date(YEAR, 3, 1),
        planned_to=dt.date(YEAR, 3, 31),
        lead="Đồng chí Bí thư",
    )


def case_of(org: Organization) -> Case:
    """A planned supervision of the organization by its own cell."""
    found = Case.objects.filter(organization=org, kind=CaseKind.SUPERVISION, programme_item=None).first()
    return found or case_create(
        actor=None,
        organization=org,
        body=Body.CELL,
        kind=CaseKind.SUPERVISION,
        subject_kind=SubjectKind.ORGANIZATION,
        subject_organization=org,
    )


def shortcoming_of(org: Organization) -> Shortcoming:
    """An open shortcoming of a concluded inspection, with a PDF as its evidence file."""
    found = Shortcoming.objects.filter(case__organization=org).first()
    if found is not None:
        return found
    case = case_create(
        actor=None, organization=org, body=Body.CELL, kind=CaseKind.FINANCE, subject_kind=SubjectKind.ORGANIZATION, subject_organization=org
    )
    CASE.run("open", actor=None, obj=case, decision=Decision(number="1-QĐ", date=dt.date(YEAR, 1, 5)))
    CASE.run(
        "conclude",
        actor=None,
        obj=case,
        conclusion_number="2-KL",
        conclusion_date=dt.date(YEAR, 2, 5),
        conclusion="Thu nộp đảng phí chưa đúng hạn.",
        result=CaseResult.SHORTCOMINGS,
    )
    row = shortcoming_add(actor=None, case=case, description="Thu đủ đảng phí còn thiếu", deadline=dt.date(YEAR, 3, 5))
    row.evidence_file.save(f"evidence-{row.pk}.pdf", ContentFile(PDF), save=True)
    return row


def objects_of(org: Organization) -> dict[str, list[Any]]:
    """The scope crawl's objects: `org`'s programme and its item, a planned case, a concluded
    case's shortcoming."""
    row = shortcoming_of(org)
    item = item_of(org)
    return {"programme": [item.programme], "programme_item": [item], "case": [case_of(org), row.case], "shortcoming": [row]}
