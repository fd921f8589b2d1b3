"""The dashboard's attention list: what in a scope needs someone to act on it.

Each app registers its lines (`register(provider)`); a provider answers
`provider(scope, today, user) -> list[Item]` with a few fixed queries whatever the size of
the scope. The lines are about people (transfers, badges, candidates, absences, dues), so
the list is for the roles that see member records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from .scope import Action, can, grants_key


@dataclass(frozen=True)
class Item:
    """One line of the list: what it is, how many (or a detail), and where to act on it."""

    label: str
    count: int | None = None
    detail: str = ""
    url: str = ""


Provider = Callable[[Any, dt.date, Any], list[Item]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def link(name: str, **query: Any) -> str:
    """The URL of a page, with a query string when given."""
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def attention(scope: Any, today: dt.date, user: Any) -> list[Item]:
    """The lines of `scope`'s subtree that `user` may see; a line with nothing to act on is left out."""
    if not can(user, Action.VIEW_MEMBERS, scope):
        return []
    items = [item for provider in _PROVIDERS for item in provider(scope, today, user)]
    return [item for item in items if item.count]


# At national scale counting takes seconds (bench/README.md), so the dashboard shows the list
# as counted a few minutes ago, says when, and counts again on request.
COUNTED_FOR_SECONDS = 300


def attention_counted(scope: Any, today: dt.date, user: Any, *, fresh: bool = False) -> tuple[list[Item], dt.datetime]:
    """The attention list and when it was counted: the same user's list of the same scope
    is counted at most once in COUNTED_FOR_SECONDS, unless `fresh`."""
    key = f"attention:{scope.pk}:{today.isoformat()}:{get_language()}:{grants_key(user)}"
    found = None if fresh else cache.get(key)
    if found is None:
        found = (attention(scope, today, user), timezone.now())
        cache.set(key, found, COUNTED_FOR_SECONDS)
    return found
