"""Marks made one member at a time, during or after the meeting: a member's check-in by the
QR code, marks recorded on phones (perhaps offline) and sent later, a member's leave request
before the meeting, and the secretary settling two marks that disagreed.

Every mark lands on the member's attendance row. When two places disagree about a member
(two phones, a phone and the check-in, a phone and the attendance form), the mark made last
counts and the other is kept as a conflict that the secretary sees and settles."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuilding.core.audit import audit_record
from partybuilding.core.errors import Refusal
from partybuilding.core.records import actor_user, day_text
from partybuilding.members.models import Member

from .. import checkin, roster
from ..choices import MeetingStatus, Presence
from ..models import Attendance, DeviceMark, LeaveRequest, MarkConflict, Meeting
from .base import RECORDS_RULE, AttendanceIn, check_attendance_entry, refuse_closed

QR = "QR"  # how a check-in is named among the marks (a phone names itself)
NOT_EXPECTED_RULE = gettext_lazy("Party Charter, Art. 24: a cell's meeting is attended by its members")
LEAVE_RULE = gettext_lazy("QĐ 24-QĐ/TW §8.1: leave is asked before the meeting")
CLOCK_SLACK = dt.timedelta(minutes=10)  # a phone's clock may run a little ahead of the server's
MAX_MARKS = 500  # in one batch


@dataclass(frozen=True)
class Mark:
    """One member's presence as one place saw it."""

    presence: str
    reason: str
    marked_at: dt.datetime
    via: str  # QR, a phone's label, or "" for the attendance form
    by: Any  # the user, or None


@dataclass(frozen=True)
class MarkIn:
    """A mark as a phone sends it."""

    client_id: uuid.UUID
    member_id: int
    presence: str
    reason: str
    marked_at: dt.datetime
    device: str


@dataclass(frozen=True)
class MarkResult:
    client_id: uuid.UUID
    status: str  # applied, duplicate, conflict or refused
    presence: str  # the member's presence now ("" when not marked)
    message: str = ""


def _side(presence: str, reason: str, marked_at: dt.datetime | None, via: str, by: Any) -> dict[str, Any]:
    return {
        "presence": presence,
        "reason": reason,
        "marked_at": marked_at.isoformat() if marked_at else None,
        "via": via,
        "by": by.get_username() if by is not None else "",
    }


def _row_side(row: Attendance) -> dict[str, Any]:
    return _side(row.presence, row.reason, row.marked_at, row.marked_via, row.marked_by)


def _set(row: Attendance, mark: Mark) -> None:
    row.presence, row.reason = mark.presence, mark.reason if mark.presence == Presence.EXCUSED else ""
    row.marked_at, row.marked_via, row.marked_by = mark.marked_at, mark.via, actor_user(mark.by)
    if mark.presence != Presence.PRESENT:
        row.late = False


def _apply(meeting: Meeting, expected: roster.Expected, row: Attendance | None, mark: Mark) -> tuple[str, Attendance]:
    """Put `mark` on the member's row: "applied", or "conflict" when another place marked them
    otherwise (the later mark counts, the other is kept)."""
    if not expected.required and mark.presence == Presence.UNEXCUSED:  # as the attendance form does
        mark = Mark(Presence.EXCUSED, mark.reason or _("not required to attend"), mark.marked_at, mark.via, mark.by)
    if row is None:
        row = Attendance(
            meeting=meeting, org_path=meeting.org_path, month=meeting.month, member=expected.member, required=expected.required
        )
        _set(row, mark)
        row.save()
        return "applied", row
    if row.presence == mark.presence:
        return "applied", row
    later = row.marked_at is None or mark.marked_at >= row.marked_at
    if row.marked_via == mark.via and mark.via:  # the same phone changed its mind: its last word counts
        if later:
            _set(row, mark)
            row.save()
        return "applied", row
    mark_side = _side(mark.presence, mark.reason, mark.marked_at, mark.via, actor_user(mark.by))
    kept, overruled = (mark_side, _row_side(row)) if later else (_row_side(row), mark_side)
    MarkConflict.objects.create(meeting=meeting, member=expected.member, kept=kept, overruled=overruled)
    if later:
        _set(row, mark)
        row.save()
    return "conflict", row


def _complete_if_all_marked(meeting: Meeting, expected: list[roster.Expected], changed: bool) -> None:
    """Once every required member is marked, the attendance is recorded (those not required
    and not marked are listed as excused); a meeting with marks is being held."""
    marked = set(meeting.attendance.values_list("member_id", flat=True))
    if not meeting.attendance_recorded and all(e.member.pk in marked for e in expected if e.required):
        Attendance.objects.bulk_create(
            Attendance(
                meeting=meeting, org_path=meeting.org_path, month=meeting.month, member=e.member, required=False,
                presence=Presence.EXCUSED, reason=_("not required to attend"),
            )
            for e in expected
            if e.member.pk not in marked
        )  # fmt: skip
        meeting.attendance_recorded = True
        changed = True
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
        changed = True
    if changed:
        meeting.save(update_fields=["attendance_recorded", "status", "updated_at"])
        Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
        meeting.refresh_from_db(fields=["version"])


def _locked(meeting: Meeting) -> None:
    """Claim the meeting for a change (concurrent marks wait), reloaded as it is now."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    meeting.refresh_from_db()


def _expected_one(meeting: Meeting, member: Member) -> roster.Expected:
    found = next((e for e in roster.expected(meeting.organization, meeting.kind, meeting.date) if e.member.pk == member.pk), None)
    if found is None:
        raise Refusal(
            _("%(name)s is not expected at this meeting.") % {"name": member.full_name},
            rule=NOT_EXPECTED_RULE,
        )
    return found


# --- check-in ------------------------------------------------------------------------------


def meeting_of_code(code: str) -> tuple[Meeting, int]:
    """The meeting and time slot a scanned code names (a code not signed here is refused)."""
    meeting_id, slot = checkin.meeting_of(code)
    meeting = Meeting.objects.select_related("organization").filter(pk=meeting_id).first()
    if meeting is None:
        raise Refusal(_("This check-in code names no meeting."), rule=checkin.RULE_CODE)
    return meeting, slot


def checkin_scan(*, actor: Any, member: Member | None, code: str, scanned_at: dt.datetime) -> Attendance:
    """The member scanned the meeting's code at `scanned_at`: marked present, late past the
    grace period. A second scan changes nothing."""
    meeting, slot = meeting_of_code(code)
    if member is None:
        raise Refusal(_("Your login is not linked to a member record: ask the secretary to mark you."), rule=RECORDS_RULE)
    refuse_closed(meeting)
    window = checkin.check_code(meeting, slot, scanned_at)
    expected = _expected_one(meeting, member)
    done = meeting.attendance.filter(member=member, presence=Presence.PRESENT).first()
    if done is not None:
        return done  # scanned twice (or marked present already): recorded once
    with transaction.atomic():
        _locked(meeting)
        refuse_closed(meeting)
        row = meeting.attendance.filter(member=member).first()
        if row is not None and row.presence == Presence.PRESENT:
            return row
        late = scanned_at >= window.late_from
        _status, row = _apply(meeting, expected, row, Mark(Presence.PRESENT, "", scanned_at, QR, actor))
        if row.presence == Presence.PRESENT:
            row.arrived_at, row.late = scanned_at, late
            row.save(update_fields=["arrived_at", "late"])
        _complete_if_all_marked(meeting, roster.expected(meeting.organization, meeting.kind, meeting.date), True)
        audit_record(
            actor=actor,
            action="meeting.checkin",
            obj=meeting,
            after={"member": member.pk, "arrived_at": scanned_at.isoformat(), "late": late, "presence": row.presence},
        )
    return row


# --- marks sent by phones --------------------------------------------------------------------


def _refused(mark: MarkIn, message: str, presence: str = "") -> MarkResult:
    return MarkResult(mark.client_id, "refused", presence, message)


def marks_sync(*, actor: Any, meeting: Meeting, marks: Sequence[MarkIn]) -> list[MarkResult]:
    """Apply the marks a phone recorded: each once (by its id), the later of two different
    marks of a member counting, the other kept as a conflict. One transaction, one audit
    entry; the meeting's version moves only when something changed."""
    if len(marks) > MAX_MARKS:
        raise Refusal(_("Send at most %(n)d marks at a time.") % {"n": MAX_MARKS}, rule=RECORDS_RULE, field="marks")
    with transaction.atomic():
        _locked(meeting)
        results = _sync(actor, meeting, marks)
        changed = [r for r in results if r.status in ("applied", "conflict")]
        if changed:
            audit_record(
                actor=actor,
                action="meeting.marks",
                obj=meeting,
                after={"marks": [[str(r.client_id), r.status, r.presence] for r in results]},
            )
    return results


def _sync(actor: Any, meeting: Meeting, marks: Sequence[MarkIn]) -> list[MarkResult]:
    if meeting.is_closed or meeting.date > timezone.localdate():
        try:
            refuse_closed(meeting)
            raise Refusal(_("The meeting of %(date)s has not happened yet.") % {"date": day_text(meeting.date)}, rule=RECORDS_RULE)
        except Refusal as refusal:
            return [_refused(m, refusal.text) for m in marks]
    expected = {e.member.pk: e for e in roster.expected(meeting.organization, meeting.kind, meeting.date)}
    rows = {a.member_id: a for a in meeting.attendance.select_related("marked_by")}
    leave = dict(meeting.leave_requests.values_list("member_id", "reason"))
    seen = dict(DeviceMark.objects.filter(client_id__in=[m.client_id for m in marks]).values_list("client_id", "meeting_id"))
    statuses: list[tuple[MarkIn, str, str]] = []  # the mark, its status, why
    latest = timezone.now() + CLOCK_SLACK
    for mark in marks:
        if mark.client_id in seen:
            same = seen[mark.client_id] == meeting.pk
            statuses.append((mark, "duplicate" if same else "refused", "" if same else _("This mark's id was sent for another meeting.")))
            continue
        why = _why_refused(mark, expected, leave, latest)
        if why:
            statuses.append((mark, "refused", why))
            continue
        reason = mark.reason.strip() or (leave.get(mark.member_id, "") if mark.presence == Presence.EXCUSED else "")
        status, rows[mark.member_id] = _apply(
            meeting, expected[mark.member_id], rows.get(mark.member_id), Mark(mark.presence, reason, mark.marked_at, mark.device, actor)
        )
        seen[mark.client_id] = meeting.pk
        DeviceMark.objects.create(
            client_id=mark.client_id, meeting=meeting, member_id=mark.member_id, presence=mark.presence, reason=reason,
            marked_at=mark.marked_at, device=mark.device, sent_by=actor_user(actor), status=status,
        )  # fmt: skip
        why = _("%(name)s was marked otherwise elsewhere; the later mark counts and the secretary can settle it.") % {
            "name": expected[mark.member_id].member.full_name
        }
        statuses.append((mark, status, why if status == "conflict" else ""))
    _complete_if_all_marked(meeting, list(expected.values()), any(s in ("applied", "conflict") for _m, s, _w in statuses))
    return [MarkResult(m.client_id, s, rows[m.member_id].presence if m.member_id in rows else "", w) for m, s, w in statuses]


def _why_refused(mark: MarkIn, expected: dict[int, roster.Expected], leave: dict[int, str], latest: dt.datetime) -> str:
    """Why a phone's mark cannot be applied ("" when it can)."""
    if mark.member_id not in expected:
        return Refusal(_("This member is not expected at this meeting."), rule=NOT_EXPECTED_RULE).text
    if mark.marked_at > latest:
        return _("The phone's clock is ahead: this mark is dated after now. Set the phone's time and mark again.")
    reason = mark.reason.strip() or (leave.get(mark.member_id, "") if mark.presence == Presence.EXCUSED else "")
    try:
        check_attendance_entry(AttendanceIn(mark.member_id, mark.presence, reason), expected[mark.member_id].member.full_name)
    except Refusal as refusal:
        return refusal.text
    return ""


# --- leave requests and conflicts -------------------------------------------------------------


def leave_request(*, actor: Any, meeting: Meeting, member: Member, reason: str) -> LeaveRequest:
    """The member asks to be excused from the meeting, before it starts. Asking again
    replaces the reason (a double click records once)."""
    reason = reason.strip()
    if not reason:
        raise Refusal(_("Write why you cannot attend."), rule=LEAVE_RULE, field="reason")
    refuse_closed(meeting)
    _expected_one(meeting, member)
    window = checkin.window_of(meeting)
    moment = checkin.now()
    started = moment >= window.starts if window else timezone.localdate() > meeting.date
    if started or meeting.status != MeetingStatus.PLANNED:
        raise Refusal(_("The meeting has started: ask the secretary to mark you absent with your reason."), rule=LEAVE_RULE)
    with transaction.atomic():
        before = LeaveRequest.objects.select_for_update().filter(meeting=meeting, member=member).first()
        leave, _created = LeaveRequest.objects.update_or_create(
            meeting=meeting, member=member, defaults={"reason": reason, "requested_at": moment, "requested_by": actor_user(actor)}
        )
        audit_record(
            actor=actor,
            action="meeting.leave",
            obj=meeting,
            before={"member": member.pk, "reason": before.reason} if before else None,
            after={"member": member.pk, "reason": reason},
        )
    return leave


def conflict_settle(*, actor: Any, conflict: MarkConflict, keep: str) -> MarkConflict:
    """The secretary decides which of two marks counts ("kept": the later one, as applied;
    "overruled": the other)."""
    if keep not in ("kept", "overruled"):
        raise Refusal(_("Choose which mark counts."), rule=RECORDS_RULE, field="keep")
    meeting = conflict.meeting
    with transaction.atomic():
        _locked(meeting)
        refuse_closed(meeting)
        conflict.refresh_from_db()
        if conflict.settled_at is not None:
            return conflict  # settled already (a double click)
        chosen = conflict.kept if keep == "kept" else conflict.overruled
        row = meeting.attendance.filter(member_id=conflict.member_id).first()
        if row is not None:
            row.presence, row.reason = chosen["presence"], chosen["reason"]
            row.marked_at, row.marked_via, row.marked_by = timezone.now(), "", actor_user(actor)
            row.save()
        conflict.settled_at, conflict.settled_by, conflict.settled_presence = timezone.now(), actor_user(actor), chosen["presence"]
        conflict.save(update_fields=["settled_at", "settled_by", "settled_presence"])
        Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
        audit_record(
            actor=actor, action="meeting.conflict_settle", obj=meeting, after={"member": conflict.member_id, "presence": chosen["presence"]}
        )
    return conflict
