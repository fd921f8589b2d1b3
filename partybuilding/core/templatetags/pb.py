from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from partybuilding.core import charts

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


@register.filter
def pairs(mapping: Any) -> Any:
    """A dict's (key, value) pairs; `mapping.items` in a template would read a key named
    "items" first (a meeting's snapshot has one)."""
    return mapping.items() if isinstance(mapping, dict) else ()


@register.filter
def count(n: int | None) -> str:
    """A count in the active language's form (20.002 in Vietnamese), "—" when unknown."""
    return "—" if n is None else charts.number(n)


@register.filter
def percentage(value: Decimal | float | None) -> str:
    """A percentage in the active language's form (101,22 % in Vietnamese), "—" when unknown."""
    return "—" if value is None else charts.percent(value)


@register.filter
def absolute(n: int | None) -> int | None:
    """How far from zero (days late shown as a positive number)."""
    return None if n is None else abs(n)
