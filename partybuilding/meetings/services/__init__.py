"""Writes of the meetings app (one function per state change)."""

from .base import AttendanceIn, Details, ItemIn
from .meetings import attendance_record, document_attach, meeting_amend, meeting_close, meeting_plan, meeting_record
from .schemes import CriterionIn, scheme_create

__all__ = [
    "AttendanceIn",
    "CriterionIn",
    "Details",
    "ItemIn",
    "attendance_record",
    "document_attach",
    "meeting_amend",
    "meeting_close",
    "meeting_plan",
    "meeting_record",
    "scheme_create",
]
