"""A section's menu link that knows it is the current page: `{% menu_link "meeting_list" label %}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_link(context: Any, route: str, label: Any, *args: Any) -> SafeString:
    """A link to `route` (with `args`), marked `aria-current="page"` on that very page."""
    url = reverse(route, args=args)
    request = context.get("request")
    if request is not None and request.path == url:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)
