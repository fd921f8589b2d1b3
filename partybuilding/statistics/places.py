"""The organizations a report counts for a node of the tree: its subtree as the tree stands
now, or as it stood on the day counted.

After the 2025 restructuring the two differ a lot: a commune merged into another now sits
under its successor, and a district no longer exists. "Now" counts the records of a merged
organization with its successor (the chain of successors followed to the end); "then" counts
the subtree the node had on the day, from the organizations' dated versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q

from partybuilding.core import paths
from partybuilding.organizations.choices import OrgKind
from partybuilding.organizations.models import Organization, OrganizationVersion

NOW, THEN = "now", "then"
MODES = (NOW, THEN)


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def final_successors() -> dict[int, int]:
    """Each organization merged away, and the end of its chain of successors: where its past
    records count in the tree as it stands now."""
    successor = dict(Organization.objects.filter(successor__isnull=False).values_list("id", "successor_id"))
    final: dict[int, int] = {}
    for start in successor:
        node, seen = start, {start}
        while node in successor and successor[node] not in seen:
            node = successor[node]
            seen.add(node)
        final[start] = node
    return final


@dataclass
class Place:
    org: Organization
    day: dt.date
    mode: str = NOW

    @cached_property
    def everything(self) -> bool:
        """The node is the top of the whole tree: every record counts, no filter needed."""
        if self.org.parent_id is not None:
            return False
        return not Organization.objects.filter(parent__isnull=True).exclude(pk=self.org.pk).exists()

    def inside(self, prefix: str = "") -> Q:
        """A filter on the rows whose organization (reached by `prefix`, e.g. "organization__";
        "" for organizations themselves) the place counts."""
        return self.within(f"{prefix}path", f"{prefix}pk")

    def within(self, path: str, pk: str) -> Q:
        """A filter on the rows whose organization's path is in the column `path` and its id
        in `pk`: a row's copy of the path (e.g. an event's `org_path`) is an index range."""
        if self.everything:
            return Q()
        if self.mode == THEN and self.changed_since:
            return Q(**{f"{pk}__in": sorted(self.ids_then)})
        q = paths.subtree_q(self.org.path, path)
        came, went = self.merged
        if went:
            q &= ~Q(**{f"{pk}__in": went})
        if came:
            q |= Q(**{f"{pk}__in": came})
        return q

    def outside(self, prefix: str = "") -> Q:
        """The rows whose organization the place does not count (none, for the whole tree)."""
        return self.not_within(f"{prefix}path", f"{prefix}pk")

    def not_within(self, path: str, pk: str) -> Q:
        return Q(pk__in=[]) if self.everything else ~self.within(path, pk)

    @cached_property
    def merged(self) -> tuple[list[int], list[int]]:
        """Organizations merged away whose chain of successors ends in the subtree though they
        sit outside it (their past records count here now), and those sitting in it whose chain
        ends outside it (their past records count with their successor, not here)."""
        final = final_successors()
        if not final:
            return [], []
        path_of = dict(Organization.objects.filter(pk__in=set(final) | set(final.values())).values_list("id", "path"))
        top, upper = self.org.path, paths.upper(self.org.path)

        def inside(org_id: int) -> bool:
            return top <= path_of.get(org_id, "") < upper

        came = sorted(start for start, end in final.items() if inside(end) and not inside(start))
        went = sorted(start for start, end in final.items() if inside(start) and not inside(end))
        return came, went

    @cached_property
    def changed_since(self) -> bool:
        """Whether the subtree was restructured after the day (a version of one of its
        organizations, or of one that sat in it, closed since): if not, it stood then as it stands."""
        inside = paths.subtree_q(self.org.path, "organization__path") | paths.subtree_q(self.org.path, "parent__path")
        return OrganizationVersion.objects.filter(inside, valid_to__gt=self.day).exists() or not self.existed

    @cached_property
    def existed(self) -> bool:
        return OrganizationVersion.objects.filter(_valid_on(self.day), organization_id=self.org.pk).exists()

    @cached_property
    def ids_then(self) -> set[int]:
        """The node and its descendants as the tree stood on the day (empty if the node did not exist)."""
        versions = OrganizationVersion.objects.filter(_valid_on(self.day))
        if not self.existed:
            return set()
        found, frontier = {self.org.pk}, {self.org.pk}
        while frontier:
            children = set(versions.filter(parent_id__in=sorted(frontier)).values_list("organization_id", flat=True)) - found
            found |= children
            frontier = children
        return found

    def province(self) -> Place | None:
        """The province the node belongs to (itself if a province); None above the provinces."""
        if self.mode == THEN:
            org_id = self.org.pk
            for _depth in range(paths.depth(self.org.path) + 2):
                version = OrganizationVersion.objects.filter(_valid_on(self.day), organization_id=org_id).first()
                if version is None:
                    return None
                if version.kind == OrgKind.PROVINCE:
                    return Place(Organization.objects.get(pk=org_id), self.day, THEN)
                if version.parent_id is None:
                    return None
                org_id = version.parent_id
            return None
        if self.org.kind == OrgKind.PROVINCE:
            return self
        province = self.org.ancestors().filter(kind=OrgKind.PROVINCE).last()
        return Place(province, self.day, NOW) if province else None
