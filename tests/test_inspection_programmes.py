"""Yearly programmes of inspection and supervision: one per organization, body and year; items
inside the organization's subtree and the programme's year; fixed once adopted by decision;
each item then becomes a case."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.inspections.choices import Body, CaseKind, CaseStatus, SubjectKind
from partybuilding.inspections.models import Case, Programme
from partybuilding.inspections.services.cases import case_from_item
from partybuilding.inspections.services.programmes import programme_adopt, programme_create, programme_item_add, programme_item_edit

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db

ADOPTED = Decision(number="12-QĐ/UBKT", date=dt.date(2026, 1, 10))


def item_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": CaseKind.INSPECTION,
        "subject_kind": SubjectKind.ORGANIZATION,
        "content": "Việc chấp hành Điều lệ Đảng",
        "planned_from": dt.date(2026, 4, 1),
        "planned_to": dt.date(2026, 4, 30),
        "lead": "Đồng chí Phó Chủ nhiệm",
    }
    return {**fields, **overrides}


def programme(tree: Tree, people: Personas, org: Any = None) -> Programme:
    return programme_create(
        actor=people.inspection_officer, organization=org or tree.C1, body=Body.COMMISSION, year=2026, title="Chương trình 2026"
    )


def test_one_programme_per_organization_body_and_year(tree: Tree, people: Personas) -> None:
    programme(tree, people)
    with pytest.raises(Refusal, match="already has a programme") as refused:
        programme(tree, people)
    assert refused.value.field == "year" and "one programme per body and year" in refused.value.rule
    other_body = programme_create(
        actor=people.inspection_officer, organization=tree.C1, body=Body.STANDING, year=2026, title="Ban Thường vụ"
    )
    assert other_body.org_path == tree.C1.path


def test_an_item_is_inside_the_subtree_and_the_year(tree: Tree, people: Personas) -> None:
    p = programme(tree, people)
    with pytest.raises(Refusal, match="is not under") as outside:
        programme_item_add(actor=None, programme=p, **item_fields(subject_organization=tree.Y1))
    assert outside.value.field == "subject_organization" and "Art. 30" in outside.value.rule
    stranger = make_member(tree.Y1)
    with pytest.raises(Refusal, match="is not a member under"):
        programme_item_add(actor=None, programme=p, **item_fields(subject_kind=SubjectKind.MEMBER, subject_member=stranger))
    with pytest.raises(Refusal, match="within the programme's year") as late:
        programme_item_add(actor=None, programme=p, **item_fields(subject_organization=tree.X1, planned_to=dt.date(2027, 1, 15)))
    assert late.value.field == "planned_to"
    member = make_member(tree.X1)
    with pytest.raises(Refusal, match="about a Party organization, not a member"):
        programme_item_add(
            actor=None, programme=p, **item_fields(kind=CaseKind.FINANCE, subject_kind=SubjectKind.MEMBER, subject_member=member)
        )
    item = programme_item_add(actor=None, programme=p, **item_fields(subject_kind=SubjectKind.MEMBER, subject_member=member))
    assert item.subject_member == member and item.subject_organization is None


def test_an_adopted_programme_is_fixed_and_its_items_become_cases(tree: Tree, people: Personas) -> None:
    p = programme(tree, people)
    with pytest.raises(Refusal, match="no item cannot be adopted"):
        programme_adopt(actor=None, programme=p, decision=ADOPTED)
    item = programme_item_add(actor=None, programme=p, **item_fields(subject_organization=tree.G1))
    with pytest.raises(Refusal, match="not adopted yet"):
        case_from_item(actor=None, item=item)
    programme_adopt(actor=people.inspection_officer, programme=p, decision=ADOPTED)
    with pytest.raises(Refusal, match="items are fixed") as fixed:
        programme_item_add(actor=None, programme=p, **item_fields(subject_organization=tree.X1))
    assert fixed.value.rule == "records rule: an adopted programme is changed by a new decision"
    with pytest.raises(Refusal, match="items are fixed"):
        programme_item_edit(actor=None, item=item, **item_fields(subject_organization=tree.X2))
    case = case_from_item(actor=people.inspection_officer, item=item)
    assert (case.kind, case.subject_organization, case.body, case.status) == (
        CaseKind.INSPECTION,
        tree.G1,
        Body.COMMISSION,
        CaseStatus.PLANNED,
    )
    assert case.content_note == item.content and case.subject_path == tree.G1.path and case.org_path == tree.C1.path
    with pytest.raises(Refusal, match="already been started"):
        case_from_item(actor=None, item=item)


def test_the_pages_create_fill_adopt_and_start(tree: Tree, people: Personas) -> None:
    client = client_for(people.inspection_officer)
    created = client.post(
        f"/inspections/programmes/new/?within={tree.C1.pk}", {"body": "commission", "year": "2026", "title": "Chương trình kiểm tra 2026"}
    )
    assert created.status_code == 302
    p = Programme.objects.get(title="Chương trình kiểm tra 2026")
    member = make_member(tree.X1, card="CARD-77")
    refused = client.post(
        f"/inspections/programmes/{p.pk}/items/new/",
        {
            "kind": "finance",
            "subject_kind": "member",
            "subject_member": "CARD-77",
            "content": "Đảng phí",
            "planned_from": "01/05/2026",
            "planned_to": "31/05/2026",
        },
    )
    assert refused.status_code == 422 and "about a Party organization, not a member" in refused.content.decode()
    added = client.post(
        f"/inspections/programmes/{p.pk}/items/new/",
        {
            "kind": "signs",
            "subject_kind": "member",
            "subject_member": "CARD-77",
            "content": "Dấu hiệu vi phạm",
            "planned_from": "01/05/2026",
            "planned_to": "31/05/2026",
        },
    )
    assert added.status_code == 302 and p.items.get().subject_member == member
    page = client.get(f"/inspections/programmes/{p.pk}/").content.decode()
    assert "Not started" in page and 'data-testid="item-start"' not in page  # a draft starts nothing
    adopted = client.post(
        f"/inspections/programmes/{p.pk}/adopt/", {"decision_number": "5-QĐ", "decision_date": "10/01/2026", "version": p.version + 1}
    )
    assert adopted.status_code == 302
    refused_edit = client.post(f"/inspections/programme-items/{p.items.get().pk}/edit/", {})
    assert refused_edit.status_code == 422
    started = client.post(f"/inspections/programme-items/{p.items.get().pk}/start/")
    case = Case.objects.get(programme_item__programme=p)
    assert started.status_code == 302 and started["Location"] == f"/inspections/cases/{case.pk}/"
    page = client.get(f"/inspections/programmes/{p.pk}/").content.decode()
    assert "Planned" in page and "Not started" not in page


def test_the_list_filters_and_the_export(tree: Tree, people: Personas) -> None:
    p = programme(tree, people)
    programme_item_add(actor=None, programme=p, **item_fields(subject_organization=tree.X1))
    programme_create(actor=None, organization=tree.C1, body=Body.COMMITTEE, year=2025, title="Chương trình của Đảng ủy 2025")
    programme_create(actor=None, organization=tree.C2, body=Body.COMMITTEE, year=2026, title="Chương trình xã Hòa Lạc")
    client = client_for(people.inspection_officer)
    url = f"/inspections/programmes/?within={tree.C1.pk}"
    assert client.get(url).content.decode().count('data-testid="programme-row"') == 2
    assert client.get(url + "&year=2026").content.decode().count('data-testid="programme-row"') == 1
    assert "Đảng ủy 2025" in client.get(url + "&body=committee").content.decode()
    assert client.get(url + "&q=Hòa Lạc").content.decode().count('data-testid="programme-row"') == 0
    export = client.get(f"/inspections/programmes/{p.pk}/programme.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == tree.X1.name and rows[1][6] == "Not started"


def test_only_inspection_officers_reach_programmes(tree: Tree, people: Personas) -> None:
    p = programme(tree, people)
    assert client_for(people.commune_officer).get(f"/inspections/programmes/{p.pk}/").status_code == 404
    assert client_for(people.commune_officer).get(f"/inspections/programmes/?within={tree.C1.pk}").status_code == 403
    assert client_for(people.inspection_officer).get(f"/inspections/programmes/{p.pk}/").status_code == 200
