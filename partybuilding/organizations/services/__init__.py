"""Writes to the organization tree. Every change is an event with a decision, checked
against the rules in force on its date, written in one transaction with its audit row."""

from .restructuring import (
    RESTRUCTURING,
    NewPart,
    organization_dissolve,
    organization_merge,
    organization_move,
    organization_rename,
    organization_split,
)
from .tree import organization_create, term_create

__all__ = [
    "RESTRUCTURING",
    "NewPart",
    "organization_create",
    "organization_dissolve",
    "organization_merge",
    "organization_move",
    "organization_rename",
    "organization_split",
    "term_create",
]
