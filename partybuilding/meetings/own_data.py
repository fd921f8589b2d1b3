"""What the meetings hold about a member, for their own download (`members.own_data`): their
attendance, and the meetings they chaired or took the minutes of (not the minutes themselves,
which are the cell's)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuilding.members.models import Member
from partybuilding.members.own_data import section

from .models import Attendance, DeviceMark, LeaveRequest, MarkConflict, Meeting


@section("meeting_attendance", _("Meeting attendance"), Attendance, fields=("meeting", "required", "presence", "reason", "contributions"))
def _attendance(member: Member) -> Iterable[Attendance]:
    return member.meeting_attendance.select_related("meeting", "meeting__organization").order_by("meeting__date", "id")


@section("meetings_led", _("Meetings you chaired or took the minutes of"), Meeting, fields=("organization", "kind", "date", "title", "chair", "secretary"))  # fmt: skip
def _led(member: Member) -> Iterable[Meeting]:
    return (
        Meeting.objects.filter(Q(chair=member) | Q(secretary=member))
        .select_related("organization", "chair", "secretary")
        .order_by("date", "id")
    )


@section("meeting_leave", _("Leave asked for meetings"), LeaveRequest, fields=("meeting", "reason", "requested_at"))
def _leave(member: Member) -> Iterable[LeaveRequest]:
    return LeaveRequest.objects.filter(member=member).select_related("meeting", "meeting__organization").order_by("requested_at", "id")


@section("meeting_phone_marks", _("Your attendance as sent from phones"), DeviceMark, fields=("meeting", "presence", "reason", "marked_at", "device", "status"))  # fmt: skip
def _phone_marks(member: Member) -> Iterable[DeviceMark]:
    return DeviceMark.objects.filter(member=member).select_related("meeting", "meeting__organization").order_by("marked_at", "id")


@section("meeting_mark_conflicts", _("Your attendance marked differently from two places"), MarkConflict, fields=("meeting", "found_at", "settled_at", "settled_presence"))  # fmt: skip
def _conflicts(member: Member) -> Iterable[MarkConflict]:
    return MarkConflict.objects.filter(member=member).select_related("meeting", "meeting__organization").order_by("found_at", "id")
