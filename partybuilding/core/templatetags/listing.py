"""A list's sortable column header: `{% sort_header listing "name" _("Full name") "hide-phone" %}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

ARROWS = {"ascending": "▲", "descending": "▼"}


@register.simple_tag
def sort_header(listing: Any, key: str, label: Any, css_class: str = "") -> SafeString:
    """A <th>: a link that sorts by the column (again: the other way), its direction shown
    by an arrow and `aria-sort`; a plain header when the list cannot be sorted by it."""
    if listing is None or not listing.can_sort(key):
        return format_html('<th class="{}">{}</th>', css_class, label) if css_class else format_html("<th>{}</th>", label)
    state = listing.aria_sort(key)
    arrow = ARROWS.get(state, "")
    return format_html(
        '<th class="{}" aria-sort="{}"><a class="sort" href="{}" data-sort="{}">{}<span class="arrow" aria-hidden="true">{}</span></a></th>',
        f"sortable {css_class}".strip(),
        state,
        listing.sort_link(key),
        key,
        label,
        arrow,
    )
