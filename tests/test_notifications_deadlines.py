"""The handlers' deadlines: an admission candidate's next step, a transfer letter not
received in time, an appeal to settle and a denunciation to handle — each announced on its
day to those who handle it (the officers of the organization that holds it; a
denunciation's assigned handlers) and to no one of the neighbouring organization, once; a
denunciation's notice never names who denounced, in the application or in the e-mail."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from partybuilding.accounts.models import User
from partybuilding.admissions.choices import Stage
from partybuilding.admissions.selectors import next_step
from partybuilding.inspections.choices import DisciplineForm
from partybuilding.inspections.models import Denunciation
from partybuilding.inspections.models.denunciations import IDENTITY_FIELDS
from partybuilding.members.choices import TransferKind
from partybuilding.members.models import Member
from partybuilding.members.transfers.services import transfer_issue, transfer_receive
from partybuilding.notifications.choices import NoticeKind
from partybuilding.notifications.generation import notifications_run
from partybuilding.notifications.models import Notice
from partybuilding.notifications.sources import load
from partybuilding.notifications.texts import describe

from . import inspection_d_targets as inspections
from .admissions_factories import make_candidate, walk
from .conftest import Personas, Tree, client_for, make_user
from .members_factories import make_member

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 2)


def later(days: int) -> dt.date:
    return DAY + dt.timedelta(days=days)


def officer(username: str, role: str, org: Any) -> User:
    return make_user(username, role, org, email=f"{username}@example.vn")


def told(kind: str) -> dict[str, set[str]]:
    """Who was told of what: object key → recipients."""
    found: dict[str, set[str]] = {}
    for notice in Notice.objects.filter(kind=kind):
        found.setdefault(notice.object_key, set()).add(notice.recipient)
    return found


def test_every_new_kind_has_a_source_and_a_rule_in_force_everywhere() -> None:
    from partybuilding.notifications.models import NotificationRule

    new = [
        NoticeKind.ADMISSION_DUE_SOON,
        NoticeKind.ADMISSION_OVERDUE,
        NoticeKind.TRANSFER_OVERDUE,
        NoticeKind.APPEAL_DUE_SOON,
        NoticeKind.APPEAL_OVERDUE,
        NoticeKind.DENUNCIATION_DUE_SOON,
        NoticeKind.DENUNCIATION_OVERDUE,
    ]
    sources = load()
    for kind in new:
        rule = NotificationRule.objects.get(kind=kind, organization=None)
        assert rule.active and rule.days == sources[kind].default_days, kind


# --- admissions -------------------------------------------------------------------------------


@pytest.fixture
def candidates(tree: Tree, people: Personas) -> dict[str, Any]:
    """A candidate on probation in cell X1 and one in cell X2 beside it, on the same dates;
    X2 has its own secretary."""
    x2_secretary = officer("bithu.x2", "cell_secretary", tree.X2)
    ours = walk(make_candidate(tree.X1), Stage.PROBATION)
    theirs = walk(make_candidate(tree.X2), Stage.PROBATION)
    return {"ours": ours, "theirs": theirs, "x2_secretary": x2_secretary}


def test_a_candidate_deadline_is_told_to_the_cell_officers_days_ahead_and_when_missed(
    candidates: dict[str, Any], tree: Tree, people: Personas
) -> None:
    ours, theirs = candidates["ours"], candidates["theirs"]
    # the admissions app's own deadline: official status considered within its working days after probation
    deadline = next_step(ours, ours.probation_ends_on).deadline
    assert deadline is not None and deadline > ours.probation_ends_on

    notifications_run(day=deadline - dt.timedelta(days=8))
    assert told(NoticeKind.ADMISSION_DUE_SOON) == {}
    notifications_run(day=deadline - dt.timedelta(days=7))
    soon = told(NoticeKind.ADMISSION_DUE_SOON)
    assert soon[f"candidate:{ours.pk}:{Stage.PROBATION}"] == {f"u:{people.cell_secretary.pk}"}
    assert soon[f"candidate:{theirs.pk}:{Stage.PROBATION}"] == {f"u:{candidates['x2_secretary'].pk}"}
    notice = Notice.objects.get(kind=NoticeKind.ADMISSION_DUE_SOON, user=people.cell_secretary)
    assert notice.day == deadline - dt.timedelta(days=7) and notice.organization_id == tree.X1.pk
    with translation.override("en"):
        assert describe(notice).title == f"Cell considers official status for {ours.full_name}: due by {deadline:%d/%m/%Y}"
    with translation.override("vi"):
        assert ours.full_name in describe(notice).title and f"{deadline:%d/%m/%Y}" in describe(notice).title

    # nothing more until the deadline is missed; then once, however many runs follow
    notifications_run(day=deadline)
    assert told(NoticeKind.ADMISSION_OVERDUE) == {}
    for n in range(1, 4):
        notifications_run(day=deadline + dt.timedelta(days=n))
    overdue = Notice.objects.filter(kind=NoticeKind.ADMISSION_OVERDUE, object_key=f"candidate:{ours.pk}:{Stage.PROBATION}")
    assert [(n.recipient, n.day) for n in overdue] == [(f"u:{people.cell_secretary.pk}", deadline + dt.timedelta(days=1))]
    assert Notice.objects.filter(kind=NoticeKind.ADMISSION_DUE_SOON).count() == 2  # one each, never again


def test_a_candidate_whose_step_is_done_is_not_told_overdue(candidates: dict[str, Any], people: Personas) -> None:
    ours = candidates["ours"]
    deadline = next_step(ours, ours.probation_ends_on).deadline
    assert deadline is not None
    walk(ours, Stage.CONSIDERED)
    notifications_run(day=deadline + dt.timedelta(days=1))
    assert f"candidate:{ours.pk}:{Stage.PROBATION}" not in told(NoticeKind.ADMISSION_OVERDUE)


# --- transfers --------------------------------------------------------------------------------


def test_a_transfer_not_received_in_time_is_told_to_the_receiving_cell_only(tree: Tree, people: Personas) -> None:
    x2_secretary = officer("bithu.x2", "cell_secretary", tree.X2)
    member = make_member(tree.X1, given_name="Giang")
    letter = dt.date(2026, 10, 1)  # to be presented within 30 days: by 31/10/2026
    waiting = transfer_issue(
        actor=None, member=member, kind=TransferKind.OFFICIAL, letter_number="21-GGT", letter_date=letter, to_organization=tree.X2
    )
    received = transfer_issue(
        actor=None,
        member=make_member(tree.X1, given_name="Hà"),
        kind=TransferKind.OFFICIAL,
        letter_number="22-GGT",
        letter_date=letter,
        to_organization=tree.X2,
    )
    transfer_receive(actor=None, transfer=received, date=dt.date(2026, 10, 20))

    notifications_run(day=dt.date(2026, 10, 31))  # the last day is still in time
    assert told(NoticeKind.TRANSFER_OVERDUE) == {}
    notifications_run(day=dt.date(2026, 11, 1))
    notifications_run(day=DAY)
    assert told(NoticeKind.TRANSFER_OVERDUE) == {f"transfer:{waiting.pk}": {f"u:{x2_secretary.pk}"}}  # not X1's secretary
    notice = Notice.objects.get(kind=NoticeKind.TRANSFER_OVERDUE)
    assert notice.day == dt.date(2026, 11, 1) and notice.organization_id == tree.X2.pk
    with translation.override("en"):
        described = describe(notice)
    assert described.title == f"The transfer of {member.full_name} was to be received by 31/10/2026"
    assert described.lines == [f"Letter 21-GGT from {tree.X1.name}"]
    [message] = [m for m in mail.outbox if m.to == ["bithu.x2@example.vn"]]
    # no language chosen: Vietnamese
    assert f"Chuyển sinh hoạt đảng của đồng chí {member.full_name} chưa được tiếp nhận (hạn chót ngày 31/10/2026)" in message.body


# --- appeals ----------------------------------------------------------------------------------


@pytest.fixture
def inspectors(tree: Tree) -> dict[str, User]:
    """The inspection officers of commune C1 and of commune C2 beside it."""
    return {"C1": officer("kiemtra.c1", "inspection_officer", tree.C1), "C2": officer("kiemtra.c2", "inspection_officer", tree.C2)}


def test_an_appeal_is_told_to_the_settling_organization_inspectors_ahead_and_when_missed(
    tree: Tree, people: Personas, inspectors: dict[str, User]
) -> None:
    member = make_member(tree.X1)
    ours = inspections.appeal(
        inspections.discipline(tree.C1, member, DisciplineForm.REPRIMAND, dt.date(2026, 9, 1)), tree.C1, dt.date(2026, 9, 20), later(7)
    )
    neighbour = make_member(tree.Y1)
    theirs = inspections.appeal(
        inspections.discipline(tree.C2, neighbour, DisciplineForm.REPRIMAND, dt.date(2026, 9, 1)), tree.C2, dt.date(2026, 9, 20), later(20)
    )

    notifications_run(day=DAY)
    assert told(NoticeKind.APPEAL_DUE_SOON) == {f"appeal:{ours.pk}": {f"u:{inspectors['C1'].pk}"}}
    notifications_run(day=later(7))
    assert told(NoticeKind.APPEAL_OVERDUE) == {}
    notifications_run(day=later(8))
    notice = Notice.objects.get(kind=NoticeKind.APPEAL_OVERDUE)
    assert (notice.object_key, notice.recipient, notice.day) == (f"appeal:{ours.pk}", f"u:{inspectors['C1'].pk}", later(8))
    with translation.override("en"):
        assert describe(notice).title == f"Appeal filed on 20/09/2026: not settled by {later(7):%d/%m/%Y}"

    notifications_run(day=later(13))  # the neighbour's appeal, due in a week: to its own inspector
    assert told(NoticeKind.APPEAL_DUE_SOON)[f"appeal:{theirs.pk}"] == {f"u:{inspectors['C2'].pk}"}
    # never the province's inspection officer, nor the commune's organizing officer
    assert not Notice.objects.filter(user__in=[people.inspection_officer, people.commune_officer]).exists()


# --- denunciations ----------------------------------------------------------------------------

IDENTITY = {
    "denouncer_name": "Đinh Bí Mật Tốcáo",
    "denouncer_address": "Ngõ Vắng, phường Kín",
    "denouncer_phone": "0987654321",
    "denouncer_email": "bimat@example.vn",
    "denouncer_id_number": "001088765432",
}
SUMMARY = "Tôi, Đinh Bí Mật Tốcáo, tố cáo sai phạm đất đai"  # what the denouncer wrote may name them


def denounce(org: Any, due: dt.date, **extra: Any) -> Denunciation:
    return inspections.denunciation(
        org, dt.date(2026, 9, 1), accepted_on=dt.date(2026, 9, 5), due=due, summary=SUMMARY, **IDENTITY, **extra
    )


def test_a_denunciation_is_told_to_its_handlers_only_and_never_names_who_denounced(
    tree: Tree, people: Personas, inspectors: dict[str, User]
) -> None:
    handler = officer("kiemtra.xuly", "inspection_officer", tree.P)
    released = officer("kiemtra.cu", "inspection_officer", tree.P)
    assigned = denounce(tree.C1, later(7))
    assigned.handlers.create(user=handler, assigned_on=dt.date(2026, 9, 5))
    assigned.handlers.create(user=released, assigned_on=dt.date(2026, 9, 5), released_on=dt.date(2026, 9, 10))
    unassigned = denounce(tree.C1, later(5))  # nobody assigned yet: the commune's inspectors
    beside = denounce(tree.C2, later(6))

    with CaptureQueriesContext(connection) as queries:
        notifications_run(day=DAY)
    assert told(NoticeKind.DENUNCIATION_DUE_SOON) == {
        f"denunciation:{assigned.pk}": {f"u:{handler.pk}"},
        f"denunciation:{unassigned.pk}": {f"u:{inspectors['C1'].pk}"},
        f"denunciation:{beside.pk}": {f"u:{inspectors['C2'].pk}"},
    }
    # the run never even reads who denounced
    assert not any("denouncer" in q["sql"] for q in queries.captured_queries)

    notice = Notice.objects.get(kind=NoticeKind.DENUNCIATION_DUE_SOON, user=handler)
    with translation.override("en"):
        assert describe(notice).title == f"Denunciation no. {assigned.pk} received on 01/09/2026: to be handled by {later(7):%d/%m/%Y}"
    messages = [m for m in mail.outbox if m.to == ["kiemtra.xuly@example.vn"]]
    assert len(messages) == 1
    shown = [
        json.dumps(notice.params, ensure_ascii=False),
        notice.search,
        messages[0].subject,
        messages[0].body,
        str(messages[0].alternatives[0][0]),
    ]
    for language in ("vi", "en"):
        with translation.override(language):
            shown += [describe(notice).title, *describe(notice).lines]
    secrets = [*IDENTITY.values(), SUMMARY, "Bi Mat", "Tocao"]
    leaks = [(secret, text) for text in shown for secret in secrets if secret.lower() in text.lower()]
    assert leaks == []
    assert f"/inspections/denunciations/{assigned.pk}/" in messages[0].body
    page = client_for(handler).get("/notifications/").content.decode()  # the handler's own list of notices
    assert f"Denunciation no. {assigned.pk} received on 01/09/2026" in page
    assert not [secret for secret in secrets if secret in page]

    notifications_run(day=later(8))
    assert told(NoticeKind.DENUNCIATION_OVERDUE) == {
        f"denunciation:{assigned.pk}": {f"u:{handler.pk}"},
        f"denunciation:{unassigned.pk}": {f"u:{inspectors['C1'].pk}"},
        f"denunciation:{beside.pk}": {f"u:{inspectors['C2'].pk}"},
    }
    assert not Notice.objects.filter(user=released).exists()
    assert set(IDENTITY_FIELDS) == set(IDENTITY)  # the secrets checked are all the identity there is


def test_a_handler_who_is_denounced_is_not_told(tree: Tree, inspectors: dict[str, User]) -> None:
    """The commune's inspector who is a member of the cell denounced hears nothing of it."""
    denounced_inspector = inspectors["C1"]
    member = make_member(tree.X1)
    Member.objects.filter(pk=member.pk).update(user=denounced_inspector)
    about_them = denounce(tree.C1, later(7), member=Member.objects.get(pk=member.pk))
    notifications_run(day=DAY)
    assert f"denunciation:{about_them.pk}" not in told(NoticeKind.DENUNCIATION_DUE_SOON)
    assert not Notice.objects.filter(user=denounced_inspector).exists()


def test_a_denunciation_concluded_is_not_told_overdue(tree: Tree, inspectors: dict[str, User]) -> None:
    done = denounce(tree.C1, later(-3), status="concluded")
    notifications_run(day=DAY)
    assert f"denunciation:{done.pk}" not in told(NoticeKind.DENUNCIATION_OVERDUE)
    assert told(NoticeKind.DENUNCIATION_OVERDUE) == {}
