"""The report's numbers in the active language's forms (20.002 and 101,22 % in Vietnamese)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from partybuilding.admissions.report import count_text, percent_text

register = template.Library()


@register.filter
def count(n: int | None) -> str:
    return "—" if n is None else count_text(n)


@register.filter
def percentage(value: Decimal | None) -> str:
    return "—" if value is None else percent_text(value)
