"""The dashboard's attention list: what in the scope needs someone to act.

A stub for now: the transfers/badges work fills it (transfers overdue, badges due,
organizations breaking size rules). The dashboard and its PDF already call
`attention()` and render each item with `members/_attention.html`, so that work only
has to return items here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from partybuilding.organizations.models import Organization


@dataclass(frozen=True)
class Item:
    """One line of the list: what it is, how many (or a detail), and where to act on it."""

    label: str
    count: int | None = None
    detail: str = ""
    url: str = ""


def attention(scope: Organization, today: dt.date, user: Any) -> list[Item]:
    """The items of `scope`'s subtree that `user` may see, most urgent first."""
    return []
