"""Writes to the admission pipeline and its targets (one function per state change)."""

from .base import audit_view, personal_data
from .steps import (
    candidate_apply,
    candidate_cell_resolve,
    candidate_ceremony,
    candidate_consider,
    candidate_course,
    candidate_decide,
    candidate_introduce,
    candidate_not_recognize,
    candidate_recognize,
    candidate_record,
    candidate_update,
    candidate_withdraw,
)
from .targets import admission_target_set

__all__ = [
    "admission_target_set",
    "audit_view",
    "candidate_apply",
    "candidate_cell_resolve",
    "candidate_ceremony",
    "candidate_consider",
    "candidate_course",
    "candidate_decide",
    "candidate_introduce",
    "candidate_not_recognize",
    "candidate_recognize",
    "candidate_record",
    "candidate_update",
    "candidate_withdraw",
    "personal_data",
]
