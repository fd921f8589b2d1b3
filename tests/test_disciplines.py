"""Disciplines: proposed and decided within the forms and the time limit the rules allow, an
expulsion reaching the member's record, the notice to the state body, suspensions; and their
pages (list, new, detail, steps)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from partybuilding.core.audit import AuditEntry
from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.inspections.choices import Body, DisciplineStatus
from partybuilding.inspections.models import Discipline, DisciplineStep
from partybuilding.inspections.services.disciplines import (
    discipline_decide,
    discipline_notice,
    discipline_out_of_time,
    discipline_propose,
    discipline_received,
    discipline_record,
    discipline_response,
)
from partybuilding.inspections.services.suspensions import suspension_lift, suspension_record
from partybuilding.members.choices import MemberStatus
from partybuilding.members.models import Member
from partybuilding.organizations.models import SubtreeTotal

from .conftest import Tree
from .members_factories import committee_role, make_member

pytestmark = pytest.mark.django_db

D = dt.date
DECISION = Decision(number="12-QĐ/ĐU", date=D(2026, 3, 2), decided_by="Đảng ủy xã An Bình")


def proposal(org: Any, **extra: Any) -> dict[str, Any]:
    values = {"organization": org, "body": Body.COMMITTEE, "violation": "Vi phạm quy định về những điều đảng viên không được làm",
              "violation_date": D(2025, 6, 1), "proposed_form": "warning", "proposed_on": D(2026, 2, 1), "contents": ["forbidden"]}  # fmt: skip
    return {**values, **extra}


def totals(org: Any, *keys: str) -> dict[str, int]:
    rows = dict(SubtreeTotal.objects.filter(organization=org, key__in=keys).values_list("key", "value"))
    return {k: rows.get(k, 0) for k in keys}


def test_a_proposal_places_the_discipline_in_the_tree(tree: Tree) -> None:
    member = make_member(tree.X1)
    committee_role(tree.X1, member)
    d = discipline_propose(actor=None, **proposal(tree.C1, member=member, violation_date=D(2025, 8, 1)))
    assert (d.org_path, d.subject_path, d.level, d.subject) == (tree.C1.path, tree.X1.path, "commune", "official")
    assert d.committee_member and d.status == DisciplineStatus.PROPOSED
    assert list(d.steps.values_list("kind", flat=True)) == ["proposed"]
    assert AuditEntry.objects.filter(action="discipline.propose", object_id=str(d.pk)).exists()


def test_a_probationary_member_cannot_be_dismissed_or_expelled(tree: Tree) -> None:
    member = make_member(tree.X1, admitted=D(2025, 10, 1), official=None)
    for form in ("dismissal", "expulsion"):
        with pytest.raises(Refusal, match="allowed: reprimand, warning") as refused:
            discipline_propose(actor=None, **proposal(tree.C1, member=member, proposed_form=form))
        assert refused.value.rule == "Điều lệ Đảng, Điều 35–38" and refused.value.field == "proposed_form"
    d = discipline_propose(actor=None, **proposal(tree.C1, member=member, proposed_form="warning"))
    with pytest.raises(Refusal, match="not a form of discipline") as refused:
        discipline_decide(actor=None, discipline=d, decision=DECISION, form="expulsion")
    assert refused.value.field == "form"


def test_an_organization_is_disciplined_only_from_above_and_only_by_its_forms(tree: Tree) -> None:
    with pytest.raises(Refusal, match="codes for this subject"):
        discipline_propose(actor=None, **proposal(tree.C1, subject_organization=tree.G1))  # "forbidden" is about members
    with pytest.raises(Refusal, match="not an organization under"):
        discipline_propose(actor=None, **proposal(tree.C1, subject_organization=tree.Y1, contents=["law"]))
    with pytest.raises(Refusal, match="not a form of discipline"):
        discipline_propose(actor=None, **proposal(tree.C1, subject_organization=tree.G1, proposed_form="expulsion", contents=["law"]))
    d = discipline_propose(actor=None, **proposal(tree.C1, subject_organization=tree.G1, proposed_form="dissolution", contents=["law"]))
    assert d.subject == "organization" and d.subject_path == tree.G1.path


def test_a_decision_after_the_time_limit_is_refused_and_recorded_as_run_out(tree: Tree) -> None:
    member = make_member(tree.X1)
    d = discipline_propose(actor=None, **proposal(tree.C1, member=member, proposed_form="reprimand", violation_date=D(2021, 2, 28)))
    with pytest.raises(Refusal, match="ran out on 28/02/2026") as refused:
        discipline_decide(actor=None, discipline=d, decision=DECISION, concluded_on=D(2026, 3, 1))
    assert refused.value.rule == "QĐ 69-QĐ/TW, Điều 6"
    discipline_decide(actor=None, discipline=d, decision=DECISION, concluded_on=D(2026, 2, 28))  # concluded on the last day
    assert Discipline.objects.get(pk=d.pk).status == DisciplineStatus.DECIDED

    late = discipline_propose(
        actor=None, **proposal(tree.C1, member=member, proposed_form="reprimand", violation_date=D(2021, 2, 5), proposed_on=D(2021, 3, 1))
    )
    with pytest.raises(Refusal, match="runs until 05/02/2026; it has not run out"):
        discipline_out_of_time(actor=None, discipline=late, date=D(2026, 2, 5))
    discipline_out_of_time(actor=None, discipline=late, date=D(2026, 2, 6))
    assert Discipline.objects.get(pk=late.pk).status == DisciplineStatus.EXPIRED


def test_an_expulsion_takes_the_member_out_of_the_list(tree: Tree) -> None:
    member = make_member(tree.X1)
    make_member(tree.X1)
    assert totals(tree.P, "m.all")["m.all"] == 2
    d = discipline_record(actor=None, decision=DECISION, **proposal(tree.C1, member=member, proposed_form="expulsion"))
    assert (d.status, d.form, d.form_in_force) == (DisciplineStatus.DECIDED, "expulsion", "expulsion")
    member.refresh_from_db()
    assert member.status == MemberStatus.EXPELLED and member.status_since == DECISION.date
    assert member.events.filter(kind="expelled", decision_number="12-QĐ/ĐU").exists()
    for org in (tree.X1, tree.G1, tree.C1, tree.P):
        assert totals(org, "m.all")["m.all"] == 1, org.code
    assert not Member.objects.in_list().filter(pk=member.pk).exists()


def test_the_notice_and_the_response_are_due_by_the_rules(tree: Tree) -> None:
    member = make_member(tree.X1)
    d = discipline_record(actor=None, decision=DECISION, notice_to="UBND xã An Bình", **proposal(tree.C1, member=member))
    assert d.notice_due == D(2026, 3, 7)  # 5 days after 02/03/2026
    discipline_notice(actor=None, discipline=d, date=D(2026, 3, 6))
    d.refresh_from_db()
    assert d.notice_sent_on == D(2026, 3, 6) and d.response_due == D(2026, 4, 17)  # 30 working days
    with pytest.raises(Refusal, match="Say what they did"):
        discipline_response(actor=None, discipline=d, date=D(2026, 4, 1), response="")
    discipline_response(actor=None, discipline=d, date=D(2026, 4, 1), response="Cách chức Phó Chủ tịch UBND")
    assert Discipline.objects.get(pk=d.pk).response_on == D(2026, 4, 1)


def test_a_step_is_recorded_once_and_in_order(tree: Tree) -> None:
    d = discipline_record(actor=None, decision=DECISION, **proposal(tree.C1, member=make_member(tree.X1)))
    with pytest.raises(Refusal, match="before the last recorded step"):
        discipline_received(actor=None, discipline=d, date=D(2026, 3, 1))
    submission = uuid.uuid4()
    discipline_received(actor=None, discipline=d, date=D(2026, 3, 4), submission=submission)
    with pytest.raises(Refusal, match="recorded once"):
        discipline_received(actor=None, discipline=d, date=D(2026, 3, 4), submission=submission)
    assert DisciplineStep.objects.filter(discipline=d, kind="received").count() == 1


def test_a_suspension_lasts_at_most_the_rules_days(tree: Tree) -> None:
    member = make_member(tree.X1)
    base = {"organization": tree.G1, "body": Body.STANDING, "member": member, "reason": "Bị khởi tố", "starts_on": D(2026, 1, 1)}
    with pytest.raises(Refusal, match="at most 90 days") as refused:
        suspension_record(actor=None, ends_on=D(2026, 4, 1), **base)
    assert refused.value.rule == "Điều lệ Đảng, Điều 35–38" and refused.value.field == "ends_on"
    s = suspension_record(actor=None, ends_on=D(2026, 3, 31), **base)  # the 90th day
    with pytest.raises(Refusal, match="between its start and its end"):
        suspension_lift(actor=None, suspension=s, date=D(2026, 4, 2))
    suspension_lift(actor=None, suspension=s, date=D(2026, 2, 15))
    s.refresh_from_db()
    assert s.lifted_on == D(2026, 2, 15) and s.subject_path == tree.X1.path


# --- the pages ------------------------------------------------------------------------------


def test_the_member_page_button_records_a_discipline_decided_earlier(tree: Tree, people: Any) -> None:
    from .conftest import client_for

    member = make_member(tree.X1, card="93012345")
    client = client_for(people.inspection_officer)
    page = client.get(f"/inspections/disciplines/new/?member={member.pk}")
    assert page.status_code == 200 and "93012345" in page.content.decode()
    form = {"organization": "G1", "body": "standing", "member": "93012345", "violation": "Vi phạm đạo đức", "violation_date": "01/03/2026",
            "proposed_form": "warning", "proposed_on": "01/09/2026", "decision_number": "21-QĐ/ĐU", "decision_date": "15/09/2026",
            "submission": str(uuid.uuid4())}  # fmt: skip
    done = client.post(f"/inspections/disciplines/new/?member={member.pk}", form)
    assert done.status_code == 302
    d = Discipline.objects.get(member=member)
    assert (d.status, d.form_in_force, d.organization, d.body) == (DisciplineStatus.DECIDED, "warning", tree.G1, "standing")
    detail = client.get(done["Location"]).content.decode()
    assert "21-QĐ/ĐU" in detail and 'data-testid="step-received"' in detail


def test_the_detail_page_tells_when_the_time_limit_runs_out(tree: Tree, people: Any) -> None:
    from django.utils import timezone

    from .conftest import client_for

    d = discipline_propose(
        actor=None, **proposal(tree.C1, member=make_member(tree.X1), proposed_form="reprimand", violation_date=D(2022, 1, 10))
    )
    left = (D(2027, 1, 10) - timezone.localdate()).days
    page = client_for(people.inspection_officer).get(f"/inspections/disciplines/{d.pk}/").content.decode()
    assert "runs out on: 10/01/2027" in page and f"{left} days left" in page and "QĐ 69-QĐ/TW, Điều 6" in page
    expelled = discipline_propose(actor=None, **proposal(tree.C1, member=make_member(tree.X1), proposed_form="expulsion"))
    assert (
        "no time limit: a violation calling for expulsion"
        in client_for(people.inspection_officer).get(f"/inspections/disciplines/{expelled.pk}/").content.decode()
    )


def test_a_cell_secretary_records_the_cells_own_decision_only(tree: Tree, people: Any) -> None:
    from .conftest import client_for

    member = make_member(tree.X1)
    client = client_for(people.cell_secretary)
    form = {"organization": "X1", "body": "committee", "member": member.full_name, "violation": "Vi phạm", "violation_date": "01/03/2026",
            "proposed_form": "reprimand", "proposed_on": "01/09/2026", "submission": str(uuid.uuid4())}  # fmt: skip
    assert client.post(f"/inspections/disciplines/new/?member={member.pk}", form).status_code == 403
    assert client.post(f"/inspections/disciplines/new/?member={member.pk}", {**form, "body": "cell"}).status_code == 302
    assert Discipline.objects.get(member=member).body == Body.CELL


def test_the_list_filters_by_name_without_diacritics_and_committee_members(tree: Tree, people: Any) -> None:
    from .conftest import client_for

    sitting = make_member(tree.X1, given_name="Hưng")
    committee_role(tree.X1, sitting)
    discipline_propose(actor=None, **proposal(tree.C1, member=sitting, violation_date=D(2025, 8, 1)))
    discipline_propose(actor=None, **proposal(tree.C1, member=make_member(tree.X1, given_name="Lan")))
    client = client_for(people.inspection_officer)
    url = f"/inspections/disciplines/?within={tree.C1.pk}"
    assert client.get(url).content.decode().count('data-testid="discipline-row"') == 2
    for query in ("&q=nguyen+van+hung", "&committee=on"):
        page = client.get(url + query).content.decode()
        assert page.count('data-testid="discipline-row"') == 1 and "Hưng" in page, query
    exported = client.get(f"/inspections/disciplines/export/?within={tree.C1.pk}")
    assert exported.status_code == 200
    assert AuditEntry.objects.get(action="inspection.disciplines.export", actor=people.inspection_officer).after["rows"] == 2


def test_the_decision_is_recorded_from_the_disciplines_page(tree: Tree, people: Any) -> None:
    from .conftest import client_for

    d = discipline_propose(actor=None, **proposal(tree.C1, member=make_member(tree.X1, given_name="Quyết")))
    client = client_for(people.inspection_officer)
    url = f"/inspections/disciplines/{d.pk}/step/decide/"
    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {"form": "warning", "decision_number": "12-QĐ/ĐU", "decision_date": "02/03/2026", "decided_by": "Đảng ủy xã",
         "version": d.version, "submission": str(uuid.uuid4())},
    )  # fmt: skip
    assert answer.status_code == 302
    d.refresh_from_db()
    assert (d.status, d.form_in_force, d.decision_number) == (DisciplineStatus.DECIDED, "warning", "12-QĐ/ĐU")
    page = client.get(f"/inspections/disciplines/{d.pk}/").content.decode()
    assert "12-QĐ/ĐU" in page and "In force" in page
