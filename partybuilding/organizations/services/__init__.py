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
from .units import UNIT_SETTERS, organization_facts_set

__all__ = [
    "RESTRUCTURING",
    "UNIT_SETTERS",
    "NewPart",
    "organization_create",
    "organization_dissolve",
    "organization_facts_set",
    "organization_merge",
    "organization_move",
    "organization_rename",
    "organization_split",
    "term_create",
]
