"""Writes to the admission pipeline and its targets (one function per state change)."""

from .base import candidate_view
from .steps import (
    CANDIDATE,
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
    main_step,
)
from .targets import admission_target_set

__all__ = [
    "CANDIDATE",
    "admission_target_set",
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
    "candidate_view",
    "candidate_withdraw",
    "main_step",
]
