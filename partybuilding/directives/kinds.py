"""The kinds of document (NQ, CT, QĐ, KL…): a dated rule, `directives.kinds`, whose value lists
each kind's code with its name in Vietnamese and in English, in the order reports print them.
A kind added by a later regulation is a new rule version, not code."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import get_language

from partybuilding.core.rules import register_labels, rule_value

KEY = "directives.kinds"


def _name(kind: dict[str, str]) -> str:
    return kind.get("vi" if (get_language() or "vi").startswith("vi") else "en", kind["code"])


def kinds_on(day: dt.date) -> dict[str, str]:
    """The kinds in force on `day`, code → name in the user's language, in the rule's order."""
    return {kind["code"]: _name(kind) for kind in rule_value(KEY, day) or []}


def kind_name(code: str, day: dt.date) -> str:
    """The name of a kind as of `day` (the code itself when the rule no longer lists it)."""
    return kinds_on(day).get(code, code)


# on the rules page: "NQ (Nghị quyết), CT (Chỉ thị)…"
register_labels(KEY, lambda kind: f"{kind['code']} ({_name(kind)})")
