"""`Organization.label` for the rows of a long export, read with the rows as plain values
and built once per organization (a province's 282,000 members sit in some 10,000).

    names = OrganizationLabels(with_parent=False)
    for name, *org in members.values_list("full_name", *names.columns("organization")):
        yield [name, names.label(*org)]

`with_parent` says whether the list the export copies fetched the parent with the row
(`select_related("organization__parent")`): the label then names the parent, else it
shows the code, exactly as `Organization.label` does."""

from __future__ import annotations

from typing import Any

from .models import Organization


class OrganizationLabels:
    def __init__(self, *, with_parent: bool) -> None:
        self.with_parent = with_parent
        self._known: dict[int, str] = {}

    def columns(self, relation: str) -> tuple[str, ...]:
        """What `label` takes, as lookups from the exported model through `relation`."""
        names = ("id", "name", "code", "parent_id") + (("parent__name",) if self.with_parent else ())
        return tuple(f"{relation}__{name}" for name in names)

    def label(self, pk: int, name: str, code: str, parent_id: int | None, parent_name: Any = None) -> str:
        known = self._known.get(pk)
        if known is None:
            org = Organization(pk=pk, name=name, code=code, parent_id=parent_id)
            if self.with_parent and parent_id is not None:
                org.parent = Organization(pk=parent_id, name=parent_name)
            known = self._known[pk] = org.label
        return known
