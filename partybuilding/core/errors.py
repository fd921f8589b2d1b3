"""Refusals the user reads: what is wrong, and which rule says so."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _


class Refusal(Exception):
    """A write refused by a rule. `rule` names the rule (and its article) for the user."""

    def __init__(self, message: str, *, rule: str | Promise = "", field: str | None = None) -> None:
        self.message = message
        self.rule = str(rule)  # a lazy rule name is read in the language of the moment
        self.field = field
        super().__init__(self.text)

    @property
    def text(self) -> str:
        return f"{self.message} ({self.rule})" if self.rule else self.message


class ConcurrentEdit(Exception):
    """The record changed since the user loaded it; `current` holds the record as it is now."""

    def __init__(self, current: Any) -> None:
        self.current = current
        super().__init__(
            _("Someone else changed this record while you were editing it. The current values are shown; check them and save again.")
        )
