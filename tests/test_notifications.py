"""Notices and reminders: each kind fires on its day for the right people and no one else,
once; the rules' scope, dates and switch; the channels each user chose; the e-mail's parts
and language; the crash of a worker in the middle of sending."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partybuilding.accounts.models import User
from partybuilding.core.models import AuditEntry
from partybuilding.meetings import services as meeting_services
from partybuilding.meetings.choices import MeetingKind, Presence
from partybuilding.meetings.models import Meeting
from partybuilding.members.choices import IN_LIST
from partybuilding.members.models import Member
from partybuilding.notifications import delivery, selectors
from partybuilding.notifications.choices import DeliveryState, EmailChoice, NoticeKind
from partybuilding.notifications.generation import notifications_run
from partybuilding.notifications.models import Delivery, Notice, NotificationRule, Preference
from partybuilding.notifications.services import preference_set, rule_create, rule_update

from .conftest import Personas, Tree
from .members_factories import make_member

DAY = dt.date(2026, 11, 2)


def later(days: int) -> dt.date:
    return DAY + dt.timedelta(days=days)


def link(member: Member, user: User, email: str) -> Member:
    """Give the member a login (the test's setup: how accounts are issued is not the point)."""
    User.objects.filter(pk=user.pk).update(email=email)
    Member.objects.filter(pk=member.pk).update(user=user)
    member.refresh_from_db()
    return member


@pytest.fixture
def cell(tree: Tree, people: Personas) -> dict[str, Any]:
    """Cell X1: a member with an account (dangvien), one without, and the secretary
    (bithu, an officer without a member record here); cell X2 beside it."""
    with_account = link(make_member(tree.X1, given_name="Bình"), people.member, "dangvien@example.vn")
    without_account = make_member(tree.X1, given_name="Cúc", phone="0912345678")
    User.objects.filter(pk=people.cell_secretary.pk).update(email="bithu@example.vn")
    neighbour = make_member(tree.X2, given_name="Dũng")
    return {"with_account": with_account, "without_account": without_account, "neighbour": neighbour}


def plan(org: Any, day: dt.date, **details: Any) -> Meeting:
    meeting = meeting_services.meeting_plan(actor=None, organization=org, kind=MeetingKind.REGULAR, date=day, title="Sinh hoạt tháng 11")
    if details:
        Meeting.objects.filter(pk=meeting.pk).update(**details)
        meeting.refresh_from_db()
    return meeting


def ready(org: Any, day: dt.date) -> Meeting:
    """A meeting planned with everything it needs (the secretary is not reminded of it)."""
    meeting = plan(org, day, agenda="1. Kiểm điểm công tác tháng", place="Nhà văn hóa thôn", starts_at=dt.time(19, 30))
    meeting_services.document_attach(actor=None, meeting=meeting, name="du-thao.pdf", content_type="application/pdf", content=b"%PDF-1.4")
    return meeting


def notices(kind: str) -> list[Notice]:
    return list(Notice.objects.filter(kind=kind).order_by("recipient"))


def recipients(kind: str) -> set[str]:
    return {n.recipient for n in Notice.objects.filter(kind=kind)}


# --- meetings -------------------------------------------------------------------------------


def test_it_invites_the_members_of_the_meeting_cell_two_weeks_ahead_and_no_one_else(
    cell: dict[str, Any], tree: Tree, people: Personas
) -> None:
    meeting = plan(tree.X1, later(14), agenda="1. Kiểm điểm công tác tháng", place="Nhà văn hóa thôn", starts_at=dt.time(19, 30))
    meeting_services.document_attach(
        actor=None, meeting=meeting, name="du-thao-nghi-quyet.pdf", content_type="application/pdf", content=b"%PDF-1.4"
    )

    notifications_run(day=DAY)

    sent = notices(NoticeKind.MEETING_INVITATION)
    assert {n.recipient for n in sent} == {f"u:{people.member.pk}", f"m:{cell['without_account'].pk}"}
    assert all(n.organization_id == tree.X1.pk and n.day == DAY for n in sent)
    # the member without an account is kept as the recipient, for the cell's printed list
    assert Notice.objects.get(recipient=f"m:{cell['without_account'].pk}").user_id is None
    assert [m.to for m in mail.outbox] == [["dangvien@example.vn"]]
    message = mail.outbox[0]
    html = str(message.alternatives[0][0])
    for part in (message.body, html):
        assert "Kiểm điểm công tác tháng" in part
        assert "du-thao-nghi-quyet.pdf" in part
        assert f"/meetings/documents/{meeting.documents.get().pk}/" in part
    assert message.alternatives[0][1] == "text/html"


def test_an_invitation_is_issued_once_over_its_two_week_window(cell: dict[str, Any], tree: Tree) -> None:
    plan(tree.X1, later(10))
    for n in range(5):
        notifications_run(day=later(n))
    assert Notice.objects.filter(kind=NoticeKind.MEETING_INVITATION).count() == 2
    # planned four days late, it belongs to the day two weeks before the meeting
    assert {n.day for n in notices(NoticeKind.MEETING_INVITATION)} == {later(10 - 14)}
    assert len([m for m in mail.outbox if "Invitation" in m.subject or "Thư mời" in m.subject]) == 1


def test_the_reminder_goes_the_day_before(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    plan(tree.X1, later(2))
    notifications_run(day=DAY)
    assert not notices(NoticeKind.MEETING_TOMORROW)
    notifications_run(day=later(1))
    assert recipients(NoticeKind.MEETING_TOMORROW) == {f"u:{people.member.pk}", f"m:{cell['without_account'].pk}"}


def test_the_secretary_is_told_what_the_meeting_still_needs(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    plan(tree.X1, later(16), place="Nhà văn hóa")
    plan(tree.X2, later(16))  # the neighbouring cell's secretary is not ours
    notifications_run(day=DAY)
    [notice] = notices(NoticeKind.MEETING_NEEDS)
    assert notice.recipient == f"u:{people.cell_secretary.pk}"
    assert notice.params["needs"] == ["agenda", "documents", "time"]
    message = next(m for m in mail.outbox if m.to == ["bithu@example.vn"])
    assert "còn thiếu: chương trình, tài liệu, giờ bắt đầu" in message.body  # Vietnamese: no language chosen


# --- dues -------------------------------------------------------------------------------------


@pytest.fixture
def dues_cell(cell: dict[str, Any], tree: Tree) -> dict[str, Any]:
    from partybuilding.dues import services as dues_services
    from partybuilding.dues.choices import BaseKind

    from .dues_factories import open_months, pay

    for member in (cell["with_account"], cell["without_account"], cell["neighbour"]):
        dues_services.dues_base_record(actor=None, member=member, from_month=dt.date(2025, 1, 1), kind=BaseKind.SALARY, amount=5_000_000)
    payer = make_member(tree.X1, given_name="Em")
    dues_services.dues_base_record(actor=None, member=payer, from_month=dt.date(2025, 1, 1), kind=BaseKind.SALARY, amount=5_000_000)
    for org in (tree.X1, tree.X2):
        open_months(org, dt.date(2026, 9, 1), dt.date(2026, 11, 1))
    for month in (dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)):
        pay(payer, month, 50_000)
    pay(cell["with_account"], dt.date(2026, 9, 1), 50_000)
    return {**cell, "payer": payer}


def test_dues_due_on_the_rule_day_to_those_who_have_not_paid(dues_cell: dict[str, Any], people: Personas) -> None:
    notifications_run(day=dt.date(2026, 11, 9))
    assert not notices(NoticeKind.DUES_DUE)
    notifications_run(day=dt.date(2026, 11, 10))
    expected = {f"u:{people.member.pk}", f"m:{dues_cell['without_account'].pk}", f"m:{dues_cell['neighbour'].pk}"}
    assert recipients(NoticeKind.DUES_DUE) == expected  # the member who paid is not told
    mine = Notice.objects.get(kind=NoticeKind.DUES_DUE, user=people.member)
    assert mine.params == {"month": "2026-11-01", "amount": 50_000}


def test_dues_in_arrears_count_the_ended_months_owed(dues_cell: dict[str, Any], people: Personas) -> None:
    notifications_run(day=dt.date(2026, 11, 10))
    owed = {n.recipient: n.params for n in notices(NoticeKind.DUES_ARREARS)}
    assert owed[f"u:{people.member.pk}"] == {"months": 1, "amount": 50_000}  # October; September paid
    assert owed[f"m:{dues_cell['without_account'].pk}"] == {"months": 2, "amount": 100_000}
    assert f"m:{dues_cell['payer'].pk}" not in owed
    # no language chosen: the system's, Vietnamese, and its numbers
    [message] = [m for m in mail.outbox if m.to == ["dangvien@example.vn"] and "50.000 đồng" in m.subject and "11/2026" not in m.subject]
    assert message


# --- tasks ------------------------------------------------------------------------------------


def make_task(tree: Tree, deadline: dt.date, member: Member | None = None) -> Any:
    from partybuilding.directives.services.tasks import task_create

    from .meetings_factories import held_meeting

    present = {m: Presence.PRESENT for m in Member.objects.filter(organization=tree.X1, status__in=IN_LIST)}
    source = held_meeting(tree.X1, dt.date(2026, 10, 5), present)
    person = "" if member else "Ban chi ủy"
    return task_create(
        actor=None,
        work="Rà soát hồ sơ đảng viên",
        organization=tree.X1,
        meeting=source,
        responsible_person=person,
        responsible_member=member,
        deadline=deadline,
    )


def test_a_task_due_soon_goes_to_its_member_or_else_to_the_cell_officers(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    mine = make_task(tree, later(3), cell["with_account"])
    cells = make_task(tree, later(2))
    make_task(tree, later(9))  # not yet
    notifications_run(day=DAY)
    found = {(n.object_key, n.recipient) for n in notices(NoticeKind.TASK_DUE_SOON)}
    assert found == {(f"task:{mine.pk}", f"u:{people.member.pk}"), (f"task:{cells.pk}", f"u:{people.cell_secretary.pk}")}


def test_an_overdue_task_is_told_once(cell: dict[str, Any], tree: Tree) -> None:
    task = make_task(tree, later(-1), cell["without_account"])
    for n in range(3):
        notifications_run(day=later(n))
    [notice] = notices(NoticeKind.TASK_OVERDUE)
    assert (notice.object_key, notice.recipient, notice.day) == (f"task:{task.pk}", f"m:{cell['without_account'].pk}", DAY)


# --- rules: scope, dates, switch ----------------------------------------------------------------


def test_a_cell_that_switches_a_kind_off_hears_nothing_of_it_and_its_neighbour_still_does(
    cell: dict[str, Any], tree: Tree, people: Personas
) -> None:
    rule_create(
        actor=people.cell_secretary, kind=NoticeKind.MEETING_INVITATION, organization=tree.X1, days=14, valid_from=DAY, active=False
    )
    plan(tree.X1, later(14))
    plan(tree.X2, later(14))
    notifications_run(day=DAY)
    assert recipients(NoticeKind.MEETING_INVITATION) == {f"m:{cell['neighbour'].pk}"}


def test_a_deeper_rule_decides_its_days_for_its_subtree(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    rule = rule_create(actor=people.commune_officer, kind=NoticeKind.MEETING_INVITATION, organization=tree.G1, days=7, valid_from=DAY)
    plan(tree.X1, later(10))  # outside G1's seven days
    plan(tree.Y1, later(10))  # C2: the rule everywhere, fourteen days
    notifications_run(day=DAY)
    assert Notice.objects.filter(kind=NoticeKind.MEETING_INVITATION, organization=tree.X1).count() == 0
    assert Notice.objects.filter(kind=NoticeKind.MEETING_INVITATION, organization=tree.Y1).count() == 0  # Y1 has no members
    notifications_run(day=later(3))
    assert {n.rule_id for n in notices(NoticeKind.MEETING_INVITATION)} == {rule.pk}


def test_a_rule_ended_before_the_day_is_not_in_force(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    everywhere = NotificationRule.objects.get(kind=NoticeKind.MEETING_TOMORROW, organization=None)
    rule_update(
        actor=people.superuser,
        rule=everywhere,
        expected_version=everywhere.version,
        days=1,
        valid_from=everywhere.valid_from,
        valid_to=DAY,
        active=True,
    )
    plan(tree.X1, later(2))
    notifications_run(day=DAY)  # in force, but the meeting is not tomorrow
    notifications_run(day=later(1))  # tomorrow, but the rule ended
    assert not notices(NoticeKind.MEETING_TOMORROW)


def test_a_secretary_cannot_set_a_rule_for_the_neighbouring_cell(tree: Tree, people: Personas) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        rule_create(actor=people.cell_secretary, kind=NoticeKind.DUES_DUE, organization=tree.X2, days=5, valid_from=DAY)


# --- channels -------------------------------------------------------------------------------------


def test_the_whole_day_run_twice_writes_and_sends_nothing_twice(cell: dict[str, Any], tree: Tree) -> None:
    ready(tree.X1, later(14))
    first = notifications_run(day=DAY)
    sent = len(mail.outbox)
    again = notifications_run(day=DAY)
    assert (first.created, again.created, again.queued) == (2, 0, 0)
    assert len(mail.outbox) == sent == 1
    assert Delivery.objects.filter(state=DeliveryState.SENT).count() == 1


def test_a_digest_brings_the_day_in_one_mail_and_never_sends_none(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    preference_set(actor=people.member, email=EmailChoice.DIGEST, language="en")
    preference_set(actor=people.cell_secretary, email=EmailChoice.NEVER, language="en")
    plan(tree.X1, later(14))
    plan(tree.X1, later(1))
    make_task(tree, later(2))  # to the secretary
    notifications_run(day=DAY)
    assert Notice.objects.filter(user=people.member).count() == 3  # two invitations and a reminder
    assert Notice.objects.filter(user=people.cell_secretary).exists()  # in the bell all the same
    [digest] = mail.outbox
    assert digest.to == ["dangvien@example.vn"]
    assert digest.subject == "Your notices of 02/11/2026"
    assert digest.body.count("* ") == 3


def test_the_mail_speaks_the_recipient_language(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    preference_set(actor=people.member, email=EmailChoice.IMMEDIATE, language="vi")
    ready(tree.X1, later(14))
    notifications_run(day=DAY)
    [message] = mail.outbox
    assert message.subject.startswith("Thư mời")
    assert '<html lang="vi">' in str(message.alternatives[0][0])
    assert "Thời gian" in message.body


def test_a_worker_that_died_while_sending_sends_nothing_twice(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    """Five e-mails planned; a worker claimed them all, was sending the second and died.
    After recovery the first (sent) and the second (uncertain) are not sent again; the
    three never tried are, once."""
    users = []
    for n in range(5):
        user = User.objects.create_user(username=f"dv{n}", email=f"dv{n}@example.vn")
        users.append(link(make_member(tree.X1, given_name=f"Giang{n}"), user, f"dv{n}@example.vn"))
    ready(tree.X1, later(14))
    from django.test import override_settings

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        notifications_run(day=DAY)  # queued, not sent: no worker
    assert mail.outbox == []
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == 6
    taken = delivery.claim(ids)
    assert taken == ids and delivery.claim(ids) == []  # claimed once
    # the dead worker: the first sent, the second in the mail server's hands
    Delivery.objects.filter(pk=ids[0]).update(state=DeliveryState.SENT)
    Delivery.objects.filter(pk=ids[1]).update(state=DeliveryState.SENDING)

    counts = delivery.recover(lease=dt.timedelta(0))
    assert counts == {"reclaimed": 4, "uncertain": 1, "queued": 4}
    assert len(mail.outbox) == 4
    assert Delivery.objects.get(pk=ids[1]).state == DeliveryState.UNCERTAIN
    assert delivery.recover(lease=dt.timedelta(0)) == {"reclaimed": 0, "uncertain": 0, "queued": 0}
    notifications_run(day=DAY)
    assert len(mail.outbox) == 4
    assert AuditEntry.objects.filter(action="notifications.recovered").count() == 1
    assert AuditEntry.objects.filter(action="notifications.sent").exists()


def test_a_second_worker_cannot_send_what_the_first_holds(cell: dict[str, Any], tree: Tree) -> None:
    from django.test import override_settings

    ready(tree.X1, later(14))
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        notifications_run(day=DAY)
    [pk] = Delivery.objects.values_list("pk", flat=True)
    assert delivery.claim([pk]) == [pk]
    delivery.send_claimed([pk])
    delivery.send_claimed([pk])  # a late duplicate of the task
    assert len(mail.outbox) == 1


# --- the bell, the page, the export -------------------------------------------------------------------


def test_the_bell_counts_the_unread_with_one_cheap_query(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    plan(tree.X1, later(14))
    plan(tree.X1, later(1))
    notifications_run(day=DAY)
    assert selectors.unread_count(people.member) == 3
    with CaptureQueriesContext(connection) as queries:
        selectors.unread_count(people.member)
    assert len(queries) == 1


def test_the_page_lists_opens_and_marks_read(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    from .conftest import client_for

    plan(tree.X1, later(14))
    plan(tree.X1, later(1))
    notifications_run(day=DAY)
    client = client_for(people.member)
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert b'data-testid="bell-count">3<' in page.content
    assert "Invitation: Regular monthly meeting of Chi bộ Thôn Đông".encode() in page.content
    reminder = Notice.objects.get(user=people.member, kind=NoticeKind.MEETING_TOMORROW)
    opened = client.get(f"/notifications/{reminder.pk}/")
    assert opened.status_code == 200 and b'data-testid="bell-count">2<' in opened.content
    assert client.get("/notifications/?state=unread").context["page"].paginator.count == 2
    assert client.get("/notifications/?kind=meeting_tomorrow").context["page"].paginator.count == 1
    assert client.get("/notifications/?q=sinh+hoat+thang").context["page"].paginator.count == 3
    assert client.get("/notifications/?q=nghi+quyet").context["page"].paginator.count == 0
    client.post("/notifications/read-all/")
    assert selectors.unread_count(people.member) == 0
    # someone else's notice is missing
    other = Notice.objects.filter(user__isnull=True).first()
    assert client.get(f"/notifications/{other.pk}/").status_code == 404


def test_the_secretary_prints_the_cell_day_for_the_member_without_an_account(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    from openpyxl import load_workbook

    from .conftest import client_for

    plan(tree.X1, later(14), agenda="1. Kiểm điểm")
    plan(tree.X2, later(14))
    notifications_run(day=DAY)
    client = client_for(people.cell_secretary)
    page = client.get(f"/notifications/day/?within={tree.X1.pk}&day=02/11/2026")
    assert page.status_code == 200
    text = page.content.decode()
    assert cell["without_account"].full_name in text and "0912345678" in text
    assert cell["neighbour"].full_name not in text
    export = client.get(f"/notifications/day.xlsx?within={tree.X1.pk}&day=02/11/2026")
    sheet = load_workbook(__import__("io").BytesIO(b"".join(export.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    names = [r[1] for r in rows]
    assert names[0] == cell["without_account"].full_name and cell["neighbour"].full_name not in names
    assert AuditEntry.objects.filter(action="notifications.day.export").count() == 2
    assert client.get(f"/notifications/day/?within={tree.X2.pk}").status_code == 404
    assert client_for(people.member).get(f"/notifications/day/?within={tree.X1.pk}").status_code == 403


def test_the_rules_page_and_a_new_rule(tree: Tree, people: Personas) -> None:
    from .conftest import client_for

    client = client_for(people.cell_secretary)
    assert client.get(f"/notifications/rules/?within={tree.X1.pk}").status_code == 200
    answer = client.post(
        f"/notifications/rules/new/{tree.X1.pk}/", {"kind": "dues_due", "days": "5", "valid_from": "01/12/2026", "active": "on"}
    )
    assert answer.status_code == 302
    rule = NotificationRule.objects.get(organization=tree.X1)
    assert (rule.days, rule.valid_from, rule.org_path) == (5, dt.date(2026, 12, 1), tree.X1.path)
    refused = client.post(
        f"/notifications/rules/{rule.pk}/", {"version": rule.version, "days": "5", "valid_from": "01/12/2026", "valid_to": "01/11/2026"}
    )
    assert refused.status_code == 422
    assert (
        client.post(f"/notifications/rules/new/{tree.X2.pk}/", {"kind": "dues_due", "days": "5", "valid_from": "01/12/2026"}).status_code
        == 404
    )


def test_the_preferences_page(people: Personas) -> None:
    from .conftest import client_for

    client = client_for(people.member)
    assert client.get("/notifications/preferences/").status_code == 200
    assert client.post("/notifications/preferences/", {"email": "digest", "language": "en"}).status_code == 302
    assert Preference.objects.get(user=people.member).email == EmailChoice.DIGEST


# --- the API ----------------------------------------------------------------------------------------


def test_the_api_reads_and_marks_my_notices_only(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    from .conftest import client_for

    plan(tree.X1, later(14))
    plan(tree.X1, later(1))
    notifications_run(day=DAY)
    client = client_for(people.member)
    assert client.get("/api/notifications/unread-count").json() == {"count": 3}
    listed = client.get("/api/notifications?unread=true").json()
    assert listed["count"] == 3 and listed["items"][0]["title"]
    first = listed["items"][0]["id"]
    read = client.post(f"/api/notifications/{first}/read")
    assert read.status_code == 200 and read.json()["read_at"]
    assert client.get("/api/notifications?unread=true").json()["count"] == 2
    assert client.post("/api/notifications/read-all").json() == {"count": 2}
    other = Notice.objects.filter(user__isnull=True).first()
    assert client.post(f"/api/notifications/{other.pk}/read").status_code == 404
    assert client.get("/api/notifications/preferences").json() == {"email": "immediate", "language": "vi"}
    put = client.put("/api/notifications/preferences", {"email": "never", "language": "en"}, content_type="application/json")
    assert put.status_code == 200 and put.json() == {"email": "never", "language": "en"}
    bad = client.put("/api/notifications/preferences", {"email": "sometimes", "language": "en"}, content_type="application/json")
    assert bad.status_code == 422


# --- study and badges ---------------------------------------------------------------------------


def test_study_not_done_goes_to_the_members_who_have_not_studied(cell: dict[str, Any], tree: Tree, people: Personas) -> None:
    from partybuilding.directives.models import StudyAssignment

    from .directive_c_targets import campaign_of

    campaign = campaign_of(tree.X1, deadline=later(5), members_on=dt.date(2026, 9, 15))
    StudyAssignment.objects.filter(campaign=campaign, member=cell["without_account"]).update(done=True, studied_on=DAY)
    notifications_run(day=later(-3))  # more than a week before the deadline: not yet
    assert not notices(NoticeKind.STUDY_NOT_DONE)
    notifications_run(day=DAY)
    assert f"u:{people.member.pk}" in recipients(NoticeKind.STUDY_NOT_DONE)
    assert f"m:{cell['without_account'].pk}" not in recipients(NoticeKind.STUDY_NOT_DONE)  # done
    assert f"m:{cell['neighbour'].pk}" not in recipients(NoticeKind.STUDY_NOT_DONE)  # another cell's
    [mine] = [n for n in notices(NoticeKind.STUDY_NOT_DONE) if n.user_id == people.member.pk]
    assert mine.day == later(5 - 7)


def test_badges_due_are_counted_for_each_committee_over_its_subtree(tree: Tree, people: Personas) -> None:
    make_member(tree.X1, admitted=dt.date(1996, 3, 1), official=dt.date(1997, 3, 1))  # 30 years on 07/11/2026
    make_member(tree.X2, admitted=dt.date(1996, 3, 1), official=dt.date(1997, 3, 1))
    notifications_run(day=DAY)
    told = {n.recipient: n.params for n in notices(NoticeKind.BADGES_DUE)}
    assert told[f"u:{people.commune_officer.pk}"] == {"award": "2026-11-07", "count": 2, "organization": tree.C1.name}
    assert told[f"u:{people.standing_member.pk}"]["count"] >= 2  # the province's committee counts its whole subtree
    assert f"u:{people.outsider.pk}" not in told  # nobody due in C2
    assert f"u:{people.cell_secretary.pk}" not in told  # a cell does not propose badges


def test_only_the_superuser_changes_a_rule_in_force_everywhere(people: Personas) -> None:
    from .conftest import client_for

    everywhere = NotificationRule.objects.get(kind=NoticeKind.DUES_DUE, organization=None)
    body = {"version": everywhere.version, "days": "12", "valid_from": "01/01/2025", "active": "on"}
    assert client_for(people.admin).post(f"/notifications/rules/{everywhere.pk}/", body).status_code == 404
    answer = client_for(people.superuser).post(f"/notifications/rules/{everywhere.pk}/", body)
    assert answer.status_code == 302 and answer["Location"] == "/notifications/rules/"
    everywhere.refresh_from_db()
    assert everywhere.days == 12
    assert AuditEntry.objects.filter(action="notifications.rule_update", object_id=str(everywhere.pk)).exists()
