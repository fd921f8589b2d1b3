"""Rewards of Party organizations and members: the forms each level receives (form 7 of HD 11),
dates that have happened, a member's reward placed in their organization of the award day,
corrections and deletions audited; the pages, the list with its filters and export, and the
API, each within the scope."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from partybuilding.core.errors import Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.core.records import Decision
from partybuilding.members.choices import RewardForm
from partybuilding.members.lifecycle.services import member_transfer
from partybuilding.members.models import Member, Reward
from partybuilding.members.own_data import collect
from partybuilding.members.rewards.services import record_reward, reward_delete, reward_update
from partybuilding.members.rewards.views import SORTS
from partybuilding.organizations.models import Organization

from .conftest import Personas, Tree, client_for
from .members_factories import make_member

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 19)


def org_reward(org: Organization, form: str = RewardForm.MERIT, on: dt.date = DAY, actor: object = None, **extra: object) -> Reward:
    return record_reward(actor=actor, organization=org, form=form, awarded_on=on, **extra)


def member_reward(member: Member, form: str = RewardForm.COMMENDATION, on: dt.date = DAY, actor: object = None, **extra: object) -> Reward:
    return record_reward(actor=actor, member=member, form=form, awarded_on=on, **extra)


def refused(call: object, *args: object, **kwargs: object) -> Refusal:
    with pytest.raises(Refusal) as found:
        call(*args, **kwargs)  # type: ignore[operator]
    return found.value


# --- the rules ----------------------------------------------------------------------------


def test_an_organizations_reward_is_recorded_and_audited(tree: Tree, people: Personas) -> None:
    reward = org_reward(tree.G1, RewardForm.BANNER, actor=people.commune_officer, reason=" Trong sạch, vững mạnh ", decided_by="Tỉnh ủy")
    assert (reward.organization, reward.member, reward.reason, reward.recorded_by) == (
        tree.G1,
        None,
        "Trong sạch, vững mạnh",
        people.commune_officer,
    )
    entry = AuditEntry.objects.get(action="reward.record", object_id=str(reward.pk))
    assert entry.after is not None and entry.after["organization"] == tree.G1.pk and entry.after["form"] == "banner"


def test_each_level_receives_the_forms_of_form_7(tree: Tree) -> None:
    assert "A party cell is not given a banner" in refused(org_reward, tree.X1, RewardForm.BANNER).text
    assert "form 7 of HD 11-HD/BTCTW" in refused(org_reward, tree.X1, RewardForm.BANNER).text
    assert "is not given a certificate of commendation" in refused(org_reward, tree.C1, RewardForm.COMMENDATION).text
    org_reward(tree.C1, RewardForm.BANNER)
    org_reward(tree.X1, RewardForm.COMMENDATION)
    member = make_member(tree.X1)
    assert "A banner is given to a Party organization" in refused(member_reward, member, RewardForm.BANNER).text


def test_the_dates_have_happened_and_the_decision_comes_first(tree: Tree) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert refused(org_reward, tree.G1, on=tomorrow).field == "awarded_on"
    late = refused(org_reward, tree.G1, decision_date=DAY + dt.timedelta(days=1))
    assert late.field == "decision_date" and "comes after the award date 19/05/2026" in late.text
    org_reward(tree.G1, decision_date=DAY)  # decided that day
    assert "did not exist on" in refused(org_reward, tree.G1, on=dt.date(2025, 6, 30)).text  # founded 1/7/2025
    org_reward(tree.G1, on=timezone.localdate())  # today


def test_a_members_reward_belongs_to_their_organization_of_the_award_day(tree: Tree) -> None:
    member = make_member(tree.X1, admitted=dt.date(2010, 3, 3))
    member_transfer(actor=None, member=member, to_organization=tree.X2, date=dt.date(2026, 1, 10), decision=Decision("3-QĐ"))
    assert member_reward(member, on=dt.date(2025, 12, 1)).organization == tree.X1
    assert member_reward(member, on=dt.date(2026, 1, 10)).organization == tree.X2
    before = refused(member_reward, member, on=dt.date(2010, 3, 2))
    assert before.field == "awarded_on" and "was not a member of an organization of the system on 02/03/2010" in before.text


def test_an_officer_cannot_place_a_reward_in_an_organization_they_do_not_manage(tree: Tree, people: Personas) -> None:
    member = make_member(tree.Y1, admitted=dt.date(2010, 3, 3))
    member_transfer(actor=None, member=member, to_organization=tree.X1, date=dt.date(2026, 1, 10), decision=Decision("3-QĐ"))
    text = refused(member_reward, member, on=dt.date(2025, 12, 1), actor=people.commune_officer).text
    assert "belonged to Chi bộ Ấp Một, whose members you do not manage" in text
    assert member_reward(member, on=dt.date(2026, 2, 1), actor=people.commune_officer).organization == tree.X1


def test_the_same_reward_twice_is_refused(tree: Tree) -> None:
    org_reward(tree.G1, decision_number="5-QĐ")
    assert "already recorded" in refused(org_reward, tree.G1, decision_number="5-QĐ").text
    org_reward(tree.G1, decision_number="6-QĐ")  # another decision the same day


def test_a_correction_and_a_deletion_are_audited_with_what_the_entry_said(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    reward = member_reward(member, decision_number="7-QĐ")
    reward_update(actor=people.cell_secretary, reward=reward, form=RewardForm.MERIT, awarded_on=dt.date(2026, 6, 1), reason="Xuất sắc")
    reward.refresh_from_db()
    assert (reward.form, reward.awarded_on, reward.decision_number) == ("merit", dt.date(2026, 6, 1), "")
    entry = AuditEntry.objects.get(action="reward.update")
    assert entry.before is not None and entry.after is not None
    assert (entry.before["form"], entry.after["form"], entry.before["decision_number"]) == ("commendation", "merit", "7-QĐ")
    reward_delete(actor=people.cell_secretary, reward=reward)
    assert not Reward.objects.exists()
    gone = AuditEntry.objects.get(action="reward.delete", object_id=str(reward.pk))
    assert gone.before is not None and gone.before["member"] == member.pk and gone.actor == people.cell_secretary


# --- the pages --------------------------------------------------------------------------------


def test_a_cell_secretary_records_a_members_reward_from_the_record_page(tree: Tree, people: Personas) -> None:
    member = make_member(tree.X1)
    client = client_for(people.cell_secretary)
    section = client.get(f"/members/rewards/member/{member.pk}/").content.decode()
    assert "No reward recorded." in section and f"/members/rewards/new/{member.pk}/" in section
    form = client.get(f"/members/rewards/new/{member.pk}/").content.decode()
    assert 'value="banner"' not in form  # a banner is for organizations
    data = {"form": "merit", "awarded_on": "19/05/2026", "reason": "Hoàn thành xuất sắc", "decided_by": "Ban Thường vụ Tỉnh ủy"}
    assert client.post(f"/members/rewards/new/{member.pk}/", data).status_code == 302
    section = client.get(f"/members/rewards/member/{member.pk}/").content.decode()
    assert "19/05/2026" in section and "Certificate of merit" in section and "Hoàn thành xuất sắc" in section
    assert client.post(f"/members/rewards/new/{member.pk}/", {**data, "awarded_on": "01/01/2099"}).status_code == 422


def test_an_organizations_reward_is_recorded_for_an_organization_the_user_manages(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    data = {"organization": "G1", "form": "banner", "awarded_on": "19/05/2026", "decided_by": "Tỉnh ủy"}
    assert client.post("/members/rewards/new/", data).status_code == 302
    assert Reward.objects.get().organization == tree.G1
    other = client.post("/members/rewards/new/", {**data, "organization": "C2"})
    assert other.status_code == 422 and "No organization with code C2 is within your scope." in other.content.decode()
    cell = client.post("/members/rewards/new/", {**data, "organization": "X1"})
    assert cell.status_code == 422 and "A party cell is not given a banner" in cell.content.decode()
    assert client_for(people.viewer).get("/members/rewards/new/").status_code == 403
    section = client_for(people.viewer).get(f"/members/rewards/organization/{tree.G1.pk}/").content.decode()
    assert "Banner" in section and "reward_edit" not in section and "/edit/" not in section
    assert client_for(people.outsider).get(f"/members/rewards/organization/{tree.G1.pk}/").status_code == 404
    assert client_for(people.office_officer).get(f"/members/rewards/organization/{tree.G1.pk}/").status_code == 403


def test_the_organization_page_loads_its_rewards(tree: Tree, people: Personas) -> None:
    page = client_for(people.commune_officer).get(f"/organizations/{tree.G1.pk}/").content.decode()
    assert f"/members/rewards/organization/{tree.G1.pk}/" in page
    member_page = client_for(people.commune_officer).get(f"/members/{make_member(tree.X1).pk}/").content.decode()
    assert "/members/rewards/member/" in member_page and "/members/cards/member/" in member_page


def test_a_mistaken_entry_is_corrected_and_deleted_after_confirmation(tree: Tree, people: Personas) -> None:
    reward = org_reward(tree.X1, RewardForm.COMMENDATION)
    client = client_for(people.cell_secretary)
    edited = client.post(f"/members/rewards/{reward.pk}/edit/", {"form": "merit", "awarded_on": "20/05/2026"})
    assert edited.status_code == 302
    reward.refresh_from_db()
    assert (reward.form, reward.awarded_on) == ("merit", dt.date(2026, 5, 20))
    asked = client.get(f"/members/rewards/{reward.pk}/delete/").content.decode()
    assert 'data-confirm="Delete this reward?"' in asked and "Certificate of merit" in asked
    assert client.post(f"/members/rewards/{reward.pk}/delete/").status_code == 302
    assert not Reward.objects.filter(pk=reward.pk).exists()


def test_corrections_are_for_those_who_manage_the_rewards_organization(tree: Tree, people: Personas) -> None:
    theirs, above = org_reward(tree.Y1), org_reward(tree.G1)
    secretary = client_for(people.cell_secretary)
    assert secretary.get(f"/members/rewards/{theirs.pk}/edit/").status_code == 404
    assert secretary.post(f"/members/rewards/{theirs.pk}/delete/").status_code == 404
    assert secretary.get(f"/members/rewards/{above.pk}/edit/").status_code == 404  # G1 is above the cell
    assert client_for(people.viewer).get(f"/members/rewards/{above.pk}/delete/").status_code == 403
    assert Reward.objects.count() == 2


def test_the_list_filters_and_finds_members_and_organizations_without_diacritics(tree: Tree, people: Personas) -> None:
    anh = make_member(tree.X1, family_name="Đặng", middle_name="Thị", given_name="Ánh")
    member_reward(anh, RewardForm.MERIT, on=dt.date(2025, 9, 2))
    org_reward(tree.G1, RewardForm.BANNER, on=dt.date(2026, 2, 3))
    org_reward(tree.X2, RewardForm.COMMENDATION, on=dt.date(2026, 3, 3), decision_number="88-QĐ/ĐU")
    client = client_for(people.commune_officer)

    def listed(query: str) -> list[str]:
        page = client.get(f"/members/rewards/?{query}")
        assert page.status_code == 200
        return sorted((r.member.given_name if r.member else r.organization.code) for r, _can in page.context["rows"])

    assert listed("") == ["G1", "X2", "Ánh"]
    assert listed("year=2026") == ["G1", "X2"]
    assert listed("form=merit") == ["Ánh"]
    assert listed("who=organizations") == ["G1", "X2"]
    assert listed("who=members") == ["Ánh"]
    assert listed("q=dang thi") == ["Ánh"]
    assert listed("q=thon tay") == ["X2"]
    assert listed("q=88-QĐ/ĐU") == ["X2"]
    counts = client.get("/members/rewards/?year=2026").context["counts"]
    assert counts == [("Banner", 1, 0), ("Certificate of merit", 0, 0), ("Certificate of commendation", 1, 0)]
    assert listed(f"within={tree.X1.pk}") == ["Ánh"]
    assert client_for(people.outsider).get("/members/rewards/").context["page"].paginator.count == 0
    assert client_for(people.member).get("/members/rewards/").context["page"].paginator.count == 0


def test_every_column_of_the_list_sorts_both_ways(tree: Tree, people: Personas) -> None:
    org_reward(tree.G1, RewardForm.BANNER, on=dt.date(2026, 1, 5))
    org_reward(tree.X1, RewardForm.COMMENDATION, on=dt.date(2025, 8, 5))
    client = client_for(people.commune_officer)
    for key in SORTS:
        for sort, direction in ((key, "ascending"), (f"-{key}", "descending")):
            page = client.get(f"/members/rewards/?sort={sort}&per=25")
            assert page.status_code == 200 and f'aria-sort="{direction}"' in page.content.decode(), sort
    assert [r.organization.code for r, _can in client.get("/members/rewards/?sort=awarded").context["rows"]] == ["X1", "G1"]


def test_the_export_is_audited_with_its_rows(tree: Tree, people: Personas) -> None:
    member_reward(make_member(tree.X1, family_name="Phan", given_name="Khen"), RewardForm.MERIT)
    org_reward(tree.Y1)  # outside the officer's scope
    response = client_for(people.commune_officer).get("/members/rewards/export.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "Certificate of merit" and "Khen" in rows[1][3]
    entry = AuditEntry.objects.get(action="reward_list.export")
    assert entry.actor == people.commune_officer and entry.after == {"rows": 1}


def test_the_menu_leads_to_the_rewards(tree: Tree, people: Personas) -> None:
    page = client_for(people.commune_officer).get("/members/rewards/").content.decode()
    assert 'class="active" aria-current="page" data-testid="menu-rewards"' in page


def test_a_members_rewards_are_in_their_own_data(tree: Tree) -> None:
    member = make_member(tree.X1)
    member_reward(member, reason="Năm 2026")
    rewards = {s.key: rows for s, rows in collect(member).sections}["rewards"]
    assert [(row["form"], row["reason"], row["organization"]) for row in rewards] == [
        ("Certificate of commendation", "Năm 2026", str(tree.X1))
    ]


# --- the API -------------------------------------------------------------------------------------


def test_the_api_records_lists_and_deletes_a_reward(tree: Tree, people: Personas) -> None:
    client = client_for(people.commune_officer)
    body = {"organization_id": tree.G1.pk, "form": "merit", "awarded_on": "2026-05-19", "decided_by": "Tỉnh ủy"}
    made = client.post("/api/members/rewards", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["organization_id"] == tree.G1.pk and made.json()["member_id"] is None
    member = make_member(tree.X1)
    given = client.post("/api/members/rewards", {"member_id": member.pk, "form": "commendation", "awarded_on": "2026-05-19"},
                        content_type="application/json")  # fmt: skip
    assert given.status_code == 201 and given.json()["organization_id"] == tree.X1.pk
    listed = client.get("/api/members/rewards?who=members&year=2026").json()
    assert [r["member_id"] for r in listed["items"]] == [member.pk]
    assert client.delete(f"/api/members/rewards/{made.json()['id']}").status_code == 204
    assert AuditEntry.objects.filter(action="reward.delete", actor=people.commune_officer).count() == 1
    both = client.post("/api/members/rewards", {**body, "member_id": member.pk}, content_type="application/json")
    assert both.status_code == 422 and "either to an organization or to a member" in both.json()["detail"]


def test_the_api_answers_outside_the_scope_as_missing(tree: Tree, people: Personas) -> None:
    theirs = org_reward(tree.Y1)
    client = client_for(people.commune_officer)
    body = {"organization_id": tree.Y1.pk, "form": "merit", "awarded_on": "2026-05-19"}
    assert client.post("/api/members/rewards", body, content_type="application/json").status_code == 404
    member = make_member(tree.Y1)
    body = {"member_id": member.pk, "form": "merit", "awarded_on": "2026-05-19"}
    assert client.post("/api/members/rewards", body, content_type="application/json").status_code == 404
    assert client.delete(f"/api/members/rewards/{theirs.pk}").status_code == 404
    assert client.get("/api/members/rewards").json()["count"] == 0
    assert client_for(people.viewer).delete(f"/api/members/rewards/{theirs.pk}").status_code == 403
    assert Reward.objects.count() == 1
