"""The meeting services at their rules' boundaries."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from partybuilding.core.audit import audit_verify
from partybuilding.core.errors import Refusal
from partybuilding.core.models import AuditEntry
from partybuilding.core.records import Decision
from partybuilding.meetings import roster, scoring, services
from partybuilding.meetings.choices import CriterionKind, Level, MeetingKind, MeetingStatus, Presence
from partybuilding.meetings.models import Amendment, Meeting
from partybuilding.meetings.services import AttendanceIn, CriterionIn
from partybuilding.members.lifecycle.services import member_exempt

from .conftest import Tree
from .meetings_factories import full_details, held_meeting
from .members_factories import make_member

pytestmark = pytest.mark.django_db

P, E, U = Presence.PRESENT, Presence.EXCUSED, Presence.UNEXCUSED


@pytest.fixture
def cell(tree: Tree) -> dict[str, Any]:
    members = [make_member(tree.X1, given_name=name) for name in ("An", "Bình", "Cường", "Dung")]
    return {"org": tree.X1, "members": members}


def test_it_plans_once_when_the_form_is_submitted_twice(cell: dict[str, Any]) -> None:
    submission = uuid.uuid4()
    first = services.meeting_plan(actor=None, organization=cell["org"], kind="regular", date=dt.date(2026, 3, 5), submission=submission)
    again = services.meeting_plan(actor=None, organization=cell["org"], kind="regular", date=dt.date(2026, 3, 5), submission=submission)
    assert first.pk == again.pk
    assert Meeting.objects.filter(organization=cell["org"]).count() == 1


def test_it_refuses_a_meeting_kind_the_organization_does_not_hold(tree: Tree) -> None:
    with pytest.raises(Refusal, match="does not hold"):
        services.meeting_plan(actor=None, organization=tree.G1, kind=MeetingKind.REGULAR, date=dt.date(2026, 3, 5))
    meeting = services.meeting_plan(actor=None, organization=tree.G1, kind=MeetingKind.GRASSROOTS_COMMITTEE, date=dt.date(2026, 3, 5))
    assert meeting.status == MeetingStatus.PLANNED


def test_the_expected_members_are_the_cells_members_on_the_day_and_exempted_ones_are_not_required(cell: dict[str, Any]) -> None:
    an, binh, *_ = cell["members"]
    member_exempt(actor=None, member=binh, date=dt.date(2026, 4, 10), decision=Decision(number="3-QĐ", date=dt.date(2026, 4, 10)))
    before = {e.member.pk: e.required for e in roster.expected(cell["org"], MeetingKind.REGULAR, dt.date(2026, 4, 9))}
    on_the_day = {e.member.pk: e.required for e in roster.expected(cell["org"], MeetingKind.REGULAR, dt.date(2026, 4, 10))}
    assert before[binh.pk] is True
    assert on_the_day[binh.pk] is False
    assert on_the_day[an.pk] is True
    # An exempted member who stays away is not counted absent, and need not be marked.
    presence = {m: P for m in cell["members"] if m != binh}
    meeting = held_meeting(cell["org"], dt.date(2026, 4, 15), presence)
    row = meeting.attendance.get(member=binh)
    assert (row.required, row.presence) == (False, E)
    assert scoring.measures(meeting).attendance_rate == 100


def test_it_asks_for_the_reason_of_an_excused_absence(cell: dict[str, Any]) -> None:
    meeting = services.meeting_plan(actor=None, organization=cell["org"], kind="regular", date=dt.date(2026, 5, 5))
    entries = [AttendanceIn(m.pk, P) for m in cell["members"][1:]] + [AttendanceIn(cell["members"][0].pk, E, "")]
    with pytest.raises(Refusal, match="write the reason"):
        services.attendance_record(actor=None, meeting=meeting, entries=entries)


def test_it_refuses_attendance_missing_a_member(cell: dict[str, Any]) -> None:
    meeting = services.meeting_plan(actor=None, organization=cell["org"], kind="regular", date=dt.date(2026, 5, 5))
    with pytest.raises(Refusal, match="Mark the attendance"):
        services.attendance_record(actor=None, meeting=meeting, entries=[AttendanceIn(cell["members"][0].pk, P)])


def test_a_closed_meeting_refuses_edits_and_takes_an_audited_amendment(cell: dict[str, Any]) -> None:
    from partybuilding.meetings.services import ItemIn

    an = cell["members"][0]
    items = (ItemIn("Nghị quyết tháng", 3, 0, 1),)
    meeting = held_meeting(cell["org"], dt.date(2026, 6, 10), {m: P for m in cell["members"]}, items=items)
    assert meeting.status == MeetingStatus.CLOSED
    with pytest.raises(Refusal, match="closed"):
        services.meeting_record(actor=None, meeting=meeting, details=full_details(dt.date(2026, 6, 10), resolution="khác"))
    with pytest.raises(Refusal, match="closed"):
        services.attendance_record(actor=None, meeting=meeting, entries=[AttendanceIn(m.pk, U) for m in cell["members"]])
    with pytest.raises(Refusal, match="reason"):
        services.meeting_amend(actor=None, meeting=meeting, reason=" ", attendance=[])
    entries = [AttendanceIn(m.pk, U if m == an else P, "", 0 if m == an else 1) for m in cell["members"]]
    with pytest.raises(Refusal, match="4 votes"):  # the votes recorded no longer fit the members present
        services.meeting_amend(actor=None, meeting=meeting, reason="Ghi nhầm", attendance=entries)
    meeting.refresh_from_db()
    details = full_details(dt.date(2026, 6, 10), items=(ItemIn("Nghị quyết tháng", 3, 0, 0),))
    amendment = services.meeting_amend(
        actor=None, meeting=meeting, reason="Ghi nhầm: đồng chí An vắng", details=details, attendance=entries
    )
    meeting.refresh_from_db()
    assert meeting.attendance.get(member=an).presence == U
    assert amendment.before["attendance"][str(an.pk)][0] == P
    assert amendment.after["attendance"][str(an.pk)][0] == U
    assert Amendment.objects.filter(meeting=meeting).count() == 1
    entry = AuditEntry.objects.filter(action="meeting.amend", object_id=str(meeting.pk)).get()
    assert entry.after["reason"] == "Ghi nhầm: đồng chí An vắng"
    assert meeting.score is not None and meeting.score < 100  # attendance 75%: scored again
    assert audit_verify().broken_at is None


def test_it_refuses_to_record_a_meeting_in_the_future(cell: dict[str, Any]) -> None:
    from django.utils import timezone

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    meeting = services.meeting_plan(actor=None, organization=cell["org"], kind="regular", date=tomorrow)
    with pytest.raises(Refusal, match="future"):
        services.meeting_record(actor=None, meeting=meeting, details=full_details(tomorrow))


def test_votes_cannot_outnumber_the_members_present(cell: dict[str, Any]) -> None:
    from partybuilding.meetings.services import ItemIn

    presence = {m: (P if i < 2 else E) for i, m in enumerate(cell["members"])}
    with pytest.raises(Refusal, match="votes"):
        held_meeting(cell["org"], dt.date(2026, 6, 3), presence, items=(ItemIn("Nghị quyết", 3, 0, 0),))


# --- quality score ----------------------------------------------------------------------


def test_a_full_meeting_scores_good_by_the_default_scheme(cell: dict[str, Any]) -> None:
    meeting = held_meeting(cell["org"], dt.date(2026, 2, 10), {m: P for m in cell["members"]})
    assert (meeting.score, meeting.level) == (100, Level.GOOD)
    assert meeting.scheme is not None and meeting.scheme.effective_from == dt.date(2025, 7, 1)


def test_good_needs_full_marks_on_the_required_criteria(cell: dict[str, Any]) -> None:
    # Attendance 75% < 90%: 25 of 30 points; 95 in all, but not "good" without full attendance marks.
    presence = {m: (U if i == 0 else P) for i, m in enumerate(cell["members"])}
    meeting = held_meeting(cell["org"], dt.date(2026, 2, 10), presence)
    assert (meeting.score, meeting.level) == (95, Level.FAIR)


def test_the_levels_at_their_thresholds() -> None:
    from partybuilding.meetings.models import ScoringScheme

    scheme = ScoringScheme.objects.get(province__isnull=True)
    full = scoring.Measures(100, 120, 5, True, True)
    assert scoring.score(scheme, full) == (100, Level.GOOD)
    # Without the resolution (10 points, not required for "good"): exactly 90, still good.
    assert scoring.score(scheme, scoring.Measures(100, 120, 5, True, False)) == (90, Level.GOOD)
    # 70 is fair, 69 average; 50 average, 49 poor.
    assert scoring.score(scheme, scoring.Measures(100, 90, 3, False, False))[1] == Level.FAIR  # 70
    assert scoring.score(scheme, scoring.Measures(100, 85, 3, False, False)) == (68, Level.AVERAGE)
    assert scoring.score(scheme, scoring.Measures(100, 0, 0, True, False)) == (50, Level.AVERAGE)
    assert scoring.score(scheme, scoring.Measures(80, 0, 0, True, False)) == (46, Level.POOR)


@pytest.mark.parametrize(("day", "by_new"), [(dt.date(2026, 8, 31), False), (dt.date(2026, 9, 1), True), (dt.date(2026, 9, 2), True)])
def test_a_meeting_is_scored_by_the_scheme_in_force_on_its_date(
    cell: dict[str, Any], people: Any, monkeypatch: pytest.MonkeyPatch, day: dt.date, by_new: bool
) -> None:
    from partybuilding.meetings.services import schemes

    # The province decided in August 2026 on a stricter scheme from 1 September 2026.
    monkeypatch.setattr(schemes, "today", lambda: dt.date(2026, 8, 15))
    new = services.scheme_create(
        actor=people.provincial_officer,
        province=cell["org"].ancestors().first(),
        name="Tiêu chí 2026",
        effective_from=dt.date(2026, 9, 1),
        criteria=[
            CriterionIn(CriterionKind.ATTENDANCE_RATE, 50, 100, True),
            CriterionIn(CriterionKind.DURATION, 20, 150, True),
            CriterionIn(CriterionKind.CONTRIBUTIONS, 10, 3, True),
            CriterionIn(CriterionKind.MINUTES_COMPLETE, 20, 1, True),
        ],
    )
    meeting = held_meeting(cell["org"], day, {m: P for m in cell["members"]})
    assert meeting.scheme_id == (new.pk if by_new else scoring.scheme_in_force(cell["org"], dt.date(2026, 8, 31)).pk)
    # Under the new scheme 120 minutes of 150 give 16 of 20 points.
    assert meeting.score == (96 if by_new else 100)


def test_a_new_scheme_is_for_the_province_and_adds_up_to_100(tree: Tree, people: Any) -> None:
    future = dt.date.today() + dt.timedelta(days=30)
    with pytest.raises(Refusal, match="add up to 100"):
        services.scheme_create(
            actor=None, province=tree.P, name="x", effective_from=future, criteria=[CriterionIn(CriterionKind.DURATION, 50, 60)]
        )
    with pytest.raises(Refusal, match="province"):
        services.scheme_create(
            actor=None, province=tree.C1, name="x", effective_from=future, criteria=[CriterionIn(CriterionKind.DURATION, 100, 60)]
        )
    with pytest.raises(Refusal, match="after today"):
        services.scheme_create(
            actor=None,
            province=tree.P,
            name="x",
            effective_from=dt.date(2026, 1, 1),
            criteria=[CriterionIn(CriterionKind.DURATION, 100, 60)],
        )


def test_the_years_plan_follows_the_rules_and_is_made_once(tree: Tree) -> None:
    from partybuilding.meetings.services import meetings_plan_year as meetings_plan

    services.meeting_plan(actor=None, organization=tree.X1, kind=MeetingKind.REGULAR, date=dt.date(2027, 3, 2))
    created = services.meetings_plan_year(actor=None, organization=tree.X1, year=2027, day=31 - 3)
    kinds = sorted((m.kind, m.date.month) for m in created)
    assert [k for k in kinds if k[0] == MeetingKind.THEMATIC] == [(MeetingKind.THEMATIC, q) for q in (3, 6, 9, 12)]
    assert len([k for k in kinds if k[0] == MeetingKind.REGULAR]) == 11  # March was already planned
    assert services.meetings_plan_year(actor=None, organization=tree.X1, year=2027) == []
    committee = meetings_plan(actor=None, organization=tree.G1, year=2027)
    assert [(m.kind, m.date) for m in committee] == [
        (MeetingKind.GRASSROOTS_COMMITTEE, dt.date(2027, 6, 5)),
        (MeetingKind.GRASSROOTS_COMMITTEE, dt.date(2027, 12, 5)),
    ]


def test_a_new_date_with_other_members_expected_asks_for_the_attendance_again(tree: Tree) -> None:
    early = make_member(tree.X2, admitted=dt.date(2010, 1, 1))
    newcomer = make_member(tree.X2, admitted=dt.date(2026, 6, 1), official=None)
    meeting = held_meeting(tree.X2, dt.date(2026, 5, 20), {early: P}, close=False)
    assert meeting.attendance_recorded
    services.meeting_record(actor=None, meeting=meeting, details=full_details(dt.date(2026, 6, 2), items=()))
    meeting.refresh_from_db()
    assert not meeting.attendance_recorded  # the newcomer is now expected: mark again
    with pytest.raises(Refusal, match="attendance"):
        services.meeting_close(actor=None, meeting=meeting)
    services.attendance_record(actor=None, meeting=meeting, entries=[AttendanceIn(early.pk, P), AttendanceIn(newcomer.pk, P)])
    assert services.meeting_close(actor=None, meeting=meeting).is_closed


def test_a_member_staying_temporarily_is_expected_in_the_host_cell_not_at_home(cell: dict[str, Any], tree: Tree) -> None:
    from partybuilding.members.choices import TransferKind
    from partybuilding.members.transfers.services import transfer_issue, transfer_receive

    an = cell["members"][0]
    letter = transfer_issue(
        actor=None, member=an, kind=TransferKind.TEMPORARY, letter_number="12-GGT", letter_date=dt.date(2026, 9, 1),
        to_organization=tree.X2, change_date=dt.date(2026, 8, 20), until=dt.date(2027, 3, 1),
    )  # fmt: skip
    transfer_receive(actor=None, transfer=letter, date=dt.date(2026, 9, 10))

    def listed(org: Any, day: dt.date) -> dict[int, tuple[bool, bool, bool]]:
        return {e.member.pk: (e.required, e.staying, e.away) for e in roster.expected(org, MeetingKind.REGULAR, day)}

    assert listed(tree.X1, dt.date(2026, 9, 9))[an.pk] == (True, False, False)  # the day before the stay
    assert an.pk not in listed(tree.X2, dt.date(2026, 9, 9))
    assert listed(tree.X1, dt.date(2026, 9, 10))[an.pk] == (False, False, True)  # at home: listed, not required
    assert listed(tree.X2, dt.date(2026, 9, 10))[an.pk] == (True, True, False)  # in the host cell: expected
    # Absent from the host's meeting without a reason counts there.
    meeting = held_meeting(tree.X2, dt.date(2026, 9, 15), {an: U})
    assert meeting.attendance.get(member=an).required
