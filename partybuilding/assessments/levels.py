"""How the codes inside the assessment rules read on the rules page, and the names of the
criteria the rules list (a criterion the rules add later reads as its code until named)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from partybuilding.core import rules

from .choices import Group, Level

CRITERIA: dict[str, Any] = {
    # general criteria (30 points), the same frame for every group
    "politics_ethics": _("Political quality, ethics, lifestyle, setting an example"),
    "innovation": _("Innovative thinking, daring to think and to act"),
    "self_criticism": _("Self-criticism and criticism, correcting shortcomings"),
    # task results (70 points), by group
    "assigned_tasks": _("Results of the assigned tasks"),
    "led_unit_results": _("Results of the unit led or managed"),
    "work_products": _("Products of the post: quantity, timeliness, quality"),
    "cell_tasks": _("Tasks given by the cell"),
    "local_duties": _("Duties where the member lives"),
    "collective_tasks": _("Results of the organization's political task"),
    "party_building": _("Party building: meetings, admissions, inspection"),
}


def level_label(code: Any) -> Any:
    return Level(code).label if code in Level.values else code


def criterion_label(code: Any) -> Any:
    return CRITERIA.get(code, code)


def _label(code: Any) -> Any:
    """A code, or an entry of a rule's list: [criterion, part, points], [level, points],
    [old level, new level], [level, % done, % on time, % exceeded]."""
    if isinstance(code, list):
        if len(code) == 3:
            return f"{criterion_label(code[0])}: {code[2]}"
        if len(code) == 4:
            return f"{level_label(code[0])}: {code[1]}/{code[2]}/{code[3]}"
        if len(code) == 2:
            return f"{_label(code[0])} → {_label(code[1])}" if isinstance(code[1], str) else f"{_label(code[0])}: {code[1]}"
        return ", ".join(str(_label(c)) for c in code)
    if code in Group.values:
        return Group(code).label
    return level_label(code) if code in Level.values else criterion_label(code)


for key in (
    "assessment.member_levels",
    "assessment.organization_levels",
    "assessment.legacy_levels",
    "assessment.level_min_points",
    "assessment.criteria",
    "assessment.level_conditions",
    "assessment.disciplined_level",
):
    rules.register_labels(key, _label)
