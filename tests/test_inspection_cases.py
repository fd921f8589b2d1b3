"""Inspections and supervisions: the steps of a case and their refusals, its subject inside the
conducting organization's subtree, the results each kind takes, the shortcomings to remedy
(overdue on the attention list until remedied, their evidence file served only in scope), and
the list's filters, search and export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from partybuilding.core.attention import attention
from partybuilding.core.errors import Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.core.records import Decision
from partybuilding.inspections.choices import Body, CaseKind, CaseResult, CaseStatus, FollowUpStatus, SubjectKind
from partybuilding.inspections.models import Case, CaseStep, Shortcoming
from partybuilding.inspections.selectors.cases import overdue_shortcomings
from partybuilding.inspections.services.cases import CASE, case_create, shortcoming_add, shortcoming_drop, shortcoming_remedy

from .conftest import Personas, Tree, client_for
from .members_factories import committee_role, make_member

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% the minutes of the remedy\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def new_case(tree: Tree, kind: str = CaseKind.INSPECTION, **subject: Any) -> Case:
    subject = subject or {"subject_kind": SubjectKind.ORGANIZATION, "subject_organization": tree.X1}
    return case_create(actor=None, organization=tree.C1, body=Body.COMMISSION, kind=kind, **subject)


def opened(case: Case, day: dt.date = dt.date(2026, 3, 2), **extra: Any) -> Case:
    decision = Decision(number="20-QĐ/UBKT", date=day)
    params = {"team": "Đ/c A (trưởng đoàn), Đ/c B", "period_from": day, "period_to": day + dt.timedelta(days=30), **extra}
    return CASE.run("open", actor=None, obj=case, decision=decision, **params)


def concluded(case: Case, result: str = CaseResult.SHORTCOMINGS, day: dt.date = dt.date(2026, 4, 10), **extra: Any) -> Case:
    params = {"conclusion_number": "7-KL/UBKT", "conclusion_date": day, "conclusion": "Có khuyết điểm cần khắc phục.", "result": result}
    return CASE.run("conclude", actor=None, obj=case, **{**params, **extra})


def test_a_case_goes_from_planned_to_concluded_with_its_history(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    committee_role(tree.G1, member)
    case = new_case(tree, CaseKind.SIGNS, subject_kind=SubjectKind.MEMBER, subject_member=member)
    assert case.committee_member and case.subject_path == member.org_path and case.org_path == tree.C1.path
    with pytest.raises(Refusal, match="does not come now"):
        CASE.run("findings", actor=None, obj=case, date=dt.date(2026, 3, 1), text="…")
    opened(case)
    CASE.run("self_report", actor=None, obj=case, date=dt.date(2026, 3, 10), text="Bản tự kiểm điểm")
    CASE.run("findings", actor=None, obj=case, date=dt.date(2026, 3, 20), text="Có dấu hiệu vi phạm")
    with pytest.raises(Refusal, match="before the last recorded step"):
        concluded(case, day=dt.date(2026, 3, 15))
    concluded(case, CaseResult.VIOLATION, discipline_required=True)
    case.refresh_from_db()
    assert (case.status, case.result, case.discipline_required, case.self_report_date) == (
        CaseStatus.CONCLUDED,
        CaseResult.VIOLATION,
        True,
        dt.date(2026, 3, 10),
    )
    assert list(CaseStep.objects.filter(case=case).values_list("kind", flat=True)) == ["open", "self_report", "findings", "conclude"]
    assert AuditEntry.objects.filter(action="case.conclude", object_id=str(case.pk)).exists()
    with pytest.raises(Refusal, match="does not come now"):
        CASE.run("cancel", actor=None, obj=case, date=dt.date(2026, 4, 11), reason="Nhầm")


def test_a_subject_outside_the_subtree_and_a_member_for_an_organization_kind_are_refused(tree: Tree) -> None:
    with pytest.raises(Refusal, match="is not under") as refused:
        new_case(tree, subject_kind=SubjectKind.ORGANIZATION, subject_organization=tree.Y1)
    assert "Art. 30" in refused.value.rule
    with pytest.raises(Refusal, match="is not a member under"):
        new_case(tree, subject_kind=SubjectKind.MEMBER, subject_member=make_member(tree.Y1))
    for kind in (CaseKind.DISCIPLINE_APPLIED, CaseKind.INSPECTION_TASKS, CaseKind.FINANCE):
        with pytest.raises(Refusal, match="about a Party organization, not a member"):
            new_case(tree, kind, subject_kind=SubjectKind.MEMBER, subject_member=make_member(tree.X1))


def test_each_kind_ends_with_its_own_results(tree: Tree) -> None:
    supervision = opened(new_case(tree, CaseKind.THEMATIC))
    with pytest.raises(Refusal, match="ends with one of") as refused:
        concluded(supervision, CaseResult.VIOLATION)
    assert refused.value.field == "result"
    assert concluded(supervision, CaseResult.REFERRED).result == CaseResult.REFERRED
    inspection = opened(new_case(tree))
    with pytest.raises(Refusal, match="ends with one of"):
        concluded(inspection, CaseResult.REFERRED)
    with pytest.raises(Refusal, match="only when a violation is found"):
        concluded(inspection, CaseResult.SHORTCOMINGS, discipline_required=True)


def test_an_open_case_is_cancelled_with_its_reason_and_the_opening_needs_its_number(tree: Tree) -> None:
    case = new_case(tree)
    with pytest.raises(Refusal, match="decision's number"):
        CASE.run("open", actor=None, obj=case, decision=Decision(number=" ", date=dt.date(2026, 3, 2)))
    with pytest.raises(Refusal, match="period ends before it begins"):
        opened(case, period_to=dt.date(2026, 3, 1))
    opened(case)
    with pytest.raises(Refusal, match="Say why"):
        CASE.run("cancel", actor=None, obj=case, date=dt.date(2026, 3, 5), reason="")
    CASE.run("cancel", actor=None, obj=case, date=dt.date(2026, 3, 5), reason="Đối tượng đã chuyển sinh hoạt")
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED and case.steps.last().note == "Đối tượng đã chuyển sinh hoạt"


def test_shortcomings_follow_the_conclusion_and_leave_the_attention_list_once_remedied(tree: Tree, people: Personas) -> None:
    case = new_case(tree)
    with pytest.raises(Refusal, match="from a case's conclusion"):
        shortcoming_add(actor=None, case=case, description="Thiếu sót", deadline=dt.date(2026, 6, 1))
    concluded(opened(case))
    with pytest.raises(Refusal, match="on or after the conclusion"):
        shortcoming_add(actor=None, case=case, description="Thiếu sót", deadline=dt.date(2026, 4, 1))
    late = shortcoming_add(actor=None, case=case, description="Bổ sung sổ sách", responsible="Chi ủy", deadline=dt.date(2026, 5, 1))
    dropped = shortcoming_add(actor=None, case=case, description="Sắp xếp lại tổ đảng", deadline=dt.date(2026, 5, 2))
    shortcoming_add(actor=None, case=case, description="Chưa đến hạn", deadline=dt.date(2026, 12, 31))
    today = dt.date(2026, 6, 1)
    assert set(overdue_shortcomings(tree.P, today)) == {late, dropped}
    assert list(overdue_shortcomings(tree.C2, today)) == []
    line = [i for i in attention(tree.C1, today, people.inspection_officer) if "not remedied by their deadline" in i.label]
    assert line[0].count == 2 and f"within={tree.C1.pk}" in line[0].url and "overdue_shortcomings=on" in line[0].url
    assert not [i for i in attention(tree.C1, today, people.commune_officer) if "not remedied" in i.label]  # no inspection role
    shortcoming_remedy(
        actor=None,
        shortcoming=late,
        date=dt.date(2026, 5, 20),
        evidence="Biên bản kiểm tra lại",
        file_type="application/pdf",
        file_content=PDF,
    )
    with pytest.raises(Refusal, match="already closed"):
        shortcoming_drop(actor=None, shortcoming=late, date=dt.date(2026, 5, 21), reason="…")
    shortcoming_drop(actor=None, shortcoming=dropped, date=dt.date(2026, 5, 21), reason="Tổ đảng đã giải thể")
    assert list(overdue_shortcomings(tree.P, today)) == []
    assert not [i for i in attention(tree.C1, today, people.inspection_officer) if "not remedied" in i.label]
    late.refresh_from_db()
    assert late.status == FollowUpStatus.DONE and late.evidence_file.name.endswith(".pdf")


def test_the_evidence_must_be_a_small_pdf_or_image(tree: Tree) -> None:
    case = concluded(opened(new_case(tree)))
    row = shortcoming_add(actor=None, case=case, description="Thiếu sót", deadline=dt.date(2026, 6, 1))
    for content_type, content in (
        ("text/html", b"<script>alert(1)</script>"),
        ("application/pdf", b"<html>not a pdf</html>"),
        ("image/png", b""),
    ):
        with pytest.raises(Refusal) as refused:
            shortcoming_remedy(
                actor=None, shortcoming=row, date=dt.date(2026, 5, 1), evidence="…", file_type=content_type, file_content=content
            )
        assert refused.value.field == "evidence_file"


def test_the_evidence_file_is_an_attachment_for_the_case_readers_only(tree: Tree, people: Personas) -> None:
    case = concluded(opened(new_case(tree)))
    row = shortcoming_add(actor=None, case=case, description="Thiếu sót", deadline=dt.date(2026, 6, 1))
    client = client_for(people.inspection_officer)
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf")
    answer = client.post(
        f"/inspections/shortcomings/{row.pk}/remedy/",
        {"date": "20/05/2026", "evidence": "Biên bản", "version": row.version, "evidence_file": upload},
    )
    assert answer.status_code == 302
    served = client.get(f"/inspections/shortcomings/{row.pk}/evidence")
    assert served.status_code == 200 and served.content == PDF
    assert served["Content-Disposition"].startswith("attachment") and served["Content-Type"] == "application/pdf"
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert client_for(people.outsider).get(f"/inspections/shortcomings/{row.pk}/evidence").status_code == 404
    assert client_for(people.commune_officer).get(f"/inspections/shortcomings/{row.pk}/evidence").status_code == 404  # no inspection role
    page = client.get(f"/inspections/cases/{case.pk}/").content.decode()
    assert 'data-testid="evidence-file"' in page and "Remedied" in page


def test_the_case_page_shows_days_left_and_the_steps_that_come(tree: Tree, people: Personas) -> None:
    case = concluded(opened(new_case(tree)))
    today = timezone.localdate()
    shortcoming_add(actor=None, case=case, description="Còn hạn", deadline=today + dt.timedelta(days=5))
    Shortcoming.objects.create(case=case, org_path=case.org_path, description="Quá hạn", deadline=today - dt.timedelta(days=3))
    page = client_for(people.inspection_officer).get(f"/inspections/cases/{case.pk}/").content.decode()
    assert "5 days left" in page and "3 days late" in page
    assert 'data-testid="step-open"' not in page and 'data-testid="shortcoming-new"' in page
    planned = client_for(people.inspection_officer).get(f"/inspections/cases/{new_case(tree).pk}/").content.decode()
    assert 'data-testid="step-open"' in planned and 'data-testid="step-cancel"' in planned


def test_the_step_pages_record_and_refuse(tree: Tree, people: Personas) -> None:
    case = new_case(tree, CaseKind.SUPERVISION)
    client = client_for(people.inspection_officer)
    form = client.get(f"/inspections/cases/{case.pk}/open/")
    assert form.status_code == 200
    submission = form.context["form"].initial["submission"]
    body = {
        "decision_number": "3-QĐ",
        "decision_date": "02/03/2026",
        "period_from": "02/03/2026",
        "period_to": "30/03/2026",
        "version": case.version,
        "submission": submission,
    }
    assert client.post(f"/inspections/cases/{case.pk}/open/", body).status_code == 302
    again = client.post(f"/inspections/cases/{case.pk}/open/", {**body, "version": case.version + 1})
    assert again.status_code == 422  # recorded once
    conclude = {
        "conclusion_number": "1-KL",
        "conclusion_date": "01/04/2026",
        "conclusion": "…",
        "result": "violation",
        "version": case.version + 1,
    }
    refused = client.post(f"/inspections/cases/{case.pk}/conclude/", {**conclude, "submission": submission.hex[::-1]})
    assert refused.status_code == 422  # a supervision has no "violation" among its results
    assert client.get(f"/inspections/cases/{case.pk}/nonsense/").status_code == 404


def make_listed(tree: Tree) -> dict[str, Case]:
    an = make_member(tree.X1, family_name="Trần", middle_name="Thị", given_name="Ánh")
    cases = {
        "member": new_case(tree, CaseKind.SIGNS, subject_kind=SubjectKind.MEMBER, subject_member=an),
        "overdue": opened(
            new_case(tree, CaseKind.SUPERVISION, subject_kind=SubjectKind.ORGANIZATION, subject_organization=tree.G1), dt.date(2025, 3, 1)
        ),
        "concluded": concluded(opened(new_case(tree, CaseKind.FINANCE)), CaseResult.SHORTCOMINGS),
        "elsewhere": case_create(
            actor=None,
            organization=tree.C2,
            body=Body.COMMITTEE,
            kind=CaseKind.INSPECTION,
            subject_kind=SubjectKind.ORGANIZATION,
            subject_organization=tree.Y1,
        ),
    }
    shortcoming_add(actor=None, case=cases["concluded"], description="Quá hạn", deadline=dt.date(2026, 4, 20))
    return cases


def rows(client: Any, query: str) -> int:
    return client.get(f"/inspections/cases/?{query}").content.decode().count('data-testid="case-row"')


def test_the_list_filters_and_searches_ignoring_diacritics(tree: Tree, people: Personas) -> None:
    make_listed(tree)
    client = client_for(people.inspection_officer)
    within = f"within={tree.C1.pk}"
    assert rows(client, within) == 3
    assert rows(client, f"within={tree.P.pk}") == 4
    assert rows(client, f"{within}&q=tran thi anh") == 1
    assert rows(client, f"{within}&q=Trần Thị Ánh") == 1
    assert rows(client, f"{within}&kind=supervision") == 1
    assert rows(client, f"{within}&status=concluded") == 1
    assert rows(client, f"{within}&subject_kind=member") == 1
    assert rows(client, f"{within}&body=commission") == 3
    assert rows(client, f"{within}&year=2025") == 1
    assert rows(client, f"{within}&overdue=on") == 1
    assert rows(client, f"{within}&overdue_shortcomings=on") == 1


def test_the_export_is_audited_when_it_names_members(tree: Tree, people: Personas) -> None:
    make_listed(tree)
    answer = client_for(people.inspection_officer).get(f"/inspections/cases/cases.xlsx?within={tree.C1.pk}")
    sheet = load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Trần Thị Ánh" in names and len(names) == 3
    entry = AuditEntry.objects.filter(action="inspection.cases.export").last()
    assert entry is not None and entry.after["rows"] == 3 and entry.after["members"] == 1
