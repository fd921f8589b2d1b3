"""Cache invalidation for the rule registry and the calendar; no business rules here."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import calendar, rules
from .models import CalendarDay, RuleSet, RuleValue


@receiver([post_save, post_delete], sender=RuleSet)
@receiver([post_save, post_delete], sender=RuleValue)
def _rules_changed(**_: Any) -> None:
    rules.clear_cache()


@receiver([post_save, post_delete], sender=CalendarDay)
def _calendar_changed(**_: Any) -> None:
    calendar.clear_cache()
