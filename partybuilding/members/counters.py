"""The member counters kept in the subtree totals ("m." keys).

A member in the list (probationary or official) counts once in each breakdown of their
home organization's subtree. Ages change every day, so years of birth and of admission
are counted, and age bands are summed from them when read.
"""

from __future__ import annotations

from typing import Any

from partybuilding.organizations import totals

from .choices import KINH
from .models import Member

FIELDS = ("status", "gender", "ethnicity", "religion", "education", "qualification", "theory", "occupation", "academic_title")
FLAGS = ("youth_union", "readmitted", "private_business_owner", "married_to_foreigner", "family_planning_violation", "foreign_origin")
# Pairs the official forms cross (form 4: women by ethnicity, religion and foreign origin; form 3: the
# retired who are exempted): "m.<first>.<value>.<second>.<value>", kept for the first value shown.
PAIRS = (("gender", "F", "ethnicity"), ("gender", "F", "religion"), ("gender", "F", "foreign_origin"), ("exempt", True, "occupation"))
VALUES = ["org_path", *FIELDS, "date_of_birth", "admission_date", "exempt_since", *FLAGS]


def keys_of(values: dict[str, Any]) -> dict[str, int]:
    """The counter keys one member adds to (empty for a member out of the list)."""
    if values["status"] not in ("probationary", "official"):
        return {}
    keys = {"m.all": 1, **{f"m.{field}.{values[field]}": 1 for field in FIELDS}}
    keys[f"m.born.{values['date_of_birth'].year}"] = 1
    keys[f"m.admitted.{values['admission_date'].year}"] = 1
    keys["m.minority" if values["ethnicity"] != KINH else "m.majority"] = 1
    if values["exempt_since"]:
        keys["m.exempt"] = 1
    keys.update({f"m.flag.{flag}": 1 for flag in FLAGS if values[flag]})
    facts = {**values, "exempt": bool(values["exempt_since"])}
    for first, shown, second in PAIRS:
        if facts[first] == shown:
            keys[pair_key(first, shown, second, facts[second])] = 1
    return keys


def pair_key(first: str, shown: object, second: str, value: object) -> str:
    return f"m.{first}.{shown}.{second}.{value}"


def snapshot(member: Member) -> tuple[str, dict[str, int]]:
    return member.org_path, keys_of({name: getattr(member, name) for name in VALUES})


def apply(before: tuple[str, dict[str, int]] | None, after: tuple[str, dict[str, int]] | None) -> None:
    """Move a member's contribution from its `before` state to its `after` state."""
    old_path, old_keys = before or ("", {})
    new_path, new_keys = after or ("", {})
    if old_path and old_path == new_path:
        diff = {k: new_keys.get(k, 0) - old_keys.get(k, 0) for k in set(old_keys) | set(new_keys)}
        totals.add(new_path, diff)
        return
    if old_path and old_keys and new_path and new_keys == old_keys:
        totals.move(old_path, new_path, old_keys)
        return
    if old_path:
        totals.add(old_path, {k: -v for k, v in old_keys.items()})
    if new_path:
        totals.add(new_path, new_keys)


@totals.recounts("m.")
def actual_totals(id_by_path: dict[str, int]) -> totals.Counts:
    """Recount every "m." key from the member records (for `manage.py totals_check`)."""
    per_node: dict[str, dict[str, int]] = {}
    for values in Member.objects.in_list().values(*VALUES).iterator(chunk_size=20000):
        node = per_node.setdefault(values["org_path"], {})
        for key in keys_of(values):
            node[key] = node.get(key, 0) + 1
    return totals.roll_up(per_node, id_by_path)
