from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def join_value(value: Any) -> Any:
    """A rule's value as people read it: lists joined, tables as lines."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        from partybuilding.organizations.choices import OrgKind

        def label(kind: str) -> str:
            return str(OrgKind(kind).label) if kind in OrgKind.values else "—"

        return format_html_join(
            SafeString("<br>"), "{} → {}", ((label(k), ", ".join(label(c) for c in v) or "—") for k, v in value.items())
        )
    return value


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")
