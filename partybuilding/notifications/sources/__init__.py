"""What each kind of notice finds on a day: a function `(day, days, area)` yielding `Found`
rows, registered with the number of days a new rule starts with and what its days mean.

Each function says which day a notice belongs to (`Found.day`), computed from the object
(two weeks before the meeting, the deadline less three days), never from the day of the
run: the daily run finds the same meeting every day of its window and adds nothing, and a
meeting planned late is still announced at the next run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise

from partybuilding.core import paths

from ..recipients import Recipient


@dataclass(frozen=True)
class Area:
    """Where a rule decides: its organization's subtree (everywhere for ""), less the
    subtrees of deeper rules of its kind (`holes`), which decide there instead."""

    path: str
    holes: tuple[str, ...] = ()

    def q(self, field_name: str = "org_path") -> Q:
        inside = paths.subtree_q(self.path, field_name) if self.path else Q()
        for hole in self.holes:
            inside &= ~paths.subtree_q(hole, field_name)
        return inside


@dataclass(frozen=True)
class Found:
    object_key: str
    day: dt.date  # the day the notice belongs to (its idempotence key)
    recipient: Recipient
    params: dict[str, Any]
    link: str = ""
    subject: str = ""  # what the list's search finds it by (a title, a name)


Finder = Callable[[dt.date, int, Area], Iterator[Found]]


@dataclass(frozen=True)
class Source:
    kind: str
    find: Finder
    default_days: int
    days_meaning: str | Promise
    extra: dict[str, Any] = field(default_factory=dict)


SOURCES: dict[str, Source] = {}


def source(kind: str, *, default_days: int, days_meaning: str | Promise) -> Callable[[Finder], Finder]:
    def register(find: Finder) -> Finder:
        SOURCES[kind] = Source(kind, find, default_days, days_meaning)
        return find

    return register


def load() -> dict[str, Source]:
    """Every kind's source, once their modules are imported."""
    from . import admissions, directives, dues, inspections, meetings, members, transfers  # noqa: F401 (they register themselves)

    return SOURCES
