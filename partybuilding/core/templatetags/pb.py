from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


@register.filter
def pairs(mapping: Any) -> Any:
    """A dict's (key, value) pairs; `mapping.items` in a template would read a key named
    "items" first (a meeting's snapshot has one)."""
    return mapping.items() if isinstance(mapping, dict) else ()
