"""Appeals against a discipline: filed within a month of the decision's receipt, due in working
days (Tết and National Day counted out), the decision in force while pending, and each
outcome's effect on the discipline and on the member's record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from partybuilding.core.errors import Refusal
from partybuilding.core.records import Decision
from partybuilding.inspections.choices import AppealStatus, Body, DisciplineStatus, Level
from partybuilding.inspections.models import Appeal, Discipline
from partybuilding.inspections.services.appeals import appeal_file, appeal_not_accepted, appeal_settle, settle_within
from partybuilding.inspections.services.disciplines import discipline_apology, discipline_received, discipline_record, discipline_restore
from partybuilding.members.choices import MemberStatus
from partybuilding.members.models import Member
from partybuilding.organizations.models import SubtreeTotal

from .conftest import Tree
from .members_factories import make_member

pytestmark = pytest.mark.django_db

D = dt.date
SETTLED = Decision(number="30-QĐ/HU", date=D(2026, 11, 20), decided_by="Ban Thường vụ")


def decided(
    tree: Tree, form: str = "warning", day: dt.date = D(2026, 10, 1), received: dt.date | None = D(2026, 10, 5), **extra: Any
) -> Discipline:
    member = extra.pop("member", None) or make_member(tree.X1)
    d = discipline_record(
        actor=None, decision=Decision(number="7-QĐ/ĐU", date=day), organization=tree.G1, body=Body.COMMITTEE, member=member,
        violation="Vi phạm", violation_date=D(2025, 1, 10), proposed_form=form, **extra,
    )  # fmt: skip
    if received:
        discipline_received(actor=None, discipline=d, date=received)
    return Discipline.objects.get(pk=d.pk)


def test_the_appeal_is_filed_within_a_month_of_the_receipt(tree: Tree) -> None:
    d = decided(tree, received=D(2026, 10, 31))
    with pytest.raises(Refusal, match="ended on 30/11/2026") as refused:
        appeal_file(actor=None, discipline=d, filed_on=D(2026, 12, 1), content="Hình thức quá nặng")
    assert refused.value.rule == "Điều lệ Đảng, Điều 35–38" and refused.value.field == "filed_on"
    appeal = appeal_file(actor=None, discipline=d, filed_on=D(2026, 11, 30), content="Hình thức quá nặng")  # the last day
    assert (appeal.organization, appeal.level, appeal.org_path) == (tree.C1, Level.COMMUNE, tree.C1.path)


def test_no_appeal_before_the_receipt_is_recorded(tree: Tree) -> None:
    d = decided(tree, received=None)
    with pytest.raises(Refusal, match="received the decision"):
        appeal_file(actor=None, discipline=d, filed_on=D(2026, 11, 2), content="…")


def test_the_due_date_counts_working_days_across_tet_2027(tree: Tree) -> None:
    # 01/12/2026 + 90 working days: weekends, 01/01/2027 and Tết (04–10/02/2027) left out,
    # counted by hand: 22 in Dec., 20 in Jan., 15 in Feb., 23 in Mar., then 1, 2, 5–9, 12, 13, 14 April
    d = decided(tree, received=D(2026, 11, 5))
    appeal = appeal_file(actor=None, discipline=d, filed_on=D(2026, 12, 1), content="Oan sai")
    assert appeal.due == D(2027, 4, 14)


def test_the_due_date_counts_working_days_across_national_day(tree: Tree) -> None:
    # 01/07/2025 + 90 working days, 01–02/09/2025 off: 22 in July, 21 in Aug., 20 in Sept., 23 in Oct., 3–6 Nov.
    d = decided(tree, day=D(2025, 6, 20), received=D(2025, 6, 23))
    appeal = appeal_file(actor=None, discipline=d, filed_on=D(2025, 7, 1), content="Oan sai")
    assert appeal.due == D(2025, 11, 6)
    assert settle_within(Level.CENTRE, D(2025, 7, 1))[0] == 180


def test_the_discipline_stays_in_force_while_the_appeal_is_pending(tree: Tree) -> None:
    d = decided(tree, form="expulsion")
    appeal_file(actor=None, discipline=d, filed_on=D(2026, 10, 20), content="Oan sai")
    d.refresh_from_db()
    assert d.in_force and d.form_in_force == "expulsion" and d.member.status == MemberStatus.EXPELLED
    with pytest.raises(Refusal, match="already being handled"):
        appeal_file(actor=None, discipline=d, filed_on=D(2026, 10, 21), content="Lần nữa")


def test_an_upheld_or_refused_appeal_changes_nothing(tree: Tree) -> None:
    d = decided(tree)
    appeal = appeal_file(actor=None, discipline=d, filed_on=D(2026, 10, 20), content="…")
    appeal_settle(actor=None, appeal=appeal, decision=SETTLED, outcome="upheld")
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.SETTLED
    assert Discipline.objects.get(pk=d.pk).form_in_force == "warning"
    second = appeal_file(actor=None, discipline=d, filed_on=D(2026, 11, 2), content="…")
    with pytest.raises(Refusal, match="Say why"):
        appeal_not_accepted(actor=None, appeal=second, date=D(2026, 11, 25), reason="")
    appeal_not_accepted(actor=None, appeal=second, date=D(2026, 11, 25), reason="Không có tình tiết mới")
    assert Appeal.objects.get(pk=second.pk).status == AppealStatus.REFUSED


def test_a_reduction_must_be_lighter_and_changes_the_form_in_force(tree: Tree) -> None:
    d = decided(tree, form="warning")
    appeal = appeal_file(actor=None, discipline=d, filed_on=D(2026, 10, 20), content="…")
    with pytest.raises(Refusal, match="not lighter than warning"):
        appeal_settle(actor=None, appeal=appeal, decision=SETTLED, outcome="reduced", new_form="dismissal", change_reason="policy")
    with pytest.raises(Refusal, match="Say why the discipline changed"):
        appeal_settle(actor=None, appeal=appeal, decision=SETTLED, outcome="reduced", new_form="reprimand")
    appeal_settle(actor=None, appeal=appeal, decision=SETTLED, outcome="reduced", new_form="reprimand", change_reason="verification")
    d.refresh_from_db()
    assert (d.form, d.form_in_force, d.status) == ("warning", "reprimand", DisciplineStatus.DECIDED)
    assert d.steps.filter(kind="change_form", decision_number="30-QĐ/HU").exists()


def test_an_increase_to_expulsion_expels_and_a_reduction_from_it_reinstates(tree: Tree) -> None:
    d = decided(tree, form="dismissal")
    member = d.member
    appeal = appeal_file(actor=None, discipline=d, filed_on=D(2026, 10, 20), content="…")
    appeal_settle(actor=None, appeal=appeal, decision=SETTLED, outcome="increased", new_form="expulsion", change_reason="other")
    member.refresh_from_db()
    assert member.status == MemberStatus.EXPELLED
    assert SubtreeTotal.objects.get(organization=tree.X1, key="m.all").value == 0

    expelled = decided(tree, form="expulsion")
    back = appeal_file(actor=None, discipline=expelled, filed_on=D(2026, 10, 20), content="…")
    appeal_settle(actor=None, appeal=back, decision=SETTLED, outcome="reduced", new_form="warning", change_reason="policy")
    reinstated = Member.objects.get(pk=expelled.member.pk)
    assert reinstated.status == MemberStatus.OFFICIAL and reinstated.organization == tree.X1
    assert reinstated.events.filter(kind="reinstated", date=D(2026, 11, 20)).exists()


def test_an_annulled_expulsion_reinstates_the_member_with_the_status_held_before(tree: Tree) -> None:
    member = make_member(tree.X1, admitted=D(2026, 2, 1), official=None)
    d = decided(tree, form="warning", member=member)
    assert member.status == MemberStatus.PROBATIONARY
    annulled = appeal_file(actor=None, discipline=d, filed_on=D(2026, 10, 20), content="…")
    appeal_settle(actor=None, appeal=annulled, decision=SETTLED, outcome="annulled", change_reason="verification")
    d.refresh_from_db()
    assert d.status == DisciplineStatus.ANNULLED and not d.in_force
    discipline_restore(actor=None, discipline=d, date=D(2026, 11, 25))
    discipline_apology(actor=None, discipline=d, date=D(2026, 11, 26))
    d.refresh_from_db()
    assert (d.restored_on, d.apology_on) == (D(2026, 11, 25), D(2026, 11, 26))

    official = make_member(tree.X1)
    expelled = decided(tree, form="expulsion", member=official)
    assert SubtreeTotal.objects.get(organization=tree.P, key="m.all").value == 1
    appeal = appeal_file(actor=None, discipline=expelled, filed_on=D(2026, 10, 20), content="…")
    appeal_settle(actor=None, appeal=appeal, decision=SETTLED, outcome="annulled", change_reason="verification")
    official.refresh_from_db()
    assert official.status == MemberStatus.OFFICIAL and official.status_since == SETTLED.date
    assert SubtreeTotal.objects.get(organization=tree.P, key="m.all").value == 2
    assert official.memberships.filter(valid_to__isnull=True, status="official", organization=tree.X1).exists()


def test_a_member_is_reinstated_only_through_an_appeal(tree: Tree) -> None:
    from partybuilding.members.lifecycle.services import member_expel, member_reinstate

    member = make_member(tree.X1)
    member_expel(actor=None, member=member, date=D(2026, 3, 1), decision=Decision(number="1", date=D(2026, 3, 1)))
    with pytest.raises(Refusal, match="only by the settlement of an appeal"):
        member_reinstate(actor=None, member=member, date=D(2026, 4, 1), decision=Decision(number="2", date=D(2026, 4, 1)))


def test_the_pages_say_the_discipline_stays_in_force_while_pending(tree: Tree, people: Any) -> None:
    from .conftest import client_for

    d = decided(tree)
    client = client_for(people.inspection_officer)
    form = {
        "filed_on": "20/10/2026",
        "body": "commission",
        "content": "Hình thức quá nặng",
        "submission": "7f8c1a3e-1111-4b7a-9f00-000000000001",
    }
    done = client.post(f"/inspections/disciplines/{d.pk}/appeal/", form)
    assert done.status_code == 302
    appeal = Appeal.objects.get(discipline=d)
    page = client.get(done["Location"]).content.decode()
    assert "stays in force while the appeal is handled" in page and 'data-testid="step-settle"' in page
    assert "appeal-pending" in client.get(f"/inspections/disciplines/{d.pk}/").content.decode()
    listed = client.get(f"/inspections/appeals/?within={tree.C1.pk}&status=filed").content.decode()
    assert listed.count('data-testid="appeal-row"') == 1 and "days left" in listed
    settle = {"outcome": "annulled", "change_reason": "verification", "decision_number": "40-QĐ/UBKT", "decision_date": "20/11/2026",
              "version": appeal.version, "submission": "7f8c1a3e-1111-4b7a-9f00-000000000002"}  # fmt: skip
    assert client.post(f"/inspections/appeals/{appeal.pk}/step/settle/", settle).status_code == 302
    after = client.get(f"/inspections/disciplines/{d.pk}/").content.decode()
    assert 'data-testid="step-restore"' in after and 'data-testid="step-apology"' in after


def test_the_dashboard_lists_appeals_and_notices_past_their_due_date(tree: Tree, people: Any) -> None:
    from django.utils import timezone

    from partybuilding.inspections.selectors.disciplines import discipline_attention

    d = decided(tree, day=D(2025, 6, 20), received=D(2025, 6, 23), notice_to="UBND xã An Bình")
    appeal_file(actor=None, discipline=d, filed_on=D(2025, 7, 1), content="Oan sai")  # due 06/11/2025
    items = discipline_attention(tree.P, timezone.localdate(), people.inspection_officer)
    assert [(str(i.label), i.count) for i in items] == [
        ("Appeals against discipline not settled in time", 1),
        ("Discipline notices late (not sent, or no response)", 1),
    ]
    assert discipline_attention(tree.P, timezone.localdate(), people.viewer) == []
