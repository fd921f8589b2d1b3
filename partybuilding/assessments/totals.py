"""The assessment counters kept in the subtree totals ("as." keys), per year, so that form 6
and the per-subordinate table of a province or the country read a few rows:

- members: `as.<year>.m.present` (listed on the cut-off date), `.exempt`, `.unrated`
  (and `.unrated.<reason>`), `.pending` (not decided yet, and `.stage.<stage>` where each
  of those stands), `.rated`, `.L.<level>`, `.nc.<reason>` (why "did not complete tasks");
- organizations, by their kind (form 6's rows): `as.<year>.o.<kind>.present`, `.new`,
  `.unrated`, `.pending`, `.rated`, `.L.<level>`.

Only yearly rounds count. They change in the same transaction as the rating, and move with
a member who changes cells; `manage.py totals_check` recounts them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from partybuilding.organizations import totals

from .choices import NotRated, Stage

PREFIX = "as."


def member_keys(rating: Any) -> dict[str, int]:
    """What a member's rating adds to its cell's counters."""
    if not rating.counted:
        return {}
    base = f"{PREFIX}{rating.year}.m."
    keys = {base + "present": 1}
    if rating.stage == Stage.NOT_RATED:
        if rating.not_rated == NotRated.EXEMPTED:
            keys[base + "exempt"] = 1
        else:
            keys[base + "unrated"] = 1
            keys[f"{base}unrated.{rating.not_rated}"] = 1
    elif rating.stage == Stage.DECIDED:
        keys[base + "rated"] = 1
        keys[f"{base}L.{rating.level}"] = 1
        if rating.not_completed_reason:
            keys[f"{base}nc.{rating.not_completed_reason}"] = 1
    else:
        keys[base + "pending"] = 1
        keys[f"{base}stage.{rating.stage}"] = 1  # how far the pending ones have come
    return keys


def organization_keys(rating: Any) -> dict[str, int]:
    """What an organization's rating adds to its own counters (and its ancestors')."""
    if not rating.counted:
        return {}
    base = f"{PREFIX}{rating.year}.o.{rating.org_kind}."
    keys = {base + "present": 1}
    if rating.stage == Stage.NOT_RATED:
        keys[base + ("new" if rating.not_rated == NotRated.NEW_ORGANIZATION else "unrated")] = 1
    elif rating.stage == Stage.DECIDED:
        keys[base + "rated"] = 1
        keys[f"{base}L.{rating.level}"] = 1
    else:
        keys[base + "pending"] = 1
    return keys


def change(path: str, before: dict[str, int], after: dict[str, int]) -> None:
    totals.add(path, {k: after.get(k, 0) - before.get(k, 0) for k in {*before, *after}})


def per_node(ratings: Iterable[Any], keys_of: Any) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = {}
    for rating in ratings:
        node = result.setdefault(rating.org_path, {})
        for key, n in keys_of(rating).items():
            node[key] = node.get(key, 0) + n
    return result


@totals.recounts(PREFIX)
def recount(id_by_path: dict[str, int]) -> totals.Counts:
    """Every "as." key recounted from the ratings (for `manage.py totals_check`)."""
    from .models import MemberRating, OrganizationRating

    fields = ("year", "counted", "stage", "not_rated", "level", "not_completed_reason", "org_path")
    members = MemberRating.objects.filter(counted=True).only(*fields).iterator(chunk_size=20000)
    nodes = per_node(members, member_keys)
    organizations = OrganizationRating.objects.filter(counted=True).only(
        "year", "counted", "stage", "not_rated", "level", "org_path", "org_kind"
    )
    for path, counts in per_node(organizations.iterator(chunk_size=20000), organization_keys).items():
        node = nodes.setdefault(path, {})
        for key, n in counts.items():
            node[key] = node.get(key, 0) + n
    return totals.roll_up(nodes, id_by_path)
