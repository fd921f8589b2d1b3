"""The planning records of an organization that the scope crawl must not reach from outside."""

from __future__ import annotations

from typing import Any

from partybuilding.organizations.models import Organization

from .cadre_targets import entry_in, planning_in


def planning_objects_of(org: Organization) -> dict[str, list[Any]]:
    planning = planning_in(org)
    return {
        "cadre_planning": [planning],
        "cadre_planning_entry": [entry_in(org)],
        "cadre_planning_decision": list(planning.decisions.all()),
    }
