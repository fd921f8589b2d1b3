"""What the meetings hold about a member, for their own download (`members.own_data`): their
attendance, and the meetings they chaired or took the minutes of (not the minutes themselves,
which are the cell's)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuilding.members.models import Member
from partybuilding.members.own_data import section

from .models import Attendance, Meeting


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
