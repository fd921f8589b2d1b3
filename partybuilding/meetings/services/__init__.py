"""Writes of the meetings app (one function per state change)."""

from .base import AttendanceIn, Details, ItemIn
from .checkin import MarkIn, MarkResult, checkin_scan, conflict_settle, leave_request, marks_sync
from .meetings import attendance_record, document_attach, meeting_amend, meeting_close, meeting_plan, meeting_record
from .schemes import CriterionIn, scheme_create
from .year import meetings_plan_year

__all__ = [
    "AttendanceIn",
    "CriterionIn",
    "Details",
    "ItemIn",
    "MarkIn",
    "MarkResult",
    "attendance_record",
    "checkin_scan",
    "conflict_settle",
    "document_attach",
    "leave_request",
    "marks_sync",
    "meeting_amend",
    "meeting_close",
    "meeting_plan",
    "meeting_record",
    "meetings_plan_year",
    "scheme_create",
]
