"""Which organization an audited object belongs to, so its log is shown to the right
administrators. Each app registers its record types here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_RESOLVERS: dict[str, Callable[[str], Any]] = {}


def register(object_type: str, resolver: Callable[[str], Any]) -> None:
    _RESOLVERS[object_type] = resolver


def organization_of(object_type: str, object_id: str) -> Any:
    resolver = _RESOLVERS.get(object_type)
    if resolver is None:
        return None
    try:
        return resolver(object_id)
    except (ValueError, TypeError):
        return None
