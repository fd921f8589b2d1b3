"""The daily run: every rule in force on the day, for the part of the tree it decides,
writes its notices in bulk (a notice already written is skipped by its unique key), then
the e-mails are planned and queued (delivery.py).

The run commits chunk by chunk rather than in one transaction: a province's notices are
too many for one, and the unique key makes a run interrupted half-way safe to run again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import Q

from partybuilding.core.audit import audit_record
from partybuilding.core.text import search_key

from . import delivery
from .models import Notice, NotificationRule
from .sources import Area, Found, load

CHUNK = 5000


def rules_in_force(day: dt.date) -> list[NotificationRule]:
    """The rules in force on `day`, one per kind and organization (the latest in force)."""
    rows = NotificationRule.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)
    latest: dict[tuple[str, str], NotificationRule] = {}
    for rule in rows.order_by("kind", "org_path", "valid_from", "pk"):
        latest[(rule.kind, rule.org_path)] = rule
    return list(latest.values())


def areas(rules: Iterable[NotificationRule]) -> list[tuple[NotificationRule, Area]]:
    """The rules that are on, each with the part of its subtree it decides: less the
    subtrees of deeper rules of the same kind (which may be off: a cell that switched the
    kind off hears nothing of it)."""
    rules = list(rules)
    decided = []
    for rule in rules:
        if not rule.active:
            continue
        deeper = tuple(
            r.org_path for r in rules if r.kind == rule.kind and r.org_path != rule.org_path and r.org_path.startswith(rule.org_path)
        )
        decided.append((rule, Area(rule.org_path, deeper)))
    return decided


def _notice(rule: NotificationRule, found: Found, day: dt.date) -> Notice:
    person = found.recipient
    return Notice(
        rule=rule,
        kind=rule.kind,
        object_key=found.object_key,
        day=found.day,
        issued_on=day,
        recipient=person.key,
        user_id=person.user_id,
        member_id=person.member_id,
        organization_id=person.organization_id,
        org_path=person.org_path,
        params=found.params,
        link=found.link,
        search=search_key(found.subject)[:300],
    )


def _chunks(rows: Iterator[Notice]) -> Iterator[list[Notice]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


@dataclass
class RunResult:
    day: dt.date
    found: Counter[str] = field(default_factory=Counter)  # notices found per kind (new or not)
    created: int = 0
    queued: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "found": dict(self.found), "created": self.created, "queued": self.queued}


def notifications_run(*, day: dt.date, actor: Any = None) -> RunResult:
    """Write the day's notices of every rule in force and queue their e-mails. Running the
    same day again writes and sends nothing new."""
    sources = load()
    result = RunResult(day)
    before = Notice.objects.filter(issued_on=day).count()
    for rule, area in areas(rules_in_force(day)):
        notices = (_notice(rule, found, day) for found in sources[rule.kind].find(day, rule.days, area))
        for chunk in _chunks(notices):
            with transaction.atomic():
                Notice.objects.bulk_create(chunk, ignore_conflicts=True)
            result.found[rule.kind] += len(chunk)
    result.created = Notice.objects.filter(issued_on=day).count() - before
    planned = delivery.plan(day)
    result.queued = delivery.enqueue(planned)
    with transaction.atomic():
        audit_record(
            actor=actor, action="notifications.run", object_type="notifications.day", object_id=day.isoformat(), after=result.as_dict()
        )
    return result
