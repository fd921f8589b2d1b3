"""`{{ value|masked }}`: a citizen ID or card number with its middle hidden (`personal.masked`)."""

from __future__ import annotations

from django import template

from ..personal import masked as mask

register = template.Library()


@register.filter
def masked(value: str | None) -> str:
    return mask(value)
