"""Reads of the organization tree. Every function takes an already-scoped queryset or an
organization the caller fetched through the scope."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower

from partybuilding.core import paths
from partybuilding.core.scope import Action, covering_paths, is_superuser
from partybuilding.core.text import search_key

from .choices import OrgKind, OrgStatus
from .models import Organization, OrganizationVersion, SubtreeTotal


def totals_of(org_ids: list[int], prefix: str = "org.") -> dict[int, dict[str, int]]:
    """Subtree totals of several organizations, one query."""
    result: dict[int, dict[str, int]] = defaultdict(dict)
    rows = SubtreeTotal.objects.filter(organization_id__in=org_ids, key__startswith=prefix).values_list("organization_id", "key", "value")
    for org_id, key, value in rows:
        result[org_id][key] = value
    return result


@dataclass
class TreeRow:
    org: Organization
    suborganizations: int  # active organizations below it
    by_kind: dict[str, int] = field(default_factory=dict)
    has_children: bool = False


def _rows(orgs: list[Organization]) -> list[TreeRow]:
    totals = totals_of([o.pk for o in orgs])
    rows = []
    for org in orgs:
        counts = {k.removeprefix("org."): v for k, v in totals.get(org.pk, {}).items() if v}
        own = 1 if org.is_active else 0
        below = sum(counts.values()) - own
        if own and counts.get(org.kind):
            counts[org.kind] -= 1
        rows.append(TreeRow(org=org, suborganizations=below, by_kind={k: v for k, v in counts.items() if v}, has_children=below > 0))
    return rows


def children_rows(visible: QuerySet[Organization], parent: Organization, *, include_ended: bool = False) -> list[TreeRow]:
    """The direct children of `parent` with their subtree counts: two queries."""
    qs = visible.filter(parent=parent)
    if not include_ended:
        qs = qs.filter(status=OrgStatus.ACTIVE)
    rows = _rows(list(qs.order_by("path")))
    return sorted(rows, key=lambda row: not row.org.is_active)  # ended ones last


def root_rows(visible: QuerySet[Organization], tops: list[Organization]) -> list[TreeRow]:
    return _rows(tops)


def kind_counts(org: Organization) -> dict[str, int]:
    """Active organizations of each kind in the subtree, the organization itself excluded."""
    row = _rows([org])[0]
    return row.by_kind


TRIGRAM = 3  # a word shorter than this gives the trigram index nothing to look up


def search(visible: QuerySet[Organization], text: str) -> QuerySet[Organization]:
    """Name or code search that ignores diacritics and case; every word must appear.

    On PostgreSQL each word of three letters or more is a bitmap OR of the trigram index and
    the code's index (migrations 0002, 0005). A shorter word ("bo", "6") has no trigram: the
    index would hand back every organization, so it is compared through `lower()` (the
    search key is lower case already: same rows), which keeps it out of the index and makes
    it a filter on the rows the longer words found."""
    qs = visible.alias(name_lowered=Lower("name_search"))
    for word in search_key(text).split():
        name = "name_search" if len(word) >= TRIGRAM else "name_lowered"
        qs = qs.filter(Q(**{f"{name}__contains": word}) | Q(code__iexact=word))
    # The id breaks ties between same-named organizations: pages neither repeat nor skip one.
    return qs.order_by("depth", "name_search", "pk")


@dataclass
class PastRow:
    organization_id: int
    name: str
    kind: str
    code: str
    children: int

    @property
    def kind_label(self) -> str:
        return str(OrgKind(self.kind).label)


def tree_as_of(parent_id: int | None, on: dt.date, visible_ids: QuerySet[Organization] | None = None) -> list[PastRow]:
    """The organizations directly under `parent_id` on date `on` (the top level for None)."""
    valid = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    versions = OrganizationVersion.objects.filter(valid, parent_id=parent_id).select_related("organization")
    if visible_ids is not None:
        versions = versions.filter(organization__in=visible_ids)
    versions_list = list(versions.order_by("organization__path"))
    ids = [v.organization_id for v in versions_list]
    child_counts = dict(
        OrganizationVersion.objects.filter(valid, parent_id__in=ids)
        .values("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    return [PastRow(v.organization_id, v.name, v.kind, v.organization.code, child_counts.get(v.organization_id, 0)) for v in versions_list]


def version_on(org: Organization, on: dt.date) -> OrganizationVersion | None:
    valid = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    return OrganizationVersion.objects.filter(valid, organization=org).select_related("parent").first()


def path_to_root(org: Organization) -> list[Organization]:
    """Ancestors, root first (one query)."""
    return list(Organization.objects.filter(path__in=paths.ancestor_paths(org.path)[:-1]).order_by("path"))


KIND_ORDER = [k.value for k in OrgKind]


def top_organizations(user: Any) -> list[Organization]:
    """The highest organizations the user's roles cover: the starting points of the tree."""
    if is_superuser(user):
        return list(Organization.objects.filter(parent__isnull=True).order_by("path"))  # the parent index, not a scan
    return list(Organization.objects.filter(path__in=covering_paths(user, Action.VIEW)).order_by("path"))
