"""The study of resolutions: who must study (the members on a past date), the list made by a
job with its progress and all or nothing, attendance and notes moving `done` and the
counters, the rule on notes, completion by scope, the attention line, and the scope of a
cell secretary."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from partybuilding.core import rules
from partybuilding.core.errors import Refusal
from partybuilding.core.models import JobStatus, RuleSet, RuleValue
from partybuilding.directives import study_jobs
from partybuilding.directives.choices import CampaignStatus, StudyWay
from partybuilding.directives.counters import study_figures
from partybuilding.directives.models import StudyAssignment, StudyCampaign
from partybuilding.directives.selectors.study import study_attention, to_study
from partybuilding.directives.services import study as services
from partybuilding.members.choices import MemberStatus
from partybuilding.members.lifecycle.services import move_member
from partybuilding.members.models import Member
from partybuilding.organizations import totals
from partybuilding.organizations.models import SubtreeTotal

from .conftest import client_for
from .directive_c_targets import DEADLINE, START, campaign_of
from .directive_targets import document_in
from .members_factories import make_member

pytestmark = pytest.mark.django_db

AFTER = dt.date(2026, 10, 1)


def drift() -> list[Any]:
    return totals.recompute(prefixes=["st."])


def assignments(campaign: StudyCampaign) -> dict[int, StudyAssignment]:
    return {a.member_id: a for a in campaign.assignments.all()}


def test_the_members_on_a_past_date_must_study(tree: Any) -> None:
    stays, joined_after, left_after, moved_after = (make_member(tree.X1) for _ in range(4))
    joined_after = make_member(tree.X1, admitted=AFTER, official=None)
    move_member(left_after, AFTER, status=MemberStatus.LEFT)
    move_member(moved_after, AFTER, organization=tree.Y1)
    campaign = campaign_of(tree.C1)
    listed = assignments(campaign)
    assert stays.pk in listed and left_after.pk in listed and moved_after.pk in listed
    assert joined_after.pk not in listed
    assert listed[moved_after.pk].member_path == tree.X1.path  # the cell they were in on the date
    assert campaign.status == CampaignStatus.OPEN and campaign.assigned == len(listed)
    assert study_figures([tree.C1, tree.X1, tree.C2], campaign.pk) == {tree.C1.pk: (4, 0), tree.X1.pk: (4, 0), tree.C2.pk: (0, 0)}
    assert drift() == []


def test_a_large_scope_is_listed_by_a_job_with_its_progress(tree: Any, people: Any) -> None:
    for _ in range(3):
        make_member(tree.X2)
    campaign = study_jobs.campaign_start(
        actor=people.commune_officer, organization=tree.C1, title="Nghị quyết Đại hội", documents=[document_in(tree.C1)],
        starts_on=START, deadline=DEADLINE, members_on=START, inline_up_to=0,
    )  # fmt: skip
    job = study_jobs.list_job(campaign)
    assert job is not None and job.status == JobStatus.DONE, job and job.message
    assert job.result == {"campaign": campaign.pk, "assigned": 3}
    assert (job.phase, job.done, job.total) == ("totals", 1, 1)
    assert campaign.status == CampaignStatus.OPEN and campaign.assigned == 3
    assert drift() == []


def test_the_list_is_all_or_nothing(tree: Any, people: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(3):
        make_member(tree.X1)

    def broken(per_path: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services.totals, "add_many", broken)
    campaign = study_jobs.campaign_start(
        actor=people.commune_officer, organization=tree.C1, title="Nghị quyết lần 2", documents=[document_in(tree.C1)],
        starts_on=START, deadline=DEADLINE, members_on=START, inline_up_to=0,
    )  # fmt: skip
    job = study_jobs.list_job(campaign)
    assert job is not None and job.status == JobStatus.FAILED
    assert campaign.status == CampaignStatus.PREPARING and campaign.assigned == 0
    assert not StudyAssignment.objects.filter(campaign=campaign).exists()
    assert not SubtreeTotal.objects.filter(key__startswith=f"st.{campaign.pk}.").exclude(value=0).exists()

    monkeypatch.undo()  # made again, it opens
    assert study_jobs.list_start(actor=people.commune_officer, campaign=campaign) is None
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN and campaign.assigned == 3
    with pytest.raises(Refusal):  # and only once
        services.list_make(actor=people.commune_officer, campaign=campaign)
    assert drift() == []


def test_attendance_and_notes_move_done_and_the_counters(tree: Any, people: Any) -> None:
    a, b = make_member(tree.X1), make_member(tree.X1)
    c = make_member(tree.X2)
    campaign = campaign_of(tree.C1)
    assert campaign.note_required  # the rule in force on the first day
    session = services.session_create(actor=people.cell_secretary, campaign=campaign, organization=tree.X1, date=dt.date(2026, 9, 20))
    services.attendance_record(actor=people.cell_secretary, session=session, present=[a.pk], excused=[b.pk])
    rows = assignments(campaign)
    assert (rows[a.pk].studied_on, rows[a.pk].way, rows[a.pk].done) == (session.date, StudyWay.SESSION, False)  # no note yet
    assert (rows[b.pk].way, rows[b.pk].done) == (StudyWay.EXCUSED, False)

    services.note_write(actor=None, assignment=rows[a.pk], note="Gương mẫu thực hiện nghị quyết", written_on=dt.date(2026, 9, 21))
    assert study_figures([tree.C1, tree.X1, tree.X2], campaign.pk) == {tree.C1.pk: (3, 1), tree.X1.pk: (2, 1), tree.X2.pk: (1, 0)}

    services.study_record(actor=people.cell_secretary, assignment=rows[c.pk], way=StudyWay.ONLINE, studied_on=dt.date(2026, 9, 25))
    services.note_write(actor=None, assignment=rows[c.pk], note="Kế hoạch cá nhân")
    assert study_figures([tree.C1], campaign.pk)[tree.C1.pk] == (3, 2)
    assert [r.member_id for r in to_study(b, dt.date(2026, 9, 30))] == [b.pk]
    assert not to_study(a, dt.date(2026, 9, 30)).exists()

    services.attendance_record(actor=people.cell_secretary, session=session, present=[])  # a unticked, b no longer excused
    rows = assignments(campaign)
    assert (rows[a.pk].studied_on, rows[a.pk].done, rows[b.pk].way) == (None, False, "")
    assert study_figures([tree.C1], campaign.pk)[tree.C1.pk] == (3, 1)
    assert drift() == []

    services.campaign_close(actor=people.commune_officer, campaign=campaign, date=dt.date(2026, 10, 20))
    with pytest.raises(Refusal, match="nothing more is recorded"):
        services.note_write(actor=None, assignment=rows[a.pk], note="Muộn")


def test_the_note_is_required_as_the_rule_says(tree: Any, people: Any) -> None:
    a = make_member(tree.X1)
    relaxed = RuleSet.objects.create(code="study-no-note", title_vi="Thử", title_en="Test", effective_from=dt.date(2026, 11, 1), citation="QĐ thử")  # fmt: skip
    RuleValue.objects.create(rule_set=relaxed, key=services.NOTE_RULE, value=False)
    rules.clear_cache()
    try:
        before = campaign_of(tree.C1)
        after = campaign_of(tree.C1, title="Sau quy định mới", starts_on=dt.date(2026, 11, 2), deadline=dt.date(2026, 11, 30))
        assert (before.note_required, after.note_required) == (True, False)
        session = services.session_create(actor=None, campaign=after, organization=tree.X1, date=dt.date(2026, 11, 3))
        services.attendance_record(actor=None, session=session, present=[a.pk])
        assert StudyAssignment.objects.get(campaign=after, member=a).done  # studied is enough
        assert study_figures([tree.P], after.pk)[tree.P.pk] == (1, 1)
    finally:
        rules.clear_cache()


def test_a_campaign_is_refused_without_documents_or_with_its_deadline_first(tree: Any) -> None:
    with pytest.raises(Refusal) as empty:
        services.campaign_create(actor=None, organization=tree.C1, title="T", documents=[], starts_on=START, deadline=DEADLINE, members_on=START)  # fmt: skip
    assert empty.value.field == "documents"
    with pytest.raises(Refusal) as late:
        services.campaign_create(actor=None, organization=tree.C1, title="T", documents=[document_in(tree.C1)], starts_on=DEADLINE, deadline=START, members_on=START)  # fmt: skip
    assert late.value.field == "deadline"


def test_the_attention_line_counts_members_not_done_past_the_deadline(tree: Any, people: Any) -> None:
    a, _b = make_member(tree.X1), make_member(tree.X1)
    campaign = campaign_of(tree.C1, note_required=False)
    session = services.session_create(actor=None, campaign=campaign, organization=tree.X1, date=dt.date(2026, 9, 20))
    services.attendance_record(actor=None, session=session, present=[a.pk])
    assert study_attention(tree.X1, DEADLINE, people.cell_secretary) == []  # not past yet
    (item,) = study_attention(tree.X1, DEADLINE + dt.timedelta(days=1), people.cell_secretary)
    assert item.count == 1 and f"/directives/study/{campaign.pk}/" in item.url
    assert study_attention(tree.C2, DEADLINE + dt.timedelta(days=1), people.outsider) == []


def test_a_member_on_their_own_page_writes_their_note(tree: Any, people: Any) -> None:
    mine, other = make_member(tree.X1), make_member(tree.X1)
    Member.objects.filter(pk=mine.pk).update(user=people.member)
    campaign = campaign_of(tree.C1)
    client = client_for(people.member)
    page = client.get("/directives/study/mine/")
    assert page.status_code == 200 and campaign.title in page.content.decode()
    own = StudyAssignment.objects.get(campaign=campaign, member=mine)
    theirs = StudyAssignment.objects.get(campaign=campaign, member=other)
    answer = client.post(f"/directives/study/mine/{own.pk}/note/", {f"a{own.pk}-note": "Nêu gương, học đi đôi với làm"})
    assert answer.status_code == 302
    own.refresh_from_db()
    assert own.note == "Nêu gương, học đi đôi với làm" and own.note_written_on is not None
    refused = client.post(f"/directives/study/mine/{theirs.pk}/note/", {f"a{theirs.pk}-note": "Không phải của tôi"})
    assert refused.status_code == 404
    theirs.refresh_from_db()
    assert theirs.note == ""
    assert client_for(people.cell_secretary).get("/directives/study/mine/").status_code == 404  # no member record


def test_the_campaign_page_shows_each_child_side_by_side(tree: Any, people: Any) -> None:
    a = make_member(tree.X1)
    make_member(tree.Y1)
    campaign = campaign_of(tree.P, note_required=False)
    session = services.session_create(actor=None, campaign=campaign, organization=tree.X1, date=dt.date(2026, 9, 20))
    services.attendance_record(actor=None, session=session, present=[a.pk])
    page = client_for(people.provincial_officer).get(f"/directives/study/{campaign.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('data-testid="completion-child"') == 2  # C1 and C2
    assert "study-green" in body  # C1 all done
    assert tree.C1.name in body and tree.C2.name in body and "50" in body
    # the cell secretary sees the provincial campaign at their cell
    cell_page = client_for(people.cell_secretary).get(f"/directives/study/{campaign.pk}/")
    assert cell_page.status_code == 200 and tree.X1.name in cell_page.content.decode()


def test_a_cell_secretary_records_attendance_in_their_cell_only(tree: Any, people: Any) -> None:
    a = make_member(tree.X1)
    make_member(tree.X2)
    campaign = campaign_of(tree.C1)
    own = services.session_create(actor=None, campaign=campaign, organization=tree.X1, date=dt.date(2026, 9, 20))
    beside = services.session_create(actor=None, campaign=campaign, organization=tree.X2, date=dt.date(2026, 9, 20))
    client = client_for(people.cell_secretary)
    assert client.get(f"/directives/study/sessions/{beside.pk}/").status_code == 404
    assert client.post(f"/directives/study/sessions/{beside.pk}/", {"present": []}).status_code == 404
    assert client.post(f"/directives/study/sessions/{own.pk}/", {"present": [a.pk]}).status_code == 302
    assert StudyAssignment.objects.get(campaign=campaign, member=a).session_id == own.pk
    # a session for the cell beside is refused by the organization picker
    refused = client.post(f"/directives/study/{campaign.pk}/sessions/new/", {"organization": tree.X2.code, "date": "21/09/2026"})
    assert refused.status_code == 422
    assert not campaign.sessions.filter(date=dt.date(2026, 9, 21)).exists()


def test_the_members_not_done_are_listed_and_exported(tree: Any, people: Any) -> None:
    a, b = make_member(tree.X1), make_member(tree.X1)
    campaign = campaign_of(tree.C1)
    client = client_for(people.commune_officer)
    listed = client.get(f"/directives/study/{campaign.pk}/not-done/?within={tree.X1.pk}")
    assert listed.status_code == 200 and listed.content.decode().count('data-testid="not-done-row"') == 2
    export = client.get(f"/directives/study/{campaign.pk}/not-done.xlsx?within={tree.X1.pk}")
    assert export.status_code == 200
    from partybuilding.core.models import AuditEntry

    entry = AuditEntry.objects.filter(action="directives.study_not_done.export").latest("pk")
    assert entry.after["rows"] == 2 and {a.full_name, b.full_name}
    assert client_for(people.office_officer).get(f"/directives/study/{campaign.pk}/not-done/").status_code == 403


def test_a_documents_page_shows_the_campaigns_about_it(tree: Any, people: Any) -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    make_member(tree.X1)
    campaign = campaign_of(tree.C1)
    request = RequestFactory().get("/")
    request.user, request.scope = people.commune_officer, tree.C1
    section = Template("{% load directive_sections %}{% document_study document %}")
    html = section.render(Context({"document": campaign.documents.get(), "request": request}))
    assert campaign.title in html and 'data-testid="document-study-new"' in html
    request.user, request.scope = people.viewer, tree.P
    html = section.render(Context({"document": campaign.documents.get(), "request": request}))
    assert campaign.title in html and 'data-testid="document-study-new"' not in html
